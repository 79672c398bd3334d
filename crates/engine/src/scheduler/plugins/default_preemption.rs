//! DefaultPreemption (PostFilter): would evicting lower-priority pods make room? Here it only
//! produces the `preemption: ...` part of the FailedScheduling message.
//!
//! Mirrors `pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go`
//! (`PodEligibleToPreemptOthers`, `SelectVictimsOnNode`) and
//! `pkg/scheduler/framework/preemption/preemption.go` (`Preempt`, `findCandidates`): nodes that
//! failed UnschedulableAndUnresolvable are "not helpful"; the others are dry-run.
//! Simplified: when removing lower-priority pods would make the pod fit, upstream evicts them
//! and nominates the node; Podflow does not evict (there are no PriorityClasses to give pods
//! different priorities), so that case yields no PostFilter message and the pod waits.
//! Also left out: PodDisruptionBudgets and the nominated-node checks.

use crate::api::Pod;
use crate::scheduler::diagnosis::FitError;
use crate::scheduler::framework::{Code, CycleState, NodeInfo, Status};
use std::collections::BTreeMap;

pub const NAME: &str = "DefaultPreemption";
pub const NOT_HELPFUL: &str = "Preemption is not helpful for scheduling";
pub const NO_VICTIMS: &str = "No preemption victims found for incoming pod";
pub const NOT_ELIGIBLE_NEVER: &str = "not eligible due to preemptionPolicy=Never.";

/// The DynamicResources plugin's PostFilter reason for a pod without ResourceClaims; it runs
/// before DefaultPreemption in v1.34–v1.36 (`dynamicresources.go` PostFilter).
pub const DRA_NO_CLAIMS: &str = "no new claims to deallocate";

/// What preemption concluded for the message, or None when it would have found victims.
pub fn preempt_message(
    pod: &Pod,
    state: &CycleState,
    all_nodes: &[&NodeInfo],
    statuses: &BTreeMap<String, Status>,
) -> Option<String> {
    if pod.spec.preemption_policy.as_deref() == Some("Never") {
        return Some(NOT_ELIGIBLE_NEVER.to_string());
    }
    let mut fit = FitError {
        num_all_nodes: all_nodes.len(),
        ..FitError::default()
    };
    let mut absent = all_nodes.len();
    for node in all_nodes {
        let Some(st) = statuses
            .get(&node.name)
            .filter(|s| s.code == Code::Unschedulable)
        else {
            continue;
        };
        let verdict = select_victims_on_node(pod, state, node, st);
        if verdict.is_success() {
            return None;
        }
        fit.add(&verdict.reasons, 1);
        absent -= 1;
    }
    // Mirrors Preempt: nodes not dry-run get the absent-nodes status.
    fit.add(&[NOT_HELPFUL.to_string()], absent);
    fit.reasons.retain(|_, n| *n > 0);
    Some(fit.message())
}

/// Mirrors default_preemption.go SelectVictimsOnNode, up to the first fit check.
fn select_victims_on_node(pod: &Pod, state: &CycleState, node: &NodeInfo, _st: &Status) -> Status {
    let priority = pod.spec.priority.unwrap_or(0);
    let victims: Vec<_> = node
        .pods
        .iter()
        .filter(|(_, p)| p.priority < priority)
        .map(|(k, _)| k.clone())
        .collect();
    if victims.is_empty() {
        return Status::unresolvable(NO_VICTIMS);
    }
    let mut without = node.clone();
    for k in &victims {
        without.remove_pod(k);
    }
    crate::scheduler::cycle::run_filters(pod, state, &without).unwrap_or_else(Status::success)
}

/// The whole PostFilter message: the PostFilter plugins' reasons joined with `, `.
pub fn post_filter_message(
    pod: &Pod,
    state: &CycleState,
    all_nodes: &[&NodeInfo],
    statuses: &BTreeMap<String, Status>,
) -> String {
    match preempt_message(pod, state, all_nodes, statuses) {
        Some(m) => format!("{DRA_NO_CLAIMS}, preemption: {m}"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::testing::{make_node, make_pod, state_for};

    #[test]
    fn message_table() {
        let busy = make_pod("busy").req(&[("cpu", "4")]).obj();
        let full = make_node("full").info(std::slice::from_ref(&busy));
        let tainted = make_node("tainted")
            .taint("env", "dev", "NoSchedule")
            .info(&[]);
        let nodes = [&full, &tainted];
        let statuses: BTreeMap<String, Status> = [
            (
                "full".to_string(),
                Status::unschedulable("Insufficient cpu"),
            ),
            (
                "tainted".to_string(),
                Status::unresolvable("node(s) had untolerated taint(s)"),
            ),
        ]
        .into();
        let pod = make_pod("p").req(&[("cpu", "1")]).obj();
        let state = state_for(&pod, &nodes);
        assert_eq!(
            post_filter_message(&pod, &state, &nodes, &statuses),
            "no new claims to deallocate, preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling."
        );
        let mut never = pod.clone();
        never.spec.preemption_policy = Some("Never".into());
        assert_eq!(
            post_filter_message(&never, &state, &nodes, &statuses),
            "no new claims to deallocate, preemption: not eligible due to preemptionPolicy=Never."
        );
        let important = make_pod("p").req(&[("cpu", "1")]).priority(10).obj();
        let state = state_for(&important, &nodes);
        assert_eq!(
            post_filter_message(&important, &state, &nodes, &statuses),
            ""
        );
    }
}
