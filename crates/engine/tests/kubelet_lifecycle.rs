//! restartPolicy outcomes, graceful and forced deletion, and the memory limit.

mod kubelet_support;

use kubelet_support::*;
use podflow_engine::api::{Kind, ObjectKey};
use podflow_engine::network::Verb;
use podflow_engine::{Cluster, SimDuration};
use serde_json::{json, Value};

fn shell_pod(name: &str, policy: &str, script: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
           "spec": {"nodeName": "k8s-node-1", "restartPolicy": policy, "containers": [{
               "name": name, "image": "busybox", "command": ["sh", "-c", script]}]}})
}

fn terminated(c: &Cluster, name: &str) -> Option<(i32, String)> {
    let p = pod(c, name)?;
    let t = p
        .status
        .container_statuses
        .first()?
        .state
        .terminated
        .clone()?;
    Some((t.exit_code, t.reason))
}

fn delete(c: &mut Cluster, name: &str, grace: Option<i64>) {
    let key = ObjectKey::new(Kind::Pod, "default", name);
    c.request(Verb::Delete {
        key,
        grace_period_seconds: grace,
    })
    .expect("deleted");
}

#[test]
fn never_policy_ends_succeeded_or_failed() {
    let mut c = Cluster::new(1);
    create(&mut c, shell_pod("ok", "Never", "echo done"));
    create(&mut c, shell_pod("bad", "Never", "echo oops; exit 3"));
    c.advance(SimDuration::from_secs(30));
    assert_eq!(must_pod(&c, "ok").status.phase, "Succeeded");
    assert_eq!(terminated(&c, "ok"), Some((0, "Completed".into())));
    assert_eq!(must_pod(&c, "bad").status.phase, "Failed");
    assert_eq!(terminated(&c, "bad"), Some((3, "Error".into())));
    assert_eq!(restart_count(&c, "bad"), 0);
    let ready = must_pod(&c, "ok")
        .status
        .conditions
        .into_iter()
        .find(|c| c.type_ == "Ready");
    assert_eq!(ready.map(|r| r.reason), Some("PodCompleted".to_string()));
}

#[test]
fn on_failure_restarts_failures_only() {
    let mut c = Cluster::new(1);
    create(&mut c, shell_pod("ok", "OnFailure", "echo done"));
    create(&mut c, shell_pod("bad", "OnFailure", "exit 1"));
    c.advance(SimDuration::from_secs(60));
    assert_eq!(must_pod(&c, "ok").status.phase, "Succeeded");
    assert_eq!(restart_count(&c, "ok"), 0);
    assert_eq!(must_pod(&c, "bad").status.phase, "Running");
    assert!(
        restart_count(&c, "bad") >= 2,
        "{}",
        restart_count(&c, "bad")
    );
}

#[test]
fn logs_of_the_current_and_previous_instance() {
    let mut c = Cluster::new(1);
    create(
        &mut c,
        shell_pod("talk", "Always", "echo hello; sleep 5; exit 1"),
    );
    until(&mut c, 60, |c| restart_count(c, "talk") >= 1).expect("restarted");
    let uid = must_pod(&c, "talk").metadata.uid;
    let runtime = &c.node_agents()["k8s-node-1"].runtime;
    let previous = runtime.logs(&uid, "talk", true).expect("previous logs");
    assert_eq!(
        previous.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(),
        ["hello"]
    );
    assert!(runtime.logs(&uid, "talk", false).is_some());
}

#[test]
fn graceful_delete_waits_for_a_shell_that_ignores_sigterm() {
    let mut c = Cluster::new(1);
    create(&mut c, shell_pod("sleeper", "Always", "sleep 3600"));
    until(&mut c, 20, |c| {
        must_pod(c, "sleeper").status.phase == "Running"
    })
    .expect("runs");
    delete(&mut c, "sleeper", None);
    let p = must_pod(&c, "sleeper");
    assert!(p.metadata.deletion_timestamp.is_some());
    let gone = until(&mut c, 60, |c| pod(c, "sleeper").is_none()).expect("gone");
    assert!((29..=32).contains(&gone), "gone after {gone}s");
    let uid = p.metadata.uid;
    let killing = c
        .trace()
        .events()
        .iter()
        .filter(|e| e.kind == "stop-container")
        .count();
    assert_eq!(killing, 1);
    let runtime = &c.node_agents()["k8s-node-1"].runtime;
    assert!(runtime.sandboxes().all(|s| s.pod.uid != uid));
}

