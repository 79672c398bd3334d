//! The Deployment controller through the Cluster façade: naming, rollout, Recreate, history.
//! Pods are made Running and Ready by status updates, standing in for scheduler and kubelet.

use podflow_engine::api::{Deployment, Kind, Object, ObjectKey, Pod, ReplicaSet};
use podflow_engine::controllers::deployment_util;
use podflow_engine::events;
use podflow_engine::network::Verb;
use podflow_engine::{Cluster, SimDuration};
use serde_json::json;

fn deploy(strategy: &str) -> serde_json::Value {
    json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
           "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                    "strategy": {"type": strategy},
                    "template": {"metadata": {"labels": {"app": "web"}},
                                 "spec": {"containers": [{"name": "nginx", "image": "nginx:1.26"}]}}}})
}

fn live_pods(c: &Cluster) -> Vec<Pod> {
    c.store()
        .list(Kind::Pod, Some("default"))
        .filter_map(|o| o.as_pod().cloned())
        .filter(|p| p.metadata.deletion_timestamp.is_none())
        .collect()
}

fn replica_sets(c: &Cluster) -> Vec<ReplicaSet> {
    c.store()
        .list(Kind::ReplicaSet, Some("default"))
        .filter_map(|o| match &**o {
            Object::ReplicaSet(rs) => Some(rs.clone()),
            _ => None,
        })
        .collect()
}

fn deployment(c: &Cluster) -> Deployment {
    match &**c
        .store()
        .get_by(Kind::Deployment, "default", "web")
        .unwrap()
    {
        Object::Deployment(d) => d.clone(),
        _ => panic!("not a deployment"),
    }
}

/// Marks every pod Running and Ready and finishes terminating ones, as kubelets would.
fn make_ready(c: &mut Cluster) {
    let terminating: Vec<ObjectKey> = c
        .store()
        .list(Kind::Pod, Some("default"))
        .filter(|o| o.meta().deletion_timestamp.is_some())
        .map(|o| o.key())
        .collect();
    for key in terminating {
        let _ = c.request(Verb::Delete {
            key,
            grace_period_seconds: Some(0),
        });
    }
    for mut p in live_pods(c) {
        if p.status.phase == "Running" {
            continue;
        }
        p.status.phase = "Running".into();
        let now = c.now();
        podflow_engine::api::pod_status::set_condition(&mut p.status, "Ready", "True", "", "", now);
        c.request(Verb::UpdateStatus(Object::Pod(p))).unwrap();
    }
}

fn step(c: &mut Cluster) {
    c.advance(SimDuration::from_secs(1));
    make_ready(c);
    c.advance(SimDuration::from_secs(1));
}

fn set_image(c: &mut Cluster, image: &str) {
    let mut d = deployment(c);
    d.spec.template.spec.containers[0].image = image.into();
    c.request(Verb::Update(Object::Deployment(d))).unwrap();
}

#[test]
fn deployment_creates_a_hashed_replicaset_and_its_pods() {
    let mut c = Cluster::new(11);
    let created = c.request(Verb::CreateRaw(deploy("RollingUpdate"))).unwrap();
    c.advance(SimDuration::from_secs(1));
    let rss = replica_sets(&c);
    assert_eq!(rss.len(), 1);
    let rs = &rss[0];
    let hash = rs.metadata.name.strip_prefix("web-").unwrap();
    assert!(!hash.is_empty() && hash.chars().all(|ch| "456789bcdf".contains(ch)));
    assert_eq!(rs.spec.template.metadata.labels["pod-template-hash"], hash);
    assert_eq!(
        rs.metadata.annotations["deployment.kubernetes.io/revision"],
        "1"
    );
    assert_eq!(rs.spec.replicas, Some(3));
    let pods = live_pods(&c);
    assert_eq!(pods.len(), 3);
    assert!(pods.iter().all(|p| p
        .metadata
        .name
        .starts_with(&format!("{}-", rs.metadata.name))));
    let d = c.store().get(&created.key()).unwrap().clone();
    let msgs: Vec<String> = events::for_object(c.store(), &d)
        .iter()
        .map(|e| e.message.clone())
        .collect();
    assert_eq!(
        msgs,
        vec![format!(
            "Scaled up replica set {} from 0 to 3",
            rs.metadata.name
        )]
    );
    let Object::Deployment(d) = &*d else { panic!() };
    assert_eq!(
        d.metadata.annotations["deployment.kubernetes.io/revision"],
        "1"
    );
    let available = d
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "Available")
        .unwrap();
    assert_eq!(
        (available.status.as_str(), available.reason.as_str()),
        ("False", "MinimumReplicasUnavailable")
    );
}

#[test]
fn deployment_becomes_available_when_pods_are_ready() {
    let mut c = Cluster::new(12);
    c.request(Verb::CreateRaw(deploy("RollingUpdate"))).unwrap();
    step(&mut c);
    let d = deployment(&c);
    assert_eq!(
        (
            d.status.replicas,
            d.status.ready_replicas,
            d.status.available_replicas
        ),
        (3, 3, 3)
    );
    let types: Vec<(&str, &str, &str)> = d
        .status
        .conditions
        .iter()
        .map(|c| (c.type_.as_str(), c.status.as_str(), c.reason.as_str()))
        .collect();
    assert_eq!(
        types,
        vec![
            ("Available", "True", "MinimumReplicasAvailable"),
            ("Progressing", "True", "NewReplicaSetAvailable")
        ]
    );
    let msg = &d.status.conditions[1].message;
    assert!(
        msg.starts_with("ReplicaSet \"web-") && msg.ends_with("\" has successfully progressed.")
    );
}

