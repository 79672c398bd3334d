//! NodeUnschedulable: a cordoned node takes no new pods unless they tolerate the
//! `node.kubernetes.io/unschedulable:NoSchedule` taint.
//!
//! Mirrors `pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go`.
//! Left out: queueing hints (the queue retries on any node change).

use super::taint_toleration::tolerations_tolerate_taint;
use crate::api::node::{Taint, TAINT_NODE_UNSCHEDULABLE, TAINT_NO_SCHEDULE};
use crate::api::Pod;
use crate::scheduler::framework::{CycleState, FilterPlugin, NodeInfo, Status};

pub const NAME: &str = "NodeUnschedulable";
pub const ERR_REASON_UNSCHEDULABLE: &str = "node(s) were unschedulable";

pub struct NodeUnschedulable;

impl FilterPlugin for NodeUnschedulable {
    fn name(&self) -> &'static str {
        NAME
    }

    // Mirrors node_unschedulable.go Filter.
    fn filter(&self, pod: &Pod, _state: &CycleState, node: &NodeInfo) -> Status {
        let Some(n) = node.node() else {
            return Status::unresolvable("node not found");
        };
        if !n.spec.unschedulable {
            return Status::success();
        }
        let taint = Taint {
            key: TAINT_NODE_UNSCHEDULABLE.into(),
            effect: TAINT_NO_SCHEDULE.into(),
            ..Taint::default()
        };
        if tolerations_tolerate_taint(&pod.spec.tolerations, &taint) {
            return Status::success();
        }
        Status::unresolvable(ERR_REASON_UNSCHEDULABLE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::framework::Code;
    use crate::scheduler::testing::{make_node, make_pod, state_for};

    #[test]
    fn filter_table() {
        let cases = [
            (
                "schedulable node",
                make_pod("p"),
                make_node("n"),
                Code::Success,
            ),
            (
                "cordoned node",
                make_pod("p"),
                make_node("n").unschedulable(),
                Code::UnschedulableAndUnresolvable,
            ),
            (
                "cordoned node, pod tolerates the unschedulable taint",
                make_pod("p").toleration(TAINT_NODE_UNSCHEDULABLE, "Exists", "", "NoSchedule"),
                make_node("n").unschedulable(),
                Code::Success,
            ),
        ];
        for (name, pod, node, want) in cases {
            let pod = pod.obj();
            let ni = node.info(&[]);
            let got = NodeUnschedulable.filter(&pod, &state_for(&pod, &[&ni]), &ni);
            assert_eq!(got.code, want, "{name}");
            if want != Code::Success {
                assert_eq!(got.reasons, vec![ERR_REASON_UNSCHEDULABLE], "{name}");
            }
        }
    }
}
