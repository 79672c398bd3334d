//! `-o json`: Go's `json.MarshalIndent(obj, "", "    ")` layout, with its HTML escaping of
//! `<`, `>` and `&`, and keys sorted as a JSON map round trip leaves them.

use serde_json::Value;

pub fn to_json(v: &Value) -> String {
    let mut out = String::new();
    write(&sort(v), 0, &mut out);
    out.push('\n');
    out
}

fn sort(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut entries: Vec<_> = m.iter().collect();
            podflow_engine::sort::by(&mut entries, |a, b| a.0.cmp(b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), sort(v)))
                    .collect(),
            )
        }
        Value::Array(a) => Value::Array(a.iter().map(sort).collect()),
        other => other.clone(),
    }
}

fn write(v: &Value, indent: usize, out: &mut String) {
    let pad = |n: usize| "    ".repeat(n);
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push_str("{\n");
            let n = m.len();
            for (i, (k, v)) in m.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                out.push_str(&string(k));
                out.push_str(": ");
                write(v, indent + 1, out);
                out.push_str(if i + 1 < n { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push('}');
        }
        Value::Array(a) if !a.is_empty() => {
            out.push_str("[\n");
            for (i, v) in a.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                write(v, indent + 1, out);
                out.push_str(if i + 1 < a.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push(']');
        }
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
        Value::String(s) => out.push_str(&string(s)),
        other => out.push_str(&other.to_string()),
    }
}

fn string(s: &str) -> String {
    let quoted = serde_json::to_string(s).unwrap_or_default();
    quoted
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_space_indent_sorted_keys() {
        let v = serde_json::json!({"b": [1], "a": {"x": "<y>"}, "c": {}});
        assert_eq!(
            to_json(&v),
            "{\n    \"a\": {\n        \"x\": \"\\u003cy\\u003e\"\n    },\n    \"b\": [\n        1\n    ],\n    \"c\": {}\n}\n"
        );
    }
}
