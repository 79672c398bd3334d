//! The seeds' snippets through the API server (`Cluster::dry_run` and real creates): each
//! mistake gives the exact text a real cluster returns, and `manifest::locate` points it at the
//! right line; the corrected snippets are stored with upstream's defaults.

use podflow_engine::api::{Kind, Object};
use podflow_engine::manifest::{self, Document};
use podflow_engine::network::Verb;
use podflow_engine::Cluster;
use serde_json::Value;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The seed snippet with the article's `apiVersion: apps/v1` corrected to `v1`.
fn fixed(name: &str) -> String {
    fixture(name).replacen("apiVersion: apps/v1", "apiVersion: v1", 1)
}

fn doc(text: &str) -> Document {
    manifest::parse(text).remove(0)
}

fn value(d: &Document) -> Value {
    d.value.clone().unwrap_or_default()
}

fn pod(obj: &Object) -> podflow_engine::api::Pod {
    obj.as_pod().cloned().unwrap_or_default()
}

#[test]
fn pod_under_apps_v1_is_not_served() {
    let c = Cluster::new(1);
    let e = c.dry_run(&value(&doc(&fixture("002_image_pull_policy.yaml"))));
    assert_eq!(
        e.map(|_| ()).map_err(|e| e.message),
        Err("no matches for kind \"Pod\" in version \"apps/v1\"".to_string())
    );
}

#[test]
fn misspelt_node_affinity_is_a_strict_decoding_error_at_line_8() {
    let c = Cluster::new(1);
    let d = doc(&fixed("002_node_affinity.yaml"));
    let e = c.dry_run(&value(&d)).map(|_| ()).unwrap_err();
    assert_eq!(
        e.kubectl_text(),
        "Error from server (BadRequest): Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringException\""
    );
    let lines: Vec<usize> = manifest::locate(&d, &e).iter().map(|l| l.0).collect();
    assert_eq!(lines, [8]);
}

#[test]
fn misplaced_toleration_fields_are_unknown_spec_fields() {
    let text = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n{}  containers:\n  - name: web\n    image: nginx\n",
        fixture("002_toleration_fragment.yaml")
    );
    let d = doc(&text);
    let e = Cluster::new(1).dry_run(&value(&d)).map(|_| ()).unwrap_err();
    assert_eq!(
        e.message,
        "Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"spec.effect\", unknown field \"spec.operator\", unknown field \"spec.value\""
    );
    let lines: Vec<usize> = manifest::locate(&d, &e).iter().map(|l| l.0).collect();
    assert_eq!(lines, [10, 8, 9]);
}

#[test]
fn corrected_snippets_are_stored_with_defaults() {
    let mut c = Cluster::new(1);
    let text = fixed("002_liveness.yaml").replace("   - /bin/sh", "      - /bin/sh");
    let created = c.request(Verb::CreateRaw(value(&doc(&text)))).unwrap();
    let p = pod(&created);
    let s = &p.spec;
    assert_eq!(
        (
            s.restart_policy.as_str(),
            s.dns_policy.as_str(),
            s.scheduler_name.as_str()
        ),
        ("Always", "ClusterFirst", "default-scheduler")
    );
    assert_eq!(s.service_account_name, "default");
    assert_eq!((s.priority, s.enable_service_links), (Some(0), Some(true)));
    let ctr = &s.containers[0];
    assert_eq!(ctr.image_pull_policy, "Always");
    let probe = ctr.liveness_probe.clone().unwrap_or_default();
    assert_eq!(
        (
            probe.timeout_seconds,
            probe.period_seconds,
            probe.success_threshold,
            probe.failure_threshold
        ),
        (Some(1), Some(5), Some(1), Some(3))
    );
    assert_eq!(s.tolerations.len(), 2);
    assert_eq!(
        (p.status.phase.as_str(), p.status.qos_class.as_str()),
        ("Pending", "BestEffort")
    );
}

#[test]
fn resources_snippet_is_burstable_and_keeps_its_requests() {
    let c = Cluster::new(1);
    let p = pod(&c
        .dry_run(&value(&doc(&fixed("002_resources.yaml"))))
        .unwrap());
    assert_eq!(p.status.qos_class, "Burstable");
    let r = &p.spec.containers[0].resources;
    assert_eq!(r.requests.get("cpu").map(|q| q.0.as_str()), Some("250m"));
    assert_eq!(p.spec.containers[0].image_pull_policy, "Always");
    assert_eq!(
        p.spec.containers[0].env[0].value.as_deref(),
        Some("password")
    );
}

