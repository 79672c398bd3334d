//! One scheduling attempt: PreFilter, Filter over the nodes, Score, pick a host.
//!
//! Mirrors `pkg/scheduler/schedule_one.go` (`schedulePod`, `findNodesThatFitPod`,
//! `findNodesThatPassFilters`, `numFeasibleNodesToFind`, `prioritizeNodes`, `selectHost`) and
//! `pkg/scheduler/framework/runtime/framework.go` (`RunPreFilterPlugins`,
//! `RunFilterPlugins`, `RunScorePlugins`). Sequential where upstream is parallel, which makes
//! the round-robin start index exact. Left out: nominated pods, extenders.

use super::cache::Cache;
use super::diagnosis::{FitError, NodeRow, MAX_ROWS};
use super::framework::{Code, CycleState, NodeInfo, Status};
use super::plugins::default_preemption::{Candidate, PostFilter};
use super::plugins::pod_topology_spread::SpreadState;
use super::plugins::registry::FILTERS;
use super::plugins::{default_preemption, image_locality, node_ports, node_resources_fit};
use super::prioritize::{prioritize_nodes, select_host};
use crate::api::labels::Selector;
use crate::api::Pod;
use crate::rng::Rng;
use std::collections::{BTreeMap, BTreeSet};

/// `minFeasibleNodesToFind` and `minFeasibleNodesPercentageToFind`.
pub const MIN_FEASIBLE_NODES_TO_FIND: usize = 100;
pub const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND: usize = 5;

/// Why an attempt found no node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    NoNodes,
    Fit(FitError),
}

/// What one attempt produced: the rows for the decision record and the result.
#[derive(Clone, Debug)]
pub struct Attempt {
    pub rows: Vec<NodeRow>,
    pub rows_omitted: usize,
    pub skipped_filters: Vec<&'static str>,
    pub result: Result<String, Failure>,
    /// Where DefaultPreemption nominated the pod, with the victims to evict.
    pub nominate: Option<Candidate>,
}

/// The PreFilter/PreScore state of a pod (see `CycleState`).
pub fn cycle_state(
    pod: &Pod,
    total_nodes: usize,
    image_nodes: impl Fn(&str) -> usize,
) -> CycleState {
    let images = image_locality::pod_images(pod)
        .map(|img| {
            let n = image_nodes(&img);
            (img, n)
        })
        .collect();
    CycleState {
        requests: node_resources_fit::pod_requests(pod, false),
        non_zero: node_resources_fit::pod_requests(pod, true),
        host_ports: node_ports::host_ports(pod),
        skip_filters: 0,
        total_nodes,
        images,
        spread: None,
    }
}

/// Mirrors framework.go RunFilterPlugins: the first rejection, tagged with its plugin.
pub fn run_filters(pod: &Pod, state: &CycleState, node: &NodeInfo) -> Option<Status> {
    FILTERS
        .iter()
        .enumerate()
        .filter(|(i, _)| state.skip_filters & (1 << i) == 0)
        .map(|(_, p)| p.filter(pod, state, node).with_plugin(p.name()))
        .find(|s| !s.is_success())
}

/// Mirrors schedule_one.go numFeasibleNodesToFind with the default adaptive percentage.
pub fn num_feasible_nodes_to_find(num_all_nodes: usize) -> usize {
    if num_all_nodes < MIN_FEASIBLE_NODES_TO_FIND {
        return num_all_nodes;
    }
    let pct = 50usize
        .saturating_sub(num_all_nodes / 125)
        .max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND);
    (num_all_nodes * pct / 100).max(MIN_FEASIBLE_NODES_TO_FIND)
}