#[test]
fn graceful_delete_of_nginx_is_quick_and_ends_with_a_delete_from_the_kubelet() {
    let mut c = Cluster::new(1);
    create(
        &mut c,
        pod_on_node("web", json!({"name": "web", "image": "nginx"})),
    );
    until(&mut c, 20, |c| must_pod(c, "web").status.phase == "Running").expect("runs");
    delete(&mut c, "web", None);
    let gone = until(&mut c, 40, |c| pod(c, "web").is_none()).expect("gone");
    let killing = c
        .store()
        .list(Kind::Event, Some("default"))
        .find_map(|o| match &**o {
            podflow_engine::api::Object::Event(e) if e.reason == "Killing" => Some(e.clone()),
            _ => None,
        });
    let killing = killing.expect("Killing event");
    assert_eq!(killing.message, "Stopping container web");
    assert_eq!(killing.involved_object.field_path, "spec.containers{web}");
    assert!(gone <= 3, "gone after {gone}s");
    let kubelet_delete = c
        .trace()
        .events()
        .iter()
        .any(|e| e.from.to_string() == "kubelet@k8s-node-1" && e.kind == "delete");
    assert!(kubelet_delete);
}

#[test]
fn force_delete_is_immediate_and_the_kubelet_still_kills() {
    let mut c = Cluster::new(1);
    create(&mut c, shell_pod("sleeper", "Always", "sleep 3600"));
    until(&mut c, 20, |c| {
        must_pod(c, "sleeper").status.phase == "Running"
    })
    .expect("runs");
    let uid = must_pod(&c, "sleeper").metadata.uid;
    delete(&mut c, "sleeper", Some(0));
    assert!(pod(&c, "sleeper").is_none());
    c.advance(SimDuration::from_secs(5));
    let runtime = &c.node_agents()["k8s-node-1"].runtime;
    assert!(runtime
        .containers()
        .filter(|x| x.pod_uid == uid)
        .all(|x| !x.is_running()));
    let worker = c.node_agents()["k8s-node-1"]
        .kubelet
        .worker(&uid)
        .map(|w| w.phase);
    assert_ne!(
        worker,
        Some(podflow_engine::kubelet::pod_worker::WorkerPhase::Syncing)
    );
}

#[test]
fn memory_over_the_limit_is_oom_killed() {
    let mut c = Cluster::new(1);
    let container = json!({"name": "web", "image": "nginx",
        "resources": {"limits": {"memory": "1Mi", "cpu": "100m"}}});
    create(&mut c, pod_on_node("web", container));
    c.advance(SimDuration::from_secs(30));
    let p = must_pod(&c, "web");
    let cs = &p.status.container_statuses[0];
    let t = cs
        .state
        .terminated
        .clone()
        .or(cs.last_state.terminated.clone())
        .expect("terminated");
    assert_eq!((t.exit_code, t.reason.as_str()), (137, "OOMKilled"));
    assert_eq!(p.status.qos_class, "Guaranteed");
}

