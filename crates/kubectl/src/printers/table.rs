//! `kubectl get`'s human-readable table.
//!
//! Mirrors `cli-runtime/pkg/printers/tableprinter.go` (`printTable`) and its tab writer
//! (`printers.GetNewTabWriter`: minwidth 6, padding 3): upper-case headers, cells joined by
//! tabs, `--show-labels` as a last LABELS column, `-A` as a first NAMESPACE column.

use super::tabwriter;
use serde_json::Value;

#[derive(Clone, Debug, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Self {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// The aligned text, headers included.
    pub fn render(&self, with_headers: bool) -> String {
        let mut text = String::new();
        if with_headers {
            text.push_str(&self.headers.join("\t"));
            text.push('\n');
        }
        for r in &self.rows {
            text.push_str(&r.join("\t"));
            text.push('\n');
        }
        tabwriter::align(&text, 6, 3)
    }
}

/// `key=value,key2=value2` sorted by key, or `<none>`, as `labels.FormatLabels` prints.
pub fn format_labels(labels: &std::collections::BTreeMap<String, String>) -> String {
    if labels.is_empty() {
        return "<none>".into();
    }
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Mirrors `metav1.FormatLabelSelector`.
pub fn selector_text(sel: Option<&Value>) -> String {
    let Some(sel) = sel else {
        return "<none>".into();
    };
    let mut parts: Vec<String> = Vec::new();
    if let Some(m) = sel.get("matchLabels").and_then(Value::as_object) {
        parts.extend(
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or(""))),
        );
    }
    for e in sel
        .get("matchExpressions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let key = e["key"].as_str().unwrap_or("");
        let vals: Vec<&str> = e["values"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        parts.push(match e["operator"].as_str().unwrap_or("") {
            "In" => format!("{key} in ({})", vals.join(",")),
            "NotIn" => format!("{key} notin ({})", vals.join(",")),
            "Exists" => key.to_string(),
            "DoesNotExist" => format!("!{key}"),
            op => format!("{key} {op}"),
        });
    }
    if parts.is_empty() {
        "<none>".into()
    } else {
        parts.join(",")
    }
}
