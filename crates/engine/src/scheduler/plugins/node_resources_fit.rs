//! NodeResourcesFit: requests against free allocatable (filter), LeastAllocated (score).
//!
//! Mirrors `pkg/scheduler/framework/plugins/noderesources/fit.go` (`Filter`, `fitsRequest`),
//! `least_allocated.go`, `resource_allocation.go` and the request arithmetic of
//! `staging/src/k8s.io/component-helpers/resource/helpers.go` (`PodRequests`, with sidecar
//! init containers). Left out: pod overhead and pod-level resources (Podflow's PodSpec has
//! neither), DRA-backed extended resources, the MostAllocated/RequestedToCapacityRatio
//! strategies (not in the default profile).

use crate::api::Pod;
use crate::scheduler::framework::{
    CycleState, FilterPlugin, NodeInfo, Resource, ScorePlugin, Status, MAX_NODE_SCORE,
};

pub const NAME: &str = "NodeResourcesFit";
pub const REASON_TOO_MANY_PODS: &str = "Too many pods";

/// `DefaultMilliCPURequest` and `DefaultMemoryRequest` (`pkg/scheduler/util/pod_resources.go`):
/// what a container without a request counts as when scoring.
pub const DEFAULT_MILLI_CPU_REQUEST: i64 = 100;
pub const DEFAULT_MEMORY_REQUEST: i64 = 200 * 1024 * 1024;

pub struct NodeResourcesFit;

fn container_request(c: &crate::api::pod::Container, non_missing: bool) -> Resource {
    let reqs = &c.resources.requests;
    let mut r = Resource::from_list(reqs);
    if non_missing {
        if !reqs.contains_key("cpu") {
            r.milli_cpu = DEFAULT_MILLI_CPU_REQUEST;
        }
        if !reqs.contains_key("memory") {
            r.memory = DEFAULT_MEMORY_REQUEST;
        }
    }
    r
}

/// Mirrors `PodRequests`: the sum of regular and sidecar containers, or the largest init
/// container (plus the sidecars started before it) if that is larger. `non_missing` fills in
/// the scoring defaults for containers without cpu/memory requests.
pub fn pod_requests(pod: &Pod, non_missing: bool) -> Resource {
    let mut reqs = Resource::default();
    for c in &pod.spec.containers {
        reqs.add(&container_request(c, non_missing));
    }
    let mut restartable = Resource::default();
    let mut init_max = Resource::default();
    for c in &pod.spec.init_containers {
        let r = container_request(c, non_missing);
        if c.restart_policy.as_deref() == Some("Always") {
            reqs.add(&r);
            restartable.add(&r);
            init_max.set_max(&restartable);
        } else {
            let mut tmp = r;
            tmp.add(&restartable);
            init_max.set_max(&tmp);
        }
    }
    reqs.set_max(&init_max);
    reqs
}

/// One resource the node is short of (`InsufficientResource`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Insufficient {
    pub reason: String,
    /// The request exceeds the node's whole allocatable: preemption cannot help.
    pub unresolvable: bool,
}

fn check(out: &mut Vec<Insufficient>, name: &str, req: i64, alloc: i64, used: i64) {
    if req > 0 && req > alloc.saturating_sub(used) {
        out.push(Insufficient {
            reason: format!("Insufficient {name}"),
            unresolvable: req > alloc,
        });
    }
}

/// Mirrors fit.go fitsRequest: pod count first, then cpu, memory, ephemeral-storage and
/// extended resources (in name order; upstream walks a Go map).
pub fn fits_request(req: &Resource, node: &NodeInfo) -> Vec<Insufficient> {
    let mut out = Vec::new();
    if node.pods.len() as i64 + 1 > node.allocatable.allowed_pods {
        out.push(Insufficient {
            reason: REASON_TOO_MANY_PODS.to_string(),
            unresolvable: false,
        });
    }
    if req.is_zero() {
        return out;
    }
    let (a, u) = (&node.allocatable, &node.requested);
    check(&mut out, "cpu", req.milli_cpu, a.milli_cpu, u.milli_cpu);
    check(&mut out, "memory", req.memory, a.memory, u.memory);
    let es = "ephemeral-storage";
    check(
        &mut out,
        es,
        req.ephemeral_storage,
        a.ephemeral_storage,
        u.ephemeral_storage,
    );
    for (name, want) in &req.scalar {
        let alloc = a.scalar.get(name).copied().unwrap_or(0);
        let used = u.scalar.get(name).copied().unwrap_or(0);
        check(&mut out, name, *want, alloc, used);
    }
    out
}

/// Mirrors least_allocated.go leastRequestedScore.
pub fn least_requested_score(requested: i64, capacity: i64) -> i64 {
    if capacity == 0 || requested > capacity {
        return 0;
    }
    (capacity - requested) * MAX_NODE_SCORE / capacity
}

