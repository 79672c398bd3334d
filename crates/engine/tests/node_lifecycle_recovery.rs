//! What a learner sees when a worker dies under a Deployment behind a Service: its pods leave
//! the endpoints once the node is Unknown, traffic goes to the survivors, and after the 300s
//! toleration the ReplicaSet replaces the evicted pods on the other node.

use podflow_engine::api::{Kind, Object, Pod};
use podflow_engine::network::Verb;
use podflow_engine::{Cluster, SimDuration};
use serde_json::json;
use std::collections::BTreeSet;

fn setup(seed: u64) -> Cluster {
    let mut c = Cluster::new(seed);
    let deploy = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
        "spec": {"replicas": 4, "selector": {"matchLabels": {"app": "web"}},
                 "template": {"metadata": {"labels": {"app": "web"}},
                              "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27",
                                                       "ports": [{"containerPort": 80}]}]}}}});
    c.request(Verb::CreateRaw(deploy)).unwrap();
    let svc = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
        "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}});
    c.request(Verb::CreateRaw(svc)).unwrap();
    c.advance(SimDuration::from_secs(60));
    c
}

fn pods(c: &Cluster) -> Vec<Pod> {
    c.store()
        .list(Kind::Pod, Some("default"))
        .filter_map(|o| o.as_pod().cloned())
        .collect()
}

fn answering_nodes(c: &mut Cluster, n: usize) -> BTreeSet<String> {
    let results = c.send_traffic("default", "web", 80, n);
    assert!(results.iter().all(|r| r.error.is_none()), "{results:?}");
    results.into_iter().filter_map(|r| r.node).collect()
}

#[test]
fn traffic_avoids_a_dead_node_and_its_pods_are_replaced() {
    let mut c = setup(41);
    let nodes = answering_nodes(&mut c, 40);
    assert_eq!(nodes.len(), 2, "pods spread over both workers: {nodes:?}");
    let dead = "k8s-node-1".to_string();
    assert!(c.stop_node(&dead));
    c.advance(SimDuration::from_secs(70));
    let nodes = answering_nodes(&mut c, 20);
    assert_eq!(nodes, BTreeSet::from(["k8s-node-2".to_string()]));
    let ep = c.store().get_by(Kind::Endpoints, "default", "web").unwrap();
    let Object::Endpoints(ep) = &**ep else {
        panic!()
    };
    let not_ready: Vec<_> = ep
        .subsets
        .iter()
        .flat_map(|s| &s.not_ready_addresses)
        .collect();
    assert!(not_ready
        .iter()
        .all(|a| a.node_name.as_deref() == Some("k8s-node-1")));
    assert!(!not_ready.is_empty());
    // 300s of default toleration, then eviction; the ReplicaSet makes up the difference.
    c.advance(SimDuration::from_secs(330));
    let all = pods(&c);
    let live: Vec<_> = all
        .iter()
        .filter(|p| p.metadata.deletion_timestamp.is_none())
        .collect();
    assert_eq!(live.len(), 4, "replacements created");
    assert!(live.iter().all(|p| p.spec.node_name == "k8s-node-2"));
    let terminating = all
        .iter()
        .filter(|p| p.metadata.deletion_timestamp.is_some());
    assert!(
        terminating.clone().count() > 0,
        "the dead node's pods stay Terminating"
    );
    assert!(terminating.into_iter().all(|p| p.spec.node_name == dead));
}

#[test]
fn same_seed_same_connections() {
    let run = |seed| {
        let mut c = setup(seed);
        let r = c.send_traffic("default", "web", 80, 12);
        (format!("{r:?}"), c.trace().to_json_lines())
    };
    assert_eq!(run(42), run(42));
}
