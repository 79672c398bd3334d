//! The gallery against a fresh `Cluster::new(1)`: every corrected example is accepted by
//! `kubectl apply -f -` and does what its note says; every printed one fails with the error a
//! real cluster gives (see shared/reference/k8s-behavior.md §6 and §10), at the line the editor
//! marks. Cases that need a cluster change first (a label, a taint) are tests of their own.

use super::*;
use crate::view_model::diagnostics;
use podflow_engine::api::{derived, Kind};
use podflow_engine::{Cluster, SimDuration};
use podflow_kubectl::{MapFiles, Output};

fn text(file: &str) -> &'static str {
    text_of(file).unwrap_or_else(|| panic!("no example {file}"))
}

fn kubectl(c: &mut Cluster, line: &str) -> Output {
    podflow_kubectl::run(line, c, &MapFiles::default())
}

fn apply(c: &mut Cluster, text: &str) -> Output {
    let files = MapFiles {
        stdin: Some(text.to_string()),
        ..MapFiles::default()
    };
    podflow_kubectl::run("kubectl apply -f -", c, &files)
}

fn secs(s: u64) -> SimDuration {
    SimDuration::from_millis(s * 1000)
}

/// `(name, STATUS, node, RESTARTS)` of every pod.
fn pods(c: &Cluster) -> Vec<(String, String, String, String)> {
    c.store()
        .list(Kind::Pod, None)
        .filter_map(|o| o.as_pod())
        .map(|p| {
            let row = derived::pod_row(p, c.now());
            let name = p.metadata.name.clone();
            (name, row.status, p.spec.node_name.clone(), row.restarts)
        })
        .collect()
}

fn status_of(c: &Cluster, name: &str) -> String {
    pods(c)
        .into_iter()
        .find(|p| p.0 == name)
        .map(|p| p.1)
        .unwrap_or_default()
}

/// A fresh cluster with `file` applied and accepted.
fn applied(file: &str) -> Cluster {
    let mut c = Cluster::new(1);
    let out = apply(&mut c, text(file));
    assert_eq!(out.exit_code, 0, "{file}: {}", out.combined());
    c
}

#[test]
fn the_manifest_names_every_file_once() {
    let cat = catalog();
    assert_eq!(cat.len(), FILES.len(), "manifest and FILES differ");
    for (name, _) in FILES {
        assert_eq!(cat.iter().filter(|e| e.file == *name).count(), 1, "{name}");
    }
    assert_eq!(cat[0].file, "nginx-pod.yaml");
    assert_eq!(default_text(), text("nginx-pod.yaml"));
    assert_eq!(by_topic().len(), Topic::ALL.len(), "a topic has no example");
}

#[test]
fn every_printed_example_has_its_corrected_twin() {
    for printed in catalog().iter().filter(|e| e.variant == Variant::Printed) {
        let twin = catalog().iter().find(|e| {
            e.variant == Variant::Corrected && e.topic == printed.topic && e.title == printed.title
        });
        assert!(twin.is_some(), "{} has no corrected version", printed.file);
        assert!(printed.file.starts_with("mistake-"), "{}", printed.file);
    }
}

#[test]
fn every_corrected_example_is_accepted_and_passes_the_dry_run() {
    for e in catalog().iter().filter(|e| e.variant != Variant::Printed) {
        let mut c = Cluster::new(1);
        assert_eq!(diagnostics(&c, e.text), vec![], "{}", e.file);
        let out = apply(&mut c, e.text);
        assert_eq!(out.exit_code, 0, "{}: {}", e.file, out.combined());
        assert!(out.stdout.contains(" created"), "{}", e.file);
    }
}

#[test]
fn plain_pods_reach_running() {
    for (file, pod) in [
        ("nginx-pod.yaml", "nginx"),
        ("image-pull-policy.yaml", "webmypod"),
        ("mysql-resources.yaml", "webmypod"),
        ("requests-scheduling.yaml", "webmypod"),
        ("restart-policy-never.yaml", "dns-test"),
        ("toleration-env-dev.yaml", "tolerant"),
    ] {
        let mut c = applied(file);
        c.advance(secs(60));
        assert_eq!(status_of(&c, pod), "Running", "{file}");
    }
}

#[test]
fn the_printed_pods_under_apps_v1_fail_on_the_client_at_the_kind_line() {
    for (file, name) in [
        ("mistake-apps-v1-pod.yaml", "webmypod"),
        ("mistake-mysql-apps-v1.yaml", "webmypod"),
        ("mistake-requests-apps-v1.yaml", "webmypod"),
        ("mistake-node-selector-apps-v1.yaml", "pod-example"),
        ("mistake-affinity-exception.yaml", "pod-example"),
    ] {
        let mut c = Cluster::new(1);
        let d = diagnostics(&c, text(file));
        assert_eq!(
            d,
            vec![(
                2,
                r#"no matches for kind "Pod" in version "apps/v1""#.into()
            )],
            "{file}"
        );
        let out = apply(&mut c, text(file));
        assert_eq!(
            out.stderr,
            format!(
                "error: resource mapping not found for name: \"{name}\" namespace: \"\" from \"-\": \
                 no matches for kind \"Pod\" in version \"apps/v1\"\nensure CRDs are installed first\n"
            ),
            "{file}"
        );
        assert!(pods(&c).is_empty());
    }
}