#[test]
fn a_stopped_node_stops_heartbeating_and_restarts_its_pods_when_started() {
    let mut c = Cluster::new(1);
    create(
        &mut c,
        pod_on_node("web", json!({"name": "web", "image": "nginx"})),
    );
    c.advance(SimDuration::from_secs(25));
    // The heartbeat is the node Lease's renewTime (every 10 s).
    let heartbeat = |c: &Cluster| match c
        .store()
        .get_by(Kind::Lease, "kube-node-lease", "k8s-node-1")
        .map(|o| &**o)
    {
        Some(podflow_engine::api::Object::Lease(l)) => {
            l.spec.renew_time.map_or(0, |t| t.0.as_millis())
        }
        _ => 0,
    };
    assert!(heartbeat(&c) >= 20_000);
    assert!(c.stop_node("k8s-node-1"));
    let before = heartbeat(&c);
    c.advance(SimDuration::from_secs(80));
    assert_eq!(heartbeat(&c), before);
    assert!(c.start_node("k8s-node-1"));
    c.advance(SimDuration::from_secs(10));
    assert!(heartbeat(&c) > before);
    let p = must_pod(&c, "web");
    assert_eq!(p.status.phase, "Running");
    let ready = p
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "Ready")
        .map(|c| c.status.clone());
    assert_eq!(
        ready.as_deref(),
        Some("True"),
        "the restarted kubelet reports its pods again"
    );
    assert_eq!(restart_count(&c, "web"), 1);
    let changed = events(&c, "web")
        .into_iter()
        .find(|e| e.0 == "SandboxChanged");
    let want = "Pod sandbox changed, it will be killed and re-created.";
    assert_eq!(changed.map(|e| e.1).as_deref(), Some(want));
}

#[test]
fn active_deadline_fails_the_pod_and_stops_its_containers() {
    let mut c = Cluster::new(1);
    let mut manifest = shell_pod("slow", "Never", "sleep 3600");
    manifest["spec"]["activeDeadlineSeconds"] = json!(10);
    create(&mut c, manifest);
    c.advance(SimDuration::from_secs(13));
    let p = must_pod(&c, "slow");
    assert_eq!(p.status.phase, "Failed");
    assert_eq!(p.status.reason, "DeadlineExceeded");
    assert_eq!(
        p.status.message,
        "Pod was active on the node longer than the specified deadline"
    );
    assert!(reasons(&c, "slow").contains(&"DeadlineExceeded".to_string()));
    c.advance(SimDuration::from_secs(40));
    let p = must_pod(&c, "slow");
    assert_eq!(terminated(&c, "slow"), Some((137, "Error".into())));
    assert_eq!(p.status.reason, "DeadlineExceeded");
}

#[test]
fn the_docs_memory_example_is_oom_killed_and_crash_loops() {
    let mut c = Cluster::new(1);
    let container = json!({"name": "memory-demo-2-ctr", "image": "polinux/stress",
        "resources": {"requests": {"memory": "50Mi"}, "limits": {"memory": "100Mi"}},
        "command": ["stress"], "args": ["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"]});
    create(&mut c, pod_on_node("memory-demo-2", container));
    c.advance(SimDuration::from_secs(90));
    let p = must_pod(&c, "memory-demo-2");
    let cs = &p.status.container_statuses[0];
    assert!(cs.restart_count >= 2, "{}", cs.restart_count);
    let last = cs.last_state.terminated.clone().expect("lastState");
    assert_eq!((last.exit_code, last.reason.as_str()), (137, "OOMKilled"));
    assert_eq!(p.status.qos_class, "Burstable");
}

#[test]
fn absurd_grace_periods_and_deadlines_do_not_overflow_the_clock() {
    let mut c = Cluster::new(1);
    let mut manifest = shell_pod("huge", "Always", "sleep 3600");
    manifest["spec"]["terminationGracePeriodSeconds"] = json!(i64::MAX);
    manifest["spec"]["activeDeadlineSeconds"] = json!(i32::MAX);
    create(&mut c, manifest);
    c.advance(SimDuration::from_secs(10));
    assert_eq!(must_pod(&c, "huge").status.phase, "Running");
    let key = ObjectKey::new(Kind::Pod, "default", "huge");
    let grace = Some(i64::MAX / 1000);
    c.request(Verb::Delete {
        key,
        grace_period_seconds: grace,
    })
    .expect("deleting");
    c.advance(SimDuration::from_secs(10));
    assert!(pod(&c, "huge").is_some_and(|p| p.metadata.deletion_timestamp.is_some()));
}
