//! `kubectl describe` for kinds without a describer of their own (here: Lease).
//!
//! Mirrors `describe.go` `GenericDescriber.Describe`: name, namespace, labels and annotations,
//! then every other field of the object's JSON form by `printUnstructuredContent` (keys sorted,
//! nested maps indented, list items one level deeper, field names through `smartLabelFor`:
//! `leaseDurationSeconds` → `Lease Duration Seconds`, `apiVersion` → `API Version`).

use super::describe::Describe;
use super::describe_workload::header;
use podflow_engine::api::Object;
use serde_json::{Map, Value};

/// Paths the generic describer prints itself or leaves out.
const SKIP: &[&str] = &[
    ".metadata.managedFields",
    ".metadata.name",
    ".metadata.namespace",
    ".metadata.labels",
    ".metadata.annotations",
];

pub fn generic(d: &mut Describe, o: &Object) {
    header(d, o);
    d.labels("Labels", &o.meta().labels);
    d.annotations(&o.meta().annotations);
    if let Ok(Value::Object(m)) = serde_json::to_value(o) {
        unstructured(d, 0, &m, "");
    }
}

/// Mirrors `printUnstructuredContent`.
fn unstructured(d: &mut Describe, level: usize, m: &Map<String, Value>, prefix: &str) {
    let mut keys: Vec<&String> = m.keys().collect();
    keys.sort();
    for key in keys {
        let path = format!("{prefix}.{key}");
        if SKIP.contains(&path.as_str()) {
            continue;
        }
        let label = smart_label(key);
        match &m[key] {
            Value::Object(child) => {
                d.w(level, &format!("{label}:\n"));
                unstructured(d, level + 1, child, &path);
            }
            Value::Array(items) => {
                d.w(level, &format!("{label}:\n"));
                for item in items {
                    match item {
                        Value::Object(child) => unstructured(d, level + 1, child, &path),
                        other => d.w(level + 1, &format!("{}\n", plain(other))),
                    }
                }
            }
            other => d.w(level, &format!("{label}:\t{}\n", plain(other))),
        }
    }
}

/// A scalar as Go's `%v` prints it.
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "<nil>".into(),
        other => other.to_string(),
    }
}

/// Mirrors `smartLabelFor`: camelCase words, title-cased, common acronyms upper-cased; a name
/// with characters other than letters and `-` is kept as it is.
fn smart_label(field: &str) -> String {
    if field.chars().any(|c| !c.is_alphabetic() && c != '-') {
        return field.to_string();
    }
    let mut words: Vec<String> = Vec::new();
    for c in field.chars() {
        match words.last_mut() {
            Some(w) if !c.is_uppercase() => w.push(c),
            _ => words.push(c.to_string()),
        }
    }
    words
        .into_iter()
        .filter(|w| w != "-")
        .map(|w| {
            let upper = w.to_uppercase();
            if ["API", "URL", "UID", "OSB", "GUID"].contains(&upper.as_str()) {
                return upper;
            }
            let mut cs = w.chars();
            cs.next()
                .map(|f| f.to_uppercase().chain(cs).collect())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_words_with_acronyms() {
        assert_eq!(smart_label("apiVersion"), "API Version");
        assert_eq!(smart_label("uid"), "UID");
        assert_eq!(
            smart_label("leaseDurationSeconds"),
            "Lease Duration Seconds"
        );
        assert_eq!(smart_label("kube.io/x"), "kube.io/x");
    }
}
