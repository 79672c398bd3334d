//! `kubectl cordon`, `uncordon` and `drain`.
//!
//! Mirrors `kubectl/pkg/cmd/drain/drain.go` and `kubectl/pkg/drain/filters.go`: cordon sets
//! `spec.unschedulable` (`node/x cordoned`, `node/x already cordoned`); drain cordons, refuses
//! DaemonSet pods without `--ignore-daemonsets`, unmanaged pods without `--force` and pods
//! with emptyDir volumes without `--delete-emptydir-data` (each reported on its own), then
//! deletes the rest (upstream uses the Eviction API) and waits for them to go.

use super::common::{self, flags};
use crate::parse::{flag, FlagKind::*};
use crate::Output;
use podflow_engine::api::{Kind, Object, Pod};
use podflow_engine::network::Verb;
use podflow_engine::Cluster;

pub(crate) const SPEC: &[crate::parse::Flag] = &[
    flag("selector", Some('l'), Str),
    flag("dry-run", None, Str),
    flag("ignore-daemonsets", None, Bool),
    flag("force", None, Bool),
    flag("delete-emptydir-data", None, Bool),
    flag("grace-period", None, Int),
    flag("timeout", None, Str),
];

fn set_unschedulable(cluster: &mut Cluster, node: &str, value: bool) -> Result<bool, Output> {
    let Some(obj) = cluster.store().get_by(Kind::Node, "", node).cloned() else {
        return Err(Output::stderr(format!(
            "Error from server (NotFound): nodes \"{node}\" not found\n"
        )));
    };
    let Object::Node(n) = &*obj else {
        return Ok(false);
    };
    if n.spec.unschedulable == value {
        return Ok(false);
    }
    common::update_json(cluster, &obj, |v| v["spec"]["unschedulable"] = value.into())
        .map_err(|e| common::api_error(&e))?;
    Ok(true)
}

pub fn run(verb: &str, words: &[String], cluster: &mut Cluster) -> Output {
    let args = match flags(verb, words, SPEC) {
        Ok(a) => a,
        Err(o) => return o,
    };
    if args.positional.is_empty() {
        return common::usage_error(verb, "USAGE: cordon NODE [flags]");
    }
    let mut out = Output::default();
    for node in &args.positional {
        match set_unschedulable(cluster, node, verb == "cordon") {
            Ok(true) => out.stdout.push_str(&format!("node/{node} {verb}ed\n")),
            Ok(false) => out
                .stdout
                .push_str(&format!("node/{node} already {verb}ed\n")),
            Err(o) => {
                out.stderr.push_str(&o.stderr);
                out.exit_code = 1;
            }
        }
    }
    out
}

pub fn drain(words: &[String], cluster: &mut Cluster) -> Output {
    let args = match flags("drain", words, SPEC) {
        Ok(a) => a,
        Err(o) => return o,
    };
    let Some(node) = args.positional.first().cloned() else {
        return common::usage_error("drain", "USAGE: drain NODE [flags]");
    };
    let mut out = Output::default();
    match set_unschedulable(cluster, &node, true) {
        Ok(true) => out.stdout.push_str(&format!("node/{node} cordoned\n")),
        Ok(false) => out
            .stdout
            .push_str(&format!("node/{node} already cordoned\n")),
        Err(o) => return o,
    }
    let pods: Vec<_> = cluster
        .store()
        .list(Kind::Pod, None)
        .filter_map(|o| o.as_pod().cloned())
        .filter(|p| p.spec.node_name == node && p.metadata.deletion_timestamp.is_none())
        .collect();
    let name = |p: &Pod| format!("{}/{}", p.metadata.namespace, p.metadata.name);
    let owner = |p: &Pod| p.metadata.controller_ref().map(|r| r.kind.clone());
    let ds: Vec<String> = pods
        .iter()
        .filter(|p| owner(p).as_deref() == Some("DaemonSet"))
        .map(name)
        .collect();
    let bare: Vec<String> = pods
        .iter()
        .filter(|p| owner(p).is_none())
        .map(name)
        .collect();
    let local: Vec<String> = pods
        .iter()
        .filter(|p| owner(p).as_deref() != Some("DaemonSet"))
        .filter(|p| p.spec.volumes.iter().any(|v| v.empty_dir.is_some()))
        .filter(|p| !matches!(p.status.phase.as_str(), "Succeeded" | "Failed"))
        .map(name)
        .collect();
    if !local.is_empty() && !args.bool("delete-emptydir-data", false) {
        out.stderr.push_str(&format!(
            "error: unable to drain node \"{node}\" due to error: cannot delete Pods with local storage (use --delete-emptydir-data to override): {0}, continuing command...\nThere are pending nodes to be drained:\n {node}\ncannot delete Pods with local storage (use --delete-emptydir-data to override): {0}\n",
            local.join(", ")
        ));
        out.exit_code = 1;
        return out;
    }
    if let Some(text) = refusal(&node, &ds, &bare, &args) {
        out.stderr.push_str(&text);
        out.exit_code = 1;
        return out;
    }
    if !ds.is_empty() {
        out.note(&format!(
            "Warning: ignoring DaemonSet-managed Pods: {}\n",
            ds.join(", ")
        ));
    }
    if !bare.is_empty() {
        out.note(&format!(
            "Warning: deleting Pods that declare no controller: {}\n",
            bare.join(", ")
        ));
    }
    let evict: Vec<&Pod> = pods
        .iter()
        .filter(|p| owner(p).as_deref() != Some("DaemonSet"))
        .collect();
    out.stdout.push_str(&evict_all(cluster, &evict));
    out.stdout.push_str(&format!("node/{node} drained\n"));
    out
}

/// Deletes the pods (upstream evicts them) and waits for them to go.
fn evict_all(cluster: &mut Cluster, pods: &[&Pod]) -> String {
    let mut text = String::new();
    let mut pending = Vec::new();
    for p in pods {
        let (ns, name) = (&p.metadata.namespace, &p.metadata.name);
        text.push_str(&format!("evicting pod {ns}/{name}\n"));
        let key = Object::Pod((*p).clone()).key();
        let verb = Verb::Delete {
            key: key.clone(),
            grace_period_seconds: None,
        };
        if cluster.request(verb).is_ok() {
            let grace = p.spec.termination_grace_period_seconds.unwrap_or(30);
            pending.push((key, p.metadata.uid.clone(), grace + 60));
        }
    }
    super::delete::wait_gone(cluster, &pending);
    for p in pods {
        text.push_str(&format!("pod/{} evicted\n", p.metadata.name));
    }
    text
}

/// Mirrors kubectl/pkg/drain filters: DaemonSet pods need `--ignore-daemonsets`, pods without
/// a controller need `--force`; the error as `drain.go` prints it.
fn refusal(
    node: &str,
    ds: &[String],
    bare: &[String],
    args: &crate::parse::Args,
) -> Option<String> {
    let mut problems = Vec::new();
    if !ds.is_empty() && !args.bool("ignore-daemonsets", false) {
        problems.push(format!(
            "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): {}",
            ds.join(", ")
        ));
    }
    if !bare.is_empty() && !args.bool("force", false) {
        problems.push(format!(
            "cannot delete Pods that declare no controller (use --force to override): {}",
            bare.join(", ")
        ));
    }
    if problems.is_empty() {
        return None;
    }
    let mut text = format!(
        "error: unable to drain node \"{node}\" due to error: {}, continuing command...\nThere are pending nodes to be drained:\n {node}\n",
        problems.join(", ")
    );
    for p in problems {
        text.push_str(&format!("{p}\n"));
    }
    Some(text)
}
