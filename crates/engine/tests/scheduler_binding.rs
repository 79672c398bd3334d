//! The scheduler through the Cluster façade: binding, events, the PodScheduled condition, and
//! the FailedScheduling messages of the seeds' sessions.

use podflow_engine::api::{Kind, Object, Pod};
use podflow_engine::network::Verb;
use podflow_engine::scheduler::diagnosis::Outcome;
use podflow_engine::{Cluster, SimDuration};
use serde_json::{json, Value};

fn pod(name: &str, spec_extra: Value, cpu: Option<&str>) -> Value {
    let mut container = json!({"name": "app", "image": "nginx:1.27"});
    if let Some(cpu) = cpu {
        container["resources"] = json!({"requests": {"cpu": cpu}});
    }
    let mut spec = json!({"containers": [container]});
    if let (Some(s), Some(extra)) = (spec.as_object_mut(), spec_extra.as_object()) {
        for (k, v) in extra {
            s.insert(k.clone(), v.clone());
        }
    }
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": spec})
}

fn create(c: &mut Cluster, manifest: Value) {
    c.request(Verb::CreateRaw(manifest)).expect("created");
}

fn get_pod(c: &Cluster, name: &str) -> Pod {
    match c.store().get_by(Kind::Pod, "default", name).map(|o| &**o) {
        Some(Object::Pod(p)) => p.clone(),
        _ => panic!("pod {name} not found"),
    }
}

fn node_of(c: &Cluster, name: &str) -> String {
    get_pod(c, name).spec.node_name
}

/// (type, reason, message, count, source component) of the scheduler's events about a pod,
/// oldest first (the kubelet records its own after binding).
fn events(c: &Cluster, name: &str) -> Vec<(String, String, String, i32, String)> {
    let pod = Object::Pod(get_pod(c, name));
    podflow_engine::events::for_object(c.store(), &pod)
        .into_iter()
        .filter(|e| e.source.component == "default-scheduler")
        .map(|e| {
            let ev = (e.type_.clone(), e.reason.clone(), e.message.clone());
            (ev.0, ev.1, ev.2, e.count, e.source.component.clone())
        })
        .collect()
}

fn scheduled_condition(c: &Cluster, name: &str) -> (String, String, String) {
    let p = get_pod(c, name);
    let cond = p
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "PodScheduled")
        .expect("PodScheduled condition");
    (
        cond.status.clone(),
        cond.reason.clone(),
        cond.message.clone(),
    )
}

fn set_taints(c: &mut Cluster, node: &str, taints: Value) {
    let Some(Object::Node(n)) = c
        .store()
        .get_by(Kind::Node, "", node)
        .map(|o| (**o).clone())
    else {
        panic!("node {node} not found");
    };
    let mut n = n;
    n.spec.taints = serde_json::from_value(taints).expect("taints");
    n.metadata.resource_version.clear();
    c.request(Verb::Update(Object::Node(n)))
        .expect("node updated");
}

const PREEMPTION_NOT_HELPFUL: &str = "no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";

#[test]
fn a_pod_is_bound_with_a_scheduled_event_and_condition() {
    let mut c = Cluster::new(1);
    create(&mut c, pod("nginx", json!({}), None));
    c.advance(SimDuration::from_secs(1));
    let node = node_of(&c, "nginx");
    assert!(
        node == "k8s-node-1" || node == "k8s-node-2",
        "bound to {node}"
    );
    assert_eq!(scheduled_condition(&c, "nginx").0, "True");
    let evs = events(&c, "nginx");
    assert_eq!(evs[0].0, "Normal");
    assert_eq!(evs[0].1, "Scheduled");
    assert_eq!(
        evs[0].2,
        format!("Successfully assigned default/nginx to {node}")
    );
    assert_eq!(evs[0].4, "default-scheduler");
    let binds = c
        .trace()
        .events()
        .iter()
        .filter(|e| e.kind == "bind")
        .map(|e| format!("{} -> {}: {}", e.from, e.to, e.summary))
        .collect::<Vec<_>>();
    assert_eq!(
        binds,
        vec![format!(
            "kube-scheduler -> kube-apiserver: bind pods/default/nginx to {node}"
        )]
    );
    let decision = c
        .scheduler()
        .decisions()
        .iter()
        .next_back()
        .expect("a decision")
        .clone();
    let text = decision.render();
    assert!(
        text.starts_with("default/nginx attempt 1 at 00:00:00."),
        "{text}"
    );
    assert!(
        text.contains("k8s-master  TaintToleration: node(s) had untolerated taint(s)"),
        "{text}"
    );
    assert!(
        text.contains("TaintToleration 100x3 + NodeResourcesFit"),
        "{text}"
    );
    assert_eq!(decision.outcome, Outcome::Scheduled { node });
    // Master filtered by its taint, both workers scored.
    assert_eq!(decision.rows.len(), 3);
    assert_eq!(
        decision
            .rows
            .iter()
            .filter(|r| !r.scores.is_empty())
            .count(),
        2
    );
}

