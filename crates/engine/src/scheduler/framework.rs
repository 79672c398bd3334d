//! The scheduling framework: status codes, node info, per-cycle state and the plugin traits.
//!
//! Mirrors `pkg/scheduler/framework/interface.go` (`Code`, `Status`, the Filter/PreScore/Score
//! interfaces, `DefaultNormalizeScore` from `plugins/helper/normalize_score.go`) and
//! `pkg/scheduler/framework/types.go` (`NodeInfo`, `Resource`, `HostPortInfo`).
//! Simplified: plugins are stateless values dispatched through `&'static dyn` traits; the
//! per-cycle `CycleState` is one concrete struct filled before the filters run instead of a
//! type-erased map each plugin writes its PreFilter result into.

pub use super::resource::{is_scalar_resource, Resource};
use crate::api::node::Node;
use crate::api::{Object, ObjectKey, Pod};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The highest score a plugin gives a node (`framework.MaxNodeScore`).
pub const MAX_NODE_SCORE: i64 = 100;

/// `framework.Code`: how a plugin answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Code {
    Success,
    Error,
    /// Rejected, but preemption might help.
    Unschedulable,
    /// Rejected, and removing pods would not change that.
    UnschedulableAndUnresolvable,
    /// The plugin has nothing to do for this pod.
    Skip,
}

/// `framework.Status`: a code, the reasons shown to the user, and who said it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Status {
    pub code: Code,
    pub reasons: Vec<String>,
    pub plugin: &'static str,
}

impl Status {
    pub fn success() -> Self {
        Status {
            code: Code::Success,
            reasons: Vec::new(),
            plugin: "",
        }
    }

    pub fn skip() -> Self {
        Status {
            code: Code::Skip,
            ..Status::success()
        }
    }

    pub fn new(code: Code, reasons: Vec<String>) -> Self {
        Status {
            code,
            reasons,
            plugin: "",
        }
    }

    pub fn unschedulable(reason: &str) -> Self {
        Status::new(Code::Unschedulable, vec![reason.to_string()])
    }

    pub fn unresolvable(reason: &str) -> Self {
        Status::new(Code::UnschedulableAndUnresolvable, vec![reason.to_string()])
    }

    pub fn is_success(&self) -> bool {
        self.code == Code::Success
    }

    /// Unschedulable or UnschedulableAndUnresolvable (`Status.IsRejected`).
    pub fn is_rejected(&self) -> bool {
        matches!(
            self.code,
            Code::Unschedulable | Code::UnschedulableAndUnresolvable
        )
    }

    pub fn with_plugin(mut self, plugin: &'static str) -> Self {
        self.plugin = plugin;
        self
    }
}

/// One host port a container binds: `hostIP` (empty means 0.0.0.0), protocol, port.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct HostPort {
    pub ip: String,
    pub protocol: String,
    pub port: i32,
}

/// What the cache keeps of a pod assigned to a node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PodSummary {
    pub requests: Resource,
    pub non_zero: Resource,
    pub host_ports: Vec<HostPort>,
    pub priority: i32,
    /// For PodTopologySpread's counting of matching pods.
    pub labels: BTreeMap<String, String>,
    pub terminating: bool,
    /// Terminating because the scheduler preempted it (`podTerminatingByPreemption`).
    pub preempted: bool,
}

/// `framework.NodeInfo`: a node with the aggregate of the pods assigned (or assumed) on it.
#[derive(Clone, Debug, Default, Serialize)]
pub struct NodeInfo {
    pub name: String,
    /// The node object as the informer delivered it (shared, not copied); None while pods
    /// reference a node the scheduler has not seen, or that was deleted.
    #[serde(skip)]
    node_obj: Option<Arc<Object>>,
    pub allocatable: Resource,
    pub requested: Resource,
    /// Requests with the scoring defaults for missing cpu/memory (`NonZeroRequested`).
    pub non_zero_requested: Resource,
    pub pods: BTreeMap<ObjectKey, PodSummary>,
    /// Ports in use with how many pods use each.
    pub used_ports: BTreeMap<HostPort, u32>,
    /// Normalized image name → size in bytes, from `status.images`.
    pub images: BTreeMap<String, i64>,
}

impl NodeInfo {
    pub fn new(name: &str) -> Self {
        NodeInfo {
            name: name.to_string(),
            ..NodeInfo::default()
        }
    }

    pub fn node(&self) -> Option<&Node> {
        self.node_obj.as_ref().and_then(|o| o.as_node())
    }

    /// Forgets the node object (the node was deleted); pods may still point here.
    pub fn clear_node(&mut self) {
        self.node_obj = None;
        self.images.clear();
        self.allocatable = Resource::default();
    }