/// The PreFilter phase: skips, a node-name restriction, or a rejection of the pod.
struct PreFilter {
    restrict: Option<(BTreeSet<String>, Vec<&'static str>)>,
    rejection: Option<Status>,
}

fn run_pre_filters(pod: &Pod, state: &mut CycleState) -> PreFilter {
    let mut out = PreFilter {
        restrict: None,
        rejection: None,
    };
    for (i, p) in FILTERS.iter().enumerate() {
        let r = p.pre_filter(pod, state);
        match r.status.code {
            Code::Skip => {
                state.skip_filters |= 1 << i;
            }
            Code::Success => {
                if let Some(names) = r.node_names {
                    let (set, plugins) =
                        out.restrict.get_or_insert_with(|| (names.clone(), vec![]));
                    *set = set.intersection(&names).cloned().collect();
                    plugins.push(p.name());
                }
            }
            _ => {
                out.rejection = Some(r.status.with_plugin(p.name()));
                return out;
            }
        }
    }
    out
}

/// Mirrors schedule_one.go schedulePod for one pod over the cache.
/// `spread_selector` is the pod's workload selector (`pod_topology_spread::default_selector`),
/// read from the informer by the caller.
pub fn schedule_pod(
    cache: &Cache,
    pod: &Pod,
    spread_selector: Option<Selector>,
    next_start: &mut usize,
    rng: &mut Rng,
) -> Attempt {
    let all: Vec<&NodeInfo> = cache.nodes().collect();
    let mut state = cycle_state(pod, all.len(), |img| cache.image_nodes(img));
    state.spread = spread_selector.map(SpreadState::new);
    let mut attempt = Attempt {
        rows: Vec::new(),
        rows_omitted: 0,
        skipped_filters: Vec::new(),
        result: Err(Failure::NoNodes),
        nominate: None,
    };
    if all.is_empty() {
        return attempt;
    }
    let pre = run_pre_filters(pod, &mut state);
    attempt.skipped_filters = skipped_names(state.skip_filters);
    if let Some(rejection) = pre.rejection {
        let mut fit = FitError {
            num_all_nodes: all.len(),
            pre_filter_msg: rejection.reasons.join(", "),
            unschedulable_plugins: [rejection.plugin].into(),
            ..FitError::default()
        };
        attempt.nominate = post_filter(pod, &state, &all, &BTreeMap::new(), &mut fit);
        attempt.result = Err(Failure::Fit(fit));
        return attempt;
    }
    let (nodes, absent): (Vec<&NodeInfo>, Option<Status>) = match &pre.restrict {
        None => (all.clone(), None),
        Some((names, plugins)) => {
            let nodes = names.iter().filter_map(|n| cache.get(n)).collect();
            let reason = format!("node(s) didn't satisfy plugin(s) [{}]", plugins.join(" "));
            (nodes, Some(Status::unresolvable(&reason)))
        }
    };
    let (feasible, statuses) = match evaluate_nominated_node(pod, &state, &nodes) {
        Some(node) => (vec![node], BTreeMap::new()),
        None => find_nodes_that_pass_filters(pod, &state, &nodes, next_start),
    };
    if feasible.is_empty() {
        let restricted_by = pre.restrict.as_ref().map(|(_, p)| p.as_slice());
        let mut fit = fit_error(&all, &statuses, absent.zip(restricted_by));
        attempt.nominate = post_filter(pod, &state, &all, &statuses, &mut fit);
        attempt.rows = rejected_rows(&statuses, &mut attempt.rows_omitted);
        attempt.result = Err(Failure::Fit(fit));
        return attempt;
    }
    let table = prioritize_nodes(pod, &mut state, &all, &feasible);
    let chosen = select_host(&table.totals, rng);
    attempt.result = Ok(feasible[chosen].name.clone());
    attempt.rows = table.top_rows(&feasible, chosen);
    attempt.rows_omitted = feasible.len() - attempt.rows.len();
    let mut rejected = rejected_rows(&statuses, &mut attempt.rows_omitted);
    let room = MAX_ROWS
        .saturating_sub(attempt.rows.len())
        .min(rejected.len());
    attempt.rows_omitted += rejected.len() - room;
    rejected.truncate(room);
    attempt.rows.extend(rejected);
    attempt
}

/// The FitError of a pod no node passed: every node's reasons and the nodes a PreFilter
/// result left out (`absent`, with the plugins that restricted them).
fn fit_error(
    all: &[&NodeInfo],
    statuses: &BTreeMap<String, Status>,
    absent: Option<(Status, &[&'static str])>,
) -> FitError {
    let mut fit = FitError {
        num_all_nodes: all.len(),
        ..FitError::default()
    };
    fit.count(statuses.values());
    fit.unschedulable_plugins = statuses.values().map(|s| s.plugin).collect();
    if let Some((status, plugins)) = absent {
        fit.add(&status.reasons, all.len().saturating_sub(statuses.len()));
        fit.unschedulable_plugins.extend(plugins.iter().copied());
    }
    fit
}

/// Runs the PostFilter plugins: a nomination, or their message into the FitError.
fn post_filter(
    pod: &Pod,
    state: &CycleState,
    all: &[&NodeInfo],
    statuses: &BTreeMap<String, Status>,
    fit: &mut FitError,
) -> Option<Candidate> {
    match default_preemption::post_filter(pod, state, all, statuses) {
        PostFilter::Nominate(c) => Some(c),
        PostFilter::Message(m) => {
            fit.post_filter_msg = m;
            None
        }
    }
}

/// Mirrors evaluateNominatedNode: a pod nominated by an earlier preemption tries that node
/// first, and takes it if it now passes every filter.
fn evaluate_nominated_node<'a>(
    pod: &Pod,
    state: &CycleState,
    nodes: &[&'a NodeInfo],
) -> Option<&'a NodeInfo> {
    let name = pod.status.nominated_node_name.as_str();
    if name.is_empty() {
        return None;
    }
    let node = nodes.iter().find(|n| n.name == name)?;
    run_filters(pod, state, node).is_none().then_some(*node)
}

fn skipped_names(mask: u64) -> Vec<&'static str> {
    FILTERS
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, p)| p.name())
        .collect()
}