#[test]
fn the_control_plane_taint_keeps_pods_off_the_master() {
    let mut c = Cluster::new(2);
    for i in 0..12 {
        create(&mut c, pod(&format!("p{i}"), json!({}), Some("100m")));
    }
    c.advance(SimDuration::from_secs(2));
    let nodes: Vec<String> = (0..12).map(|i| node_of(&c, &format!("p{i}"))).collect();
    assert!(
        nodes.iter().all(|n| n == "k8s-node-1" || n == "k8s-node-2"),
        "{nodes:?}"
    );
    // LeastAllocated spreads them.
    assert!(nodes.iter().any(|n| n == "k8s-node-1"));
    assert!(nodes.iter().any(|n| n == "k8s-node-2"));
}

#[test]
fn node_selector_without_a_match_fails_with_the_upstream_message() {
    let mut c = Cluster::new(3);
    create(
        &mut c,
        pod("picky", json!({"nodeSelector": {"disktype": "ssd"}}), None),
    );
    c.advance(SimDuration::from_secs(1));
    let want = format!(
        "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't match Pod's node affinity/selector. {PREEMPTION_NOT_HELPFUL}"
    );
    assert_eq!(node_of(&c, "picky"), "");
    let evs = events(&c, "picky");
    assert_eq!(evs.len(), 1);
    assert_eq!(
        (evs[0].0.as_str(), evs[0].1.as_str(), evs[0].2.as_str()),
        ("Warning", "FailedScheduling", want.as_str())
    );
    assert_eq!(
        scheduled_condition(&c, "picky"),
        ("False".to_string(), "Unschedulable".to_string(), want)
    );
}

#[test]
fn ten_cpus_is_insufficient_everywhere() {
    let mut c = Cluster::new(4);
    create(&mut c, pod("huge", json!({}), Some("10")));
    c.advance(SimDuration::from_secs(1));
    let want = format!(
        "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. {PREEMPTION_NOT_HELPFUL}"
    );
    assert_eq!(events(&c, "huge")[0].2, want);
}

#[test]
fn taint_session_pods_land_on_node_2_and_the_retry_binds_after_untaint() {
    let mut c = Cluster::new(5);
    set_taints(
        &mut c,
        "k8s-node-1",
        json!([{"key": "env", "value": "dev", "effect": "NoSchedule"}]),
    );
    for i in 0..5 {
        create(&mut c, pod(&format!("web-{i}"), json!({}), None));
    }
    let only_node_1 = json!({"nodeSelector": {"kubernetes.io/hostname": "k8s-node-1"}});
    create(&mut c, pod("pinned", only_node_1, None));
    c.advance(SimDuration::from_secs(2));
    for i in 0..5 {
        assert_eq!(node_of(&c, &format!("web-{i}")), "k8s-node-2");
    }
    assert_eq!(node_of(&c, "pinned"), "");
    assert_eq!(
        events(&c, "pinned")[0].2,
        format!("0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 node(s) had untolerated taint(s). {PREEMPTION_NOT_HELPFUL}")
    );
    // kubectl taint nodes k8s-node-1 env:NoSchedule-
    set_taints(&mut c, "k8s-node-1", json!([]));
    c.advance(SimDuration::from_secs(2));
    assert_eq!(node_of(&c, "pinned"), "k8s-node-1");
    let reasons: Vec<String> = events(&c, "pinned")
        .into_iter()
        .filter(|e| e.4 == "default-scheduler")
        .map(|e| e.1)
        .collect();
    assert_eq!(reasons, vec!["FailedScheduling", "Scheduled"]);
    assert_eq!(scheduled_condition(&c, "pinned").0, "True");
}

