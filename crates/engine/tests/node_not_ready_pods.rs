//! What `MarkPodsNotReady` changes, and what it leaves alone, when a node goes `Unknown`.
//!
//! Upstream (`pkg/controller/util/node/controller_utils.go`) flips only the pod's `Ready`
//! condition to False (reason and message kept, `lastTransitionTime` moved) with an
//! UpdateStatus from the controller manager. The container statuses stay as the silent
//! kubelet last wrote them, so `kubectl get pods` still prints READY `1/1` and STATUS `Running`
//! (`printPod` counts `containerStatuses[].ready`), exactly as on a real cluster.

use podflow_engine::api::derived::pod_row;
use podflow_engine::api::{Kind, Pod};
use podflow_engine::network::Verb;
use podflow_engine::trace::Actor;
use podflow_engine::{Cluster, SimDuration};
use serde_json::json;

fn web(c: &Cluster) -> Pod {
    c.store()
        .get_by(Kind::Pod, "default", "web")
        .and_then(|o| o.as_pod())
        .cloned()
        .expect("web")
}

fn condition(p: &Pod, type_: &str) -> String {
    let c = p.status.conditions.iter().find(|c| c.type_ == type_);
    c.map_or_else(String::new, |c| c.status.clone())
}

#[test]
fn only_the_ready_condition_turns_false_on_an_unknown_node() {
    let mut c = Cluster::new(21);
    let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
        "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}});
    c.request(Verb::CreateRaw(pod)).unwrap();
    c.advance(SimDuration::from_secs(30));
    let before = web(&c);
    assert_eq!(condition(&before, "Ready"), "True");
    let ready_before = before.status.conditions.iter().find(|c| c.type_ == "Ready");
    let reason_before = ready_before.map(|c| c.reason.clone());
    assert!(c.stop_node(&before.spec.node_name));
    let seq = c.trace().events().last().map_or(0, |e| e.seq + 1);
    c.advance(SimDuration::from_secs(70));
    let after = web(&c);
    assert_eq!(condition(&after, "Ready"), "False");
    assert_eq!(condition(&after, "ContainersReady"), "True");
    let ready = after.status.conditions.iter().find(|c| c.type_ == "Ready");
    assert_eq!(ready.map(|c| c.reason.clone()), reason_before);
    assert!(ready.and_then(|c| c.last_transition_time) > before_transition(&before));
    let row = pod_row(&after, c.now());
    assert_eq!(
        (row.ready.as_str(), row.status.as_str()),
        ("1/1", "Running")
    );
    let writes: Vec<_> = c
        .trace()
        .since(seq)
        .iter()
        .filter(|e| e.from == Actor::ControllerManager && e.kind == "update-status")
        .filter(|e| e.object.as_ref().is_some_and(|k| k.name == "web"))
        .collect();
    assert_eq!(writes.len(), 1, "one UpdateStatus of the pod, traced");
}

fn before_transition(p: &Pod) -> Option<podflow_engine::api::Time> {
    let ready = p.status.conditions.iter().find(|c| c.type_ == "Ready");
    ready.and_then(|c| c.last_transition_time)
}
