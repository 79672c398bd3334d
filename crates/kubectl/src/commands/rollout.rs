//! `kubectl rollout status|history|undo|restart` for deployments.
//!
//! Mirrors `kubectl/pkg/cmd/rollout/` and `kubectl/pkg/polymorphichelpers/`
//! (`DeploymentStatusViewer.Status`, `DeploymentHistoryViewer.ViewHistory`,
//! `DeploymentRollbacker`, `defaultObjectRestarter`). `status` watches by advancing virtual
//! time one second at a time (at most `--timeout`, default 10 minutes), printing each new
//! message as the watch would. Undo copies the previous revision's template back (upstream
//! patches the deployment the same way).

use super::common::{self, flags};
use crate::parse::{flag, FlagKind::*};
use crate::Output;
use podflow_engine::api::registry::KindInfo;
use podflow_engine::api::Object;
use podflow_engine::{Cluster, SimDuration};
use serde_json::Value;
use std::sync::Arc;

pub(crate) const SPEC: &[crate::parse::Flag] = &[
    flag("watch", Some('w'), Bool),
    flag("timeout", None, Str),
    flag("revision", None, Int),
    flag("to-revision", None, Int),
];

const REVISION: &str = "deployment.kubernetes.io/revision";

pub fn run(words: &[String], cluster: &mut Cluster) -> Output {
    let args = match flags("rollout", words, SPEC) {
        Ok(a) => a,
        Err(o) => return o,
    };
    let Some((sub, rest)) = args.positional.split_first() else {
        return crate::help::for_verb("rollout");
    };
    if !matches!(sub.as_str(), "status" | "history" | "undo" | "restart") {
        return Output::stderr(format!(
            "error: unknown command \"{sub}\"
See 'kubectl rollout -h' for help and examples
"
        ));
    }
    if rest.is_empty() {
        return Output::error("required resource not specified");
    }
    let targets = match super::label::resolve_targets(rest, &args, cluster) {
        Ok(t) => t,
        Err(o) => return o,
    };
    let mut out = Output::default();
    for (info, obj) in targets {
        if info.resource != "deployments" {
            out.stderr.push_str(&format!(
                "error: podflow simulates rollouts of deployments only (got {})\n",
                common::group_resource(info)
            ));
            out.exit_code = 1;
            continue;
        }
        let r = match sub.as_str() {
            "status" => status(cluster, &obj, &args),
            "history" => history(cluster, info, &obj),
            "undo" => undo(cluster, info, &obj, &args),
            _ => restart(cluster, info, &obj),
        };
        out.stdout.push_str(&r.stdout);
        out.stderr.push_str(&r.stderr);
        out.exit_code = out.exit_code.max(r.exit_code);
    }
    out
}

fn num(v: &Value, ptr: &str) -> i64 {
    v.pointer(ptr).and_then(Value::as_i64).unwrap_or(0)
}