#[test]
fn rolling_update_respects_surge_and_replaces_every_pod() {
    let mut c = Cluster::new(13);
    c.request(Verb::CreateRaw(deploy("RollingUpdate"))).unwrap();
    step(&mut c);
    let old = replica_sets(&c)[0].metadata.name.clone();
    set_image(&mut c, "nginx:1.27");
    for _ in 0..12 {
        step(&mut c);
        assert!(live_pods(&c).len() <= 4, "maxSurge 25% of 3 rounds up to 1");
    }
    let rss = replica_sets(&c);
    assert_eq!(rss.len(), 2);
    let new = rss.iter().find(|rs| rs.metadata.name != old).unwrap();
    assert_eq!(new.spec.replicas, Some(3));
    assert_eq!(
        new.metadata.annotations["deployment.kubernetes.io/revision"],
        "2"
    );
    let old_rs = rss.iter().find(|rs| rs.metadata.name == old).unwrap();
    assert_eq!(old_rs.spec.replicas, Some(0));
    let pods = live_pods(&c);
    assert_eq!(pods.len(), 3);
    assert!(pods
        .iter()
        .all(|p| p.spec.containers[0].image == "nginx:1.27"));
    let d = deployment(&c);
    assert_eq!(
        d.metadata.annotations["deployment.kubernetes.io/revision"],
        "2"
    );
    assert_eq!(d.status.updated_replicas, 3);
    let obj = c
        .store()
        .get_by(Kind::Deployment, "default", "web")
        .unwrap()
        .clone();
    let evs = events::for_object(c.store(), &obj);
    assert!(evs
        .iter()
        .any(|e| e.message == format!("Scaled down replica set {old} from 3 to 2")));
}

#[test]
fn recreate_scales_old_to_zero_before_creating_new() {
    let mut c = Cluster::new(14);
    c.request(Verb::CreateRaw(deploy("Recreate"))).unwrap();
    step(&mut c);
    set_image(&mut c, "nginx:1.27");
    c.advance(SimDuration::from_millis(200));
    assert_eq!(
        replica_sets(&c).len(),
        1,
        "no new ReplicaSet while old pods exist"
    );
    for _ in 0..4 {
        step(&mut c);
    }
    let pods = live_pods(&c);
    assert_eq!(pods.len(), 3);
    assert!(pods
        .iter()
        .all(|p| p.spec.containers[0].image == "nginx:1.27"));
}

#[test]
fn rollback_template_is_the_previous_revision() {
    let mut c = Cluster::new(15);
    c.request(Verb::CreateRaw(deploy("RollingUpdate"))).unwrap();
    step(&mut c);
    set_image(&mut c, "nginx:1.27");
    for _ in 0..10 {
        step(&mut c);
    }
    let template = deployment_util::rollback_template(&replica_sets(&c), 0).unwrap();
    assert_eq!(template.spec.containers[0].image, "nginx:1.26");
    let mut d = deployment(&c);
    d.spec.template = template;
    c.request(Verb::Update(Object::Deployment(d))).unwrap();
    for _ in 0..10 {
        step(&mut c);
    }
    assert_eq!(replica_sets(&c).len(), 2, "the old ReplicaSet is reused");
    let d = deployment(&c);
    assert_eq!(
        d.metadata.annotations["deployment.kubernetes.io/revision"],
        "3"
    );
    assert!(live_pods(&c)
        .iter()
        .all(|p| p.spec.containers[0].image == "nginx:1.26"));
}

#[test]
fn scaling_a_deployment_scales_its_replicaset() {
    let mut c = Cluster::new(16);
    c.request(Verb::CreateRaw(deploy("RollingUpdate"))).unwrap();
    step(&mut c);
    let mut d = deployment(&c);
    d.spec.replicas = Some(5);
    c.request(Verb::Update(Object::Deployment(d))).unwrap();
    step(&mut c);
    assert_eq!(live_pods(&c).len(), 5);
    let rs = &replica_sets(&c)[0];
    assert_eq!(
        rs.metadata.annotations["deployment.kubernetes.io/desired-replicas"],
        "5"
    );
}

#[test]
fn deleting_a_deployment_cascades_to_replicasets_and_pods() {
    let mut c = Cluster::new(17);
    let created = c.request(Verb::CreateRaw(deploy("RollingUpdate"))).unwrap();
    c.advance(SimDuration::from_secs(1));
    c.request(Verb::Delete {
        key: created.key(),
        grace_period_seconds: None,
    })
    .unwrap();
    c.advance(SimDuration::from_secs(1));
    assert!(replica_sets(&c).is_empty());
    assert!(live_pods(&c).is_empty());
}

#[test]
fn paused_deployment_scales_but_does_not_roll_out() {
    let mut c = Cluster::new(18);
    c.request(Verb::CreateRaw(deploy("RollingUpdate"))).unwrap();
    step(&mut c);
    let mut d = deployment(&c);
    d.spec.paused = true;
    d.spec.replicas = Some(4);
    d.spec.template.spec.containers[0].image = "nginx:1.27".into();
    d.metadata.resource_version.clear();
    c.request(Verb::Update(Object::Deployment(d))).unwrap();
    step(&mut c);
    let rss = replica_sets(&c);
    assert_eq!(rss.len(), 1, "no new ReplicaSet while paused");
    assert_eq!(rss[0].spec.replicas, Some(4));
    assert!(live_pods(&c)
        .iter()
        .all(|p| p.spec.containers[0].image == "nginx:1.26"));
}
