//! A node whose kubelet goes silent: Ready=Unknown after the grace period, unreachable
//! taints, pods marked not ready, then evicted when their toleration runs out.

use podflow_engine::api::node::Node;
use podflow_engine::api::{Kind, Object, Pod};
use podflow_engine::network::Verb;
use podflow_engine::{Cluster, SimDuration};
use serde_json::json;

fn pod(name: &str, tolerations: serde_json::Value) -> serde_json::Value {
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
           "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}],
                    "tolerations": tolerations}})
}

fn get_pod(c: &Cluster, name: &str) -> Option<Pod> {
    c.store()
        .get_by(Kind::Pod, "default", name)
        .and_then(|o| o.as_pod())
        .cloned()
}

fn get_node(c: &Cluster, name: &str) -> Node {
    c.store()
        .get_by(Kind::Node, "", name)
        .and_then(|o| o.as_node())
        .cloned()
        .unwrap()
}

fn ready(n: &Node) -> (String, String, String) {
    let r = n
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "Ready")
        .unwrap();
    (r.status.clone(), r.reason.clone(), r.message.clone())
}

fn taints(n: &Node) -> Vec<String> {
    n.spec.taints.iter().map(|t| t.to_string()).collect()
}

fn events(c: &Cluster, reason: &str) -> Vec<String> {
    c.store()
        .list(Kind::Event, None)
        .filter_map(|o| match &**o {
            Object::Event(e) if e.reason == reason => Some(e.message.clone()),
            _ => None,
        })
        .collect()
}

/// Runs `web` until it is bound and running, then powers its node off; returns the node.
fn start_and_stop_node(c: &mut Cluster, tolerations: serde_json::Value) -> String {
    c.request(Verb::CreateRaw(pod("web", tolerations))).unwrap();
    c.advance(SimDuration::from_secs(30));
    let node = get_pod(c, "web").unwrap().spec.node_name;
    assert!(!node.is_empty(), "web is scheduled");
    assert!(c.stop_node(&node));
    node
}

#[test]
fn silent_node_goes_unknown_then_pods_are_evicted_after_300s() {
    let mut c = Cluster::new(21);
    let node = start_and_stop_node(&mut c, json!([]));
    let registered = events(&c, "RegisteredNode");
    assert_eq!(
        registered.len(),
        3,
        "one per node, when the controller first sees it"
    );
    assert!(registered.contains(&format!(
        "Node {node} event: Registered Node {node} in Controller"
    )));
    c.advance(SimDuration::from_secs(40));
    assert_eq!(
        ready(&get_node(&c, &node)).0,
        "True",
        "within the 50s grace period"
    );
    c.advance(SimDuration::from_secs(30));
    let n = get_node(&c, &node);
    assert_eq!(
        ready(&n),
        (
            "Unknown".to_string(),
            "NodeStatusUnknown".to_string(),
            "Kubelet stopped posting node status.".to_string()
        )
    );
    assert_eq!(
        taints(&n),
        vec![
            "node.kubernetes.io/unreachable:NoSchedule",
            "node.kubernetes.io/unreachable:NoExecute"
        ]
    );
    assert_eq!(
        events(&c, "NodeNotReady").len(),
        2,
        "one on the node, one on the pod"
    );
    let p = get_pod(&c, "web").unwrap();
    let r = p
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "Ready")
        .unwrap();
    assert_eq!(r.status, "False");
    // The default toleration (300s, added by admission) keeps the pod for five minutes.
    c.advance(SimDuration::from_secs(280));
    assert!(get_pod(&c, "web")
        .unwrap()
        .metadata
        .deletion_timestamp
        .is_none());
    c.advance(SimDuration::from_secs(30));
    let p = get_pod(&c, "web").unwrap();
    assert!(
        p.metadata.deletion_timestamp.is_some(),
        "evicted: Terminating"
    );
    let dt = p
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "DisruptionTarget")
        .unwrap();
    assert_eq!(dt.reason, "DeletionByTaintManager");
    assert_eq!(
        events(&c, "TaintManagerEviction"),
        vec!["Marking for deletion Pod default/web".to_string()]
    );
}

#[test]
fn short_toleration_evicts_sooner_and_node_return_clears_taints() {
    let mut c = Cluster::new(22);
    let tol = json!([{"key": "node.kubernetes.io/unreachable", "operator": "Exists",
                      "effect": "NoExecute", "tolerationSeconds": 10}]);
    let node = start_and_stop_node(&mut c, tol);
    c.advance(SimDuration::from_secs(70));
    assert_eq!(ready(&get_node(&c, &node)).0, "Unknown");
    c.advance(SimDuration::from_secs(15));
    assert!(get_pod(&c, "web")
        .unwrap()
        .metadata
        .deletion_timestamp
        .is_some());
    assert!(c.start_node(&node));
    c.advance(SimDuration::from_secs(20));
    let n = get_node(&c, &node);
    assert_eq!(ready(&n).0, "True");
    assert!(taints(&n).is_empty(), "{:?}", taints(&n));
}

#[test]
fn cordon_adds_the_unschedulable_taint() {
    let mut c = Cluster::new(23);
    c.advance(SimDuration::from_secs(1));
    let mut n = get_node(&c, "k8s-node-1");
    n.spec.unschedulable = true;
    n.metadata.resource_version.clear();
    c.request(Verb::Update(Object::Node(n))).unwrap();
    c.advance(SimDuration::from_secs(1));
    let n = get_node(&c, "k8s-node-1");
    assert_eq!(
        taints(&n),
        vec!["node.kubernetes.io/unschedulable:NoSchedule"]
    );
}
