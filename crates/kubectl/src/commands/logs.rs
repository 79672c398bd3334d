//! `kubectl logs`.
//!
//! Mirrors `kubectl/pkg/cmd/logs/logs.go` and the kubelet's log endpoint errors
//! (`pkg/kubelet/kubelet_pods.go` `validateContainerLogStatus`): `POD` or `TYPE/NAME`,
//! `-c`, `--previous`/`-p`, `--tail`, `--timestamps`; a pod with several containers defaults to
//! the first with `Defaulted container "a" out of: a, b`. The lines come from the node's
//! container runtime (`Runtime::logs`). A real `-f` streams until the container stops or the
//! learner presses Ctrl+C; here it runs the virtual clock for at most 30s (as `get -w` does),
//! printing each new line, and ends early when the container stops.

use super::common::{self, flags};
use crate::parse::{flag, FlagKind::*};
use crate::Output;
use podflow_engine::api::pod::Pod;
use podflow_engine::api::{Kind, Object};
use podflow_engine::Cluster;

pub(crate) const SPEC: &[crate::parse::Flag] = &[
    flag("container", Some('c'), Str),
    flag("previous", Some('p'), Bool),
    flag("tail", None, Int),
    flag("follow", Some('f'), Bool),
    flag("timestamps", None, Bool),
    flag("all-containers", None, Bool),
];

const USAGE: &str = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";

fn bad_request(msg: &str) -> Output {
    Output::stderr(format!("Error from server (BadRequest): {msg}\n"))
}

/// The pod a `logs` target names: a pod, or the first pod of a workload's selector.
fn find_pod(cluster: &Cluster, target: &str, ns: &str, notes: &mut String) -> Result<Pod, Output> {
    let (kind, name) = target.split_once('/').unwrap_or(("pods", target));
    let info = common::resolve(kind)?;
    let obj = common::get(cluster, info, ns, name)
        .ok_or_else(|| Output::stderr(common::not_found(info, name)))?;
    if let Object::Pod(p) = &*obj {
        return Ok(p.clone());
    }
    let v = serde_json::to_value(&*obj).unwrap_or_default();
    let labels = v
        .pointer("/spec/selector/matchLabels")
        .or(v.pointer("/spec/selector"))
        .and_then(|m| serde_json::from_value(m.clone()).ok())
        .unwrap_or_default();
    let sel = podflow_engine::api::labels::Selector::from_map(&labels);
    let pods: Vec<Pod> = common::list(cluster, Kind::Pod, Some(ns), &sel)
        .into_iter()
        .filter_map(|o| o.as_pod().cloned())
        .collect();
    // Mirrors polymorphichelpers GetFirstPod: prefer a running pod.
    let pick = pods
        .iter()
        .find(|p| p.status.phase == "Running")
        .or(pods.first())
        .cloned()
        .ok_or_else(|| Output::error(format!("no pods found for {target}")))?;
    if pods.len() > 1 {
        notes.push_str(&format!(
            "Found {} pods, using pod/{}\n",
            pods.len(),
            pick.metadata.name
        ));
    }
    Ok(pick)
}

pub fn run(words: &[String], cluster: &mut Cluster) -> Output {
    let args = match flags("logs", words, SPEC) {
        Ok(a) => a,
        Err(o) => return o,
    };
    let Some(target) = args.positional.first() else {
        return common::usage_error("logs", USAGE);
    };
    let ns = args.namespace().unwrap_or("default");
    let mut out = Output::default();
    let mut notes = String::new();
    let pod = match find_pod(cluster, target, ns, &mut notes) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let container = match pick_container(&pod, args.get("container"), &mut notes) {
        Ok(c) => c,
        Err(o) => return o,
    };
    out.note(&notes);
    let previous = args.bool("previous", false);
    if let Some(e) = waiting_error(&pod, &container, previous) {
        return e;
    }
    let lines = cluster
        .node_agents()
        .get(pod.spec.node_name.as_str())
        .and_then(|a| a.runtime.logs(&pod.metadata.uid, &container, previous));
    let Some(lines) = lines else {
        if previous {
            return bad_request(&format!(
                "previous terminated container \"{container}\" in pod \"{}\" not found",
                pod.metadata.name
            ));
        }
        return out;
    };
    let tail = args
        .get("tail")
        .and_then(|t| t.parse::<i64>().ok())
        .unwrap_or(-1);
    let skip = if tail >= 0 {
        lines.len().saturating_sub(tail as usize)
    } else {
        0
    };
    let stamps = args.bool("timestamps", false);
    print_lines(&mut out, &lines[skip..], stamps);
    let seen = lines.len();
    if args.bool("follow", false) && !previous {
        follow(cluster, &pod, &container, seen, stamps, &mut out);
    }
    out
}

