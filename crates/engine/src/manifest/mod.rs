//! The text a learner types, as kubectl reads it: documents, JSON values, and where each field
//! is written, so API errors can point at lines.
//!
//! Mirrors kubectl's reading of `-f` files: `staging/src/k8s.io/apimachinery/pkg/util/yaml`
//! (`YAMLReader` splits at `---`), `sigs.k8s.io/yaml` (YAML → JSON through go-yaml v2) and
//! `cli-runtime/pkg/resource/visitor.go` (`StreamVisitor`). Each document is parsed on its own,
//! so the editor can show every problem at once. Note for callers that mimic kubectl exactly:
//! `StreamVisitor` stops at the first document that fails to parse (documents before it are
//! applied, later ones are not), and it skips documents that are empty or `null`.
//! Duplicate keys: kubectl 1.32's non-strict go-yaml v2 keeps the last value silently; they are
//! recorded in `Document::duplicates`, and `duplicate_key_error` words them as go-yaml's strict
//! decoder does, for callers that want to flag them.

pub mod positions;
pub mod resolve;
pub mod split;
pub mod tree;
pub mod yaml_error;

use crate::apiserver::errors::ApiError;
pub use positions::{Position, PositionIndex};
use serde::Serialize;
use serde_json::Value;
pub use tree::DuplicateKey;
pub use yaml_error::YamlError;

/// One `---`-separated document of a manifest.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Document {
    /// 0-based position among the file's documents.
    pub index: usize,
    /// 1-based line of the document's first line in the whole text.
    pub start_line: usize,
    /// The JSON kubectl would send, or the YAML error it prints.
    pub value: Result<Value, YamlError>,
    /// Field path → line/column in the whole text.
    pub positions: PositionIndex,
    /// Keys written twice in one mapping (the last one wins).
    pub duplicates: Vec<DuplicateKey>,
}

impl Document {
    /// True when kubectl would skip the document (empty, comments only, or `null`).
    pub fn is_empty(&self) -> bool {
        matches!(self.value, Ok(Value::Null))
    }
}

/// Splits and parses a manifest; a broken document does not stop the others.
pub fn parse(text: &str) -> Vec<Document> {
    let (chunks, separator_error) = split::split(text);
    let mut docs: Vec<Document> = chunks
        .iter()
        .enumerate()
        .map(|(index, c)| parse_document(index, c.start_line, &c.text))
        .collect();
    if let Some((line, message)) = separator_error {
        docs.push(Document {
            index: docs.len(),
            start_line: line,
            value: Err(YamlError {
                message,
                line: Some(line),
                column: Some(1),
            }),
            positions: PositionIndex::default(),
            duplicates: vec![],
        });
    }
    docs
}

fn parse_document(index: usize, start_line: usize, text: &str) -> Document {
    let mut doc = Document {
        index,
        start_line,
        value: Ok(Value::Null),
        positions: PositionIndex::default(),
        duplicates: vec![],
    };
    if let Some(e) = yaml_error::check(text, start_line) {
        doc.value = Err(e);
        return doc;
    }
    match tree::build(text, start_line) {
        Ok(built) => {
            doc.value = Ok(built.value);
            doc.positions = built.positions;
            doc.duplicates = built.duplicates;
        }
        Err(tree::BuildError::Json(v)) => {
            doc.value = Err(YamlError {
                message: format!("error converting YAML to JSON: json: unsupported value: {v}"),
                line: None,
                column: None,
            });
        }
        Err(tree::BuildError::NullKey) => {
            doc.value = Err(YamlError {
                message: "error converting YAML to JSON: unsupported map key of type: <nil>".into(),
                line: None,
                column: None,
            });
        }
        Err(tree::BuildError::Unsupported) => {
            // libyaml accepted it; fall back to its value without positions.
            doc.value = Ok(serde_yaml::from_str::<Value>(text).unwrap_or(Value::Null));
        }
    }
    doc
}

/// go-yaml's strict-mode wording of a document's duplicate keys, e.g.
/// `yaml: unmarshal errors:\n  line 12: mapping key "port" already defined at line 10`.
pub fn duplicate_key_error(doc: &Document) -> Option<String> {
    if doc.duplicates.is_empty() {
        return None;
    }
    let lines: Vec<String> = doc
        .duplicates
        .iter()
        .map(|d| {
            format!(
                "  line {}: mapping key \"{}\" already defined at line {}",
                d.line, d.key, d.first_line
            )
        })
        .collect();
    Some(format!("yaml: unmarshal errors:\n{}", lines.join("\n")))
}

/// Points each cause of an API error at a line of the manifest: the cause's field when it is
/// written, else its nearest written parent (a missing required field). Errors without causes
/// point at the document's first line.
pub fn locate(doc: &Document, err: &ApiError) -> Vec<(usize, String)> {
    if err.causes.is_empty() {
        return vec![(doc.start_line, err.message.clone())];
    }
    err.causes
        .iter()
        .map(|c| {
            let line = doc
                .positions
                .nearest(&c.field)
                .map_or(doc.start_line, |(p, _)| p.line);
            (line, c.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Kind;
    use crate::apiserver::errors::Cause;

    #[test]
    fn documents_parse_independently() {
        let docs = parse("a: 1\n---\nb: [\n---\nc: 3\n");
        assert_eq!(docs.len(), 3);
        assert!(docs[0].value.is_ok());
        assert!(docs[1].value.is_err());
        assert_eq!(docs[2].start_line, 5);
        assert_eq!(docs[2].positions.get("c").map(|p| p.line), Some(5));
    }

    #[test]
    fn causes_point_at_lines() {
        let text =
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n";
        let docs = parse(text);
        let err = ApiError::invalid(
            Kind::Pod,
            "x",
            vec![Cause::new("spec.containers[0].image", "Required value")],
        );
        assert_eq!(
            locate(&docs[0], &err),
            vec![(7, "spec.containers[0].image: Required value".to_string())]
        );
    }

    #[test]
    fn duplicate_keys_are_worded_like_go_yaml() {
        let docs = parse("a: 1\nb:\n  port: 1\n  port: 2\n");
        assert_eq!(
            docs[0].value.as_ref().ok().map(|v| v["b"]["port"].clone()),
            Some(2.into())
        );
        assert_eq!(
            duplicate_key_error(&docs[0]).as_deref(),
            Some(
                "yaml: unmarshal errors:\n  line 4: mapping key \"port\" already defined at line 3"
            )
        );
    }
}