impl FilterPlugin for NodeResourcesFit {
    fn name(&self) -> &'static str {
        NAME
    }

    // Mirrors fit.go Filter: every shortage is a reason; Unresolvable if any request exceeds
    // the node's whole allocatable.
    fn filter(&self, _pod: &Pod, state: &CycleState, node: &NodeInfo) -> Status {
        let short = fits_request(&state.requests, node);
        if short.is_empty() {
            return Status::success();
        }
        let unresolvable = short.iter().any(|s| s.unresolvable);
        let reasons = short.into_iter().map(|s| s.reason).collect();
        let code = if unresolvable {
            crate::scheduler::framework::Code::UnschedulableAndUnresolvable
        } else {
            crate::scheduler::framework::Code::Unschedulable
        };
        Status::new(code, reasons)
    }
}

impl ScorePlugin for NodeResourcesFit {
    fn name(&self) -> &'static str {
        NAME
    }

    // Mirrors least_allocated.go leastResourceScorer over cpu and memory, weight 1 each, with
    // the non-zero requests of the node's pods plus this pod.
    fn score(&self, _pod: &Pod, state: &CycleState, node: &NodeInfo) -> i64 {
        let alloc = &node.allocatable;
        let used = &node.non_zero_requested;
        let pairs = [
            (
                used.milli_cpu.saturating_add(state.non_zero.milli_cpu),
                alloc.milli_cpu,
            ),
            (
                used.memory.saturating_add(state.non_zero.memory),
                alloc.memory,
            ),
        ];
        let (mut total, mut weights) = (0, 0);
        for (requested, capacity) in pairs {
            if capacity == 0 {
                continue;
            }
            total += least_requested_score(requested, capacity);
            weights += 1;
        }
        if weights == 0 {
            0
        } else {
            total / weights
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::framework::Code;
    use crate::scheduler::testing::{make_node, make_pod, state_for, PodBuilder};

    #[test]
    fn pod_requests_take_the_init_container_max() {
        let pod = make_pod("p")
            .req(&[("cpu", "1"), ("memory", "1Gi")])
            .container(&[("cpu", "500m")])
            .init_req(&[("cpu", "2"), ("memory", "512Mi")])
            .obj();
        let r = pod_requests(&pod, false);
        assert_eq!(r.milli_cpu, 2000);
        assert_eq!(r.memory, 1024 * 1024 * 1024);
        let nz = pod_requests(&make_pod("q").obj(), true);
        assert_eq!((nz.milli_cpu, nz.memory), (100, 200 * 1024 * 1024));
        assert!(pod_requests(&make_pod("q").obj(), false).is_zero());
    }

    #[test]
    fn filter_table() {
        let busy = make_pod("busy")
            .req(&[("cpu", "3"), ("memory", "1Gi")])
            .obj();
        let cases: Vec<(&str, PodBuilder, Vec<&str>, Code)> = vec![
            (
                "fits",
                make_pod("p").req(&[("cpu", "500m")]),
                vec![],
                Code::Success,
            ),
            (
                "equal edge case fits",
                make_pod("p").req(&[("cpu", "1")]),
                vec![],
                Code::Success,
            ),
            (
                "too much cpu for what is left",
                make_pod("p").req(&[("cpu", "2")]),
                vec!["Insufficient cpu"],
                Code::Unschedulable,
            ),
            (
                "more cpu than the node has",
                make_pod("p").req(&[("cpu", "10")]),
                vec!["Insufficient cpu"],
                Code::UnschedulableAndUnresolvable,
            ),
            (
                "cpu and memory",
                make_pod("p").req(&[("cpu", "2"), ("memory", "8Gi")]),
                vec!["Insufficient cpu", "Insufficient memory"],
                Code::Unschedulable,
            ),
            (
                "extended resource the node lacks",
                make_pod("p").req(&[("nvidia.com/gpu", "1")]),
                vec!["Insufficient nvidia.com/gpu"],
                Code::UnschedulableAndUnresolvable,
            ),
        ];
        for (name, pod, reasons, code) in cases {
            let pod = pod.obj();
            let ni = make_node("n").info(std::slice::from_ref(&busy));
            let got = NodeResourcesFit.filter(&pod, &state_for(&pod, &[&ni]), &ni);
            assert_eq!(got.code, code, "{name}");
            assert_eq!(got.reasons, reasons, "{name}");
        }
    }

    #[test]
    fn too_many_pods_comes_first() {
        let pod = make_pod("p").req(&[("cpu", "5")]).obj();
        let other = make_pod("o").obj();
        let ni = make_node("n")
            .capacity(&[("cpu", "4"), ("memory", "8Gi"), ("pods", "1")])
            .info(&[other]);
        let got = NodeResourcesFit.filter(&pod, &state_for(&pod, &[&ni]), &ni);
        assert_eq!(got.reasons, vec!["Too many pods", "Insufficient cpu"]);
    }

    #[test]
    fn least_allocated_score() {
        // 4 CPU / 8Gi node with 1 CPU and 1Gi requested by this pod:
        // cpu (4000-1000)*100/4000 = 75, memory (8-1)*100/8 = 87, mean 81.
        let pod = make_pod("p").req(&[("cpu", "1"), ("memory", "1Gi")]).obj();
        let ni = make_node("n").info(&[]);
        let s = NodeResourcesFit.score(&pod, &state_for(&pod, &[&ni]), &ni);
        assert_eq!(s, 81);
        assert_eq!(least_requested_score(5, 4), 0);
    }
}
