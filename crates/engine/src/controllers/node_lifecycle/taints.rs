//! The taints the node lifecycle controller manages, computed from a node's conditions.
//!
//! Mirrors `doNoScheduleTaintingPass` (`nodeConditionToTaintKeyStatusMap`, the
//! `unschedulable` taint) and the taint half of `processTaintBaseEviction` of
//! `pkg/controller/nodelifecycle/node_lifecycle_controller.go`, and `SwapNodeControllerTaint`
//! (new taints get `timeAdded`). Left out: nothing beyond the parent's omissions.

use crate::api::node::{
    Node, Taint, TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE, TAINT_NODE_UNSCHEDULABLE,
    TAINT_NO_EXECUTE, TAINT_NO_SCHEDULE,
};
use crate::api::Time;
use crate::clock::SimTime;

/// Taints equal by key and effect (`timeAdded` does not count, as `Taint.MatchTaint`).
pub(super) fn same_taints(a: &[Taint], b: &[Taint]) -> bool {
    a.len() == b.len()
        && a.iter()
            .all(|t| b.iter().any(|u| u.key == t.key && u.effect == t.effect))
}

/// `nodeConditionToTaintKeyStatusMap`: the NoSchedule taint a condition status calls for.
fn condition_taint(type_: &str, status: &str) -> Option<&'static str> {
    Some(match (type_, status) {
        ("Ready", "False") => TAINT_NODE_NOT_READY,
        ("Ready", "Unknown") => TAINT_NODE_UNREACHABLE,
        ("MemoryPressure", "True") => "node.kubernetes.io/memory-pressure",
        ("DiskPressure", "True") => "node.kubernetes.io/disk-pressure",
        ("PIDPressure", "True") => "node.kubernetes.io/pid-pressure",
        ("NetworkUnavailable", "True") => "node.kubernetes.io/network-unavailable",
        _ => return None,
    })
}

fn is_controller_no_schedule(t: &Taint) -> bool {
    t.effect == TAINT_NO_SCHEDULE
        && (t.key == TAINT_NODE_UNSCHEDULABLE
            || t.key.starts_with("node.kubernetes.io/")
                && [
                    "Ready",
                    "MemoryPressure",
                    "DiskPressure",
                    "PIDPressure",
                    "NetworkUnavailable",
                ]
                .iter()
                .flat_map(|c| ["True", "False", "Unknown"].map(|s| condition_taint(c, s)))
                .any(|k| k == Some(t.key.as_str())))
}

fn is_controller_no_execute(t: &Taint) -> bool {
    t.effect == TAINT_NO_EXECUTE
        && (t.key == TAINT_NODE_NOT_READY || t.key == TAINT_NODE_UNREACHABLE)
}

/// Mirrors `doNoScheduleTaintingPass` and, when `ready` is given, `processTaintBaseEviction`:
/// the node's taints with the controller's own ones recomputed. Taints the controller does
/// not manage are kept, in place; kept ones keep their `timeAdded`.
pub(super) fn desired_taints(node: &Node, ready: Option<&str>, now: SimTime) -> Vec<Taint> {
    let mut wanted: Vec<(&str, &str)> = node
        .status
        .conditions
        .iter()
        .filter_map(|c| condition_taint(&c.type_, &c.status))
        .map(|k| (k, TAINT_NO_SCHEDULE))
        .collect();
    if node.spec.unschedulable {
        wanted.push((TAINT_NODE_UNSCHEDULABLE, TAINT_NO_SCHEDULE));
    }
    match ready {
        Some("False") => wanted.push((TAINT_NODE_NOT_READY, TAINT_NO_EXECUTE)),
        Some("Unknown") => wanted.push((TAINT_NODE_UNREACHABLE, TAINT_NO_EXECUTE)),
        Some(_) => {}
        // Outside a monitor pass the NoExecute taints stay as they are.
        None => wanted.extend(
            node.spec
                .taints
                .iter()
                .filter(|t| is_controller_no_execute(t))
                .map(|t| (t.key.as_str(), t.effect.as_str())),
        ),
    }
    let mut out: Vec<Taint> = node
        .spec
        .taints
        .iter()
        .filter(|t| {
            let managed = is_controller_no_schedule(t) || is_controller_no_execute(t);
            !managed || wanted.contains(&(t.key.as_str(), t.effect.as_str()))
        })
        .cloned()
        .collect();
    for (key, effect) in wanted {
        if !out.iter().any(|t| t.key == key && t.effect == effect) {
            out.push(Taint {
                key: key.into(),
                value: String::new(),
                effect: effect.into(),
                time_added: Some(Time(now)),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node_with(ready: &str) -> Node {
        let mut n = crate::topology::node("n", 1, "4", "8Gi", "8Gi");
        n.status.conditions.iter_mut().for_each(|c| {
            if c.type_ == "Ready" {
                c.status = ready.into();
            }
        });
        n
    }

    #[test]
    fn unknown_ready_means_unreachable_taints() {
        let n = node_with("Unknown");
        let t = desired_taints(&n, Some("Unknown"), SimTime(5000));
        let keys: Vec<String> = t.iter().map(|t| t.to_string()).collect();
        assert_eq!(
            keys,
            vec![
                "node.kubernetes.io/unreachable:NoSchedule",
                "node.kubernetes.io/unreachable:NoExecute"
            ]
        );
        assert_eq!(t[1].time_added, Some(Time(SimTime(5000))));
    }

    #[test]
    fn ready_again_clears_only_controller_taints() {
        let mut n = node_with("True");
        let mine = desired_taints(&node_with("False"), Some("False"), SimTime(0));
        n.spec.taints = mine;
        n.spec.taints.push(Taint {
            key: "dedicated".into(),
            value: "gpu".into(),
            effect: TAINT_NO_SCHEDULE.into(),
            time_added: None,
        });
        n.spec.unschedulable = true;
        let t = desired_taints(&n, Some("True"), SimTime(0));
        let keys: Vec<String> = t.iter().map(|t| t.to_string()).collect();
        assert_eq!(
            keys,
            vec![
                "dedicated=gpu:NoSchedule",
                "node.kubernetes.io/unschedulable:NoSchedule"
            ]
        );
    }
}
