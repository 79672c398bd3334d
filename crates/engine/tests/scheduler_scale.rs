//! The scheduling algorithm at scale, straight on the cache: no node is ever overcommitted,
//! also past the size where a cycle walks only the adaptive share of nodes
//! (`numFeasibleNodesToFind`). The 10 000 pods onto 5 000 nodes run is a benchmark
//! (`benches/scale.rs`), not a test.

use podflow_engine::rng::Rng;
use podflow_engine::scheduler::cache::Cache;
use podflow_engine::scheduler::cycle::{schedule_pod, Failure};
use podflow_engine::scheduler::testing::{make_node, make_pod};

/// Schedules `pods` pods of 500m/256Mi onto `nodes` nodes of 4 CPU/8Gi, assuming each as the
/// scheduler does; returns the cache and how many found no node.
fn fill(nodes: usize, pods: usize, seed: u64) -> (Cache, usize) {
    let mut cache = Cache::default();
    for i in 0..nodes {
        let mut n = make_node(&format!("node-{i:05}"));
        if i % 7 == 0 {
            n = n.taint("dedicated", "infra", "NoSchedule");
        }
        cache.set_node(&n.shared());
    }
    cache.refresh_order();
    let (mut rng, mut next, mut unschedulable) = (Rng::new(seed), 0, 0);
    for i in 0..pods {
        let p = make_pod(&format!("p{i:05}")).req(&[("cpu", "500m"), ("memory", "256Mi")]);
        let attempt = schedule_pod(&cache, &p.0, None, &mut next, &mut rng);
        match attempt.result {
            Ok(node) => cache.assume_pod(p.key(), &p.0, &node),
            Err(Failure::Fit(_)) => unschedulable += 1,
            Err(Failure::NoNodes) => panic!("nodes exist"),
        }
    }
    (cache, unschedulable)
}

fn assert_no_overcommit(cache: &Cache) {
    for n in cache.nodes() {
        assert!(
            n.requested.milli_cpu <= n.allocatable.milli_cpu,
            "{}",
            n.name
        );
        assert!(n.requested.memory <= n.allocatable.memory, "{}", n.name);
        assert!(
            n.pods.len() as i64 <= n.allocatable.allowed_pods,
            "{}",
            n.name
        );
        if n.node().is_some_and(|node| !node.spec.taints.is_empty()) {
            assert!(n.pods.is_empty(), "tainted {} got pods", n.name);
        }
    }
}

#[test]
fn a_full_cluster_is_packed_exactly_and_never_overcommitted() {
    // 30 nodes, 5 tainted: 25 × 8 slots of 500m = 200 pods fit, 40 do not.
    let (cache, unschedulable) = fill(30, 240, 3);
    assert_no_overcommit(&cache);
    assert_eq!(unschedulable, 40);
    let placed: usize = cache.nodes().map(|n| n.pods.len()).sum();
    assert_eq!(placed, 200);
}

/// The same invariants past the adaptive-share threshold (100 nodes), where a cycle stops after
/// `numFeasibleNodesToFind` nodes; the 10 000-pod run is `cargo bench -p podflow-engine`.
#[test]
fn pods_spread_over_a_large_cluster_are_never_overcommitted() {
    let (cache, unschedulable) = fill(600, 1200, 1);
    assert_eq!(unschedulable, 0);
    assert_no_overcommit(&cache);
    let busiest = cache.nodes().map(|n| n.pods.len()).max().unwrap_or(0);
    assert!(busiest <= 8, "a node holds {busiest} pods of 500m on 4 CPU");
}
