//! The seeds' liveness example: an exec probe on a file the container removes after 30s.

mod kubelet_support;

use kubelet_support::*;
use podflow_engine::kubelet::cri::ProbeType;
use podflow_engine::{Cluster, SimDuration};
use serde_json::{json, Value};

fn liveness_pod(script: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": "liveness-exec", "labels": {"test": "liveness"}},
           "spec": {"nodeName": "k8s-node-1", "containers": [{
               "name": "liveness", "image": "busybox",
               "args": ["/bin/sh", "-c", script],
               "livenessProbe": {"exec": {"command": ["cat", "/tmp/healthy"]},
                                 "initialDelaySeconds": 5, "periodSeconds": 5}}]}})
}

fn started_at_secs(c: &Cluster) -> u64 {
    let p = must_pod(c, "liveness-exec");
    let running = p.status.container_statuses[0].state.running.clone();
    running
        .and_then(|r| r.started_at)
        .map_or(0, |t| t.0.as_millis() / 1000)
}

#[test]
fn failing_liveness_probe_kills_and_restarts_the_container() {
    let mut c = Cluster::new(1);
    create(
        &mut c,
        liveness_pod("touch /tmp/healthy; sleep 30; rm -rf /tmp/healthy; sleep 600"),
    );
    until(&mut c, 20, |c| {
        must_pod(c, "liveness-exec").status.phase == "Running"
    })
    .expect("runs");
    let started = started_at_secs(&c);
    let first_failure = until(&mut c, 60, |c| {
        reasons(c, "liveness-exec").contains(&"Unhealthy".into())
    })
    .map(|_| c.now().as_millis() / 1000)
    .expect("probe fails");
    let after_start = first_failure - started;
    assert!(
        (30..=36).contains(&after_start),
        "first failure {after_start}s after start"
    );
    until(&mut c, 30, |c| {
        reasons(c, "liveness-exec").contains(&"Killing".into())
    })
    .expect("killed");
    let ev = events(&c, "liveness-exec");
    let unhealthy = ev.iter().find(|e| e.0 == "Unhealthy").expect("Unhealthy");
    assert_eq!(
        unhealthy.1,
        "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory"
    );
    assert_eq!(unhealthy.2, 3);
    let killing = ev.iter().find(|e| e.0 == "Killing").expect("Killing");
    assert_eq!(
        killing.1,
        "Container liveness failed liveness probe, will be restarted"
    );
    // busybox's shell ignores SIGTERM: the container dies at SIGKILL after the 30s grace.
    let t = until(&mut c, 60, |c| restart_count(c, "liveness-exec") == 1).expect("restarted");
    assert!((25..=35).contains(&t), "restart {t}s after the kill");
    let p = must_pod(&c, "liveness-exec");
    let last = p.status.container_statuses[0]
        .last_state
        .terminated
        .clone()
        .expect("lastState");
    assert_eq!((last.exit_code, last.reason.as_str()), (137, "Error"));
    assert_eq!(p.status.phase, "Running");
    let uid = p.metadata.uid.clone();
    let kubelet = &c.node_agents()["k8s-node-1"].kubelet;
    let history = kubelet.probe_history(&uid, "liveness", ProbeType::Liveness);
    assert!(history.iter().filter(|r| !r.success).count() >= 3);
    assert!(history.iter().any(|r| r.success));
}

#[test]
fn liveness_kills_restart_at_once_until_the_back_off_outgrows_the_cycle() {
    let mut c = Cluster::new(3);
    create(
        &mut c,
        liveness_pod("touch /tmp/healthy; sleep 30; rm -rf /tmp/healthy; sleep 600"),
    );
    c.advance(SimDuration::from_secs(440));
    // A cycle lasts 75s (30s healthy, 3 probes 5s apart, 30s grace): back-offs of 10s, 20s and
    // 40s have expired by the next kill, so the first restarts are immediate.
    assert_eq!(restart_count(&c, "liveness-exec"), 5);
    assert!(!reasons(&c, "liveness-exec").contains(&"BackOff".to_string()));
    c.advance(SimDuration::from_secs(60));
    assert_eq!(
        waiting_reason(&c, "liveness-exec").as_deref(),
        Some("CrashLoopBackOff")
    );
    let unhealthy = events(&c, "liveness-exec")
        .into_iter()
        .find(|e| e.0 == "Unhealthy");
    assert!(unhealthy.is_some_and(|e| e.2 >= 15));
}

