//! NodeResourcesBalancedAllocation: prefers nodes whose cpu and memory would be used in
//! similar proportions.
//!
//! Mirrors `pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go`
//! (`balancedResourceScorer`, PreScore skipping best-effort pods) over the default resources
//! cpu and memory, with actual (not defaulted) requests as upstream's `useRequested`.

use crate::api::Pod;
use crate::scheduler::framework::{Code, CycleState, NodeInfo, ScorePlugin, MAX_NODE_SCORE};

pub const NAME: &str = "NodeResourcesBalancedAllocation";

pub struct BalancedAllocation;

/// Mirrors balanced_allocation.go balancedResourceScorer.
pub fn balanced_resource_score(requested: &[i64], allocatable: &[i64]) -> i64 {
    // Two passes over the pairs instead of a collected vector: this runs for every node.
    let fractions = || {
        requested
            .iter()
            .zip(allocatable)
            .filter(|(_, a)| **a != 0)
            .map(|(r, a)| (*r as f64 / *a as f64).min(1.0))
    };
    let n = fractions().count();
    let std = match n {
        0 | 1 => 0.0,
        2 => {
            let mut f = fractions();
            let (a, b) = (f.next().unwrap_or(0.0), f.next().unwrap_or(0.0));
            ((a - b) / 2.0).abs()
        }
        n => {
            let mean = fractions().sum::<f64>() / n as f64;
            let var = fractions().map(|f| (f - mean) * (f - mean)).sum::<f64>() / n as f64;
            var.sqrt()
        }
    };
    ((1.0 - std) * MAX_NODE_SCORE as f64) as i64
}

impl ScorePlugin for BalancedAllocation {
    fn name(&self) -> &'static str {
        NAME
    }

    // A best-effort pod changes no fraction; upstream skips it so such pods do not pile up
    // on one node (kubernetes#129138).
    fn pre_score(
        &self,
        _pod: &Pod,
        state: &mut CycleState,
        _all: &[&NodeInfo],
        _feasible: &[&NodeInfo],
    ) -> Code {
        if state.requests.milli_cpu == 0 && state.requests.memory == 0 {
            Code::Skip
        } else {
            Code::Success
        }
    }

    fn score(&self, _pod: &Pod, state: &CycleState, node: &NodeInfo) -> i64 {
        let (a, u) = (&node.allocatable, &node.requested);
        balanced_resource_score(
            &[
                u.milli_cpu.saturating_add(state.requests.milli_cpu),
                u.memory.saturating_add(state.requests.memory),
            ],
            &[a.milli_cpu, a.memory],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::testing::{make_node, make_pod, state_for};

    #[test]
    fn score_table() {
        let cases = [
            ("same fractions", [2000, 4 << 30], 100),
            ("cpu half, memory none", [2000, 0], 75),
            ("cpu full, memory none", [4000, 0], 50),
            ("over-requested caps at 1", [8000, 0], 50),
        ];
        for (name, requested, want) in cases {
            assert_eq!(
                balanced_resource_score(&requested, &[4000, 8 << 30]),
                want,
                "{name}"
            );
        }
    }

    #[test]
    fn best_effort_pods_skip() {
        let pod = make_pod("p").obj();
        let ni = make_node("n").info(&[]);
        let mut state = state_for(&pod, &[&ni]);
        assert_eq!(
            BalancedAllocation.pre_score(&pod, &mut state, &[&ni], &[&ni]),
            Code::Skip
        );
        let pod = make_pod("p").req(&[("cpu", "2"), ("memory", "4Gi")]).obj();
        let mut state = state_for(&pod, &[&ni]);
        assert_eq!(
            BalancedAllocation.pre_score(&pod, &mut state, &[&ni], &[&ni]),
            Code::Success
        );
        assert_eq!(BalancedAllocation.score(&pod, &state, &ni), 100);
    }
}
