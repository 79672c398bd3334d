//! A pod bound to a node starts: sandbox, pull, create, start; status and events as upstream.

use podflow_engine::api::{Kind, Object};
use podflow_engine::network::Verb;
use podflow_engine::{Cluster, SimDuration};
use serde_json::{json, Value};

fn create(c: &mut Cluster, manifest: Value) {
    c.request(Verb::CreateRaw(manifest)).expect("created");
}

fn pod_on_node(name: &str, image: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
           "spec": {"nodeName": "k8s-node-1",
                    "containers": [{"name": name, "image": image}]}})
}

fn pod(c: &Cluster, name: &str) -> podflow_engine::api::Pod {
    match c
        .store()
        .get_by(Kind::Pod, "default", name)
        .map(|o| (**o).clone())
    {
        Some(Object::Pod(p)) => p,
        other => panic!("no pod {name}: {other:?}"),
    }
}

/// `(reason, message)` of the pod's events, oldest first.
fn events(c: &Cluster, name: &str) -> Vec<(String, String)> {
    let obj = c
        .store()
        .get_by(Kind::Pod, "default", name)
        .expect("pod")
        .clone();
    podflow_engine::events::for_object(c.store(), &obj)
        .iter()
        .map(|e| (e.reason.clone(), e.message.clone()))
        .collect()
}

#[test]
fn nginx_runs_and_is_ready_with_events_in_order() {
    let mut c = Cluster::new(1);
    create(&mut c, pod_on_node("nginx", "nginx"));
    c.advance(SimDuration::from_secs(20));
    let p = pod(&c, "nginx");
    assert_eq!(p.status.phase, "Running");
    assert!(
        p.status.pod_ip.starts_with("10.244.1."),
        "{}",
        p.status.pod_ip
    );
    assert_eq!(p.status.host_ip, "192.168.56.11");
    let cs = &p.status.container_statuses[0];
    assert!(cs.ready && cs.state.running.is_some());
    assert_eq!(cs.image, "docker.io/library/nginx:latest");
    assert!(cs.container_id.starts_with("containerd://"));
    let ready = p
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "Ready")
        .expect("Ready");
    assert_eq!(ready.status, "True");
    let ev = events(&c, "nginx");
    let reasons: Vec<&str> = ev.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(reasons, ["Pulling", "Pulled", "Created", "Started"]);
    assert_eq!(ev[0].1, "Pulling image \"nginx\"");
    assert!(
        ev[1]
            .1
            .starts_with("Successfully pulled image \"nginx\" in "),
        "{}",
        ev[1].1
    );
    assert!(
        ev[1].1.ends_with("Image size: 72225394 bytes."),
        "{}",
        ev[1].1
    );
    assert_eq!(ev[2].1, "Container created");
    assert_eq!(ev[3].1, "Container started");
}

#[test]
fn the_trace_shows_the_cri_calls() {
    let mut c = Cluster::new(1);
    create(&mut c, pod_on_node("nginx", "nginx"));
    c.advance(SimDuration::from_secs(20));
    let kinds: Vec<&str> = c
        .trace()
        .events()
        .iter()
        .filter(|e| e.from.to_string().starts_with("kubelet@"))
        .filter(|e| e.to.to_string().starts_with("containerd@"))
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            "run-pod-sandbox",
            "pull-image",
            "create-container",
            "start-container"
        ]
    );
}
