//! Each filter's FailedScheduling text through the Cluster façade, and the retries that follow
//! cluster changes (uncordon, a node joining).

use podflow_engine::api::{Kind, Object, ObjectKey, Pod};
use podflow_engine::network::Verb;
use podflow_engine::scheduler::diagnosis::Verdict;
use podflow_engine::{Cluster, SimDuration};
use serde_json::{json, Value};

fn pod(name: &str, spec_extra: Value) -> Value {
    let mut spec = json!({"containers": [{"name": "app", "image": "nginx:1.27"}]});
    if let (Some(s), Some(extra)) = (spec.as_object_mut(), spec_extra.as_object()) {
        for (k, v) in extra {
            s.insert(k.clone(), v.clone());
        }
    }
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": spec})
}

fn with_container(name: &str, container_extra: Value, spec_extra: Value) -> Value {
    let mut m = pod(name, spec_extra);
    if let (Some(c), Some(extra)) = (
        m["spec"]["containers"][0].as_object_mut(),
        container_extra.as_object(),
    ) {
        for (k, v) in extra {
            c.insert(k.clone(), v.clone());
        }
    }
    m
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

/// The newest event the scheduler recorded about a pod (the kubelet adds its own).
fn last_event(c: &Cluster, name: &str) -> (String, String) {
    let pod = Object::Pod(get_pod(c, name));
    let evs = podflow_engine::events::for_object(c.store(), &pod);
    let mut from_scheduler = evs
        .iter()
        .filter(|e| e.source.component == "default-scheduler");
    let e = from_scheduler
        .next_back()
        .expect("an event from the scheduler");
    (e.reason.clone(), e.message.clone())
}

fn edit_node(c: &mut Cluster, node: &str, edit: impl FnOnce(&mut podflow_engine::api::Node)) {
    let Some(Object::Node(mut n)) = c
        .store()
        .get_by(Kind::Node, "", node)
        .map(|o| (**o).clone())
    else {
        panic!("node {node} not found");
    };
    edit(&mut n);
    n.metadata.resource_version.clear();
    c.request(Verb::Update(Object::Node(n)))
        .expect("node updated");
}

const NOT_HELPFUL_3: &str = "no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";

#[test]
fn a_pod_pinned_to_the_master_by_match_fields_reports_the_other_nodes_as_not_satisfying() {
    let mut c = Cluster::new(21);
    let affinity = json!({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchFields": [
            {"key": "metadata.name", "operator": "In", "values": ["k8s-master"]}]}]}}}});
    create(&mut c, pod("ds-pod", affinity));
    c.advance(SimDuration::from_secs(1));
    assert_eq!(
        last_event(&c, "ds-pod").1,
        format!("0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. {NOT_HELPFUL_3}")
    );
    let key = ObjectKey::new(Kind::Pod, "default", "ds-pod");
    let decision = c.scheduler().latest_decision(&key).expect("decision");
    assert_eq!(decision.rows.len(), 1);
    let verdicts = decision.verdicts(&decision.rows[0]);
    assert_eq!(verdicts[1], ("NodeName", Verdict::Passed));
    assert!(matches!(
        verdicts[2],
        ("TaintToleration", Verdict::Rejected { .. })
    ));
    assert_eq!(verdicts[3], ("NodeAffinity", Verdict::NotRun));
}

#[test]
fn cordoned_workers_reject_and_uncordon_retries() {
    let mut c = Cluster::new(22);
    for n in ["k8s-node-1", "k8s-node-2"] {
        edit_node(&mut c, n, |node| node.spec.unschedulable = true);
    }
    create(&mut c, pod("web", json!({})));
    c.advance(SimDuration::from_secs(1));
    assert_eq!(
        last_event(&c, "web"),
        (
            "FailedScheduling".to_string(),
            format!("0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) were unschedulable. {NOT_HELPFUL_3}")
        )
    );
    edit_node(&mut c, "k8s-node-2", |node| node.spec.unschedulable = false);
    c.advance(SimDuration::from_secs(15));
    assert_eq!(node_of(&c, "web"), "k8s-node-2");
    assert_eq!(last_event(&c, "web").0, "Scheduled");
}

#[test]
fn host_port_conflicts_are_counted_and_preemption_finds_no_victims() {
    let mut c = Cluster::new(23);
    let port = json!({"ports": [{"containerPort": 80, "hostPort": 8080}]});
    let pinned = json!({"nodeSelector": {"kubernetes.io/hostname": "k8s-node-1"}});
    create(&mut c, with_container("a", port.clone(), pinned.clone()));
    create(&mut c, with_container("b", port, pinned));
    c.advance(SimDuration::from_secs(1));
    assert_eq!(node_of(&c, "a"), "k8s-node-1");
    assert_eq!(node_of(&c, "b"), "");
    assert_eq!(
        last_event(&c, "b").1,
        "0/3 nodes are available: 1 node(s) didn't have free ports for the requested pod ports, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint(s). no new claims to deallocate, preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling."
    );
}

