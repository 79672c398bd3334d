//! Traffic to a Service: kube-proxy spreads connections over ready pods, sticks with ClientIP
//! affinity, and refuses when no endpoint is ready.

use podflow_engine::api::{Kind, Object};
use podflow_engine::network::Verb;
use podflow_engine::{Cluster, SimDuration};
use serde_json::json;
use std::collections::BTreeSet;

fn web_pod(name: &str) -> serde_json::Value {
    json!({"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": name, "labels": {"app": "web"}},
           "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27",
                                    "ports": [{"containerPort": 80, "name": "http"}]}]}})
}

fn web_service(affinity: &str) -> serde_json::Value {
    json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
           "spec": {"selector": {"app": "web"}, "sessionAffinity": affinity,
                    "ports": [{"port": 80, "targetPort": "http"}]}})
}

fn ready_cluster(seed: u64, pods: usize, affinity: &str) -> Cluster {
    let mut c = Cluster::new(seed);
    for i in 0..pods {
        c.request(Verb::CreateRaw(web_pod(&format!("web-{i}"))))
            .unwrap();
    }
    c.request(Verb::CreateRaw(web_service(affinity))).unwrap();
    c.advance(SimDuration::from_secs(60));
    c
}

fn ready_ips(c: &Cluster) -> Vec<String> {
    let ep = c
        .store()
        .get_by(Kind::Endpoints, "default", "web")
        .expect("endpoints");
    let Object::Endpoints(ep) = &**ep else {
        panic!()
    };
    ep.subsets
        .iter()
        .flat_map(|s| &s.addresses)
        .map(|a| a.ip.clone())
        .collect()
}

#[test]
fn connections_spread_over_every_ready_pod() {
    let mut c = ready_cluster(11, 3, "None");
    assert_eq!(ready_ips(&c).len(), 3, "three ready endpoints");
    let results = c.send_traffic("default", "web", 80, 30);
    assert!(results.iter().all(|r| r.error.is_none()), "{results:?}");
    let pods: BTreeSet<_> = results.iter().filter_map(|r| r.pod.clone()).collect();
    assert_eq!(pods.len(), 3, "random choice reaches all three: {pods:?}");
    assert!(
        results.iter().all(|r| r.port == Some(80)),
        "named port resolved"
    );
    let kinds: Vec<&str> = c.trace().events().iter().map(|e| e.kind).collect();
    assert!(kinds.contains(&"service-request") && kinds.contains(&"service-response"));
}

#[test]
fn client_ip_affinity_sticks_to_one_pod() {
    let mut c = ready_cluster(12, 3, "ClientIP");
    let results = c.send_traffic("default", "web", 80, 10);
    let pods: BTreeSet<_> = results.iter().filter_map(|r| r.pod.clone()).collect();
    assert_eq!(pods.len(), 1, "{results:?}");
}

#[test]
fn no_endpoints_is_connection_refused() {
    let mut c = Cluster::new(13);
    c.request(Verb::CreateRaw(web_service("None"))).unwrap();
    c.advance(SimDuration::from_secs(1));
    let r = c.send_traffic("default", "web", 80, 2);
    assert_eq!(r[0].error.as_deref(), Some("connection refused"));
    assert_eq!(r[0].pod, None);
    let r = c.send_traffic("default", "nope", 80, 1);
    assert_eq!(r[0].error.as_deref(), Some("could not resolve host"));
}

#[test]
fn node_port_reaches_the_pods_from_any_node() {
    let mut c = Cluster::new(14);
    for i in 0..2 {
        c.request(Verb::CreateRaw(web_pod(&format!("web-{i}"))))
            .unwrap();
    }
    let svc = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
        "spec": {"type": "NodePort", "selector": {"app": "web"},
                 "ports": [{"port": 80, "targetPort": "http", "nodePort": 30080}]}});
    c.request(Verb::CreateRaw(svc)).unwrap();
    c.advance(SimDuration::from_secs(60));
    // Even the control-plane node, which runs no web pod, forwards its node port.
    let r = podflow_engine::proxy::traffic::send_to_node_port(&mut c, "k8s-master", 30080, 6);
    assert!(
        r.iter().all(|r| r.error.is_none() && r.pod.is_some()),
        "{r:?}"
    );
    let r = podflow_engine::proxy::traffic::send_to_node_port(&mut c, "k8s-master", 30081, 1);
    assert_eq!(r[0].error.as_deref(), Some("connection refused"));
}

#[test]
fn the_kubernetes_service_reaches_the_api_server() {
    let mut c = Cluster::new(15);
    let r = c.send_traffic("default", "kubernetes", 443, 1);
    assert_eq!(r[0].error, None);
    assert_eq!(r[0].ip.as_deref(), Some("192.168.56.10"));
    assert_eq!(r[0].port, Some(6443));
    assert_eq!(r[0].pod, None, "the API server is not a pod");
}
