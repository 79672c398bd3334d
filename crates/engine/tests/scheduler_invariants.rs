//! Properties of the scheduling algorithm over random clusters: a chosen node passes every
//! filter, a failure means no node does and its message accounts for every node, nodes are
//! never overcommitted, and one seed gives one placement.

use podflow_engine::api::Pod;
use podflow_engine::rng::Rng;
use podflow_engine::scheduler::cache::Cache;
use podflow_engine::scheduler::cycle::{cycle_state, run_filters, schedule_pod, Failure};
use podflow_engine::scheduler::testing::{make_node, make_pod};
use proptest::prelude::*;

#[derive(Clone, Debug)]
struct NodeSpec {
    cpus: u32,
    taint: u8,
    cordoned: bool,
    env: u8,
}

#[derive(Clone, Debug)]
struct PodSpec {
    milli: u32,
    selector: u8,
    tolerates: bool,
}

fn node_spec() -> impl Strategy<Value = NodeSpec> {
    (1u32..6, 0u8..3, prop::bool::weighted(0.15), 0u8..3).prop_map(
        |(cpus, taint, cordoned, env)| NodeSpec {
            cpus,
            taint,
            cordoned,
            env,
        },
    )
}

fn pod_spec() -> impl Strategy<Value = PodSpec> {
    (0u32..2500, 0u8..3, any::<bool>()).prop_map(|(milli, selector, tolerates)| PodSpec {
        milli,
        selector,
        tolerates,
    })
}

const ENVS: [&str; 3] = ["", "dev", "prod"];

fn build_cache(nodes: &[NodeSpec]) -> Cache {
    let mut cache = Cache::default();
    for (i, n) in nodes.iter().enumerate() {
        let cpu = n.cpus.to_string();
        let mut b = make_node(&format!("n{i}")).capacity(&[
            ("cpu", &cpu),
            ("memory", "8Gi"),
            ("pods", "6"),
        ]);
        match n.taint {
            1 => b = b.taint("env", "dev", "NoSchedule"),
            2 => b = b.taint("env", "dev", "PreferNoSchedule"),
            _ => {}
        }
        if n.cordoned {
            b = b.unschedulable();
        }
        if n.env > 0 {
            b = b.label("env", ENVS[n.env as usize]);
        }
        cache.set_node(&b.shared());
    }
    cache.refresh_order();
    cache
}

fn build_pod(i: usize, p: &PodSpec) -> (podflow_engine::api::ObjectKey, Pod) {
    let mut b = make_pod(&format!("p{i}"));
    if p.milli > 0 {
        b = b.req(&[("cpu", &format!("{}m", p.milli))]);
    }
    if p.selector > 0 {
        b = b.node_selector(&[("env", ENVS[p.selector as usize])]);
    }
    if p.tolerates {
        b = b.toleration("env", "Equal", "dev", "NoSchedule");
    }
    (b.key(), b.obj())
}

/// Schedules every pod in order, checking the per-attempt properties; returns the placements.
fn run(nodes: &[NodeSpec], pods: &[PodSpec], seed: u64) -> Result<Vec<String>, TestCaseError> {
    let mut cache = build_cache(nodes);
    let (mut rng, mut next) = (Rng::new(seed), 0);
    let mut placements = Vec::new();
    for (i, spec) in pods.iter().enumerate() {
        let (key, pod) = build_pod(i, spec);
        let attempt = schedule_pod(&cache, &pod, None, &mut next, &mut rng);
        let state = cycle_state(&pod, nodes.len(), |img| cache.image_nodes(img));
        match attempt.result {
            Ok(node) => {
                let info = cache
                    .get(&node)
                    .ok_or_else(|| TestCaseError::fail("no such node"))?;
                prop_assert!(
                    run_filters(&pod, &state, info).is_none(),
                    "{node} fails a filter"
                );
                cache.assume_pod(key, &pod, &node);
                placements.push(node);
            }
            Err(Failure::Fit(fit)) => {
                for n in cache.nodes() {
                    prop_assert!(
                        run_filters(&pod, &state, n).is_some(),
                        "{} would fit",
                        n.name
                    );
                }
                let counted: usize = fit.reasons.values().sum();
                prop_assert!(counted >= nodes.len(), "{}", fit.message());
                let prefix = format!("0/{} nodes are available: ", nodes.len());
                prop_assert!(fit.message().starts_with(&prefix));
                placements.push(String::new());
            }
            Err(Failure::NoNodes) => prop_assert!(false, "nodes exist"),
        }
    }
    for n in cache.nodes() {
        prop_assert!(
            n.requested.milli_cpu <= n.allocatable.milli_cpu,
            "{} overcommitted",
            n.name
        );
        prop_assert!(n.pods.len() as i64 <= n.allocatable.allowed_pods);
    }
    Ok(placements)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn placements_respect_every_filter_and_are_deterministic(
        nodes in prop::collection::vec(node_spec(), 1..7),
        pods in prop::collection::vec(pod_spec(), 1..30),
        seed in any::<u64>(),
    ) {
        let first = run(&nodes, &pods, seed)?;
        let second = run(&nodes, &pods, seed)?;
        prop_assert_eq!(first, second);
    }
}
