//! kubectl's language over the Podflow engine.
//!
//! Mirrors `staging/src/k8s.io/kubectl/pkg/cmd`: one verb per file under `commands/`, each
//! with an options struct that is completed, validated and run; printers under `printers/`.
//! `run` never prints: it returns what kubectl would have written to stdout and stderr, and
//! its exit code, so the browser terminal and the native `podflow` binary share it.
//! Differences from kubectl are listed in each command's `//!` header.

pub mod commands;
pub mod complete;
pub mod files;
pub mod help;
pub mod manifest;
pub mod parse;
pub mod pipes;
pub mod podflow;
pub mod printers;
pub mod script;
pub mod session;

pub use files::{DirFiles, FileSource, MapFiles, NoFiles};

use podflow_engine::Cluster;

/// What one command line wrote, as a terminal shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    /// Notes kubectl writes to stderr while it works out what to show (`Found 2 pods, using
    /// pod/web-1`, `Defaulted container "app" out of: app, sidecar`), so a terminal shows them
    /// above the output. Never piped.
    pub notice: String,
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

impl Output {
    pub fn ok(stdout: impl Into<String>) -> Self {
        Output {
            stdout: stdout.into(),
            ..Output::default()
        }
    }

    /// `error: <message>` on stderr, exit code 1, as `cmdutil.CheckErr` prints client errors.
    pub fn error(message: impl AsRef<str>) -> Self {
        Output {
            stderr: format!("error: {}\n", message.as_ref()),
            exit_code: 1,
            ..Output::default()
        }
    }

    /// Text already formatted for stderr (ends with a newline), exit code 1.
    pub fn stderr(text: impl Into<String>) -> Self {
        Output {
            stderr: text.into(),
            exit_code: 1,
            ..Output::default()
        }
    }

    /// Both streams as a terminal interleaves them here: notes, stdout, then stderr.
    pub fn combined(&self) -> String {
        format!("{}{}{}", self.notice, self.stdout, self.stderr)
    }
}

/// Runs one command line (`kubectl get pods -o wide | grep web`) against the cluster.
pub fn run(line: &str, cluster: &mut Cluster, fs: &dyn FileSource) -> Output {
    let segments = match pipes::split(line) {
        Ok(s) => s,
        Err(e) => return Output::error(e),
    };
    let Some((first, rest)) = segments.split_first() else {
        return Output::default();
    };
    let mut out = run_kubectl(first, cluster, fs);
    for seg in rest {
        match pipes::apply(seg, &out.stdout) {
            Ok((text, code)) => {
                out.stdout = text;
                out.exit_code = code;
            }
            Err(e) => {
                out.stdout.clear();
                out.stderr.push_str(&e);
                out.exit_code = 2;
            }
        }
    }
    out
}

/// Runs a single `kubectl ...` (or `podflow ...`, see [`podflow`]) command, without pipes.
pub fn run_kubectl(line: &str, cluster: &mut Cluster, fs: &dyn FileSource) -> Output {
    let words = match parse::tokenize(line) {
        Ok(w) => w,
        Err(e) => return Output::error(e),
    };
    match words.split_first() {
        None => Output::default(),
        Some((prog, args)) if prog == "kubectl" => commands::dispatch(args, cluster, fs),
        Some((prog, args)) if prog == "podflow" => podflow::dispatch(args, cluster),
        Some((prog, _)) => Output {
            stderr: format!("bash: {prog}: command not found\n"),
            exit_code: 127,
            ..Output::default()
        },
    }
}
