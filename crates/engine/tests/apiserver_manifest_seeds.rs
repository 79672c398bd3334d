//! The seeds' YAML snippets through `manifest::parse`: the mis-indented ones fail exactly as
//! kubectl 1.32 reports them (reference §6.3 and §10, verified line numbers), and the valid ones
//! give JSON with every field's line.

use podflow_engine::manifest::{self, Document};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn only(text: &str) -> Document {
    let mut docs = manifest::parse(text);
    assert_eq!(docs.len(), 1);
    docs.remove(0)
}

fn yaml_error(doc: &Document) -> String {
    doc.value
        .clone()
        .err()
        .map(|e| e.message)
        .unwrap_or_default()
}

#[test]
fn liveness_snippet_args_misindented() {
    let doc = only(&fixture("002_liveness.yaml"));
    assert_eq!(
        yaml_error(&doc),
        "error converting YAML to JSON: yaml: line 11: did not find expected key"
    );
    // The offending `   - /bin/sh` is line 12; go-yaml names the line before it.
    assert_eq!(doc.value.err().and_then(|e| e.line), Some(12));
}

#[test]
fn dns_test_snippet_args_misindented() {
    let doc = only(&fixture("002_restart_policy.yaml"));
    assert_eq!(
        yaml_error(&doc),
        "error converting YAML to JSON: yaml: line 9: did not find expected key"
    );
}

#[test]
fn dns_test_with_args_fixed_still_has_restart_policy_misplaced() {
    let text = fixture("002_restart_policy.yaml").replace("   - /bin/sh", "      - /bin/sh");
    let doc = only(&text);
    assert_eq!(
        yaml_error(&doc),
        "error converting YAML to JSON: yaml: line 12: did not find expected '-' indicator"
    );
}

#[test]
fn liveness_with_args_fixed_parses_with_positions() {
    let text = fixture("002_liveness.yaml").replace("   - /bin/sh", "      - /bin/sh");
    let doc = only(&text);
    let value = doc.value.clone().unwrap_or_default();
    assert_eq!(value["spec"]["containers"][0]["args"][0], "/bin/sh");
    assert_eq!(
        value["spec"]["containers"][0]["livenessProbe"]["periodSeconds"],
        5
    );
    let line = |p: &str| doc.positions.get(p).map(|p| p.line);
    assert_eq!(line("spec.containers[0].image"), Some(10));
    assert_eq!(
        line("spec.containers[0].livenessProbe.exec.command[1]"),
        Some(19)
    );
}

#[test]
fn misspelt_affinity_field_has_a_line() {
    let doc = only(&fixture("002_node_affinity.yaml"));
    let p = doc
        .positions
        .get("spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringException")
        .map(|p| (p.line, p.column));
    assert_eq!(p, Some((8, 7)));
}

#[test]
fn toleration_fragment_parses_into_spec_fields() {
    let doc = only(&fixture("002_toleration_fragment.yaml"));
    let value = doc.value.clone().unwrap_or_default();
    assert_eq!(value["spec"]["tolerations"][0]["key"], "env");
    assert_eq!(value["spec"]["operator"], "Equal");
    assert_eq!(doc.positions.get("spec.effect").map(|p| p.line), Some(6));
}

#[test]
fn snippets_pasted_together_are_separate_documents() {
    let text = format!(
        "{}---\n{}---\n{}",
        fixture("002_resources.yaml"),
        fixture("002_liveness.yaml"),
        fixture("002_node_selector.yaml")
    );
    let docs = manifest::parse(&text);
    assert_eq!(docs.len(), 3);
    assert!(docs[0].value.is_ok());
    // Line numbers restart at each document, as go-yaml counts them.
    assert_eq!(
        yaml_error(&docs[1]),
        "error converting YAML to JSON: yaml: line 11: did not find expected key"
    );
    assert_eq!(docs[1].start_line, 20);
    assert_eq!(docs[1].value.clone().err().and_then(|e| e.line), Some(31));
    assert!(docs[2].value.is_ok());
    assert_eq!(
        docs[2]
            .positions
            .get("spec.nodeSelector.env")
            .map(|p| p.line),
        Some(48)
    );
}

/// Every one-character edit of every seed snippet (delete it, or insert a space, `:`, `-`, a
/// tab or a quote before it) parses, decodes and validates without a panic.
#[test]
fn edited_snippets_never_panic() {
    let cluster = podflow_engine::Cluster::new(1);
    let names = [
        "002_image_pull_policy.yaml",
        "002_resources.yaml",
        "002_restart_policy.yaml",
        "002_liveness.yaml",
        "002_node_selector.yaml",
        "002_node_affinity.yaml",
        "002_toleration_fragment.yaml",
    ];
    let mut checked = 0;
    for name in names {
        let text = fixture(name).replace("apps/v1", "v1");
        let chars: Vec<char> = text.chars().collect();
        for i in 0..chars.len() {
            let mut variants = vec![];
            let mut deleted = chars.clone();
            deleted.remove(i);
            variants.push(deleted);
            for ins in [' ', ':', '-', '\t', '"'] {
                let mut v = chars.clone();
                v.insert(i, ins);
                variants.push(v);
            }
            for v in variants {
                let edited: String = v.into_iter().collect();
                for doc in manifest::parse(&edited) {
                    if let Ok(value) = &doc.value {
                        if let Err(e) = cluster.dry_run(value) {
                            let _ = manifest::locate(&doc, &e);
                        }
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 10_000, "{checked}");
}
