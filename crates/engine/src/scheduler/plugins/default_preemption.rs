//! DefaultPreemption (PostFilter): when no node fits, find a node where evicting pods of lower
//! priority makes room, nominate it, and name the victims; otherwise explain why not.
//!
//! Mirrors `pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go`
//! (`PodEligibleToPreemptOthers`, `SelectVictimsOnNode`) and
//! `pkg/scheduler/framework/preemption/preemption.go` (`Preempt`, `findCandidates`,
//! `DryRunPreemption`, `pickOneNodeForPreemption`): nodes that failed
//! UnschedulableAndUnresolvable are "not helpful"; the others are dry-run. The eviction itself
//! (`prepareCandidate`) is done by the cycle with API requests. Left out: PodDisruptionBudgets,
//! the candidate sampling offset (every potential node is tried) and the start-time criterion
//! of `pickOneNodeForPreemption` (the cache keeps no start times; ties go to the first node).

use crate::api::{ObjectKey, Pod};
use crate::scheduler::diagnosis::FitError;
use crate::scheduler::framework::{Code, CycleState, NodeInfo, Status};
use std::collections::BTreeMap;

pub const NAME: &str = "DefaultPreemption";
pub const NOT_HELPFUL: &str = "Preemption is not helpful for scheduling";
pub const NO_VICTIMS: &str = "No preemption victims found for incoming pod";
pub const NOT_ELIGIBLE_NEVER: &str = "not eligible due to preemptionPolicy=Never.";
pub const NOT_ELIGIBLE_TERMINATING: &str =
    "not eligible due to a terminating pod on the nominated node.";

/// The DynamicResources plugin's PostFilter reason for a pod without ResourceClaims; it runs
/// before DefaultPreemption in v1.34–v1.36 (`dynamicresources.go` PostFilter).
pub const DRA_NO_CLAIMS: &str = "no new claims to deallocate";

/// A node where preemption makes the pod fit, and the pods to evict there.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Candidate {
    pub node: String,
    /// Most important first.
    pub victims: Vec<ObjectKey>,
    /// Priorities of the victims, in the same order.
    priorities: Vec<i32>,
}

/// The PostFilter outcome: nominate a node, or the message explaining why not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PostFilter {
    Nominate(Candidate),
    /// The PostFilter plugins' reasons joined with `, `, for the FitError.
    Message(String),
}

/// Mirrors PodEligibleToPreemptOthers.
fn not_eligible(
    pod: &Pod,
    all: &[&NodeInfo],
    statuses: &BTreeMap<String, Status>,
) -> Option<&'static str> {
    if pod.spec.preemption_policy.as_deref() == Some("Never") {
        return Some(NOT_ELIGIBLE_NEVER);
    }
    let nominated = pod.status.nominated_node_name.as_str();
    if nominated.is_empty() {
        return None;
    }
    let unresolvable = statuses
        .get(nominated)
        .is_some_and(|s| s.code == Code::UnschedulableAndUnresolvable);
    let priority = pod.spec.priority.unwrap_or(0);
    let node = all.iter().find(|n| n.name == nominated)?;
    let terminating = node
        .pods
        .values()
        .any(|p| p.priority < priority && p.preempted);
    (!unresolvable && terminating).then_some(NOT_ELIGIBLE_TERMINATING)
}

/// Mirrors Preempt: `Ok` with the chosen candidate, or `Err` with the `preemption: ...` text.
pub fn preempt(
    pod: &Pod,
    state: &CycleState,
    all: &[&NodeInfo],
    statuses: &BTreeMap<String, Status>,
) -> Result<Candidate, String> {
    if let Some(msg) = not_eligible(pod, all, statuses) {
        return Err(msg.to_string());
    }
    let mut fit = FitError {
        num_all_nodes: all.len(),
        ..FitError::default()
    };
    let mut candidates = Vec::new();
    let mut absent = all.len();
    for node in all {
        let potential = statuses
            .get(&node.name)
            .is_some_and(|s| s.code == Code::Unschedulable);
        if !potential {
            continue;
        }
        absent -= 1;
        match select_victims_on_node(pod, state, node) {
            Ok(c) => candidates.push(c),
            Err(s) => fit.add(&s.reasons, 1),
        }
    }
    if let Some(best) = pick_one_node_for_preemption(candidates) {
        return Ok(best);
    }
    // Nodes not dry-run get the absent-nodes status.
    fit.add(&[NOT_HELPFUL.to_string()], absent);
    fit.reasons.retain(|_, n| *n > 0);
    Err(fit.message())
}

