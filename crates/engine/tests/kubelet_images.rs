//! Image pulls that fail: an unknown repository, and `imagePullPolicy: Never`.

mod kubelet_support;

use kubelet_support::*;
use podflow_engine::{Cluster, SimDuration};
use serde_json::json;

#[test]
fn unknown_image_is_err_image_pull_then_image_pull_back_off() {
    let mut c = Cluster::new(1);
    create(
        &mut c,
        pod_on_node("web", json!({"name": "web", "image": "nginxx"})),
    );
    let t = until(&mut c, 10, |c| {
        waiting_reason(c, "web").as_deref() == Some("ErrImagePull")
    });
    assert!(t.is_some(), "ErrImagePull within 10s");
    let t = until(&mut c, 30, |c| {
        waiting_reason(c, "web").as_deref() == Some("ImagePullBackOff")
    });
    assert!(t.is_some(), "ImagePullBackOff within 30s");
    let p = must_pod(&c, "web");
    assert_eq!(p.status.phase, "Pending");
    let msg = p.status.container_statuses[0]
        .state
        .waiting
        .as_ref()
        .map(|w| w.message.clone());
    assert!(msg.is_some_and(|m| m.starts_with(
        "Back-off pulling image \"nginxx\": ErrImagePull: failed to pull and unpack image"
    )));
    let ev = events(&c, "web");
    let failed = "Failed to pull image \"nginxx\": failed to pull and unpack image \"docker.io/library/nginxx:latest\": failed to resolve reference \"docker.io/library/nginxx:latest\": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed";
    assert_eq!(ev[0].0, "Pulling");
    assert_eq!(ev[0].1, "Pulling image \"nginxx\"");
    assert!(ev.iter().any(|e| e.0 == "Failed" && e.1 == failed));
    assert!(ev
        .iter()
        .any(|e| e.0 == "Failed" && e.1 == "Error: ErrImagePull"));
    assert!(ev
        .iter()
        .any(|e| e.0 == "BackOff" && e.1 == "Back-off pulling image \"nginxx\""));
    assert!(ev
        .iter()
        .any(|e| e.0 == "Failed" && e.1 == "Error: ImagePullBackOff"));
}

#[test]
fn pull_retries_back_off_exponentially() {
    let mut c = Cluster::new(2);
    create(
        &mut c,
        pod_on_node("web", json!({"name": "web", "image": "nginxx"})),
    );
    c.advance(SimDuration::from_secs(120));
    let pulls: Vec<u64> = c
        .trace()
        .events()
        .iter()
        .filter(|e| e.kind == "pull-image")
        .map(|e| e.sent_at.as_millis() / 1000)
        .collect();
    assert!(pulls.len() >= 3 && pulls.len() <= 6, "{pulls:?}");
    let gaps: Vec<u64> = pulls.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(gaps.windows(2).all(|g| g[1] >= g[0]), "gaps grow: {gaps:?}");
}

#[test]
fn never_policy_with_absent_image_is_err_image_never_pull() {
    let mut c = Cluster::new(1);
    let container = json!({"name": "web", "image": "nginx:1.27", "imagePullPolicy": "Never"});
    create(&mut c, pod_on_node("web", container));
    let t = until(&mut c, 30, |c| {
        waiting_reason(c, "web").as_deref() == Some("ErrImageNeverPull")
    });
    assert!(t.is_some());
    let ev = events(&c, "web");
    let msg = "Container image \"nginx:1.27\" is not present with pull policy of Never";
    assert_eq!(
        ev[0],
        ("ErrImageNeverPull".to_string(), msg.to_string(), ev[0].2)
    );
    assert!(ev.iter().any(|e| e.1 == "Error: ErrImageNeverPull"));
    assert!(!c.trace().events().iter().any(|e| e.kind == "pull-image"));
}

#[test]
fn a_present_image_is_not_pulled_again_with_if_not_present() {
    let mut c = Cluster::new(1);
    create(
        &mut c,
        pod_on_node("a", json!({"name": "a", "image": "nginx:1.27"})),
    );
    c.advance(SimDuration::from_secs(15));
    create(
        &mut c,
        pod_on_node("b", json!({"name": "b", "image": "nginx:1.27"})),
    );
    c.advance(SimDuration::from_secs(5));
    assert_eq!(must_pod(&c, "b").status.phase, "Running");
    let ev = events(&c, "b");
    let present =
        "Container image \"nginx:1.27\" already present on machine and can be accessed by the pod";
    assert_eq!(ev[0].0, "Pulled");
    assert_eq!(ev[0].1, present);
    assert_eq!(reasons(&c, "b"), ["Pulled", "Created", "Started"]);
}

#[test]
fn two_pods_pulling_the_same_image_both_start() {
    let mut c = Cluster::new(1);
    create(
        &mut c,
        pod_on_node("a", json!({"name": "a", "image": "nginx"})),
    );
    create(
        &mut c,
        pod_on_node("b", json!({"name": "b", "image": "nginx"})),
    );
    c.advance(SimDuration::from_secs(15));
    for name in ["a", "b"] {
        assert_eq!(must_pod(&c, name).status.phase, "Running", "{name}");
        assert!(reasons(&c, name).contains(&"Started".to_string()), "{name}");
    }
    create(
        &mut c,
        pod_on_node("c", json!({"name": "c", "image": "nginx"})),
    );
    c.advance(SimDuration::from_secs(5));
    let pulled = events(&c, "c")
        .into_iter()
        .find(|e| e.0 == "Pulled")
        .map(|e| e.1);
    let want = "Successfully pulled image \"nginx\" in 450ms (452ms including waiting). Image size: 72225394 bytes.";
    assert_eq!(pulled.as_deref(), Some(want));
}

#[test]
fn an_unparsable_image_name_is_invalid_image_name_without_a_pull() {
    let mut c = Cluster::new(1);
    create(
        &mut c,
        pod_on_node("web", json!({"name": "web", "image": "Nginx"})),
    );
    c.advance(SimDuration::from_secs(5));
    assert_eq!(
        waiting_reason(&c, "web").as_deref(),
        Some("InvalidImageName")
    );
    let ev = events(&c, "web");
    let want = "Failed to apply default image tag \"Nginx\": couldn't parse image name \"Nginx\": invalid reference format: repository name must be lowercase";
    assert_eq!(
        (ev[0].0.as_str(), ev[0].1.as_str()),
        ("InspectFailed", want)
    );
    assert!(ev.iter().any(|e| e.1 == "Error: InvalidImageName"));
    assert!(!c.trace().events().iter().any(|e| e.kind == "pull-image"));
}

#[test]
fn a_pod_stuck_pulling_is_deleted_at_once_by_its_kubelet() {
    let mut c = Cluster::new(1);
    create(
        &mut c,
        pod_on_node("web", json!({"name": "web", "image": "nginxx"})),
    );
    c.advance(SimDuration::from_secs(20));
    assert_eq!(
        waiting_reason(&c, "web").as_deref(),
        Some("ImagePullBackOff")
    );
    let key = podflow_engine::api::ObjectKey::new(podflow_engine::api::Kind::Pod, "default", "web");
    let verb = podflow_engine::network::Verb::Delete {
        key,
        grace_period_seconds: None,
    };
    c.request(verb).expect("deleted");
    let gone = until(&mut c, 10, |c| pod(c, "web").is_none());
    assert!(gone.is_some_and(|t| t <= 2), "{gone:?}");
}
