//! Init containers, startup probes, preStop hooks and shared emptyDir volumes.

mod kubelet_support;

use kubelet_support::*;
use podflow_engine::api::{Kind, ObjectKey};
use podflow_engine::network::Verb;
use podflow_engine::{Cluster, SimDuration};
use serde_json::json;

fn status_line(c: &Cluster, name: &str) -> String {
    let p = must_pod(c, name);
    podflow_engine::api::derived::pod_row(&p, c.now()).status
}

#[test]
fn init_containers_run_in_order_before_the_app() {
    let mut c = Cluster::new(1);
    create(
        &mut c,
        json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "app"},
        "spec": {"nodeName": "k8s-node-1",
            "initContainers": [
                {"name": "init-a", "image": "busybox", "command": ["sh", "-c", "sleep 3"]},
                {"name": "init-b", "image": "busybox", "command": ["sh", "-c", "sleep 3"]}],
            "containers": [{"name": "web", "image": "nginx"}]}}),
    );
    c.advance(SimDuration::from_secs(2));
    let p = must_pod(&c, "app");
    assert_eq!(p.status.phase, "Pending");
    let web = &p.status.container_statuses[0];
    assert_eq!(
        web.state.waiting.as_ref().map(|w| w.reason.as_str()),
        Some("PodInitializing")
    );
    let init = p
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "Initialized")
        .expect("Initialized");
    assert_eq!(
        init.message,
        "containers with incomplete status: [init-a init-b]"
    );
    assert_eq!(status_line(&c, "app"), "Init:0/2");
    until(&mut c, 30, |c| must_pod(c, "app").status.phase == "Running").expect("runs");
    let p = must_pod(&c, "app");
    let inits: Vec<(i32, String)> = p
        .status
        .init_container_statuses
        .iter()
        .map(|s| {
            s.state
                .terminated
                .as_ref()
                .map_or((-1, String::new()), |t| (t.exit_code, t.reason.clone()))
        })
        .collect();
    assert_eq!(
        inits,
        [(0, "Completed".to_string()), (0, "Completed".to_string())]
    );
    let a = &p.status.init_container_statuses[0].state.terminated;
    let b = &p.status.init_container_statuses[1].state.terminated;
    let (a_end, b_start) = (
        a.as_ref().and_then(|t| t.finished_at),
        b.as_ref().and_then(|t| t.started_at),
    );
    assert!(a_end <= b_start, "init-b starts after init-a finished");
}

#[test]
fn a_failing_init_container_with_never_fails_the_pod() {
    let mut c = Cluster::new(1);
    create(
        &mut c,
        json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "app"},
        "spec": {"nodeName": "k8s-node-1", "restartPolicy": "Never",
            "initContainers": [{"name": "init", "image": "busybox", "command": ["sh", "-c", "exit 2"]}],
            "containers": [{"name": "web", "image": "nginx"}]}}),
    );
    c.advance(SimDuration::from_secs(20));
    assert_eq!(must_pod(&c, "app").status.phase, "Failed");
    let web = &must_pod(&c, "app").status.container_statuses[0];
    assert_eq!(
        web.state.waiting.as_ref().map(|w| w.reason.as_str()),
        Some("PodInitializing")
    );
}

#[test]
fn a_startup_probe_holds_liveness_until_it_passes() {
    let mut c = Cluster::new(1);
    let container = json!({"name": "slow", "image": "busybox",
        "command": ["sh", "-c", "sleep 20; touch /tmp/started; sleep 3600"],
        "startupProbe": {"exec": {"command": ["cat", "/tmp/started"]}, "periodSeconds": 5, "failureThreshold": 10},
        "livenessProbe": {"exec": {"command": ["cat", "/tmp/started"]}, "periodSeconds": 5}});
    create(&mut c, pod_on_node("slow", container));
    c.advance(SimDuration::from_secs(15));
    let p = must_pod(&c, "slow");
    assert_eq!(p.status.container_statuses[0].started, Some(false));
    assert!(!p.status.container_statuses[0].ready);
    c.advance(SimDuration::from_secs(30));
    let p = must_pod(&c, "slow");
    assert_eq!(p.status.container_statuses[0].started, Some(true));
    assert!(p.status.container_statuses[0].ready);
    assert_eq!(restart_count(&c, "slow"), 0);
    let unhealthy: Vec<String> = events(&c, "slow")
        .into_iter()
        .filter(|e| e.0 == "Unhealthy")
        .map(|e| e.1)
        .collect();
    assert!(
        unhealthy
            .iter()
            .all(|m| m.starts_with("Startup probe failed: ")),
        "{unhealthy:?}"
    );
}

#[test]
fn a_failing_startup_probe_restarts_the_container() {
    let mut c = Cluster::new(1);
    let container = json!({"name": "never", "image": "busybox", "command": ["sh", "-c", "sleep 3600"],
        "startupProbe": {"exec": {"command": ["cat", "/tmp/started"]}, "periodSeconds": 2, "failureThreshold": 3}});
    create(&mut c, pod_on_node("never", container));
    c.advance(SimDuration::from_secs(60));
    let killing = events(&c, "never")
        .into_iter()
        .find(|e| e.0 == "Killing")
        .map(|e| e.1);
    assert_eq!(
        killing.as_deref(),
        Some("Container never failed startup probe, will be restarted")
    );
    assert!(restart_count(&c, "never") >= 1);
}

