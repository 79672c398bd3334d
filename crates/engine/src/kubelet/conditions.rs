//! The pod conditions the kubelet owns, regenerated at each status sync.
//!
//! Mirrors `pkg/kubelet/status/generate.go` (`GeneratePodReadyToStartContainersCondition`,
//! `GeneratePodInitializedCondition`, `GenerateContainersReadyCondition`,
//! `GeneratePodReadyCondition`) and the ordering of `generateAPIPodStatus`:
//! PodReadyToStartContainers, Initialized, Ready, ContainersReady, then PodScheduled, which the
//! kubelet keeps True for a bound pod. A condition keeps its `lastTransitionTime` while its
//! status holds (`pkg/api/v1/pod/util.go` `UpdatePodCondition`). Left out: readiness gates,
//! sidecar containers, the `unknown status` branch (every spec container has a status here).

use crate::api::pod::{ContainerStatus, PodCondition, PodStatus};
use crate::api::pod_status::set_condition;
use crate::clock::SimTime;

/// `(status, reason, message)` of one condition.
type Verdict = (&'static str, &'static str, String);

/// Every kubelet-owned condition for the status `s`, starting from the stored ones in `old`.
pub fn pod_conditions(
    old: &PodStatus,
    s: &PodStatus,
    sandbox_ready: bool,
    now: SimTime,
) -> Vec<PodCondition> {
    let ready = containers_ready(s);
    let wanted: [(&str, Verdict); 5] = [
        ("PodReadyToStartContainers", ready_to_start(sandbox_ready)),
        ("Initialized", initialized(s)),
        ("Ready", ready.clone()),
        ("ContainersReady", ready),
        ("PodScheduled", ("True", "", String::new())),
    ];
    let mut out = old.clone();
    for (type_, (status, reason, message)) in &wanted {
        set_condition(&mut out, type_, status, reason, message, now);
    }
    let order = |t: &str| {
        wanted
            .iter()
            .position(|(w, _)| *w == t)
            .unwrap_or(wanted.len())
    };
    crate::sort::by_key(&mut out.conditions, |c| order(&c.type_));
    out.conditions
}

/// Mirrors `GeneratePodReadyToStartContainersCondition`: the sandbox exists with its network.
fn ready_to_start(sandbox_ready: bool) -> Verdict {
    (
        if sandbox_ready { "True" } else { "False" },
        "",
        String::new(),
    )
}

/// Mirrors `GeneratePodInitializedCondition`.
fn initialized(s: &PodStatus) -> Verdict {
    let incomplete = names(&s.init_container_statuses, |c| {
        c.state.terminated.as_ref().is_none_or(|t| t.exit_code != 0)
    });
    if !incomplete.is_empty() {
        let message = format!("containers with incomplete status: {incomplete}");
        return ("False", "ContainersNotInitialized", message);
    }
    let reason = if s.phase == "Succeeded" {
        "PodCompleted"
    } else {
        ""
    };
    ("True", reason, String::new())
}

/// Mirrors `GenerateContainersReadyCondition` (and `GeneratePodReadyCondition`, the same
/// without readiness gates).
fn containers_ready(s: &PodStatus) -> Verdict {
    match s.phase.as_str() {
        "Succeeded" => return ("False", "PodCompleted", String::new()),
        "Failed" => return ("False", "PodFailed", String::new()),
        _ => {}
    }
    let unready = names(&s.container_statuses, |c| !c.ready);
    if unready.is_empty() {
        return ("True", "", String::new());
    }
    let message = format!("containers with unready status: {unready}");
    ("False", "ContainersNotReady", message)
}

/// Go's `%s` of a string slice: `[a b]`; empty when nothing matches.
fn names(statuses: &[ContainerStatus], pick: impl Fn(&ContainerStatus) -> bool) -> String {
    let picked: Vec<&str> = statuses
        .iter()
        .filter(|c| pick(c))
        .map(|c| c.name.as_str())
        .collect();
    if picked.is_empty() {
        String::new()
    } else {
        format!("[{}]", picked.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(phase: &str, ready: &[(&str, bool)]) -> PodStatus {
        let container_statuses = ready
            .iter()
            .map(|(n, r)| ContainerStatus {
                name: n.to_string(),
                ready: *r,
                ..ContainerStatus::default()
            })
            .collect();
        PodStatus {
            phase: phase.into(),
            container_statuses,
            ..PodStatus::default()
        }
    }

    #[test]
    fn unready_containers_are_listed_go_style() {
        let s = status("Running", &[("a", false), ("b", true), ("c", false)]);
        let conds = pod_conditions(&PodStatus::default(), &s, true, SimTime(0));
        let ready = &conds[2];
        assert_eq!(
            (ready.type_.as_str(), ready.status.as_str()),
            ("Ready", "False")
        );
        assert_eq!(ready.message, "containers with unready status: [a c]");
        assert_eq!(conds[0].status, "True");
    }

    #[test]
    fn transition_times_hold_while_the_status_holds() {
        let s = status("Running", &[("a", true)]);
        let first = PodStatus {
            conditions: pod_conditions(&PodStatus::default(), &s, true, SimTime(1_000)),
            ..PodStatus::default()
        };
        let again = pod_conditions(&first, &s, true, SimTime(9_000));
        assert!(again
            .iter()
            .all(|c| c.last_transition_time.map(|t| t.0) == Some(SimTime(1_000))));
        let done = pod_conditions(
            &first,
            &status("Succeeded", &[("a", false)]),
            false,
            SimTime(9_000),
        );
        assert_eq!(done[2].reason, "PodCompleted");
        assert_eq!(
            done[2].last_transition_time.map(|t| t.0),
            Some(SimTime(9_000))
        );
    }
}