#[test]
fn the_tutorial_version_exits_and_crash_loops() {
    let mut c = Cluster::new(1);
    create(
        &mut c,
        liveness_pod("touch /tmp/healthy;sleep 30;rm -rf /tmp/healthy"),
    );
    let mut seen_crash_loop = false;
    let mut messages = vec![];
    for _ in 0..400 {
        c.advance(SimDuration::from_secs(1));
        let p = must_pod(&c, "liveness-exec");
        if let Some(w) = &p.status.container_statuses[0].state.waiting {
            if w.reason == "CrashLoopBackOff" {
                seen_crash_loop = true;
                messages.push(w.message.clone());
            }
        }
    }
    assert!(seen_crash_loop);
    let p = must_pod(&c, "liveness-exec");
    assert_eq!(p.status.phase, "Running");
    let cs = &p.status.container_statuses[0];
    assert!(cs.restart_count >= 4, "{}", cs.restart_count);
    let last = cs.last_state.terminated.clone().expect("lastState");
    assert_eq!((last.exit_code, last.reason.as_str()), (0, "Completed"));
    let uid = &p.metadata.uid;
    let want = format!(
        "back-off 1m20s restarting failed container=liveness pod=liveness-exec_default({uid})"
    );
    assert!(messages.contains(&want), "{messages:?}");
    let backoff = format!(
        "Back-off restarting failed container liveness in pod liveness-exec_default({uid})"
    );
    assert!(events(&c, "liveness-exec")
        .iter()
        .any(|e| e.0 == "BackOff" && e.1 == backoff));
    assert!(!reasons(&c, "liveness-exec").contains(&"Unhealthy".to_string()));
}

#[test]
fn readiness_gates_ready_and_http_probes_answer_from_the_server() {
    let mut c = Cluster::new(1);
    let container = json!({"name": "web", "image": "nginx",
        "readinessProbe": {"httpGet": {"path": "/", "port": 80}, "periodSeconds": 2},
        "livenessProbe": {"tcpSocket": {"port": 80}, "initialDelaySeconds": 3}});
    create(&mut c, pod_on_node("web", container));
    let ready = |c: &Cluster| {
        let p = must_pod(c, "web");
        p.status.container_statuses.first().is_some_and(|s| s.ready)
    };
    until(&mut c, 30, ready).expect("ready");
    c.advance(SimDuration::from_secs(30));
    assert_eq!(restart_count(&c, "web"), 0);
    assert!(!reasons(&c, "web").contains(&"Unhealthy".to_string()));
    let kinds: Vec<&str> = c.trace().events().iter().map(|e| e.kind).collect();
    assert!(kinds.contains(&"http-probe") && kinds.contains(&"tcp-probe"));
}

#[test]
fn a_readiness_probe_on_a_wrong_path_keeps_the_pod_unready() {
    let mut c = Cluster::new(1);
    let container = json!({"name": "web", "image": "nginx",
        "readinessProbe": {"httpGet": {"path": "/healthz", "port": 80}}});
    create(&mut c, pod_on_node("web", container));
    c.advance(SimDuration::from_secs(40));
    let p = must_pod(&c, "web");
    assert_eq!(p.status.phase, "Running");
    assert!(!p.status.container_statuses[0].ready);
    let ready = p
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "Ready")
        .expect("Ready");
    assert_eq!(
        (ready.status.as_str(), ready.reason.as_str()),
        ("False", "ContainersNotReady")
    );
    let ev = events(&c, "web");
    let e = ev.iter().find(|e| e.0 == "Unhealthy").expect("Unhealthy");
    assert_eq!(
        e.1,
        "Readiness probe failed: HTTP probe failed with statuscode: 404"
    );
}

#[test]
fn a_probe_that_cannot_run_errors_and_never_restarts_the_container() {
    let mut c = Cluster::new(1);
    let container = json!({"name": "web", "image": "nginx",
        "livenessProbe": {"tcpSocket": {"port": "http"}, "periodSeconds": 5}});
    create(&mut c, pod_on_node("web", container));
    c.advance(SimDuration::from_secs(60));
    assert_eq!(restart_count(&c, "web"), 0);
    let ev = events(&c, "web");
    let e = ev.iter().find(|e| e.0 == "Unhealthy").expect("Unhealthy");
    let want = "Liveness probe errored and resulted in unknown state: strconv.Atoi: parsing \"http\": invalid syntax";
    assert_eq!(e.1, want);
    assert!(e.2 >= 5);
}

#[test]
fn an_exec_probe_slower_than_its_timeout_fails() {
    let mut c = Cluster::new(1);
    let container = json!({"name": "slow", "image": "busybox", "command": ["sh", "-c", "sleep 3600"],
        "livenessProbe": {"exec": {"command": ["sh", "-c", "sleep 5"]}, "timeoutSeconds": 2, "periodSeconds": 10}});
    create(&mut c, pod_on_node("slow", container));
    c.advance(SimDuration::from_secs(60));
    let ev = events(&c, "slow");
    let e = ev.iter().find(|e| e.0 == "Unhealthy").expect("Unhealthy");
    assert_eq!(
        e.1,
        "Liveness probe failed: command \"sh -c sleep 5\" timed out"
    );
    assert!(reasons(&c, "slow").contains(&"Killing".to_string()));
}

#[test]
fn the_same_seed_gives_the_same_trace_through_kills_and_restarts() {
    let run = || {
        let mut c = Cluster::new(9);
        create(
            &mut c,
            liveness_pod("touch /tmp/healthy; sleep 30; rm -rf /tmp/healthy; sleep 600"),
        );
        c.advance(SimDuration::from_secs(200));
        c.trace().to_json_lines()
    };
    let (a, b) = (run(), run());
    assert!(a.lines().count() > 100);
    assert_eq!(a, b);
}
