//! File operations on a container's root filesystem and the volumes mounted into it.
//!
//! Mirrors the path resolution of the kernel's mount table for bind mounts (the longest mount
//! prefix wins) as `pkg/kubelet/kubelet_pods.go makeMounts` sets them up. Leaves out
//! permissions, symlinks and `subPath`.

use super::{normalize, Filesystem, VolumeId, Volumes, MAX_FILES, MAX_FILE_BYTES};
use crate::runtime::images::Userland;
use std::collections::BTreeSet;

/// Why a file operation failed, worded by the caller per userland.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FsError {
    NotFound,
    IsDir,
    NotDir,
    ReadOnly,
    NotEmpty,
    /// The simulated disk quota (file count or size) is exhausted.
    NoSpace,
}

impl FsError {
    /// `strerror` text.
    pub fn text(self) -> &'static str {
        match self {
            FsError::NotFound => "No such file or directory",
            FsError::IsDir => "Is a directory",
            FsError::NotDir => "Not a directory",
            FsError::ReadOnly => "Read-only file system",
            FsError::NotEmpty => "Directory not empty",
            FsError::NoSpace => "No space left on device",
        }
    }
}

/// Where a path lives: the container's own layer or a volume.
enum Place {
    Own(String),
    Volume {
        id: VolumeId,
        rel: String,
        read_only: bool,
    },
}

/// Read-only access to a container's files, for answering HTTP from a served directory.
#[derive(Clone, Copy)]
pub struct FsRead<'a> {
    pub fs: &'a Filesystem,
    pub volumes: &'a Volumes,
}

impl FsRead<'_> {
    fn place(&self, path: &str) -> Place {
        let path = normalize(path);
        // The longest mount prefix wins, as with nested bind mounts.
        let mount = self
            .fs
            .mounts
            .iter()
            .filter(|m| path == m.path || path.starts_with(&format!("{}/", m.path)))
            .max_by_key(|m| m.path.len());
        match mount {
            Some(m) => Place::Volume {
                id: m.volume.clone(),
                rel: path[m.path.len()..].trim_start_matches('/').to_string(),
                read_only: m.read_only,
            },
            None => Place::Own(path),
        }
    }

    /// The contents of a regular file.
    pub fn read(&self, path: &str) -> Result<String, FsError> {
        if self.is_dir(path) {
            return Err(FsError::IsDir);
        }
        let found = match self.place(path) {
            Place::Own(p) => self.fs.files.get(&p).cloned(),
            Place::Volume { id, rel, .. } => self
                .volumes
                .get(&id)
                .and_then(|v| v.files.get(&rel))
                .cloned(),
        };
        found.ok_or(FsError::NotFound)
    }

    pub fn is_file(&self, path: &str) -> bool {
        match self.place(path) {
            Place::Own(p) => self.fs.files.contains_key(&p),
            Place::Volume { id, rel, .. } => self
                .volumes
                .get(&id)
                .is_some_and(|v| v.files.contains_key(&rel)),
        }
    }

    pub fn is_dir(&self, path: &str) -> bool {
        match self.place(path) {
            Place::Own(p) => self.fs.dirs.contains(&p),
            Place::Volume { id, rel, .. } => {
                rel.is_empty() || self.volumes.get(&id).is_some_and(|v| v.dirs.contains(&rel))
            }
        }
    }
}

/// A container filesystem together with the node's volumes: what commands operate on.
pub struct FsView<'a> {
    pub fs: &'a mut Filesystem,
    pub volumes: &'a mut Volumes,
}

impl<'a> FsView<'a> {
    pub fn new(fs: &'a mut Filesystem, volumes: &'a mut Volumes) -> Self {
        FsView { fs, volumes }
    }

    pub fn userland(&self) -> Userland {
        self.fs.userland
    }

