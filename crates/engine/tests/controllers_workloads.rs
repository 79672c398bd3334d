//! Job, DaemonSet and StatefulSet controllers through the Cluster façade. Jobs and
//! StatefulSets run in a cluster without nodes with `schedulerName: manual`, so no component
//! but the test touches their pods' status (it stands in for scheduler and kubelet).

use podflow_engine::api::{Kind, Object, Pod};
use podflow_engine::events;
use podflow_engine::network::Verb;
use podflow_engine::{Cluster, SimDuration};
use serde_json::json;

fn pods(c: &Cluster) -> Vec<Pod> {
    c.store()
        .list(Kind::Pod, Some("default"))
        .filter_map(|o| o.as_pod().cloned())
        .filter(|p| p.metadata.deletion_timestamp.is_none())
        .collect()
}

fn set_phase(c: &mut Cluster, pod: &Pod, phase: &str, ready: bool) {
    let mut p = pod.clone();
    p.status.phase = phase.into();
    let now = c.now();
    let value = if ready { "True" } else { "False" };
    podflow_engine::api::pod_status::set_condition(&mut p.status, "Ready", value, "", "", now);
    c.request(Verb::UpdateStatus(Object::Pod(p))).unwrap();
}

fn job(completions: i32, backoff_limit: i32) -> serde_json::Value {
    json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "pi"},
           "spec": {"completions": completions, "backoffLimit": backoff_limit,
                    "template": {"spec": {"restartPolicy": "Never", "schedulerName": "manual",
                                          "containers": [{"name": "pi", "image": "perl:5.34"}]}}}})
}

fn job_obj(c: &Cluster) -> podflow_engine::api::Job {
    match &**c.store().get_by(Kind::Job, "default", "pi").unwrap() {
        Object::Job(j) => j.clone(),
        _ => panic!("not a job"),
    }
}

#[test]
fn job_runs_pods_until_completions_succeed() {
    let mut c = Cluster::empty(21);
    let created = c.request(Verb::CreateRaw(job(2, 6))).unwrap();
    c.advance(SimDuration::from_secs(1));
    let first = pods(&c);
    assert_eq!(first.len(), 1);
    let p = &first[0];
    assert!(p.metadata.name.starts_with("pi-") && p.metadata.name.len() == 8);
    assert_eq!(p.metadata.labels["job-name"], "pi");
    assert_eq!(p.metadata.labels["batch.kubernetes.io/job-name"], "pi");
    assert_eq!(
        p.metadata.labels["batch.kubernetes.io/controller-uid"],
        created.meta().uid
    );
    set_phase(&mut c, p, "Succeeded", false);
    c.advance(SimDuration::from_secs(1));
    let second: Vec<Pod> = pods(&c)
        .into_iter()
        .filter(|q| q.status.phase != "Succeeded")
        .collect();
    assert_eq!(second.len(), 1);
    set_phase(&mut c, &second[0], "Succeeded", false);
    c.advance(SimDuration::from_secs(1));
    let j = job_obj(&c);
    assert_eq!(j.status.succeeded, 2);
    let types: Vec<&str> = j
        .status
        .conditions
        .iter()
        .map(|c| c.type_.as_str())
        .collect();
    assert_eq!(types, vec!["SuccessCriteriaMet", "Complete"]);
    assert_eq!(j.status.conditions[1].reason, "CompletionsReached");
    assert!(j.status.completion_time.is_some());
    let obj = c.store().get(&created.key()).unwrap().clone();
    let evs: Vec<(String, String)> = events::for_object(c.store(), &obj)
        .iter()
        .map(|e| (e.reason.clone(), e.message.clone()))
        .collect();
    assert_eq!(
        evs.last().unwrap(),
        &("Completed".to_string(), "Job completed".to_string())
    );
    assert_eq!(evs.iter().filter(|e| e.0 == "SuccessfulCreate").count(), 2);
}

#[test]
fn job_fails_after_its_backoff_limit() {
    let mut c = Cluster::empty(22);
    let created = c.request(Verb::CreateRaw(job(1, 1))).unwrap();
    c.advance(SimDuration::from_secs(1));
    let first = pods(&c)[0].clone();
    set_phase(&mut c, &first, "Failed", false);
    c.advance(SimDuration::from_secs(5));
    assert!(
        pods(&c).iter().all(|p| p.status.phase == "Failed"),
        "back-off holds the retry"
    );
    c.advance(SimDuration::from_secs(10));
    let retry: Vec<Pod> = pods(&c)
        .into_iter()
        .filter(|p| p.status.phase != "Failed")
        .collect();
    assert_eq!(retry.len(), 1);
    set_phase(&mut c, &retry[0], "Failed", false);
    c.advance(SimDuration::from_secs(1));
    let j = job_obj(&c);
    let failed = j
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "Failed")
        .expect("Failed condition");
    assert_eq!(failed.reason, "BackoffLimitExceeded");
    assert_eq!(
        failed.message,
        "Job has reached the specified backoff limit"
    );
    let obj = c.store().get(&created.key()).unwrap().clone();
    assert!(events::for_object(c.store(), &obj)
        .iter()
        .any(|e| e.type_ == "Warning" && e.reason == "BackoffLimitExceeded"));
}

