//! One file per kubectl verb, as `staging/src/k8s.io/kubectl/pkg/cmd/<verb>/` is laid out.
//! Each exposes `run(args, cluster, fs)`; `dispatch` picks the verb like cobra does.

pub mod annotate;
pub mod api_resources;
pub mod apply;
pub mod apply_merge;
pub mod cluster_info;
pub mod common;
pub mod cordon;
pub mod create;
pub mod create_config;
pub mod delete;
pub mod describe;
pub mod events;
pub mod exec;
pub mod explain;
pub mod expose;
pub mod get;
pub mod label;
pub mod logs;
pub mod patch;
pub mod rollout;
pub mod run;
pub mod scale;
pub mod set;
pub mod taint;
pub mod top;
pub mod validate;
pub mod version;
pub mod wait;
pub mod watch;

use crate::{FileSource, Output};
use podflow_engine::Cluster;

/// Verbs kubectl has and Podflow does not simulate.
const UNSUPPORTED: &[&str] = &[
    "attach",
    "auth",
    "autoscale",
    "certificate",
    "completion",
    "config",
    "cp",
    "debug",
    "diff",
    "edit",
    "kustomize",
    "options",
    "plugin",
    "port-forward",
    "proxy",
    "replace",
    "alpha",
];

const VERBS: &[&str] = &[
    "annotate",
    "api-resources",
    "apply",
    "cluster-info",
    "cordon",
    "create",
    "delete",
    "describe",
    "drain",
    "events",
    "exec",
    "explain",
    "get",
    "help",
    "label",
    "logs",
    "patch",
    "scale",
    "taint",
    "uncordon",
    "version",
    "wait",
];

/// Moves global flags given before the verb (`kubectl -n x get pods`) after it.
fn split_verb(args: &[String]) -> Option<(String, Vec<String>)> {
    let mut before = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if !a.starts_with('-') {
            let mut rest = args[i + 1..].to_vec();
            rest.extend(before);
            return Some((a.clone(), rest));
        }
        before.push(a.clone());
        let takes_value = matches!(
            a.as_str(),
            "-n" | "--namespace" | "--context" | "--kubeconfig" | "-v"
        );
        if takes_value {
            if let Some(v) = args.get(i + 1) {
                before.push(v.clone());
                i += 1;
            }
        }
        i += 1;
    }
    None
}

pub fn dispatch(args: &[String], cluster: &mut Cluster, fs: &dyn FileSource) -> Output {
    let Some((verb, rest)) = split_verb(args) else {
        if args.iter().any(|a| a == "--help" || a == "-h") || args.is_empty() {
            return Output::ok(crate::help::root());
        }
        return Output::ok(crate::help::root());
    };
    if rest.iter().any(|a| a == "--help" || a == "-h") && verb != "help" {
        return crate::help::for_verb(&verb);
    }
    match verb.as_str() {
        "annotate" => annotate::run(&rest, cluster, fs),
        "api-resources" => api_resources::run(&rest),
        "apply" => apply::run(&rest, cluster, fs),
        "cordon" => cordon::run("cordon", &rest, cluster),
        "uncordon" => cordon::run("uncordon", &rest, cluster),
        "drain" => cordon::drain(&rest, cluster),
        "create" => create::run(&rest, cluster, fs),
        "delete" => delete::run(&rest, cluster, fs),
        "describe" => describe::run(&rest, cluster),
        "explain" => explain::run(&rest),
        "get" => get::run(&rest, cluster),
        "help" => match rest.first() {
            Some(v) => crate::help::for_verb(v),
            None => Output::ok(crate::help::root()),
        },
        "label" => label::run(&rest, cluster, fs),
        "scale" => scale::run(&rest, cluster),
        "patch" => patch::run(&rest, cluster, fs),
        "taint" => taint::run(&rest, cluster),
        "top" => top::run(&rest),
        "logs" => logs::run(&rest, cluster),
        "exec" => exec::run(&rest, cluster),
        "events" => events::run(&rest, cluster),
        "rollout" => rollout::run(&rest, cluster),
        "set" => set::run(&rest, cluster),
        "run" => run::run(&rest, cluster),
        "expose" => expose::run(&rest, cluster),
        "version" => version::run(&rest),
        "cluster-info" => cluster_info::run(&rest, cluster),
        "wait" => wait::run(&rest, cluster),
        v if UNSUPPORTED.contains(&v) => {
            Output::error(format!("podflow does not support \"kubectl {v}\" yet"))
        }
        v => unknown_command(v),
    }
}

/// cobra's `unknown command "x" for "kubectl"`, with suggestions at distance ≤ 2.
fn unknown_command(v: &str) -> Output {
    let mut text = format!("Error: unknown command \"{v}\" for \"kubectl\"\n");
    let suggestions: Vec<&str> = VERBS
        .iter()
        .chain(UNSUPPORTED)
        .copied()
        .filter(|c| levenshtein(c, v) <= 2 || c.starts_with(v))
        .collect();
    if !suggestions.is_empty() {
        text.push_str("\nDid you mean this?\n");
        for s in suggestions {
            text.push_str(&format!("\t{s}\n"));
        }
        text.push('\n');
    }
    Output::stderr(text)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}
