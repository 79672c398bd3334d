//! The default profile: which plugins run, in which order, with which score weights.
//!
//! Mirrors `pkg/scheduler/apis/config/v1/default_plugins.go` (`getDefaultPlugins`) and
//! `pkg/scheduler/framework/plugins/registry.go`. Left out of the default list: SchedulingGates
//! and PrioritySort (built into the queue), the volume plugins (Podflow has no volumes to
//! bind), InterPodAffinity (pod affinity is not simulated), PodTopologySpread's Filter (only
//! its scoring with the system default constraints runs), and DefaultBinder (the cycle sends
//! the binding itself).

use super::balanced_allocation::BalancedAllocation;
use super::image_locality::ImageLocality;
use super::node_affinity::NodeAffinity;
use super::node_name::NodeName;
use super::node_ports::NodePorts;
use super::node_resources_fit::NodeResourcesFit;
use super::node_unschedulable::NodeUnschedulable;
use super::pod_topology_spread::PodTopologySpread;
use super::taint_toleration::TaintToleration;
use crate::scheduler::framework::{FilterPlugin, ScorePlugin};

/// The profile name pods select with `spec.schedulerName`.
pub const DEFAULT_SCHEDULER_NAME: &str = "default-scheduler";

/// Filters in the order the framework runs them; the first rejection decides a node's reason.
pub static FILTERS: [&dyn FilterPlugin; 6] = [
    &NodeUnschedulable,
    &NodeName,
    &TaintToleration,
    &NodeAffinity,
    &NodePorts,
    &NodeResourcesFit,
];

/// Score plugins with their weights in the default profile.
pub static SCORES: [(&dyn ScorePlugin, i64); 6] = [
    (&TaintToleration, 3),
    (&NodeAffinity, 2),
    (&NodeResourcesFit, 1),
    (&PodTopologySpread, 2),
    (&BalancedAllocation, 1),
    (&ImageLocality, 1),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_weights_match_the_default_profile() {
        let filters: Vec<&str> = FILTERS.iter().map(|p| p.name()).collect();
        assert_eq!(
            filters,
            vec![
                "NodeUnschedulable",
                "NodeName",
                "TaintToleration",
                "NodeAffinity",
                "NodePorts",
                "NodeResourcesFit"
            ]
        );
        let scores: Vec<(&str, i64)> = SCORES.iter().map(|(p, w)| (p.name(), *w)).collect();
        assert_eq!(
            scores,
            vec![
                ("TaintToleration", 3),
                ("NodeAffinity", 2),
                ("NodeResourcesFit", 1),
                ("PodTopologySpread", 2),
                ("NodeResourcesBalancedAllocation", 1),
                ("ImageLocality", 1)
            ]
        );
    }
}
