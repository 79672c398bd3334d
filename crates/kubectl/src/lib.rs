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
mod output;
pub mod parse;
pub mod pipes;
pub mod podflow;
pub mod printers;
pub mod script;
pub mod session;

pub use files::{DirFiles, FileSource, MapFiles, NoFiles};
pub use output::{Output, Stream};

use podflow_engine::Cluster;

/// A command line with no files, for unit tests.
#[cfg(test)]
pub(crate) fn run_line(cluster: &mut Cluster, line: &str) -> Output {
    run(line, cluster, &NoFiles)
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
                out.replace_stdout(text);
                out.exit_code = code;
            }
            Err(e) => {
                out.replace_stdout(String::new());
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