    /// Mirrors `NodeInfo.SetNode`; an object that is not a Node is ignored.
    pub fn set_node(&mut self, obj: Arc<Object>) {
        let Some(node) = obj.as_node() else {
            return;
        };
        self.allocatable = Resource::from_list(&node.status.allocatable);
        self.images = node
            .status
            .images
            .iter()
            .flat_map(|img| {
                img.names.iter().map(move |n| {
                    (
                        crate::scheduler::plugins::image_locality::normalized_image_name(n),
                        img.size_bytes,
                    )
                })
            })
            .collect();
        self.node_obj = Some(obj.clone());
    }

    /// Mirrors `NodeInfo.AddPod`.
    pub fn add_pod(&mut self, key: ObjectKey, pod: PodSummary) {
        self.remove_pod(&key);
        self.requested.add(&pod.requests);
        self.non_zero_requested.add(&pod.non_zero);
        for p in &pod.host_ports {
            *self.used_ports.entry(p.clone()).or_default() += 1;
        }
        self.pods.insert(key, pod);
    }

    /// Mirrors `NodeInfo.RemovePod`.
    pub fn remove_pod(&mut self, key: &ObjectKey) -> bool {
        let Some(pod) = self.pods.remove(key) else {
            return false;
        };
        self.requested.sub(&pod.requests);
        self.non_zero_requested.sub(&pod.non_zero);
        for p in &pod.host_ports {
            if let Some(n) = self.used_ports.get_mut(p) {
                *n -= 1;
                if *n == 0 {
                    self.used_ports.remove(p);
                }
            }
        }
        true
    }
}

/// What the framework computes once per pod before the filters run (PreFilter/PreScore state).
#[derive(Clone, Debug, Default)]
pub struct CycleState {
    /// `computePodResourceRequest`: what the filter compares with free capacity.
    pub requests: Resource,
    /// The same with cpu/memory defaults for containers that request none (for scoring).
    pub non_zero: Resource,
    pub host_ports: Vec<HostPort>,
    /// Filter plugins whose PreFilter returned Skip, by position in the profile's filter list
    /// (a bit mask, so the per-node loop compares no strings).
    pub skip_filters: u64,
    /// Number of nodes in the snapshot, and each of the pod's images (init containers first,
    /// normalized) with the number of nodes that have it.
    pub total_nodes: usize,
    pub images: Vec<(String, usize)>,
    /// PodTopologySpread's PreScore state; the workload selector is filled in before scoring.
    pub spread: Option<crate::scheduler::plugins::pod_topology_spread::SpreadState>,
}

/// What a PreFilter may answer besides a status: a restriction to some node names.
#[derive(Clone, Debug)]
pub struct PreFilterResult {
    pub status: Status,
    pub node_names: Option<BTreeSet<String>>,
}

impl PreFilterResult {
    pub fn all_nodes() -> Self {
        PreFilterResult {
            status: Status::success(),
            node_names: None,
        }
    }

    pub fn status(status: Status) -> Self {
        PreFilterResult {
            status,
            node_names: None,
        }
    }
}

/// PreFilter + Filter (`framework.PreFilterPlugin`, `framework.FilterPlugin`).
pub trait FilterPlugin: Sync {
    fn name(&self) -> &'static str;

    fn pre_filter(&self, _pod: &Pod, _state: &CycleState) -> PreFilterResult {
        PreFilterResult::all_nodes()
    }

    fn filter(&self, pod: &Pod, state: &CycleState, node: &NodeInfo) -> Status;
}

/// PreScore + Score + NormalizeScore (`framework.ScorePlugin` with `ScoreExtensions`).
pub trait ScorePlugin: Sync {
    fn name(&self) -> &'static str;

    /// Skip means the plugin scores no node for this pod. `all` is every node of the
    /// snapshot, `feasible` the nodes that passed the filters.
    fn pre_score(
        &self,
        _pod: &Pod,
        _state: &mut CycleState,
        _all: &[&NodeInfo],
        _feasible: &[&NodeInfo],
    ) -> Code {
        Code::Success
    }

    fn score(&self, pod: &Pod, state: &CycleState, node: &NodeInfo) -> i64;

    fn normalize(&self, _scores: &mut [i64]) {}
}

/// Mirrors `plugins/helper/normalize_score.go` DefaultNormalizeScore.
pub fn default_normalize_score(max_priority: i64, reverse: bool, scores: &mut [i64]) {
    let max_count = scores.iter().copied().max().unwrap_or(0);
    if max_count == 0 {
        if reverse {
            scores.iter_mut().for_each(|s| *s = max_priority);
        }
        return;
    }
    for s in scores.iter_mut() {
        let mut score = max_priority * *s / max_count;
        if reverse {
            score = max_priority - score;
        }
        *s = score;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_matches_upstream_examples() {
        let mut s = [0, 1, 2];
        default_normalize_score(100, true, &mut s);
        assert_eq!(s, [100, 50, 0]);
        let mut s = [0, 0];
        default_normalize_score(100, true, &mut s);
        assert_eq!(s, [100, 100]);
        let mut s = [10, 40];
        default_normalize_score(100, false, &mut s);
        assert_eq!(s, [25, 100]);
    }
}