#[test]
fn the_misspelt_affinity_field_is_a_strict_decoding_error_once_the_version_is_fixed() {
    let mut c = Cluster::new(1);
    let half = text("mistake-affinity-exception.yaml").replacen("apps/v1", "v1", 1);
    let field = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringException";
    let message = format!(
        "Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"{field}\""
    );
    assert_eq!(diagnostics(&c, &half), vec![(8, message.clone())]);
    let out = apply(&mut c, &half);
    assert_eq!(
        out.stderr,
        format!("Error from server (BadRequest): error when creating \"-\": {message}\n")
    );
}

#[test]
fn mis_indented_args_are_yaml_errors_at_the_mis_indented_item() {
    // kubectl names the line before the one where libyaml stopped: `args:`.
    for (file, marked, kubectl_line) in [
        ("mistake-liveness-args-indent.yaml", 12, 11),
        ("mistake-restart-policy-indent.yaml", 10, 9),
    ] {
        assert!(text(file)
            .lines()
            .nth(marked - 1)
            .unwrap_or("")
            .starts_with("   - /bin/sh"));
        let mut c = Cluster::new(1);
        let message = format!(
            "error converting YAML to JSON: yaml: line {kubectl_line}: did not find expected key"
        );
        assert_eq!(
            diagnostics(&c, text(file)),
            vec![(marked, message.clone())],
            "{file}"
        );
        let out = apply(&mut c, text(file));
        assert_eq!(out.stderr, format!("error: error parsing -: {message}\n"));
    }
}

#[test]
fn restart_policy_under_the_container_list_is_the_next_yaml_error() {
    let c = Cluster::new(1);
    let args_fixed =
        text("mistake-restart-policy-indent.yaml").replace("   - /bin/sh", "      - /bin/sh");
    let d = diagnostics(&c, &args_fixed);
    assert_eq!(d.len(), 1);
    assert_eq!(
        d[0].1,
        "error converting YAML to JSON: yaml: line 12: did not find expected '-' indicator"
    );
    assert_eq!(d[0].0, 13, "the restartPolicy line");
}

#[test]
fn the_printed_toleration_puts_three_unknown_fields_in_spec() {
    let mut c = Cluster::new(1);
    let d = diagnostics(&c, text("mistake-toleration-indent.yaml"));
    let lines: Vec<usize> = d.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, vec![12, 10, 11], "effect, operator, value: {d:?}");
    let message = "Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: \
                   unknown field \"spec.effect\", unknown field \"spec.operator\", unknown field \"spec.value\"";
    assert_eq!(d[0].1, message);
    let out = apply(&mut c, text("mistake-toleration-indent.yaml"));
    assert_eq!(
        out.stderr,
        format!("Error from server (BadRequest): error when creating \"-\": {message}\n")
    );
}

#[test]
fn the_toleration_lets_the_pod_onto_tainted_nodes_only_it() {
    let mut c = Cluster::new(1);
    for node in ["k8s-node-1", "k8s-node-2"] {
        let out = kubectl(
            &mut c,
            &format!("kubectl taint node {node} env=dev:NoSchedule"),
        );
        assert_eq!(out.exit_code, 0, "{}", out.combined());
    }
    assert_eq!(apply(&mut c, text("toleration-env-dev.yaml")).exit_code, 0);
    assert_eq!(apply(&mut c, text("nginx-pod.yaml")).exit_code, 0);
    c.advance(secs(60));
    assert_eq!(status_of(&c, "tolerant"), "Running");
    assert_eq!(status_of(&c, "nginx"), "Pending");
}

#[test]
fn node_selector_and_required_affinity_wait_for_the_label() {
    for file in ["node-selector.yaml", "node-affinity.yaml"] {
        let mut c = applied(file);
        c.advance(secs(30));
        assert_eq!(status_of(&c, "pod-example"), "Pending", "{file}");
        let out = kubectl(&mut c, "kubectl label node k8s-node-1 env=dev");
        assert_eq!(out.stdout, "node/k8s-node-1 labeled\n");
        c.advance(secs(60));
        let pod = pods(&c).into_iter().find(|p| p.0 == "pod-example");
        let (_, status, node, _) = pod.unwrap_or_default();
        assert_eq!(
            (status.as_str(), node.as_str()),
            ("Running", "k8s-node-1"),
            "{file}"
        );
    }
}

