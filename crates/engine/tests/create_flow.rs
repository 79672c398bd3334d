//! The create path through the API server and etcd, as the trace records it.

use podflow_engine::api::Kind;
use podflow_engine::network::Verb;
use podflow_engine::Cluster;
use serde_json::json;

fn nginx() -> serde_json::Value {
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "nginx"},
           "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}})
}

#[test]
fn create_goes_apiserver_etcd_and_fans_out_to_watchers() {
    let mut c = Cluster::new(1);
    let pod = c.request(Verb::CreateRaw(nginx())).expect("created");
    assert_eq!(pod.meta().namespace, "default");
    assert!(!pod.meta().uid.is_empty());
    assert!(c.store().get_by(Kind::Pod, "default", "nginx").is_some());
    let hops: Vec<String> = c
        .trace()
        .events()
        .iter()
        .map(|e| format!("{} -> {} {}", e.from, e.to, e.kind))
        .collect();
    assert_eq!(hops[0], "kubectl -> kube-apiserver create");
    assert_eq!(hops[1], "kube-apiserver -> etcd etcd-txn");
    assert_eq!(hops[2], "etcd -> kube-apiserver etcd-ok");
    assert!(hops.contains(&"kube-apiserver -> kube-scheduler watch".to_string()));
    assert!(hops.contains(&"kube-apiserver -> kubectl response".to_string()));
}

#[test]
fn duplicate_create_is_already_exists() {
    let mut c = Cluster::new(1);
    c.request(Verb::CreateRaw(nginx())).unwrap();
    let e = c.request(Verb::CreateRaw(nginx())).unwrap_err();
    assert_eq!(
        e.kubectl_text(),
        "Error from server (AlreadyExists): pods \"nginx\" already exists"
    );
}

#[test]
fn same_seed_same_trace() {
    let run = |seed| {
        let mut c = Cluster::new(seed);
        c.request(Verb::CreateRaw(nginx())).unwrap();
        c.advance(podflow_engine::SimDuration::from_secs(60));
        c.trace().to_json_lines()
    };
    assert_eq!(run(7), run(7));
}
