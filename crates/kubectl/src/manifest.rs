//! YAML manifests → JSON documents, with go-yaml's error texts.
//!
//! Interim: the engine's `manifest` module (being written) will own YAML parsing with
//! positions; until it lands this splits a file at `---` lines and parses each document with
//! serde_yaml, renumbering errors as go-yaml v2 reports them (`yaml: line N: <problem>`, N
//! counted from the start of the document, one less for parser errors than for scanner ones).

use serde_json::Value;

/// One document of a file: its JSON form, or the error kubectl prints for it.
pub type Doc = Result<Value, String>;

/// Parses every non-empty document of a file.
pub fn parse_documents(text: &str) -> Vec<Doc> {
    let mut docs = Vec::new();
    let mut cur = String::new();
    for line in text.split_inclusive('\n') {
        if line.starts_with("---") && line[3..].trim().is_empty() {
            docs.push(std::mem::take(&mut cur));
        } else {
            cur.push_str(line);
        }
    }
    docs.push(cur);
    docs.into_iter()
        .filter_map(|d| parse_one(&d).transpose())
        .collect()
}

fn parse_one(text: &str) -> Result<Option<Value>, String> {
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| go_yaml_error(&e))?;
    if yaml.is_null() {
        return Ok(None);
    }
    let json =
        serde_json::to_value(&yaml).map_err(|e| format!("error converting YAML to JSON: {e}"))?;
    Ok(Some(json))
}

const SCANNER_PROBLEMS: &[&str] = &[
    "mapping values are not allowed in this context",
    "found character that cannot start any token",
    "could not find expected ':'",
    "found unexpected end of stream",
    "found a tab character that violates indentation",
    "block sequence entries are not allowed in this context",
];

fn go_yaml_error(e: &serde_yaml::Error) -> String {
    let msg = e.to_string();
    let line = e.location().map_or(0, |l| l.line());
    let problem = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    let problem = problem.rsplit(", ").next().unwrap_or(&problem).to_string();
    let scanner = SCANNER_PROBLEMS.iter().any(|p| problem.contains(p));
    let line = if scanner {
        line
    } else {
        line.saturating_sub(1)
    };
    if problem.contains("duplicate entry") || problem.contains("invalid type") {
        return format!("error converting YAML to JSON: yaml: {problem}");
    }
    if line == 0 {
        format!("error converting YAML to JSON: yaml: {problem}")
    } else {
        format!("error converting YAML to JSON: yaml: line {line}: {problem}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_document_files() {
        let docs = parse_documents("a: 1\n---\n---\nb: 2\n");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].as_ref().unwrap()["b"], 2);
    }

    #[test]
    fn misindented_args_match_go_yaml() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: liveness-exec\n  labels:\n    test: liveness\nspec:\n  containers:\n    - name: liveness\n      image: busybox\n      args:\n   - /bin/sh\n      - -c\n";
        let docs = parse_documents(text);
        assert_eq!(
            docs[0].as_ref().unwrap_err(),
            "error converting YAML to JSON: yaml: line 11: did not find expected key"
        );
    }
}