#[test]
fn the_liveness_snippet_as_printed_exits_and_backs_off() {
    // No `sleep` after `rm`: the shell exits 0 at about 30 s, the probe never fails.
    let mut c = applied("liveness-exec-as-printed.yaml");
    let mut seen = Vec::new();
    for _ in 0..40 {
        c.advance(secs(10));
        seen.push(status_of(&c, "liveness-exec"));
    }
    assert!(seen.iter().any(|s| s == "Completed"), "{seen:?}");
    assert!(seen.iter().any(|s| s == "CrashLoopBackOff"), "{seen:?}");
    let events = kubectl(&mut c, "kubectl get events");
    assert!(
        !events.stdout.contains("Liveness probe failed"),
        "{}",
        events.stdout
    );
}

#[test]
fn the_failing_liveness_probe_restarts_the_container() {
    let mut c = applied("liveness-exec.yaml");
    c.advance(secs(120));
    let (_, status, _, restarts) = pods(&c).remove(0);
    assert_eq!(status, "Running");
    assert!(restarts.starts_with(|d: char| d != '0'), "{restarts}");
    let events = kubectl(&mut c, "kubectl get events");
    assert!(
        events.stdout.contains("Liveness probe failed"),
        "{}",
        events.stdout
    );
}

#[test]
fn mysql_with_the_articles_128mi_limit_is_oom_killed() {
    let mut c = Cluster::new(1);
    let small = text("mysql-resources.yaml").replace("\"512Mi\"", "\"128Mi\"");
    assert_eq!(apply(&mut c, &small).exit_code, 0);
    let mut seen = Vec::new();
    for _ in 0..12 {
        c.advance(secs(10));
        seen.push(status_of(&c, "webmypod"));
    }
    assert!(seen.iter().any(|s| s == "OOMKilled"), "{seen:?}");
}

#[test]
fn the_job_completes_and_the_shared_volume_pod_runs_both_containers() {
    let mut c = applied("job-on-failure.yaml");
    c.advance(secs(60));
    assert_eq!(pods(&c)[0].1, "Completed");
    let mut c = applied("emptydir-shared.yaml");
    c.advance(secs(60));
    let row = pods(&c).remove(0);
    assert_eq!(row.1, "Running");
    let page = kubectl(
        &mut c,
        "kubectl exec shared-page -c web -- cat /usr/share/nginx/html/index.html",
    );
    assert_eq!(
        page.stdout,
        "hello from shared-page\n",
        "{}",
        page.combined()
    );
}

#[test]
fn the_two_documents_make_a_service_with_three_endpoints() {
    let mut c = applied("web-service.yaml");
    c.advance(secs(60));
    let running = pods(&c).iter().filter(|p| p.1 == "Running").count();
    assert_eq!(running, 3);
    let ep = kubectl(&mut c, "kubectl get endpoints web");
    assert_eq!(ep.stdout.matches(":80").count(), 3, "{}", ep.combined());
}

#[test]
fn the_web_deployment_avoids_the_tainted_node() {
    let mut c = Cluster::new(1);
    kubectl(&mut c, "kubectl taint node k8s-node-1 env=dev:NoSchedule");
    assert_eq!(apply(&mut c, text("web-deployment.yaml")).exit_code, 0);
    c.advance(secs(60));
    let all = pods(&c);
    assert_eq!(all.len(), 5);
    assert!(
        all.iter().all(|p| p.2 == "k8s-node-2" && p.1 == "Running"),
        "{all:?}"
    );
}

#[test]
fn the_replication_controller_replaces_a_deleted_pod() {
    let mut c = applied("replication-controller.yaml");
    c.advance(secs(30));
    let first = pods(&c);
    assert_eq!(first.len(), 3);
    let victim = first[0].0.clone();
    kubectl(&mut c, &format!("kubectl delete pod {victim}"));
    c.advance(secs(60));
    let after = pods(&c);
    assert_eq!(
        after.iter().filter(|p| p.1 == "Running").count(),
        3,
        "{after:?}"
    );
    assert!(after.iter().all(|p| p.0 != victim));
}

#[test]
fn diagnostics_cover_every_document_with_absolute_lines() {
    let c = Cluster::new(1);
    let text = format!(
        "{}---\n{}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n    imagee: nginx\n---\na: [\n",
        text("nginx-pod.yaml"),
        text("mistake-toleration-indent.yaml"),
    );
    let d = diagnostics(&c, &text);
    let nginx = text_of("nginx-pod.yaml").map_or(0, |t| t.lines().count());
    let second = nginx + 2;
    let lines: Vec<usize> = d.iter().map(|(l, _)| *l).collect();
    let third = second + 15 + 1;
    // The unclosed `[` of the fourth document is found at the end of the text, the line after.
    assert_eq!(
        lines,
        vec![second + 11, second + 9, second + 10, third + 7, third + 10],
        "{d:?}"
    );
    assert!(
        d[3].1
            .contains("unknown field \"spec.containers[0].imagee\""),
        "{d:?}"
    );
    assert!(d[4].1.contains("did not find expected"), "{d:?}");
}
