//! The clusters the benchmarks drive, built only through the public `Cluster` façade (the
//! same requests kubectl and a joining node send), so a benchmark measures what a learner's
//! browser tab would run.
//!
//! Not an upstream file. Node addresses and pod CIDRs are made unique per index here because
//! `topology::node` numbers only the tutorial's few nodes.

use podflow_engine::api::{Kind, Object};
use podflow_engine::network::Verb;
use podflow_engine::{Cluster, SimDuration};
use serde_json::{json, Value};

/// An empty cluster with `count` Ready workers of 4 CPU / 8 GiB / 110 pods.
pub fn cluster_with_nodes(seed: u64, count: usize) -> Cluster {
    let mut c = Cluster::empty(seed);
    for i in 0..count {
        let name = format!("node-{i:05}");
        // `index` only feeds the default address and CIDR, both replaced below.
        let mut node = podflow_engine::topology::node(&name, 1, "4", "8Gi", "8092Mi");
        let cidr = format!("10.{}.{}.0/24", 100 + i / 256, i % 256);
        node.spec.pod_cidr.clone_from(&cidr);
        node.spec.pod_cidrs = vec![cidr];
        if let Some(ip) = node.status.addresses.first_mut() {
            ip.address = format!("192.168.{}.{}", 60 + i / 250, 1 + i % 250);
        }
        if let Err(e) = c.request(Verb::Create(Object::Node(node))) {
            panic!("node {name}: {}", e.kubectl_text());
        }
    }
    c
}

/// A one-container nginx pod asking 100m / 64Mi, so fit and scoring have work to do;
/// `extra` fields are merged into the container.
pub fn pod(name: &str, extra: &Value) -> Value {
    let mut container = json!({"name": "app", "image": "nginx:1.27",
        "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}});
    if let (Some(c), Some(extra)) = (container.as_object_mut(), extra.as_object()) {
        c.extend(extra.clone());
    }
    json!({"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": name, "labels": {"app": "bench"}},
           "spec": {"containers": [container]}})
}

/// Creates `count` pods named `{prefix}-{i}` as kubectl would, one request each.
pub fn create_pods(c: &mut Cluster, prefix: &str, count: usize, extra: &Value) {
    for i in 0..count {
        let name = format!("{prefix}-{i:05}");
        if let Err(e) = c.request(Verb::CreateRaw(pod(&name, extra))) {
            panic!("pod {name}: {}", e.kubectl_text());
        }
    }
}

/// Pods in `default` that have no node yet.
pub fn unbound(c: &Cluster) -> usize {
    c.store()
        .list(Kind::Pod, Some("default"))
        .filter_map(|o| o.as_pod())
        .filter(|p| p.spec.node_name.is_empty())
        .count()
}

/// Advances in `step`s until every pod is bound or `limit` has passed; the virtual time
/// spent.
pub fn advance_until_bound(c: &mut Cluster, step: SimDuration, limit: SimDuration) -> SimDuration {
    let start = c.now();
    while unbound(c) > 0 && c.now().saturating_sub(start) < limit {
        c.advance(step);
    }
    c.now().saturating_sub(start)
}

/// HTTP liveness and TCP readiness on nginx's port 80 every 10 s (the default period), as a
/// tutorial Deployment declares them.
pub fn probed_container() -> Value {
    json!({"ports": [{"containerPort": 80}],
           "livenessProbe": {"httpGet": {"path": "/", "port": 80}, "periodSeconds": 10},
           "readinessProbe": {"tcpSocket": {"port": 80}, "periodSeconds": 10}})
}

/// Pods in `default` whose Ready condition is True.
pub fn ready(c: &Cluster) -> usize {
    c.store()
        .list(Kind::Pod, Some("default"))
        .filter_map(|o| o.as_pod())
        .filter(|p| {
            p.status
                .conditions
                .iter()
                .any(|c| c.type_ == "Ready" && c.status == "True")
        })
        .count()
}
