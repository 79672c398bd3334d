//! Workload controllers with the real scheduler, kubelets and runtime of the default cluster:
//! a Deployment becomes available and rolls out a new image end to end.

use podflow_engine::api::{Deployment, Kind, Object};
use podflow_engine::network::Verb;
use podflow_engine::{Cluster, SimDuration};
use serde_json::json;

fn deployment(c: &Cluster) -> Deployment {
    match &**c
        .store()
        .get_by(Kind::Deployment, "default", "web")
        .expect("exists")
    {
        Object::Deployment(d) => d.clone(),
        _ => panic!("not a deployment"),
    }
}

fn live_pods(c: &Cluster) -> usize {
    c.store()
        .list(Kind::Pod, Some("default"))
        .filter(|o| o.meta().deletion_timestamp.is_none())
        .count()
}

/// Advances in 1s steps until `done`, returning the seconds it took (at most `max`).
fn seconds_until(
    c: &mut Cluster,
    max: u64,
    mut check: impl FnMut(&Cluster) -> bool,
) -> Option<u64> {
    for s in 1..=max {
        c.advance(SimDuration::from_secs(1));
        if check(c) {
            return Some(s);
        }
    }
    None
}

#[test]
fn deployment_becomes_available_and_rolls_out_on_real_nodes() {
    let mut c = Cluster::new(31);
    let d = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
        "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                 "template": {"metadata": {"labels": {"app": "web"}},
                              "spec": {"containers": [{"name": "nginx", "image": "nginx:1.26"}]}}}});
    c.request(Verb::CreateRaw(d)).unwrap();
    let up = seconds_until(&mut c, 60, |c| deployment(c).status.available_replicas == 3);
    assert!(up.is_some(), "3 pods available within a minute");
    let mut d = deployment(&c);
    assert_eq!(d.metadata.generation, 1);
    d.spec.template.spec.containers[0].image = "nginx:1.27".into();
    d.metadata.resource_version.clear();
    c.request(Verb::Update(Object::Deployment(d))).unwrap();
    let mut max_pods = 0;
    let done = seconds_until(&mut c, 120, |c| {
        max_pods = max_pods.max(live_pods(c));
        let d = deployment(c);
        d.status.updated_replicas == 3 && d.status.available_replicas == 3 && d.status.replicas == 3
    });
    assert!(done.is_some(), "the rollout completes within two minutes");
    assert!(
        max_pods <= 4,
        "maxSurge 25% of 3 allows one extra pod, saw {max_pods}"
    );
    let d = deployment(&c);
    assert_eq!(
        (d.metadata.generation, d.status.observed_generation),
        (2, 2)
    );
    let progressing = d
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "Progressing")
        .unwrap();
    assert_eq!(progressing.reason, "NewReplicaSetAvailable");
    let images: Vec<String> = c
        .store()
        .list(Kind::Pod, Some("default"))
        .filter_map(|o| o.as_pod())
        .filter(|p| p.metadata.deletion_timestamp.is_none())
        .map(|p| p.spec.containers[0].image.clone())
        .collect();
    assert_eq!(images, vec!["nginx:1.27"; 3]);
}

#[test]
fn job_completes_on_real_nodes() {
    let mut c = Cluster::new(41);
    let j = json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "pi"},
        "spec": {"completions": 2, "template": {"spec": {"restartPolicy": "Never",
            "containers": [{"name": "pi", "image": "busybox",
                            "command": ["sh", "-c", "echo 3.14; sleep 2"]}]}}}});
    c.request(Verb::CreateRaw(j)).unwrap();
    let complete = seconds_until(&mut c, 60, |c| {
        match &**c.store().get_by(Kind::Job, "default", "pi").unwrap() {
            Object::Job(j) => j.is_finished(),
            _ => false,
        }
    });
    assert!(
        complete.is_some(),
        "two 2-second pods complete within a minute"
    );
    let Object::Job(j) = &**c.store().get_by(Kind::Job, "default", "pi").unwrap() else {
        panic!("not a job")
    };
    assert_eq!((j.status.succeeded, j.status.active), (2, 0));
    assert!(j.true_condition("Complete").is_some());
}

#[test]
fn statefulset_pods_start_in_order_on_real_nodes() {
    let mut c = Cluster::new(42);
    let s = json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "web"},
        "spec": {"replicas": 2, "serviceName": "nginx", "selector": {"matchLabels": {"app": "nginx"}},
                 "template": {"metadata": {"labels": {"app": "nginx"}},
                              "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}}});
    c.request(Verb::CreateRaw(s)).unwrap();
    let mut order = Vec::new();
    seconds_until(&mut c, 60, |c| {
        for o in c.store().list(Kind::Pod, Some("default")) {
            if !order.contains(&o.meta().name) {
                order.push(o.meta().name.clone());
            }
        }
        order.len() == 2
    });
    assert_eq!(order, vec!["web-0", "web-1"]);
    let ready = seconds_until(&mut c, 60, |c| {
        match &**c
            .store()
            .get_by(Kind::StatefulSet, "default", "web")
            .unwrap()
        {
            Object::StatefulSet(s) => s.status.ready_replicas == 2,
            _ => false,
        }
    });
    assert!(ready.is_some());
}

#[test]
fn same_seed_same_rollout_trace() {
    let run = || {
        let mut c = Cluster::new(7);
        let d = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
            "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                     "template": {"metadata": {"labels": {"app": "web"}},
                                  "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}}});
        c.request(Verb::CreateRaw(d)).unwrap();
        c.advance(SimDuration::from_secs(30));
        c.trace().to_json_lines()
    };
    assert_eq!(run(), run());
}
