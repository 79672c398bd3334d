//! Derived views of objects, shared by kubectl's printers and the web UI: a pod's STATUS,
//! READY and RESTARTS columns, a node's STATUS and ROLES, and AGE.
//!
//! Mirrors `pkg/printers/internalversion/printers.go` (`printPod`, `printNode`, `findNodeRoles`,
//! `translateTimestampSince`) and `staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go`
//! (`HumanDuration`). Pure functions of an object and the current time. Left out: readiness
//! gates beyond counting them, and the `row.Conditions` kubectl uses for `--show-all`.

use super::node::Node;
use super::pod::{Container, ContainerStatus, Pod};
use super::Time;
use crate::clock::SimTime;

/// `NodeUnreachablePodReason` (`pkg/util/node`): the reason the node controller sets.
pub const NODE_LOST: &str = "NodeLost";

/// The columns `kubectl get pods` derives from a pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodRow {
    /// `1/1`.
    pub ready: String,
    /// `Running`, `ContainerCreating`, `CrashLoopBackOff`, `Init:0/1`, `Terminating`, ...
    pub status: String,
    /// `0`, or `2 (30s ago)`.
    pub restarts: String,
    pub age: String,
}

/// Mirrors `HumanDuration`: `5s`, `119s`, `2m30s`, `10m`, `3h14m`, `20h`, `5d3h`, `12d`, `2y30d`.
/// Takes milliseconds, may be negative (a timestamp in the future).
pub fn human_duration(ms: i64) -> String {
    let seconds = ms.div_euclid(1000);
    if seconds < -1 {
        return "<invalid>".into();
    }
    if seconds < 0 {
        return "0s".into();
    }
    if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        return if s == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{s}s")
        };
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = minutes / 60;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        return if h == 0 {
            format!("{}d", hours / 24)
        } else {
            format!("{}d{h}h", hours / 24)
        };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        return if dy == 0 {
            format!("{}y", hours / 24 / 365)
        } else {
            format!("{}y{dy}d", hours / 24 / 365)
        };
    }
    format!("{}y", hours / 24 / 365)
}

/// Mirrors `translateTimestampSince`: `<unknown>` for a missing time, else its age.
/// Timestamps are stored at second precision, as `metav1.Time` serialises them.
pub fn age(t: Option<Time>, now: SimTime) -> String {
    match t {
        None => "<unknown>".into(),
        Some(Time(at)) => {
            let stored = at.0 / 1000 * 1000;
            human_duration(now.0 as i64 - stored as i64)
        }
    }
}

fn is_restartable_init(c: Option<&Container>) -> bool {
    c.is_some_and(|c| c.restart_policy.as_deref() == Some("Always"))
}

fn condition_true(pod: &Pod, type_: &str) -> bool {
    pod.status
        .conditions
        .iter()
        .any(|c| c.type_ == type_ && c.status == "True")
}

/// The newest `lastState.terminated.finishedAt` seen so far.
fn note_restart(last: &mut Option<Time>, cs: &ContainerStatus) {
    if let Some(t) = cs
        .last_state
        .terminated
        .as_ref()
        .and_then(|t| t.finished_at)
    {
        if last.is_none_or(|l| l < t) {
            *last = Some(t);
        }
    }
}

/// Running tallies of `printPod`.
#[derive(Default)]
struct Tally {
    restarts: i32,
    last_restart: Option<Time>,
    sidecar_restarts: i32,
    last_sidecar_restart: Option<Time>,
    ready: usize,
}

/// Mirrors `printPod` (init container loop): returns whether the pod is still initializing.
fn init_status(pod: &Pod, reason: &mut String, tally: &mut Tally) -> bool {
    let spec_of = |name: &str| pod.spec.init_containers.iter().find(|c| c.name == name);
    let total = pod.spec.init_containers.len();
    for (i, cs) in pod.status.init_container_statuses.iter().enumerate() {
        tally.restarts += cs.restart_count;
        note_restart(&mut tally.last_restart, cs);
        let sidecar = is_restartable_init(spec_of(&cs.name));
        if sidecar {
            tally.sidecar_restarts += cs.restart_count;
            note_restart(&mut tally.last_sidecar_restart, cs);
        }
        let term = cs.state.terminated.as_ref();
        if term.is_some_and(|t| t.exit_code == 0) {
            continue;
        }
        if sidecar && cs.started == Some(true) {
            if cs.ready {
                tally.ready += 1;
            }
            continue;
        }
        if let Some(t) = term {
            *reason = if !t.reason.is_empty() {
                format!("Init:{}", t.reason)
            } else if let Some(sig) = t.signal.filter(|s| *s != 0) {
                format!("Init:Signal:{sig}")
            } else {
                format!("Init:ExitCode:{}", t.exit_code)
            };
            return true;
        }
        let waiting = cs.state.waiting.as_ref();
        if let Some(w) = waiting.filter(|w| !w.reason.is_empty() && w.reason != "PodInitializing") {
            *reason = format!("Init:{}", w.reason);
            return true;
        }
        *reason = format!("Init:{i}/{total}");
        return true;
    }
    false
}

