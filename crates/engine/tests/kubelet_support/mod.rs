//! Helpers shared by the kubelet scenario tests: create pods bound to a node, read them back.

#![allow(dead_code)]

use podflow_engine::api::{Kind, Object, Pod};
use podflow_engine::network::Verb;
use podflow_engine::{Cluster, SimDuration};
use serde_json::{json, Value};

pub fn create(c: &mut Cluster, manifest: Value) {
    c.request(Verb::CreateRaw(manifest)).expect("created");
}

/// A pod bound to `k8s-node-1` (no scheduler needed) with one container.
pub fn pod_on_node(name: &str, container: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
           "spec": {"nodeName": "k8s-node-1", "containers": [container]}})
}

pub fn pod(c: &Cluster, name: &str) -> Option<Pod> {
    match c
        .store()
        .get_by(Kind::Pod, "default", name)
        .map(|o| (**o).clone())
    {
        Some(Object::Pod(p)) => Some(p),
        _ => None,
    }
}

pub fn must_pod(c: &Cluster, name: &str) -> Pod {
    pod(c, name).unwrap_or_else(|| panic!("no pod {name}"))
}

/// `(reason, message, count)` of the pod's events, oldest first.
pub fn events(c: &Cluster, name: &str) -> Vec<(String, String, i32)> {
    let Some(obj) = c.store().get_by(Kind::Pod, "default", name).cloned() else {
        return vec![];
    };
    podflow_engine::events::for_object(c.store(), &obj)
        .iter()
        .map(|e| (e.reason.clone(), e.message.clone(), e.count))
        .collect()
}

pub fn reasons(c: &Cluster, name: &str) -> Vec<String> {
    events(c, name).into_iter().map(|e| e.0).collect()
}

/// The first container's waiting reason, if it is waiting.
pub fn waiting_reason(c: &Cluster, name: &str) -> Option<String> {
    let p = pod(c, name)?;
    let cs = p.status.container_statuses.first()?;
    cs.state.waiting.as_ref().map(|w| w.reason.clone())
}

pub fn restart_count(c: &Cluster, name: &str) -> i32 {
    pod(c, name).map_or(-1, |p| {
        p.status
            .container_statuses
            .first()
            .map_or(-1, |s| s.restart_count)
    })
}

/// Advances second by second until `cond` holds; the time it took, or `None` after `max`.
pub fn until(
    c: &mut Cluster,
    max_secs: u64,
    mut cond: impl FnMut(&Cluster) -> bool,
) -> Option<u64> {
    let start = c.now().as_millis();
    for _ in 0..max_secs {
        if cond(c) {
            return Some((c.now().as_millis() - start) / 1000);
        }
        c.advance(SimDuration::from_secs(1));
    }
    cond(c).then(|| (c.now().as_millis() - start) / 1000)
}
