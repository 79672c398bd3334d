//! Node Leases as the kubelet's heartbeat: one per node in `kube-node-lease`, renewed every
//! 10 s, the node status sent only on change; a powered-off node's Lease goes stale and node
//! lifecycle turns it NotReady after the grace period, as before Leases existed.

use podflow_engine::api::coordination::Lease;
use podflow_engine::api::node::Node;
use podflow_engine::api::{Kind, Object};
use podflow_engine::{Cluster, SimDuration};

const NODES: [&str; 3] = ["k8s-master", "k8s-node-1", "k8s-node-2"];

fn lease(c: &Cluster, node: &str) -> Lease {
    match c
        .store()
        .get_by(Kind::Lease, "kube-node-lease", node)
        .map(|o| &**o)
    {
        Some(Object::Lease(l)) => l.clone(),
        _ => panic!("no lease for {node}"),
    }
}

fn renew_ms(c: &Cluster, node: &str) -> u64 {
    lease(c, node)
        .spec
        .renew_time
        .map_or(0, |t| t.0.as_millis())
}

fn ready(c: &Cluster, node: &str) -> String {
    let n: Option<&Node> = c
        .store()
        .get_by(Kind::Node, "", node)
        .and_then(|o| o.as_node());
    let r = n.and_then(|n| n.status.conditions.iter().find(|c| c.type_ == "Ready"));
    r.map_or(String::new(), |r| r.status.clone())
}

/// Trace messages sent by `from` whose object starts with `prefix`.
fn requests(c: &Cluster, from: &str, kind: &str, prefix: &str) -> usize {
    c.trace()
        .events()
        .iter()
        .filter(|e| e.from.to_string() == from && e.kind == kind)
        .filter(|e| {
            e.object
                .as_ref()
                .is_some_and(|k| k.to_string().starts_with(prefix))
        })
        .count()
}

#[test]
fn every_node_has_a_lease_held_by_itself_and_owned_by_the_node() {
    let c = Cluster::new(1);
    for node in NODES {
        let l = lease(&c, node);
        assert_eq!(l.spec.holder_identity.as_deref(), Some(node));
        assert_eq!(l.spec.lease_duration_seconds, Some(40));
        let owner = &l.metadata.owner_references[0];
        let uid = &c
            .store()
            .get_by(Kind::Node, "", node)
            .expect("node")
            .meta()
            .uid;
        assert_eq!((owner.kind.as_str(), &owner.uid), ("Node", uid));
    }
}

#[test]
fn leases_are_renewed_every_ten_seconds_and_the_status_only_on_change() {
    let mut c = Cluster::new(1);
    // 61 s: the renewal sent at 60 s has been committed.
    c.advance(SimDuration::from_secs(61));
    for node in NODES {
        assert_eq!(renew_ms(&c, node), 60_000, "{node} renewed at 60 s");
        let kubelet = format!("kubelet@{node}");
        let lease_key = format!("leases/kube-node-lease/{node}");
        assert_eq!(requests(&c, &kubelet, "update", &lease_key), 6, "{node}");
        // A new kubelet process reports its status at its first sync (10 s), then only on
        // change or after nodeStatusReportFrequency (5 min): once in the first minute.
        let status = requests(&c, &kubelet, "update-status", "nodes/");
        assert_eq!(status, 1, "{node} sent its unchanged status");
    }
    c.advance(SimDuration::from_secs(300));
    let status = requests(&c, "kubelet@k8s-node-1", "update-status", "nodes/");
    assert_eq!(status, 2, "the unchanged status again at 310 s");
}

#[test]
fn a_stopped_node_stops_renewing_and_goes_not_ready_after_the_grace_period() {
    let mut c = Cluster::new(1);
    c.advance(SimDuration::from_secs(31));
    assert!(c.stop_node("k8s-node-1"));
    let stopped_at = renew_ms(&c, "k8s-node-1");
    assert_eq!(stopped_at, 30_000);
    let mut not_ready_at = None;
    for s in 32..=120u64 {
        c.advance(SimDuration::from_secs(1));
        if not_ready_at.is_none() && ready(&c, "k8s-node-1") == "Unknown" {
            not_ready_at = Some(s);
        }
    }
    assert_eq!(
        renew_ms(&c, "k8s-node-1"),
        stopped_at,
        "no renewal while off"
    );
    assert!(
        renew_ms(&c, "k8s-node-2") >= 110_000,
        "the other nodes renew"
    );
    // Renewed at 30 s, seen by node lifecycle's 5 s pass; 50 s of grace; the Unknown condition
    // written by the pass at 85 s is read back at 86 s.
    assert_eq!(not_ready_at, Some(86));
    assert_eq!(ready(&c, "k8s-node-2"), "True");
    assert!(c.start_node("k8s-node-1"));
    c.advance(SimDuration::from_secs(10));
    assert_eq!(ready(&c, "k8s-node-1"), "True");
    assert!(renew_ms(&c, "k8s-node-1") >= 120_000);
}

#[test]
fn a_deleted_lease_is_created_again() {
    let mut c = Cluster::new(1);
    let key = podflow_engine::api::ObjectKey::new(Kind::Lease, "kube-node-lease", "k8s-node-2");
    let verb = podflow_engine::network::Verb::Delete {
        key,
        grace_period_seconds: None,
    };
    c.request(verb).expect("deleted");
    c.advance(SimDuration::from_secs(10));
    let l = lease(&c, "k8s-node-2");
    assert_eq!(l.spec.holder_identity.as_deref(), Some("k8s-node-2"));
    assert_eq!(renew_ms(&c, "k8s-node-2"), 10_000);
}

#[test]
fn deleting_a_node_collects_its_lease() {
    let mut c = Cluster::new(1);
    c.advance(SimDuration::from_secs(5));
    let key = podflow_engine::api::ObjectKey::new(Kind::Node, "", "k8s-node-1");
    c.request(podflow_engine::network::Verb::Delete {
        key,
        grace_period_seconds: None,
    })
    .expect("node deleted");
    c.advance(SimDuration::from_secs(5));
    assert!(c
        .store()
        .get_by(Kind::Lease, "kube-node-lease", "k8s-node-1")
        .is_none());
    assert!(c
        .store()
        .get_by(Kind::Lease, "kube-node-lease", "k8s-node-2")
        .is_some());
}