/// Mirrors `printPod` (regular containers, last to first so the first container wins).
fn containers_status(pod: &Pod, reason: &mut String, tally: &mut Tally) {
    tally.restarts = tally.sidecar_restarts;
    tally.last_restart = tally.last_sidecar_restart;
    let mut has_running = false;
    for cs in pod.status.container_statuses.iter().rev() {
        tally.restarts += cs.restart_count;
        note_restart(&mut tally.last_restart, cs);
        let (w, t) = (cs.state.waiting.as_ref(), cs.state.terminated.as_ref());
        if let Some(w) = w.filter(|w| !w.reason.is_empty()) {
            *reason = w.reason.clone();
        } else if let Some(t) = t {
            *reason = if !t.reason.is_empty() {
                t.reason.clone()
            } else if let Some(sig) = t.signal.filter(|s| *s != 0) {
                format!("Signal:{sig}")
            } else {
                format!("ExitCode:{}", t.exit_code)
            };
        } else if cs.ready && cs.state.running.is_some() {
            has_running = true;
            tally.ready += 1;
        }
    }
    if reason == "Completed" && has_running {
        *reason = if condition_true(pod, "Ready") {
            "Running".into()
        } else {
            "NotReady".into()
        };
    }
}

/// Mirrors `printPod`: the READY, STATUS, RESTARTS and AGE cells.
pub fn pod_row(pod: &Pod, now: SimTime) -> PodRow {
    let phase = pod.status.phase.as_str();
    let mut reason = if pod.status.reason.is_empty() {
        phase.to_string()
    } else {
        pod.status.reason.clone()
    };
    if pod
        .status
        .conditions
        .iter()
        .any(|c| c.type_ == "PodScheduled" && c.reason == "SchedulingGated")
    {
        reason = "SchedulingGated".into();
    }
    let sidecars = pod
        .spec
        .init_containers
        .iter()
        .filter(|c| is_restartable_init(Some(c)))
        .count();
    let total = pod.spec.containers.len() + sidecars;
    let mut tally = Tally::default();
    let initializing = init_status(pod, &mut reason, &mut tally);
    if !initializing || condition_true(pod, "Initialized") {
        containers_status(pod, &mut reason, &mut tally);
    }
    if pod.metadata.deletion_timestamp.is_some() && pod.status.reason == NODE_LOST {
        reason = "Unknown".into();
    } else if pod.metadata.deletion_timestamp.is_some() && phase != "Succeeded" && phase != "Failed"
    {
        reason = "Terminating".into();
    }
    let restarts = match tally.last_restart {
        Some(t) if tally.restarts != 0 => {
            format!("{} ({} ago)", tally.restarts, age(Some(t), now))
        }
        _ => tally.restarts.to_string(),
    };
    PodRow {
        ready: format!("{}/{}", tally.ready, total),
        status: reason,
        restarts,
        age: age(pod.metadata.creation_timestamp, now),
    }
}

/// Mirrors `printNode`: `Ready`, `NotReady`, `Unknown`, with `,SchedulingDisabled` when cordoned.
pub fn node_status(node: &Node) -> String {
    let mut status: Vec<String> = node
        .status
        .conditions
        .iter()
        .filter(|c| c.type_ == "Ready")
        .take(1)
        .map(|c| {
            if c.status == "True" {
                "Ready".to_string()
            } else {
                "NotReady".to_string()
            }
        })
        .collect();
    if status.is_empty() {
        status.push("Unknown".into());
    }
    if node.spec.unschedulable {
        status.push("SchedulingDisabled".into());
    }
    status.join(",")
}

/// Mirrors `findNodeRoles`: `node-role.kubernetes.io/<role>` labels and `kubernetes.io/role`,
/// sorted and joined with commas; `<none>` when there are none.
pub fn node_roles(node: &Node) -> String {
    let mut roles = std::collections::BTreeSet::new();
    for (k, v) in &node.metadata.labels {
        if let Some(role) = k.strip_prefix("node-role.kubernetes.io/") {
            if !role.is_empty() {
                roles.insert(role.to_string());
            }
        } else if k == "kubernetes.io/role" && !v.is_empty() {
            roles.insert(v.clone());
        }
    }
    if roles.is_empty() {
        return "<none>".into();
    }
    roles.into_iter().collect::<Vec<_>>().join(",")
}