// Mirrors polymorphichelpers/rollout_status.go DeploymentStatusViewer.Status.
fn status_message(v: &Value) -> Result<(String, bool), String> {
    let name = v
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("");
    if num(v, "/metadata/generation") > num(v, "/status/observedGeneration") {
        return Ok((
            "Waiting for deployment spec update to be observed...\n".into(),
            false,
        ));
    }
    let conds = v
        .pointer("/status/conditions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if conds
        .iter()
        .any(|c| c["type"] == "Progressing" && c["reason"] == "ProgressDeadlineExceeded")
    {
        return Err(format!(
            "deployment \"{name}\" exceeded its progress deadline"
        ));
    }
    let replicas = v
        .pointer("/spec/replicas")
        .and_then(Value::as_i64)
        .unwrap_or(1);
    let (updated, total, available) = (
        num(v, "/status/updatedReplicas"),
        num(v, "/status/replicas"),
        num(v, "/status/availableReplicas"),
    );
    if updated < replicas {
        return Ok((format!("Waiting for deployment \"{name}\" rollout to finish: {updated} out of {replicas} new replicas have been updated...\n"), false));
    }
    if total > updated {
        return Ok((format!("Waiting for deployment \"{name}\" rollout to finish: {} old replicas are pending termination...\n", total - updated), false));
    }
    if available < updated {
        return Ok((format!("Waiting for deployment \"{name}\" rollout to finish: {available} of {updated} updated replicas are available...\n"), false));
    }
    Ok((
        format!("deployment \"{name}\" successfully rolled out\n"),
        true,
    ))
}

fn status(cluster: &mut Cluster, obj: &Arc<Object>, args: &crate::parse::Args) -> Output {
    let key = obj.key();
    let limit = args
        .get("timeout")
        .and_then(SimDuration::parse)
        .filter(|d| d.as_millis() > 0)
        .unwrap_or(SimDuration::from_secs(600));
    let mut out = Output::default();
    let mut last = String::new();
    let mut waited = 0;
    loop {
        let Some(cur) = cluster.store().get(&key).cloned() else {
            return Output::error(format!("deployments.apps \"{}\" not found", key.name));
        };
        let v = serde_json::to_value(&*cur).unwrap_or_default();
        match status_message(&v) {
            Err(e) => {
                out.stderr.push_str(&format!("error: {e}\n"));
                out.exit_code = 1;
                return out;
            }
            Ok((msg, done)) => {
                if msg != last {
                    out.stdout.push_str(&msg);
                    last = msg;
                }
                if done || !args.bool("watch", true) {
                    return out;
                }
            }
        }
        if waited >= limit.as_millis() {
            out.stderr
                .push_str("error: timed out waiting for the condition\n");
            out.exit_code = 1;
            return out;
        }
        cluster.advance(SimDuration::from_secs(1));
        waited += 1000;
    }
}

/// The deployment's replica sets with their revision numbers, oldest first.
fn replica_sets(cluster: &Cluster, obj: &Object) -> Vec<(i64, Value)> {
    let Some(info) = podflow_engine::api::registry::lookup_resource("replicasets") else {
        return vec![];
    };
    let uid = &obj.meta().uid;
    let mut list: Vec<(i64, Value)> = cluster
        .store()
        .list(info.kind, Some(&obj.meta().namespace))
        .filter(|rs| rs.meta().controller_ref().is_some_and(|r| &r.uid == uid))
        .filter_map(|rs| {
            let rev = rs.meta().annotations.get(REVISION)?.parse().ok()?;
            Some((rev, serde_json::to_value(&**rs).unwrap_or_default()))
        })
        .collect();
    podflow_engine::sort::by_key(&mut list, |(r, _)| *r);
    list
}

// Mirrors polymorphichelpers/history.go DeploymentHistoryViewer.ViewHistory.
fn history(cluster: &Cluster, info: &KindInfo, obj: &Object) -> Output {
    let rss = replica_sets(cluster, obj);
    let prefix = format!("{}/{}", common::kind_prefix(info), obj.meta().name);
    if rss.is_empty() {
        return Output::ok(format!("{prefix} \nNo rollout history found.\n"));
    }
    let mut text = String::from("REVISION\tCHANGE-CAUSE\n");
    for (rev, rs) in &rss {
        let cause = rs
            .pointer("/metadata/annotations/kubernetes.io~1change-cause")
            .and_then(Value::as_str)
            .unwrap_or("<none>");
        text.push_str(&format!("{rev}\t{cause}\n"));
    }
    let table = crate::printers::tabwriter::align(&text, 0, 2);
    Output::ok(format!("{prefix} \n{table}\n"))
}

// Mirrors polymorphichelpers/rollback.go DeploymentRollbacker.Rollback.
fn undo(cluster: &mut Cluster, info: &KindInfo, obj: &Object, args: &crate::parse::Args) -> Output {
    let rss = replica_sets(cluster, obj);
    let current: i64 = obj
        .meta()
        .annotations
        .get(REVISION)
        .and_then(|r| r.parse().ok())
        .unwrap_or(0);
    let wanted = args
        .get("to-revision")
        .and_then(|r| r.parse::<i64>().ok())
        .unwrap_or(0);
    let target = if wanted > 0 {
        rss.iter().find(|(r, _)| *r == wanted)
    } else {
        rss.iter().rev().find(|(r, _)| *r != current)
    };
    let Some((_, rs)) = target else {
        return Output::error(if wanted > 0 {
            format!("unable to find specified revision {wanted} in history")
        } else {
            "no rollout history found for deployment \"".to_string() + &obj.meta().name + "\""
        });
    };
    let mut template = rs.pointer("/spec/template").cloned().unwrap_or_default();
    if let Some(labels) = template
        .pointer_mut("/metadata/labels")
        .and_then(Value::as_object_mut)
    {
        labels.remove("pod-template-hash");
    }
    let prefix = format!("{}/{}", common::kind_prefix(info), obj.meta().name);
    match common::update_json(cluster, obj, |v| v["spec"]["template"] = template.clone()) {
        Ok(_) => Output::ok(format!("{prefix} rolled back\n")),
        Err(e) => common::api_error(&e),
    }
}

// Mirrors polymorphichelpers/objectrestarter.go: a restartedAt annotation on the template.
fn restart(cluster: &mut Cluster, info: &KindInfo, obj: &Object) -> Output {
    let now = cluster.now().rfc3339();
    let prefix = format!("{}/{}", common::kind_prefix(info), obj.meta().name);
    let r = common::update_json(cluster, obj, |v| {
        v["spec"]["template"]["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"] =
            Value::String(now.clone());
    });
    match r {
        Ok(_) => Output::ok(format!("{prefix} restarted\n")),
        Err(e) => common::api_error(&e),
    }
}