fn print_lines(out: &mut Output, lines: &[podflow_engine::runtime::shell::LogLine], stamps: bool) {
    for l in lines {
        if stamps {
            out.stdout.push_str(&format!("{} ", l.at.rfc3339()));
        }
        out.stdout.push_str(&l.text);
        out.stdout.push('\n');
    }
}

/// `-f`: new lines of this container instance for up to 30s of virtual time.
fn follow(
    cluster: &mut Cluster,
    pod: &Pod,
    container: &str,
    mut shown: usize,
    stamps: bool,
    out: &mut Output,
) {
    for _ in 0..300 {
        if !running(cluster, pod, container) {
            return;
        }
        cluster.advance(podflow_engine::SimDuration::from_millis(100));
        let agents = cluster.node_agents().get(pod.spec.node_name.as_str());
        let Some(now) = agents.and_then(|a| a.runtime.logs(&pod.metadata.uid, container, false))
        else {
            return;
        };
        // Fewer lines than shown: a new instance started, so this stream ended.
        if now.len() < shown {
            return;
        }
        print_lines(out, &now[shown..], stamps);
        shown = now.len();
    }
}

/// Whether the container is running now, by the pod's status in the store.
fn running(cluster: &Cluster, pod: &Pod, container: &str) -> bool {
    cluster
        .store()
        .get_by(Kind::Pod, &pod.metadata.namespace, &pod.metadata.name)
        .and_then(|o| o.as_pod())
        .and_then(|p| {
            p.status
                .container_statuses
                .iter()
                .find(|c| c.name == container)
        })
        .is_some_and(|c| c.state.running.is_some())
}

/// `-c`, or the first container with kubectl's `Defaulted container` note.
fn pick_container(pod: &Pod, asked: Option<&str>, notes: &mut String) -> Result<String, Output> {
    let names: Vec<&str> = pod
        .spec
        .containers
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    match asked {
        Some(c) if names.contains(&c) => Ok(c.to_string()),
        Some(c) => Err(Output::error(format!(
            "container {c} is not valid for pod {}",
            pod.metadata.name
        ))),
        None => {
            if names.len() > 1 {
                notes.push_str(&format!(
                    "Defaulted container \"{}\" out of: {}\n",
                    names[0],
                    names.join(", ")
                ));
            }
            Ok(names.first().map(|s| s.to_string()).unwrap_or_default())
        }
    }
}

// Mirrors kubelet_pods.go validateContainerLogStatus: a container that never ran has no logs.
fn waiting_error(pod: &Pod, container: &str, previous: bool) -> Option<Output> {
    if previous {
        return None;
    }
    let status = pod
        .status
        .container_statuses
        .iter()
        .find(|s| s.name == container);
    let reason = match status {
        None => "ContainerCreating".to_string(),
        Some(s) => s.state.waiting.as_ref()?.reason.clone(),
    };
    if status.is_some_and(|s| s.last_state.terminated.is_some()) {
        return None;
    }
    Some(bad_request(&format!(
        "container \"{container}\" in pod \"{}\" is waiting to start: {reason}",
        pod.metadata.name
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follow_prints_new_lines_until_the_container_exits() {
        let mut c = Cluster::new(1);
        let run = crate::run_line;
        run(
            &mut c,
            "kubectl run tick --image=busybox --restart=Never -- sh -c 'for i in 1 2 3 4 5; do echo $i; sleep 2; done'",
        );
        c.advance(podflow_engine::SimDuration::from_secs(4));
        let before = c.now();
        let out = run(&mut c, "kubectl logs tick -f");
        assert_eq!(out.stdout, "1\n2\n3\n4\n5\n");
        // It stopped when the container exited, well before 30s.
        let waited = c.now().saturating_sub(before).as_millis();
        assert!(waited < 15_000, "followed for {waited} ms");
    }
}