/// The first address of a type (`InternalIP`, `ExternalIP`), or `<none>`.
pub fn node_address(node: &Node, type_: &str) -> String {
    node.status
        .addresses
        .iter()
        .find(|a| a.type_ == type_)
        .map_or_else(|| "<none>".to_string(), |a| a.address.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::{
        ContainerState, ContainerStateRunning, ContainerStateTerminated, ContainerStateWaiting,
    };

    #[test]
    fn human_duration_matches_upstream_table() {
        let s = |n: i64| human_duration(n * 1000);
        assert_eq!(s(5), "5s");
        assert_eq!(s(119), "119s");
        assert_eq!(s(150), "2m30s");
        assert_eq!(s(120), "2m");
        assert_eq!(s(600), "10m");
        assert_eq!(s(179 * 60), "179m");
        assert_eq!(s(3 * 3600 + 14 * 60), "3h14m");
        assert_eq!(s(20 * 3600), "20h");
        assert_eq!(s(5 * 86400), "5d");
        assert_eq!(s(3 * 86400 + 4 * 3600), "3d4h");
        assert_eq!(s(400 * 86400), "400d");
        assert_eq!(human_duration(-500), "0s");
        assert_eq!(human_duration(-5000), "<invalid>");
    }

    fn status(name: &str, state: ContainerState, ready: bool) -> ContainerStatus {
        ContainerStatus {
            name: name.into(),
            state,
            ready,
            ..ContainerStatus::default()
        }
    }

    fn waiting(reason: &str) -> ContainerState {
        ContainerState {
            waiting: Some(ContainerStateWaiting {
                reason: reason.into(),
                message: String::new(),
            }),
            ..ContainerState::default()
        }
    }

    fn pod_with(statuses: Vec<ContainerStatus>) -> Pod {
        let mut p = Pod::default();
        p.status.phase = "Pending".into();
        p.spec.containers = statuses
            .iter()
            .map(|s| Container {
                name: s.name.clone(),
                ..Container::default()
            })
            .collect();
        p.status.container_statuses = statuses;
        p
    }

    #[test]
    fn pod_status_follows_print_pod() {
        let p = pod_with(vec![status("a", waiting("ContainerCreating"), false)]);
        let row = pod_row(&p, SimTime::ZERO);
        assert_eq!(
            (row.ready.as_str(), row.status.as_str()),
            ("0/1", "ContainerCreating")
        );
        let running = ContainerState {
            running: Some(ContainerStateRunning::default()),
            ..ContainerState::default()
        };
        let mut p = pod_with(vec![status("a", running, true)]);
        p.status.phase = "Running".into();
        assert_eq!(pod_row(&p, SimTime::ZERO).ready, "1/1");
        assert_eq!(pod_row(&p, SimTime::ZERO).status, "Running");
        p.metadata.deletion_timestamp = Some(Time(SimTime(1000)));
        assert_eq!(pod_row(&p, SimTime::ZERO).status, "Terminating");
    }

    #[test]
    fn crash_loop_with_restart_age() {
        let mut cs = status("a", waiting("CrashLoopBackOff"), false);
        cs.restart_count = 2;
        cs.last_state.terminated = Some(ContainerStateTerminated {
            exit_code: 1,
            finished_at: Some(Time(SimTime(10_000))),
            ..ContainerStateTerminated::default()
        });
        let mut p = pod_with(vec![cs]);
        p.status.phase = "Running".into();
        let row = pod_row(&p, SimTime(40_000));
        assert_eq!(row.status, "CrashLoopBackOff");
        assert_eq!(row.restarts, "2 (30s ago)");
    }

    #[test]
    fn init_containers_show_progress() {
        let mut p = pod_with(vec![status("app", waiting("PodInitializing"), false)]);
        p.spec.init_containers = vec![Container {
            name: "init".into(),
            ..Container::default()
        }];
        p.status.init_container_statuses = vec![status("init", ContainerState::default(), false)];
        assert_eq!(pod_row(&p, SimTime::ZERO).status, "Init:0/1");
        p.status.init_container_statuses[0].state = waiting("CrashLoopBackOff");
        assert_eq!(pod_row(&p, SimTime::ZERO).status, "Init:CrashLoopBackOff");
    }

    #[test]
    fn node_status_and_roles() {
        let mut n = crate::topology::default_nodes().remove(0);
        assert_eq!(node_status(&n), "Ready");
        assert_eq!(node_roles(&n), "control-plane");
        n.spec.unschedulable = true;
        assert_eq!(node_status(&n), "Ready,SchedulingDisabled");
        n.status.conditions.clear();
        assert_eq!(node_status(&n), "Unknown,SchedulingDisabled");
    }
}