#[test]
fn pre_stop_runs_before_the_stop_signal() {
    let mut c = Cluster::new(1);
    let container = json!({"name": "web", "image": "nginx",
        "lifecycle": {"preStop": {"exec": {"command": ["sh", "-c", "sleep 5"]}}}});
    create(&mut c, pod_on_node("web", container));
    until(&mut c, 20, |c| must_pod(c, "web").status.phase == "Running").expect("runs");
    let key = ObjectKey::new(Kind::Pod, "default", "web");
    c.request(Verb::Delete {
        key,
        grace_period_seconds: None,
    })
    .expect("deleted");
    let gone = until(&mut c, 40, |c| pod(c, "web").is_none()).expect("gone");
    assert!((5..=7).contains(&gone), "gone after {gone}s");
    let kinds: Vec<&str> = c
        .trace()
        .events()
        .iter()
        .map(|e| e.kind)
        .filter(|k| *k == "exec-sync" || *k == "stop-container")
        .collect();
    assert_eq!(kinds, ["exec-sync", "stop-container"]);
}

#[test]
fn an_empty_dir_is_shared_and_survives_a_container_restart() {
    let mut c = Cluster::new(1);
    create(
        &mut c,
        json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "shared"},
        "spec": {"nodeName": "k8s-node-1",
            "volumes": [{"name": "data", "emptyDir": {}}],
            "containers": [
                {"name": "writer", "image": "busybox", "volumeMounts": [{"name": "data", "mountPath": "/data"}],
                 "command": ["sh", "-c", "echo hello >> /data/log; sleep 10; exit 1"]},
                {"name": "reader", "image": "busybox", "volumeMounts": [{"name": "data", "mountPath": "/in"}],
                 "command": ["sh", "-c", "sleep 3600"],
                 "readinessProbe": {"exec": {"command": ["cat", "/in/log"]}, "periodSeconds": 2}}]}}),
    );
    until(&mut c, 60, |c| restart_count(c, "shared") >= 1).expect("writer restarted");
    c.advance(SimDuration::from_secs(5));
    let p = must_pod(&c, "shared");
    let reader = p
        .status
        .container_statuses
        .iter()
        .find(|s| s.name == "reader")
        .expect("reader");
    assert!(reader.ready, "the reader sees the writer's file");
    let uid = p.metadata.uid;
    let runtime = &c.node_agents()["k8s-node-1"].runtime;
    let vol = runtime
        .volumes()
        .volumes
        .get(&format!("emptydir/{uid}/data"))
        .expect("volume");
    assert_eq!(
        vol.files.get("log").map(String::as_str),
        Some("hello\nhello\n")
    );
}

#[test]
fn kubectl_exec_runs_in_the_container_through_kubelet_and_runtime() {
    let mut c = Cluster::new(1);
    create(
        &mut c,
        pod_on_node("web", json!({"name": "web", "image": "nginx"})),
    );
    until(&mut c, 20, |c| must_pod(c, "web").status.phase == "Running").expect("runs");
    let argv = vec!["cat".to_string(), "/etc/hostname".to_string()];
    let (code, out) = c.exec("default", "web", "web", argv).expect("exec");
    assert_eq!((code, out.as_str()), (0, "web\n"));
    let kinds: Vec<&str> = c.trace().events().iter().map(|e| e.kind).collect();
    assert!(
        kinds.contains(&"exec") && kinds.contains(&"exec-sync") && kinds.contains(&"exec-output")
    );
    let err = c
        .exec("default", "web", "nope", vec!["true".to_string()])
        .unwrap_err();
    assert_eq!(
        err,
        "unable to upgrade connection: container not found (\"nope\")"
    );
}

#[test]
fn an_nginx_serving_an_empty_dir_fails_readiness_until_a_page_is_written() {
    let mut c = Cluster::new(1);
    create(
        &mut c,
        json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "site"},
        "spec": {"nodeName": "k8s-node-1",
            "volumes": [{"name": "html", "emptyDir": {}}],
            "containers": [{"name": "web", "image": "nginx",
                "volumeMounts": [{"name": "html", "mountPath": "/usr/share/nginx/html"}],
                "readinessProbe": {"httpGet": {"path": "/", "port": 80}, "periodSeconds": 2}}]}}),
    );
    c.advance(SimDuration::from_secs(20));
    let ready = |c: &Cluster| must_pod(c, "site").status.container_statuses[0].ready;
    assert!(!ready(&c), "an empty document root answers 403");
    let unhealthy = events(&c, "site")
        .into_iter()
        .find(|e| e.0 == "Unhealthy")
        .map(|e| e.1);
    assert_eq!(
        unhealthy.as_deref(),
        Some("Readiness probe failed: HTTP probe failed with statuscode: 403")
    );
    let argv = ["sh", "-c", "echo hello > /usr/share/nginx/html/index.html"]
        .map(String::from)
        .to_vec();
    c.exec("default", "site", "web", argv).expect("exec");
    until(&mut c, 10, ready).expect("ready once index.html exists");
}
