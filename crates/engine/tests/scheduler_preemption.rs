//! Preemption through the Cluster façade: a critical pod evicts a lower-priority pod, is
//! nominated, waits for the victim to terminate, then binds to the nominated node.

use podflow_engine::api::{Kind, Object, Pod};
use podflow_engine::network::Verb;
use podflow_engine::{Cluster, SimDuration};
use serde_json::{json, Value};

fn pod(name: &str, cpu: &str, extra: Value) -> Value {
    let mut spec = json!({"containers": [{"name": "app", "image": "nginx:1.27",
        "resources": {"requests": {"cpu": cpu}}}]});
    if let (Some(s), Some(e)) = (spec.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            s.insert(k.clone(), v.clone());
        }
    }
    json!({"apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": "kube-system"}, "spec": spec})
}

fn get(c: &Cluster, name: &str) -> Option<Pod> {
    match c
        .store()
        .get_by(Kind::Pod, "kube-system", name)
        .map(|o| &**o)
    {
        Some(Object::Pod(p)) => Some(p.clone()),
        _ => None,
    }
}

fn events(c: &Cluster, p: &Pod) -> Vec<(String, String)> {
    podflow_engine::events::for_object(c.store(), &Object::Pod(p.clone()))
        .iter()
        .filter(|e| e.source.component == "default-scheduler")
        .map(|e| (e.reason.clone(), e.message.clone()))
        .collect()
}

#[test]
fn a_critical_pod_preempts_one_low_priority_pod_and_binds_after_it_terminates() {
    let mut c = Cluster::new(31);
    for i in 0..4 {
        let manifest = pod(&format!("low-{i}"), "2", json!({}));
        c.request(Verb::CreateRaw(manifest)).expect("created");
    }
    c.advance(SimDuration::from_secs(2));
    let critical = pod(
        "critical",
        "2",
        json!({"priorityClassName": "system-cluster-critical"}),
    );
    c.request(Verb::CreateRaw(critical)).expect("created");
    c.advance(SimDuration::from_secs(1));
    let p = get(&c, "critical").expect("critical pod");
    assert_eq!(p.spec.node_name, "");
    let nominated = p.status.nominated_node_name.clone();
    assert!(
        nominated == "k8s-node-1" || nominated == "k8s-node-2",
        "{nominated:?}"
    );
    // The preemption succeeded, so the message has no PostFilter part.
    assert_eq!(
        events(&c, &p)[0],
        (
            "FailedScheduling".to_string(),
            "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu."
                .to_string()
        )
    );
    let victims: Vec<Pod> = (0..4)
        .filter_map(|i| get(&c, &format!("low-{i}")))
        .filter(|v| v.metadata.deletion_timestamp.is_some())
        .collect();
    assert_eq!(victims.len(), 1);
    let v = &victims[0];
    assert_eq!(v.spec.node_name, nominated);
    let cond = v
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "DisruptionTarget")
        .expect("DisruptionTarget");
    assert_eq!(
        (cond.reason.as_str(), cond.message.as_str()),
        (
            "PreemptionByScheduler",
            "default-scheduler: preempting to accommodate a higher priority pod"
        )
    );
    let preempted = events(&c, v);
    assert!(preempted.contains(&(
        "Preempted".to_string(),
        format!("Preempted by pod {} on node {nominated}", p.metadata.uid)
    )));
    c.advance(SimDuration::from_secs(60));
    let p = get(&c, "critical").expect("critical pod");
    assert_eq!(p.spec.node_name, nominated);
    let remaining = (0..4)
        .filter(|i| get(&c, &format!("low-{i}")).is_some())
        .count();
    assert_eq!(remaining, 3);
}
