//! NodePorts: a pod's `hostPort`s must be free on the node.
//!
//! Mirrors `pkg/scheduler/framework/plugins/nodeports/node_ports.go` and `HostPortInfo`
//! (`pkg/scheduler/framework/types.go`: `CheckConflict`, `sanitize`). Left out: sidecar init
//! containers' ports.

use crate::api::Pod;
use crate::scheduler::framework::{
    CycleState, FilterPlugin, HostPort, NodeInfo, PreFilterResult, Status,
};

pub const NAME: &str = "NodePorts";
pub const ERR_REASON: &str = "node(s) didn't have free ports for the requested pod ports";
const BIND_ALL: &str = "0.0.0.0";

pub struct NodePorts;

/// Mirrors `GetHostPorts` with `HostPortInfo.sanitize`: only ports with a hostPort, empty IP
/// meaning 0.0.0.0 and empty protocol meaning TCP.
pub fn host_ports(pod: &Pod) -> Vec<HostPort> {
    pod.spec
        .containers
        .iter()
        .flat_map(|c| &c.ports)
        .filter_map(|p| {
            let port = p.host_port.filter(|hp| *hp > 0)?;
            Some(HostPort {
                ip: if p.host_ip.is_empty() {
                    BIND_ALL.into()
                } else {
                    p.host_ip.clone()
                },
                protocol: if p.protocol.is_empty() {
                    "TCP".into()
                } else {
                    p.protocol.clone()
                },
                port,
            })
        })
        .collect()
}

/// Mirrors `HostPortInfo.CheckConflict`: 0.0.0.0 conflicts with any IP on the same
/// protocol and port; a specific IP conflicts with itself and 0.0.0.0.
pub fn conflicts(want: &HostPort, node: &NodeInfo) -> bool {
    node.used_ports.keys().any(|used| {
        used.port == want.port
            && used.protocol == want.protocol
            && (want.ip == BIND_ALL || used.ip == BIND_ALL || used.ip == want.ip)
    })
}

impl FilterPlugin for NodePorts {
    fn name(&self) -> &'static str {
        NAME
    }

    fn pre_filter(&self, _pod: &Pod, state: &CycleState) -> PreFilterResult {
        if state.host_ports.is_empty() {
            PreFilterResult::status(Status::skip())
        } else {
            PreFilterResult::all_nodes()
        }
    }

    fn filter(&self, _pod: &Pod, state: &CycleState, node: &NodeInfo) -> Status {
        if state.host_ports.iter().any(|p| conflicts(p, node)) {
            Status::unschedulable(ERR_REASON)
        } else {
            Status::success()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::framework::Code;
    use crate::scheduler::testing::{make_node, make_pod, state_for, PodBuilder};

    #[test]
    fn filter_table() {
        let cases: Vec<(&str, PodBuilder, PodBuilder, Code)> = vec![
            (
                "no host ports",
                make_pod("p"),
                make_pod("o").host_port(80, "TCP", ""),
                Code::Success,
            ),
            (
                "same port and protocol",
                make_pod("p").host_port(80, "", ""),
                make_pod("o").host_port(80, "TCP", ""),
                Code::Unschedulable,
            ),
            (
                "other protocol",
                make_pod("p").host_port(80, "UDP", ""),
                make_pod("o").host_port(80, "TCP", ""),
                Code::Success,
            ),
            (
                "other port",
                make_pod("p").host_port(81, "TCP", ""),
                make_pod("o").host_port(80, "TCP", ""),
                Code::Success,
            ),
            (
                "different specific IPs",
                make_pod("p").host_port(80, "TCP", "10.0.0.1"),
                make_pod("o").host_port(80, "TCP", "10.0.0.2"),
                Code::Success,
            ),
            (
                "specific IP against 0.0.0.0",
                make_pod("p").host_port(80, "TCP", "10.0.0.1"),
                make_pod("o").host_port(80, "TCP", ""),
                Code::Unschedulable,
            ),
            (
                "0.0.0.0 against specific IP",
                make_pod("p").host_port(80, "TCP", ""),
                make_pod("o").host_port(80, "TCP", "10.0.0.2"),
                Code::Unschedulable,
            ),
        ];
        for (name, pod, other, want) in cases {
            let pod = pod.obj();
            let ni = make_node("n").info(&[other.obj()]);
            let state = state_for(&pod, &[&ni]);
            if state.host_ports.is_empty() {
                assert_eq!(
                    NodePorts.pre_filter(&pod, &state).status.code,
                    Code::Skip,
                    "{name}"
                );
                continue;
            }
            let got = NodePorts.filter(&pod, &state, &ni);
            assert_eq!(got.code, want, "{name}");
        }
    }
}