#[test]
fn tagged_image_pulls_if_not_present() {
    let c = Cluster::new(1);
    let text = fixed("002_restart_policy.yaml")
        .replace("   - /bin/sh", "      - /bin/sh")
        .replace("    restartPolicy: Never", "  restartPolicy: Never");
    let p = pod(&c.dry_run(&value(&doc(&text))).unwrap());
    assert_eq!(p.spec.containers[0].image_pull_policy, "IfNotPresent");
    assert_eq!(p.spec.restart_policy, "Never");
}

fn invalid(text: &str) -> (String, Vec<(usize, String)>) {
    let d = doc(text);
    let e = Cluster::new(1).dry_run(&value(&d)).map(|_| ()).unwrap_err();
    (e.kubectl_text(), manifest::locate(&d, &e))
}

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx\n";

#[test]
fn port_out_of_range() {
    let (text, lines) = invalid(&format!("{POD}    ports:\n    - containerPort: 70000\n"));
    assert_eq!(
        text,
        "The Pod \"web\" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"
    );
    assert_eq!(lines[0].0, 10);
}

#[test]
fn several_causes_are_listed() {
    let text = POD.replace("    image: nginx\n", "") + "  restartPolicy: never\n";
    let (text, lines) = invalid(&text);
    assert_eq!(
        text,
        "The Pod \"web\" is invalid: [spec.containers[0].image: Required value, spec.restartPolicy: Unsupported value: \"never\": supported values: \"Always\", \"OnFailure\", \"Never\"]"
    );
    // A missing field points at its nearest written parent.
    assert_eq!(lines.iter().map(|l| l.0).collect::<Vec<_>>(), [7, 8]);
}

#[test]
fn request_above_limit() {
    let text = format!(
        "{POD}    resources:\n      requests:\n        cpu: 2\n      limits:\n        cpu: 1\n"
    );
    let (text, _) = invalid(&text);
    assert_eq!(
        text,
        "The Pod \"web\" is invalid: spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1"
    );
}

#[test]
fn names_and_mounts() {
    let text = POD
        .replace("name: web\nspec", "name: Web_Pod\nspec")
        .replace("- name: web", "- name: Web")
        + "    volumeMounts:\n    - name: data\n      mountPath: /data\n";
    let (text, lines) = invalid(&text);
    assert!(text.starts_with("The Pod \"Web_Pod\" is invalid: [metadata.name: Invalid value: \"Web_Pod\": a lowercase RFC 1123 subdomain"));
    assert!(text.contains(", spec.containers[0].name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"));
    assert!(text.ends_with(", spec.containers[0].volumeMounts[0].name: Not found: \"data\"]"));
    assert_eq!(lines.iter().map(|l| l.0).collect::<Vec<_>>(), [4, 7, 10]);
}

#[test]
fn bad_quantity_is_a_decode_error() {
    let text = format!("{POD}    resources:\n      limits:\n        memory: 2GB\n");
    let (text, _) = invalid(&text);
    assert_eq!(
        text,
        "Error from server (BadRequest): Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    );
}

#[test]
fn pod_spec_updates_are_forbidden_but_images_may_change() {
    let mut c = Cluster::new(1);
    c.request(Verb::CreateRaw(value(&doc(POD)))).unwrap();
    // Let the scheduler bind it first, so the updates below start from the stored object.
    c.advance(podflow_engine::SimDuration::from_secs(5));
    let stored = |c: &Cluster| {
        c.store()
            .get_by(Kind::Pod, "default", "web")
            .map(|o| pod(o))
            .unwrap_or_default()
    };
    let mut next = stored(&c);
    next.spec.containers[0].image = "nginx:1.27".into();
    let r = c.request(Verb::Update(Object::Pod(next)));
    assert!(r.is_ok(), "{r:?}");
    let mut next = stored(&c);
    next.spec.restart_policy = "Never".into();
    let e = c.request(Verb::Update(Object::Pod(next))).unwrap_err();
    assert_eq!(
        e.kubectl_text(),
        "The Pod \"web\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"
    );
}

#[test]
fn dry_run_leaves_the_cluster_untouched() {
    let c = Cluster::new(1);
    let before = c.trace().len();
    assert!(c.dry_run(&value(&doc(POD))).is_ok());
    assert_eq!(c.trace().len(), before);
    assert!(c.store().get_by(Kind::Pod, "default", "web").is_none());
}
