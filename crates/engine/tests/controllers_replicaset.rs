//! The ReplicaSet and ReplicationController controllers through the Cluster façade.

use podflow_engine::api::{Kind, Object, ObjectKey};
use podflow_engine::events;
use podflow_engine::network::Verb;
use podflow_engine::{Cluster, SimDuration};
use serde_json::json;

fn rs(replicas: i32) -> serde_json::Value {
    json!({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "web"},
           "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": "web"}},
                    "template": {"metadata": {"labels": {"app": "web"}},
                                 "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}}})
}

fn pods(c: &Cluster) -> Vec<podflow_engine::api::Pod> {
    c.store()
        .list(Kind::Pod, Some("default"))
        .filter_map(|o| o.as_pod().cloned())
        .filter(|p| p.metadata.deletion_timestamp.is_none())
        .collect()
}

fn settle(c: &mut Cluster) {
    c.advance(SimDuration::from_secs(1));
}

fn scale(c: &mut Cluster, kind: Kind, name: &str, replicas: i32) {
    let key = ObjectKey::new(kind, "default", name);
    let mut obj = (**c.store().get(&key).expect("exists")).clone();
    match &mut obj {
        Object::ReplicaSet(rs) => rs.spec.replicas = Some(replicas),
        Object::ReplicationController(rc) => rc.spec.replicas = Some(replicas),
        _ => panic!("not scalable"),
    }
    c.request(Verb::Update(obj)).expect("scaled");
}

#[test]
fn replicaset_creates_owned_pods_with_generated_names_and_events() {
    let mut c = Cluster::new(3);
    let rs = c.request(Verb::CreateRaw(rs(3))).expect("created");
    settle(&mut c);
    let pods = pods(&c);
    assert_eq!(pods.len(), 3);
    for p in &pods {
        assert!(p.metadata.name.starts_with("web-") && p.metadata.name.len() == 9);
        let owner = p.metadata.controller_ref().expect("controller ref");
        assert_eq!(
            (owner.kind.as_str(), owner.uid.as_str()),
            ("ReplicaSet", rs.meta().uid.as_str())
        );
        assert_eq!(owner.block_owner_deletion, Some(true));
    }
    let stored = c.store().get(&rs.key()).unwrap().clone();
    let evs = events::for_object(c.store(), &stored);
    let created: Vec<&str> = evs
        .iter()
        .filter(|e| e.reason == "SuccessfulCreate")
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(created.len(), 3);
    assert!(created.iter().all(|m| m.starts_with("Created pod: web-")));
    assert_eq!(evs[0].source.component, "replicaset-controller");
    let Object::ReplicaSet(r) = &*stored else {
        panic!()
    };
    assert_eq!(r.status.replicas, 3);
    assert_eq!(r.status.observed_generation, 1);
}

#[test]
fn deleted_pod_is_replaced_by_a_new_one() {
    let mut c = Cluster::new(4);
    c.request(Verb::CreateRaw(rs(2))).unwrap();
    settle(&mut c);
    let victim = pods(&c)[0].clone();
    let key = ObjectKey::new(Kind::Pod, "default", &victim.metadata.name);
    c.request(Verb::Delete {
        key,
        grace_period_seconds: Some(0),
    })
    .unwrap();
    settle(&mut c);
    let after = pods(&c);
    assert_eq!(after.len(), 2);
    assert!(after.iter().all(|p| p.metadata.uid != victim.metadata.uid));
    assert!(after
        .iter()
        .all(|p| p.metadata.name != victim.metadata.name));
}

#[test]
fn scale_up_and_down() {
    let mut c = Cluster::new(5);
    c.request(Verb::CreateRaw(rs(1))).unwrap();
    settle(&mut c);
    scale(&mut c, Kind::ReplicaSet, "web", 4);
    settle(&mut c);
    assert_eq!(pods(&c).len(), 4);
    scale(&mut c, Kind::ReplicaSet, "web", 1);
    settle(&mut c);
    assert_eq!(pods(&c).len(), 1);
    let rs = c
        .store()
        .get_by(Kind::ReplicaSet, "default", "web")
        .unwrap()
        .clone();
    let deleted = events::for_object(c.store(), &rs)
        .iter()
        .filter(|e| e.reason == "SuccessfulDelete" && e.message.starts_with("Deleted pod: web-"))
        .count();
    assert_eq!(deleted, 3);
}

#[test]
fn relabeled_pod_is_released_and_replaced() {
    let mut c = Cluster::new(6);
    c.request(Verb::CreateRaw(rs(1))).unwrap();
    settle(&mut c);
    let mut pod = pods(&c)[0].clone();
    pod.metadata.labels.insert("app".into(), "debug".into());
    c.request(Verb::Update(Object::Pod(pod.clone()))).unwrap();
    settle(&mut c);
    let all = pods(&c);
    assert_eq!(all.len(), 2);
    let released = all
        .iter()
        .find(|p| p.metadata.name == pod.metadata.name)
        .unwrap();
    assert!(released.metadata.owner_references.is_empty());
}

#[test]
fn replication_controller_keeps_its_replicas() {
    let mut c = Cluster::new(7);
    let rc = json!({"apiVersion": "v1", "kind": "ReplicationController", "metadata": {"name": "nginx"},
        "spec": {"replicas": 2,
                 "template": {"metadata": {"labels": {"app": "nginx"}},
                              "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}}});
    let created = c.request(Verb::CreateRaw(rc)).expect("created");
    let Object::ReplicationController(r) = &*created else {
        panic!()
    };
    assert_eq!(
        r.spec.selector.get("app").map(String::as_str),
        Some("nginx")
    );
    settle(&mut c);
    assert_eq!(pods(&c).len(), 2);
    scale(&mut c, Kind::ReplicationController, "nginx", 3);
    settle(&mut c);
    assert_eq!(pods(&c).len(), 3);
    let stored = c.store().get(&created.key()).unwrap().clone();
    let evs = events::for_object(c.store(), &stored);
    assert_eq!(evs[0].source.component, "replication-controller");
}

#[test]
fn deleting_the_owner_garbage_collects_its_pods() {
    let mut c = Cluster::new(8);
    let created = c.request(Verb::CreateRaw(rs(2))).unwrap();
    settle(&mut c);
    c.request(Verb::Delete {
        key: created.key(),
        grace_period_seconds: None,
    })
    .unwrap();
    settle(&mut c);
    assert!(pods(&c).is_empty());
}