    /// The read-only half of the view.
    pub fn reader(&self) -> FsRead<'_> {
        FsRead {
            fs: self.fs,
            volumes: self.volumes,
        }
    }

    fn place(&self, path: &str) -> Place {
        self.reader().place(path)
    }

    /// The contents of a regular file.
    pub fn read(&self, path: &str) -> Result<String, FsError> {
        self.reader().read(path)
    }

    pub fn is_file(&self, path: &str) -> bool {
        self.reader().is_file(path)
    }

    pub fn is_dir(&self, path: &str) -> bool {
        self.reader().is_dir(path)
    }

    pub fn exists(&self, path: &str) -> bool {
        self.is_file(path) || self.is_dir(path)
    }

    fn parent_is_dir(&self, path: &str) -> bool {
        let p = normalize(path);
        let parent = p
            .rfind('/')
            .map_or("/", |i| if i == 0 { "/" } else { &p[..i] });
        self.is_dir(parent)
    }

    /// Writes (or with `append`, appends to) a regular file, creating it.
    pub fn write(&mut self, path: &str, data: &str, append: bool) -> Result<(), FsError> {
        if self.is_dir(path) {
            return Err(FsError::IsDir);
        }
        let too_many = self.fs.files.len() + self.volumes.file_count();
        if too_many >= MAX_FILES && !self.is_file(path) {
            return Err(FsError::NoSpace);
        }
        if !self.parent_is_dir(path) {
            return Err(FsError::NotFound);
        }
        let slot = match self.place(path) {
            Place::Own(p) => self.fs.files.entry(p).or_default(),
            Place::Volume {
                read_only: true, ..
            } => return Err(FsError::ReadOnly),
            Place::Volume { id, rel, .. } => self.volumes.ensure(&id).files.entry(rel).or_default(),
        };
        if !append {
            slot.clear();
        }
        if slot.len() + data.len() > MAX_FILE_BYTES {
            return Err(FsError::NoSpace);
        }
        slot.push_str(data);
        Ok(())
    }

    /// Creates one directory; the parent must exist.
    pub fn mkdir(&mut self, path: &str) -> Result<(), FsError> {
        if self.is_file(path) {
            return Err(FsError::NotDir);
        }
        if self.fs.dirs.len() >= MAX_FILES {
            return Err(FsError::NoSpace);
        }
        if !self.parent_is_dir(path) {
            return Err(FsError::NotFound);
        }
        match self.place(path) {
            Place::Own(p) => {
                self.fs.dirs.insert(p);
            }
            Place::Volume {
                read_only: true, ..
            } => return Err(FsError::ReadOnly),
            Place::Volume { id, rel, .. } => {
                if !rel.is_empty() {
                    self.volumes.ensure(&id).dirs.insert(rel);
                }
            }
        }
        Ok(())
    }

    /// Removes a file, or a directory with everything below it when `recursive`.
    pub fn remove(&mut self, path: &str, recursive: bool) -> Result<(), FsError> {
        if self.is_dir(path) && !recursive {
            return Err(FsError::IsDir);
        }
        if !self.exists(path) {
            return Err(FsError::NotFound);
        }
        match self.place(path) {
            Place::Own(p) => {
                let prefix = format!("{p}/");
                self.fs
                    .files
                    .retain(|k, _| *k != p && !k.starts_with(&prefix));
                self.fs.dirs.retain(|k| *k != p && !k.starts_with(&prefix));
            }
            Place::Volume {
                read_only: true, ..
            } => return Err(FsError::ReadOnly),
            Place::Volume { id, rel, .. } => {
                let vol = self.volumes.ensure(&id);
                let prefix = if rel.is_empty() {
                    String::new()
                } else {
                    format!("{rel}/")
                };
                vol.files
                    .retain(|k, _| *k != rel && !k.starts_with(&prefix));
                vol.dirs.retain(|k| *k != rel && !k.starts_with(&prefix));
            }
        }
        Ok(())
    }

    /// Names directly inside a directory, sorted (files and directories, mounts included).
    pub fn list(&self, path: &str) -> Result<Vec<String>, FsError> {
        if !self.is_dir(path) {
            return if self.is_file(path) {
                Ok(vec![normalize(path)])
            } else {
                Err(FsError::NotFound)
            };
        }
        let dir = normalize(path);
        let mut names = BTreeSet::new();
        let mut take = |full: &str| {
            let prefix = if dir == "/" {
                "/".to_string()
            } else {
                format!("{dir}/")
            };
            if let Some(rest) = full.strip_prefix(&prefix) {
                if let Some(first) = rest.split('/').next().filter(|s| !s.is_empty()) {
                    names.insert(first.to_string());
                }
            }
        };
        match self.place(&dir) {
            Place::Own(_) => {
                self.fs.files.keys().for_each(|k| take(k));
                self.fs.dirs.iter().for_each(|k| take(k));
                self.fs.mounts.iter().for_each(|m| take(&m.path));
            }
            Place::Volume { id, rel, .. } => {
                if let Some(v) = self.volumes.get(&id) {
                    let root = if rel.is_empty() {
                        dir.clone()
                    } else {
                        dir[..dir.len() - rel.len() - 1].to_string()
                    };
                    for k in v.files.keys().chain(v.dirs.iter()) {
                        take(&format!("{root}/{k}"));
                    }
                }
            }
        }
        Ok(names.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::images::lookup;

    fn busybox() -> Filesystem {
        let (image, _) = lookup("busybox").expect("busybox is in the catalogue");
        Filesystem::new(image, "pod-a", "10.244.1.7")
    }

    #[test]
    fn files_in_own_layer() {
        let mut fs = busybox();
        let mut vols = Volumes::default();
        let mut view = FsView::new(&mut fs, &mut vols);
        assert_eq!(view.read("/etc/hostname").as_deref(), Ok("pod-a\n"));
        assert_eq!(view.write("/tmp/healthy", "", false), Ok(()));
        assert!(view.is_file("/tmp/healthy"));
        assert_eq!(view.write("/nope/x", "", false), Err(FsError::NotFound));
        assert_eq!(view.remove("/tmp/healthy", false), Ok(()));
        assert_eq!(view.read("/tmp/healthy"), Err(FsError::NotFound));
        assert_eq!(view.read("/tmp"), Err(FsError::IsDir));
    }

    #[test]
    fn empty_dir_is_shared_between_containers() {
        let mut vols = Volumes::default();
        vols.ensure("emptydir/uid-1/shared");
        let mut writer = busybox();
        writer.mount("/data", "emptydir/uid-1/shared", false);
        let mut reader = busybox();
        reader.mount("/usr/share/nginx/html/", "emptydir/uid-1/shared", false);
        FsView::new(&mut writer, &mut vols)
            .write("/data/index.html", "hello\n", false)
            .expect("write");
        let view = FsView::new(&mut reader, &mut vols);
        assert_eq!(
            view.read("/usr/share/nginx/html/index.html").as_deref(),
            Ok("hello\n")
        );
        assert_eq!(
            view.list("/usr/share/nginx/html"),
            Ok(vec!["index.html".to_string()])
        );
        // A restarted container gets a fresh root filesystem but the same volume.
        let mut restarted = busybox();
        restarted.mount("/data", "emptydir/uid-1/shared", false);
        assert!(FsView::new(&mut restarted, &mut vols).is_file("/data/index.html"));
    }

    #[test]
    fn read_only_mounts_refuse_writes() {
        let mut vols = Volumes::default();
        vols.write("cm/uid/config", "app.conf", "x=1\n");
        let mut fs = busybox();
        fs.mount("/etc/app", "cm/uid/config", true);
        let mut view = FsView::new(&mut fs, &mut vols);
        assert_eq!(view.read("/etc/app/app.conf").as_deref(), Ok("x=1\n"));
        assert_eq!(
            view.write("/etc/app/app.conf", "y", false),
            Err(FsError::ReadOnly)
        );
    }
}
