//! Manifests as kubectl's `-f` reads them, through the engine's `manifest` module.
//!
//! Mirrors `cli-runtime/pkg/resource/visitor.go` `StreamVisitor`: documents that are empty or
//! `null` are skipped, and reading stops at the first document that is not valid YAML (the
//! ones before it are still applied; its error is reported with the others).

use serde_json::Value;

/// One document of a file: its JSON form, or the error text kubectl prints after
/// `error parsing <file>: `.
pub type Doc = Result<Value, String>;

pub fn parse_documents(text: &str) -> Vec<Doc> {
    let mut docs = Vec::new();
    for d in podflow_engine::manifest::parse(text) {
        if d.is_empty() {
            continue;
        }
        match d.value {
            Ok(v) => docs.push(Ok(v)),
            Err(e) => {
                docs.push(Err(e.message));
                break;
            }
        }
    }
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_document_files() {
        let docs = parse_documents("a: 1\n---\n---\nb: 2\n");
        assert_eq!(docs.len(), 2);
        assert_eq!(
            docs[1].as_ref().ok().and_then(|v| v.get("b")),
            Some(&Value::from(2))
        );
    }

    #[test]
    fn misindented_args_match_go_yaml() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: liveness-exec\n  labels:\n    test: liveness\nspec:\n  containers:\n    - name: liveness\n      image: busybox\n      args:\n   - /bin/sh\n      - -c\n";
        let docs = parse_documents(text);
        assert_eq!(
            docs[0].as_ref().err().map(String::as_str),
            Some("error converting YAML to JSON: yaml: line 11: did not find expected key")
        );
    }
}
