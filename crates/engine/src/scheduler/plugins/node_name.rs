//! NodeName: a pod that names its node fits only that node.
//!
//! Mirrors `pkg/scheduler/framework/plugins/nodename/node_name.go`.

use crate::api::Pod;
use crate::scheduler::framework::{CycleState, FilterPlugin, NodeInfo, Status};

pub const NAME: &str = "NodeName";
pub const ERR_REASON: &str = "node(s) didn't match the requested node name";

pub struct NodeName;

/// Mirrors node_name.go Fits.
pub fn fits(pod: &Pod, node: &NodeInfo) -> bool {
    pod.spec.node_name.is_empty() || pod.spec.node_name == node.name
}

impl FilterPlugin for NodeName {
    fn name(&self) -> &'static str {
        NAME
    }

    fn filter(&self, pod: &Pod, _state: &CycleState, node: &NodeInfo) -> Status {
        if fits(pod, node) {
            Status::success()
        } else {
            Status::unresolvable(ERR_REASON)
        }
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
            ("no node name", make_pod("p"), Code::Success),
            ("same node", make_pod("p").node("n1"), Code::Success),
            (
                "other node",
                make_pod("p").node("n2"),
                Code::UnschedulableAndUnresolvable,
            ),
        ];
        for (name, pod, want) in cases {
            let pod = pod.obj();
            let ni = make_node("n1").info(&[]);
            let got = NodeName.filter(&pod, &state_for(&pod, &[&ni]), &ni);
            assert_eq!(got.code, want, "{name}");
        }
    }
}