#[test]
fn job_with_always_restart_policy_is_rejected() {
    let mut c = Cluster::empty(23);
    let mut j = job(1, 6);
    j["spec"]["template"]["spec"]["restartPolicy"] = json!("Always");
    let e = c.request(Verb::CreateRaw(j)).unwrap_err();
    assert_eq!(
        e.kubectl_text(),
        "The Job \"pi\" is invalid: spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""
    );
}

fn sts(replicas: i32) -> serde_json::Value {
    json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "web"},
           "spec": {"replicas": replicas, "serviceName": "nginx",
                    "selector": {"matchLabels": {"app": "nginx"}},
                    "template": {"metadata": {"labels": {"app": "nginx"}},
                                 "spec": {"schedulerName": "manual",
                                          "containers": [{"name": "nginx", "image": "nginx"}]}}}})
}

fn names(c: &Cluster) -> Vec<String> {
    pods(c).into_iter().map(|p| p.metadata.name).collect()
}

#[test]
fn statefulset_creates_pods_in_order_once_each_is_ready() {
    let mut c = Cluster::empty(24);
    c.request(Verb::CreateRaw(sts(3))).unwrap();
    c.advance(SimDuration::from_secs(1));
    assert_eq!(names(&c), vec!["web-0"]);
    let first = pods(&c)[0].clone();
    set_phase(&mut c, &first, "Running", false);
    c.advance(SimDuration::from_secs(1));
    assert_eq!(
        names(&c),
        vec!["web-0"],
        "web-1 waits for web-0 to be Ready"
    );
    let first = pods(&c)[0].clone();
    set_phase(&mut c, &first, "Running", true);
    c.advance(SimDuration::from_secs(1));
    assert_eq!(names(&c), vec!["web-0", "web-1"]);
    let web1 = pods(&c)
        .into_iter()
        .find(|p| p.metadata.name == "web-1")
        .unwrap();
    assert_eq!(web1.spec.hostname, "web-1");
    assert_eq!(web1.spec.subdomain, "nginx");
    set_phase(&mut c, &web1, "Running", true);
    c.advance(SimDuration::from_secs(1));
    assert_eq!(names(&c), vec!["web-0", "web-1", "web-2"]);
    let set = c
        .store()
        .get_by(Kind::StatefulSet, "default", "web")
        .unwrap()
        .clone();
    let msgs: Vec<String> = events::for_object(c.store(), &set)
        .iter()
        .map(|e| e.message.clone())
        .collect();
    assert_eq!(msgs[0], "create Pod web-0 in StatefulSet web successful");
}

#[test]
fn statefulset_scales_down_from_the_highest_ordinal() {
    let mut c = Cluster::empty(25);
    c.request(Verb::CreateRaw(sts(3))).unwrap();
    for _ in 0..3 {
        c.advance(SimDuration::from_secs(1));
        for p in pods(&c) {
            set_phase(&mut c, &p, "Running", true);
        }
    }
    assert_eq!(names(&c).len(), 3);
    let mut set = match &**c
        .store()
        .get_by(Kind::StatefulSet, "default", "web")
        .unwrap()
    {
        Object::StatefulSet(s) => s.clone(),
        _ => panic!(),
    };
    set.spec.replicas = Some(1);
    set.metadata.resource_version.clear();
    c.request(Verb::Update(Object::StatefulSet(set))).unwrap();
    c.advance(SimDuration::from_secs(1));
    assert_eq!(names(&c), vec!["web-0"]);
    let set = c
        .store()
        .get_by(Kind::StatefulSet, "default", "web")
        .unwrap()
        .clone();
    let deletes: Vec<String> = events::for_object(c.store(), &set)
        .iter()
        .filter(|e| e.reason == "SuccessfulDelete")
        .map(|e| e.message.clone())
        .collect();
    assert_eq!(
        deletes,
        vec![
            "delete Pod web-2 in StatefulSet web successful",
            "delete Pod web-1 in StatefulSet web successful"
        ]
    );
}

#[test]
fn daemonset_puts_one_pod_on_each_schedulable_worker() {
    let mut c = Cluster::new(26);
    let ds = json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "fluentd"},
        "spec": {"selector": {"matchLabels": {"app": "fluentd"}},
                 "template": {"metadata": {"labels": {"app": "fluentd"}},
                              "spec": {"containers": [{"name": "fluentd", "image": "fluentd"}]}}}});
    c.request(Verb::CreateRaw(ds)).unwrap();
    c.advance(SimDuration::from_secs(2));
    let all = pods(&c);
    assert_eq!(all.len(), 2, "the tainted control-plane node gets none");
    let mut targets: Vec<String> = all
        .iter()
        .map(|p| {
            let na = p
                .spec
                .affinity
                .as_ref()
                .unwrap()
                .node_affinity
                .as_ref()
                .unwrap();
            let terms = &na
                .required_during_scheduling_ignored_during_execution
                .as_ref()
                .unwrap()
                .node_selector_terms;
            terms[0].match_fields[0].values[0].clone()
        })
        .collect();
    targets.sort();
    assert_eq!(targets, vec!["k8s-node-1", "k8s-node-2"]);
    assert!(all.iter().all(|p| p
        .spec
        .tolerations
        .iter()
        .any(|t| t.key == "node.kubernetes.io/unreachable")));
    let ds = c
        .store()
        .get_by(Kind::DaemonSet, "default", "fluentd")
        .unwrap()
        .clone();
    let Object::DaemonSet(ds) = &*ds else {
        panic!()
    };
    assert_eq!(ds.status.desired_number_scheduled, 2);
}