#[test]
fn preemption_policy_never_is_not_eligible() {
    let mut c = Cluster::new(24);
    let big = json!({"resources": {"requests": {"cpu": "10"}}});
    create(
        &mut c,
        with_container("big", big, json!({"preemptionPolicy": "Never"})),
    );
    c.advance(SimDuration::from_secs(1));
    assert_eq!(
        last_event(&c, "big").1,
        "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. no new claims to deallocate, preemption: not eligible due to preemptionPolicy=Never."
    );
}

#[test]
fn a_pod_created_bound_bypasses_the_scheduler_but_counts_against_its_node() {
    let mut c = Cluster::new(25);
    let four = json!({"resources": {"requests": {"cpu": "4"}}});
    create(
        &mut c,
        with_container("fixed", four, json!({"nodeName": "k8s-node-1"})),
    );
    c.advance(SimDuration::from_millis(100));
    let one = json!({"resources": {"requests": {"cpu": "1"}}});
    create(&mut c, with_container("next", one, json!({})));
    c.advance(SimDuration::from_secs(1));
    let fixed = ObjectKey::new(Kind::Pod, "default", "fixed");
    assert!(c.scheduler().latest_decision(&fixed).is_none());
    assert_eq!(node_of(&c, "next"), "k8s-node-2");
}

#[test]
fn with_no_nodes_the_pod_waits_and_a_joining_node_takes_it() {
    let mut c = Cluster::empty(26);
    create(&mut c, pod("early", json!({})));
    c.advance(SimDuration::from_secs(1));
    assert_eq!(
        last_event(&c, "early"),
        (
            "FailedScheduling".to_string(),
            "no nodes available to schedule pods".to_string()
        )
    );
    let cond = get_pod(&c, "early").status.conditions;
    assert_eq!(cond[0].reason, "SchedulerError");
    let node = podflow_engine::topology::node("worker-1", 1, "2", "4Gi", "3996Mi");
    c.request(Verb::Create(Object::Node(node)))
        .expect("node created");
    c.advance(SimDuration::from_secs(15));
    assert_eq!(node_of(&c, "early"), "worker-1");
}

#[test]
fn deployment_replicas_are_spread_with_pod_topology_spread_scores() {
    let mut c = Cluster::new(27);
    let deployment = json!({"apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "web"},
        "spec": {"replicas": 4, "selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}}}});
    create(&mut c, deployment);
    c.advance(SimDuration::from_secs(5));
    let pods: Vec<Pod> = c
        .store()
        .list(Kind::Pod, Some("default"))
        .filter_map(|o| o.as_pod().cloned())
        .collect();
    assert_eq!(pods.len(), 4);
    let on = |node: &str| pods.iter().filter(|p| p.spec.node_name == node).count();
    assert_eq!((on("k8s-node-1"), on("k8s-node-2")), (2, 2));
    let key = ObjectKey::new(Kind::Pod, "default", &pods[0].metadata.name);
    let decision = c.scheduler().latest_decision(&key).expect("decision");
    let plugins: Vec<&str> = decision.rows[0].scores.iter().map(|s| s.plugin).collect();
    assert!(plugins.contains(&"PodTopologySpread"), "{plugins:?}");
    // A bare pod has no workload selector: the plugin skips it.
    create(&mut c, pod("bare", json!({})));
    c.advance(SimDuration::from_secs(1));
    let key = ObjectKey::new(Kind::Pod, "default", "bare");
    let decision = c.scheduler().latest_decision(&key).expect("decision");
    let plugins: Vec<&str> = decision.rows[0].scores.iter().map(|s| s.plugin).collect();
    assert!(!plugins.contains(&"PodTopologySpread"), "{plugins:?}");
}

#[test]
fn a_pod_deletion_retries_pods_short_of_room_but_not_pods_rejected_by_taints() {
    let mut c = Cluster::new(28);
    let pinned = json!({"nodeSelector": {"kubernetes.io/hostname": "k8s-master"}});
    create(&mut c, pod("on-master", pinned));
    let two = json!({"resources": {"requests": {"cpu": "2"}}});
    for i in 0..5 {
        create(
            &mut c,
            with_container(&format!("big-{i}"), two.clone(), json!({})),
        );
    }
    c.advance(SimDuration::from_secs(1));
    let pending: Vec<String> = (0..5)
        .map(|i| format!("big-{i}"))
        .filter(|n| node_of(&c, n).is_empty())
        .collect();
    assert_eq!(pending.len(), 1);
    let count = |c: &Cluster, name: &str| {
        let pod = Object::Pod(get_pod(c, name));
        podflow_engine::events::for_object(c.store(), &pod)
            .iter()
            .filter(|e| e.reason == "FailedScheduling")
            .map(|e| e.count)
            .sum::<i32>()
    };
    assert_eq!(count(&c, "on-master"), 1);
    // An unrelated bare pod comes and goes: only NodeResourcesFit/NodePorts rejections retry.
    create(&mut c, pod("transient", json!({})));
    c.advance(SimDuration::from_secs(1));
    let key = ObjectKey::new(Kind::Pod, "default", "transient");
    c.request(Verb::Delete {
        key,
        grace_period_seconds: Some(0),
    })
    .expect("deleted");
    c.advance(SimDuration::from_secs(5));
    assert_eq!(count(&c, "on-master"), 1);
    assert_eq!(count(&c, &pending[0]), 2);
}
