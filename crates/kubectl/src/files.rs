//! Where `-f FILE` and `-f -` read from: real files next to a script (native), an in-memory
//! map (browser). Mirrors what `cli-runtime/pkg/resource` visitors read, minus URLs and
//! directories.

use std::collections::BTreeMap;

pub trait FileSource {
    /// The file's text, or the error text kubectl prints after `error: `.
    fn read(&self, path: &str) -> Result<String, String>;

    /// Standard input for `-f -`, if the caller provides one.
    fn stdin(&self) -> Option<String> {
        None
    }

    /// The manifests of a folder given to `-f DIR` (`.json`, `.yaml`, `.yml`, sorted), or
    /// `None` when `path` is not a folder.
    fn list(&self, _path: &str) -> Option<Vec<String>> {
        None
    }
}

fn is_manifest(name: &str) -> bool {
    [".json", ".yaml", ".yml"].iter().any(|e| name.ends_with(e))
}

/// No files at all: every `-f` fails as a missing path does.
pub struct NoFiles;

impl FileSource for NoFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        Err(not_found(path))
    }
}

/// An in-memory folder (the browser's editor tabs), with optional standard input.
#[derive(Clone, Debug, Default)]
pub struct MapFiles {
    pub files: BTreeMap<String, String>,
    pub stdin: Option<String>,
}

impl FileSource for MapFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        let key = path.strip_prefix("./").unwrap_or(path);
        self.files.get(key).cloned().ok_or_else(|| not_found(path))
    }

    fn stdin(&self) -> Option<String> {
        self.stdin.clone()
    }

    fn list(&self, path: &str) -> Option<Vec<String>> {
        let dir = format!("{}/", path.trim_start_matches("./").trim_end_matches('/'));
        let files: Vec<String> = self
            .files
            .keys()
            .filter(|k| k.starts_with(&dir) && !k[dir.len()..].contains('/'))
            .filter(|k| is_manifest(k))
            .cloned()
            .collect();
        (!files.is_empty()).then_some(files)
    }
}

/// Real files relative to a folder (the native binary: the script's folder).
#[derive(Clone, Debug)]
pub struct DirFiles {
    pub base: std::path::PathBuf,
}

impl FileSource for DirFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        std::fs::read_to_string(self.base.join(path)).map_err(|_| not_found(path))
    }

    fn list(&self, path: &str) -> Option<Vec<String>> {
        let entries = std::fs::read_dir(self.base.join(path)).ok()?;
        let mut files: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| e.path().is_file())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| is_manifest(n))
            .map(|n| format!("{}/{n}", path.trim_end_matches('/')))
            .collect();
        podflow_engine::sort::ord(&mut files);
        Some(files)
    }
}

/// `the path "x.yaml" does not exist`, as `resource.FileVisitor` reports a missing file.
pub fn not_found(path: &str) -> String {
    format!("the path \"{path}\" does not exist")
}
