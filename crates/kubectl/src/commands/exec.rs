//! `kubectl exec POD [-c CONTAINER] -- COMMAND [args...]`.
//!
//! Mirrors `kubectl/pkg/cmd/exec/exec.go`: the command follows `--` (the old `exec POD CMD`
//! form is refused), a pod with several containers defaults to the first with `Defaulted
//! container "a" out of: a, b`, and a non-zero exit prints `command terminated with exit code
//! N` and becomes kubectl's exit status. The command runs through the kubelet and the
//! runtime (`Cluster::exec`); its output comes back whole, and `-i`/`-t` do not attach a
//! terminal.

use super::common::{self, flags};
use crate::parse::{flag, FlagKind::*};
use crate::Output;
use podflow_engine::api::Kind;
use podflow_engine::Cluster;

pub(crate) const SPEC: &[crate::parse::Flag] = &[
    flag("container", Some('c'), Str),
    flag("stdin", Some('i'), Bool),
    flag("tty", Some('t'), Bool),
    flag("quiet", Some('q'), Bool),
];

pub fn run(words: &[String], cluster: &mut Cluster) -> Output {
    let args = match flags("exec", words, SPEC) {
        Ok(a) => a,
        Err(o) => return o,
    };
    let Some(target) = args.positional.first() else {
        return common::usage_error("exec", "POD is required for exec");
    };
    if args.positional.len() > 1 {
        return common::usage_error(
            "exec",
            "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead",
        );
    }
    let argv = args.after_dash.clone().unwrap_or_default();
    if argv.is_empty() {
        return Output::error("you must specify at least one command for the container");
    }
    let ns = args.namespace().unwrap_or("default");
    let name = target.strip_prefix("pod/").unwrap_or(target);
    let Some(pod) = cluster
        .store()
        .get_by(Kind::Pod, ns, name)
        .and_then(|o| o.as_pod().cloned())
    else {
        return Output::stderr(format!(
            "Error from server (NotFound): pods \"{name}\" not found\n"
        ));
    };
    let names: Vec<&str> = pod
        .spec
        .containers
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    let mut out = Output::default();
    let container = match args.get("container") {
        Some(c) => c.to_string(),
        None => {
            if names.len() > 1 && !args.bool("quiet", false) {
                out.note(&format!(
                    "Defaulted container \"{}\" out of: {}\n",
                    names[0],
                    names.join(", ")
                ));
            }
            names.first().map(|s| s.to_string()).unwrap_or_default()
        }
    };
    match cluster.exec(ns, name, &container, argv) {
        Ok((code, text)) => {
            out.stdout.push_str(&text);
            // The runtime's own error (`OCI runtime exec failed: ...`) ends its line on a
            // terminal; keep kubectl's note on the next one.
            if code != 0 && !text.is_empty() && !text.ends_with('\n') {
                out.stdout.push('\n');
            }
            if code != 0 {
                out.stderr
                    .push_str(&format!("command terminated with exit code {code}\n"));
                out.exit_code = code;
            }
        }
        Err(e) => {
            out.stderr.push_str(&format!("error: {e}\n"));
            out.exit_code = 1;
        }
    }
    out
}