/// Mirrors SelectVictimsOnNode: remove every lower-priority pod; if the pod then fits, put
/// them back most important first and keep as victims only those that must go.
fn select_victims_on_node(
    pod: &Pod,
    state: &CycleState,
    node: &NodeInfo,
) -> Result<Candidate, Status> {
    let priority = pod.spec.priority.unwrap_or(0);
    let mut potential: Vec<(ObjectKey, crate::scheduler::framework::PodSummary)> = node
        .pods
        .iter()
        .filter(|(_, p)| p.priority < priority)
        .map(|(k, p)| (k.clone(), p.clone()))
        .collect();
    if potential.is_empty() {
        return Err(Status::unresolvable(NO_VICTIMS));
    }
    let mut trial = node.clone();
    for (k, _) in &potential {
        trial.remove_pod(k);
    }
    if let Some(s) = crate::scheduler::cycle::run_filters(pod, state, &trial) {
        return Err(s);
    }
    // MoreImportantPod: higher priority first (start time is not kept; key order breaks ties).
    crate::sort::by(&mut potential, |a, b| {
        b.1.priority.cmp(&a.1.priority).then_with(|| a.0.cmp(&b.0))
    });
    let mut c = Candidate {
        node: node.name.clone(),
        victims: Vec::new(),
        priorities: Vec::new(),
    };
    for (k, p) in potential {
        trial.add_pod(k.clone(), p.clone());
        if crate::scheduler::cycle::run_filters(pod, state, &trial).is_some() {
            trial.remove_pod(&k);
            c.victims.push(k);
            c.priorities.push(p.priority);
        }
    }
    Ok(c)
}

/// Mirrors pickOneNodeForPreemption without PDBs: the lowest highest-priority victim, then the
/// lowest sum of priorities, then the fewest victims, then the first node.
fn pick_one_node_for_preemption(candidates: Vec<Candidate>) -> Option<Candidate> {
    let key = |c: &Candidate| {
        let highest = c.priorities.first().copied().map_or(i64::MIN, i64::from);
        let sum: i64 = c.priorities.iter().map(|p| i64::from(*p) + (1 << 31)).sum();
        (highest, sum, c.victims.len())
    };
    let mut best: Option<Candidate> = None;
    for c in candidates {
        if best.as_ref().is_none_or(|b| key(&c) < key(b)) {
            best = Some(c);
        }
    }
    best
}

/// Mirrors RunPostFilterPlugins over DynamicResources then DefaultPreemption: a successful
/// preemption returns at once (its message is empty); otherwise the reasons are joined.
pub fn post_filter(
    pod: &Pod,
    state: &CycleState,
    all: &[&NodeInfo],
    statuses: &BTreeMap<String, Status>,
) -> PostFilter {
    match preempt(pod, state, all, statuses) {
        Ok(c) => PostFilter::Nominate(c),
        Err(m) => PostFilter::Message(format!("{DRA_NO_CLAIMS}, preemption: {m}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::testing::{make_node, make_pod, state_for};

    fn message(p: PostFilter) -> String {
        match p {
            PostFilter::Message(m) => m,
            PostFilter::Nominate(c) => format!("nominate {}", c.node),
        }
    }

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
            message(post_filter(&pod, &state, &nodes, &statuses)),
            "no new claims to deallocate, preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling."
        );
        let mut never = pod.clone();
        never.spec.preemption_policy = Some("Never".into());
        assert_eq!(
            message(post_filter(&never, &state, &nodes, &statuses)),
            "no new claims to deallocate, preemption: not eligible due to preemptionPolicy=Never."
        );
        let important = make_pod("p").req(&[("cpu", "1")]).priority(10).obj();
        let state = state_for(&important, &nodes);
        assert_eq!(
            message(post_filter(&important, &state, &nodes, &statuses)),
            "nominate full"
        );
    }

    #[test]
    fn only_the_victims_needed_are_evicted_least_important_first() {
        let low = |n: &str, cpu: &str, prio| make_pod(n).req(&[("cpu", cpu)]).priority(prio).obj();
        let node = make_node("n").info(&[low("a", "2", 5), low("b", "1", 1), low("c", "1", 3)]);
        let pod = make_pod("p").req(&[("cpu", "2")]).priority(10).obj();
        let state = state_for(&pod, &[&node]);
        let c = select_victims_on_node(&pod, &state, &node).expect("candidate");
        // a (5) is kept first, then c (3) no longer fits beside it, then b (1) neither.
        let names: Vec<&str> = c.victims.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, vec!["c", "b"]);
    }
}