#[test]
fn resources_are_accounted_across_many_pods() {
    let mut c = Cluster::new(6);
    for i in 0..20 {
        create(&mut c, pod(&format!("p{i:02}"), json!({}), Some("1")));
    }
    c.advance(SimDuration::from_secs(2));
    let mut per_node = std::collections::BTreeMap::<String, u32>::new();
    let mut pending = vec![];
    for i in 0..20 {
        let name = format!("p{i:02}");
        match node_of(&c, &name).as_str() {
            "" => pending.push(name),
            n => *per_node.entry(n.to_string()).or_default() += 1,
        }
    }
    // 4 CPUs per worker, 1 CPU per pod: exactly 4 each, never more.
    assert_eq!(per_node.get("k8s-node-1"), Some(&4));
    assert_eq!(per_node.get("k8s-node-2"), Some(&4));
    assert_eq!(pending.len(), 12);
    let want = "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. no new claims to deallocate, preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.";
    assert_eq!(events(&c, &pending[0])[0].2, want);
    let ni = c.scheduler().node_info("k8s-node-1").expect("node info");
    assert_eq!(ni.requested.milli_cpu, 4000);
}

#[test]
fn deleting_a_bound_pod_lets_a_pending_one_in() {
    let mut c = Cluster::new(7);
    for i in 0..9 {
        create(&mut c, pod(&format!("p{i}"), json!({}), Some("1")));
    }
    c.advance(SimDuration::from_secs(2));
    let pending: Vec<String> = (0..9)
        .map(|i| format!("p{i}"))
        .filter(|n| node_of(&c, n).is_empty())
        .collect();
    assert_eq!(pending.len(), 1);
    let victim = (0..9)
        .map(|i| format!("p{i}"))
        .find(|n| !node_of(&c, n).is_empty());
    let victim = victim.expect("a bound pod");
    let key = podflow_engine::api::ObjectKey::new(Kind::Pod, "default", &victim);
    c.request(Verb::Delete {
        key,
        grace_period_seconds: Some(0),
    })
    .expect("deleted");
    c.advance(SimDuration::from_secs(2));
    assert_ne!(node_of(&c, &pending[0]), "");
}

#[test]
fn unschedulable_pods_are_retried_every_five_minutes_and_events_fold() {
    let mut c = Cluster::new(8);
    create(&mut c, pod("huge", json!({}), Some("10")));
    c.advance(SimDuration::from_secs(299));
    assert_eq!(events(&c, "huge")[0].3, 1);
    c.advance(SimDuration::from_secs(32));
    let evs = events(&c, "huge");
    assert_eq!(evs.len(), 1);
    assert_eq!(evs[0].3, 2);
    let decision = c
        .scheduler()
        .latest_decision(&podflow_engine::api::ObjectKey::new(
            Kind::Pod,
            "default",
            "huge",
        ))
        .expect("decision");
    assert_eq!(decision.attempt, 2);
}

#[test]
fn same_seed_same_placements() {
    let run = |seed| {
        let mut c = Cluster::new(seed);
        for i in 0..10 {
            create(&mut c, pod(&format!("p{i}"), json!({}), None));
        }
        c.advance(SimDuration::from_secs(2));
        (0..10)
            .map(|i| node_of(&c, &format!("p{i}")))
            .collect::<Vec<_>>()
    };
    assert_eq!(run(11), run(11));
}

#[test]
fn seed_node_selector_waits_for_the_label_then_binds() {
    let mut c = Cluster::new(9);
    create(
        &mut c,
        pod("pod-example", json!({"nodeSelector": {"env": "dev"}}), None),
    );
    let affinity = json!({"affinity": {"nodeAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
            {"matchExpressions": [{"key": "env", "operator": "In", "values": ["dev", "qa"]}]}]},
        "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 1, "preference":
            {"matchExpressions": [{"key": "env", "operator": "In", "values": ["dev", "qa"]}]}}]}}});
    create(&mut c, pod("pod-affinity", affinity, None));
    c.advance(SimDuration::from_secs(1));
    assert_eq!(node_of(&c, "pod-example"), "");
    assert_eq!(node_of(&c, "pod-affinity"), "");
    // kubectl label node k8s-node-1 env=dev
    let Some(Object::Node(mut n)) = c
        .store()
        .get_by(Kind::Node, "", "k8s-node-1")
        .map(|o| (**o).clone())
    else {
        panic!("node");
    };
    n.metadata.labels.insert("env".into(), "dev".into());
    n.metadata.resource_version.clear();
    c.request(Verb::Update(Object::Node(n))).expect("labeled");
    c.advance(SimDuration::from_secs(2));
    assert_eq!(node_of(&c, "pod-example"), "k8s-node-1");
    assert_eq!(node_of(&c, "pod-affinity"), "k8s-node-1");
}