/// Mirrors findNodesThatPassFilters: walk the nodes round-robin from `next_start`, stop once
/// `numFeasibleNodesToFind` nodes fit.
fn find_nodes_that_pass_filters<'a>(
    pod: &Pod,
    state: &CycleState,
    nodes: &[&'a NodeInfo],
    next_start: &mut usize,
) -> (Vec<&'a NodeInfo>, BTreeMap<String, Status>) {
    let mut feasible = Vec::new();
    let mut statuses = BTreeMap::new();
    if nodes.is_empty() {
        return (feasible, statuses);
    }
    let to_find = num_feasible_nodes_to_find(nodes.len());
    let start = *next_start % nodes.len();
    for i in 0..nodes.len() {
        let node = nodes[(start + i) % nodes.len()];
        match run_filters(pod, state, node) {
            None => {
                feasible.push(node);
                if feasible.len() >= to_find {
                    break;
                }
            }
            Some(s) => {
                statuses.insert(node.name.clone(), s);
            }
        }
    }
    *next_start = (start + feasible.len() + statuses.len()) % nodes.len();
    (feasible, statuses)
}

fn rejected_rows(statuses: &BTreeMap<String, Status>, omitted: &mut usize) -> Vec<NodeRow> {
    *omitted += statuses.len().saturating_sub(MAX_ROWS);
    statuses
        .iter()
        .take(MAX_ROWS)
        .map(|(name, s)| NodeRow {
            node: name.clone(),
            rejected_by: Some(s.clone()),
            scores: Vec::new(),
            total: 0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feasible_nodes_to_find_follows_the_adaptive_percentage() {
        assert_eq!(num_feasible_nodes_to_find(3), 3);
        assert_eq!(num_feasible_nodes_to_find(99), 99);
        assert_eq!(num_feasible_nodes_to_find(100), 100);
        // 50 - 5000/125 = 10%.
        assert_eq!(num_feasible_nodes_to_find(5000), 500);
        // 50 - 6000/125 = 2% → at least 5%.
        assert_eq!(num_feasible_nodes_to_find(6000), 300);
    }
}
