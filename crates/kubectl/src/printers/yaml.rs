//! `-o yaml`: JSON values emitted as `sigs.k8s.io/yaml` (go-yaml v2) writes them.
//!
//! Mirrors go-yaml v2's encoder and libyaml's emitter for what objects contain: keys sorted
//! (kubectl converts through a JSON map), sequences under a key not indented, strings quoted
//! only when they would read back as another type (double quotes: `"80"`, `"true"`, `""`,
//! timestamps) or cannot be plain (single quotes: `'*'`, `'a: b'`), multi-line strings as
//! literal blocks (`|`, `|-`), long plain strings folded past column 80.

use serde_json::Value;

const BEST_WIDTH: usize = 80;

/// The YAML document for one value (no leading `---`).
pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Object(m) if !m.is_empty() => write_map(m, 0, &mut out),
        Value::Array(a) if !a.is_empty() => write_seq(a, 0, &mut out),
        other => {
            write_scalar(other, 0, 0, &mut out);
            out.push('\n');
        }
    }
    out
}

fn sorted(m: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<_> = m.iter().collect();
    podflow_engine::sort::by(&mut entries, |a, b| key_order(a.0, b.0));
    entries
}

/// Mirrors go-yaml v2 `keyList.Less`: letters compare as runes, a non-letter sorts before a
/// letter, and runs of digits compare as numbers (`a9` before `a10`).
fn key_order(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (ar, br): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    for i in 0..ar.len().min(br.len()) {
        if ar[i] == br[i] {
            continue;
        }
        let (al, bl) = (ar[i].is_alphabetic(), br[i].is_alphabetic());
        if al && bl {
            return ar[i].cmp(&br[i]);
        }
        if al || bl {
            return if bl {
                Ordering::Less
            } else {
                Ordering::Greater
            };
        }
        let mut an: i64 = 0;
        let mut bn: i64 = 0;
        let zero = ar[i] == '0' || br[i] == '0';
        if zero
            && (0..i)
                .rev()
                .take_while(|j| ar[*j].is_ascii_digit())
                .any(|j| ar[j] != '0')
        {
            an = 1;
            bn = 1;
        }
        let digits = |r: &[char], n: &mut i64| {
            let mut k = i;
            while k < r.len() && r[k].is_ascii_digit() {
                *n = n
                    .wrapping_mul(10)
                    .wrapping_add(i64::from(r[k] as u8 - b'0'));
                k += 1;
            }
            k
        };
        let ai = digits(&ar, &mut an);
        let bi = digits(&br, &mut bn);
        if an != bn {
            return an.cmp(&bn);
        }
        if ai != bi {
            return ai.cmp(&bi);
        }
        return ar[i].cmp(&br[i]);
    }
    ar.len().cmp(&br.len())
}

fn write_map(m: &serde_json::Map<String, Value>, indent: usize, out: &mut String) {
    for (i, (k, v)) in sorted(m).into_iter().enumerate() {
        if i > 0 || !out.ends_with("- ") {
            push_indent(out, indent);
        }
        let key = scalar_text(k, indent);
        out.push_str(&key);
        out.push(':');
        write_value_after_key(v, indent, indent + key.chars().count() + 1, out);
    }
}

fn write_value_after_key(v: &Value, indent: usize, column: usize, out: &mut String) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            write_map(m, indent + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            write_seq(a, indent, out);
        }
        other => {
            out.push(' ');
            write_scalar(other, indent + 2, column + 1, out);
            out.push('\n');
        }
    }
}

fn write_seq(a: &[Value], indent: usize, out: &mut String) {
    for v in a {
        push_indent(out, indent);
        out.push_str("- ");
        match v {
            Value::Object(m) if !m.is_empty() => write_map(m, indent + 2, out),
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_seq(inner, indent + 2, out);
            }
            other => {
                write_scalar(other, indent + 2, indent + 2, out);
                out.push('\n');
            }
        }
    }
}

fn push_indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

fn write_scalar(v: &Value, indent: usize, column: usize, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_string(s, indent, column, out),
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
    }
}

fn write_string(s: &str, indent: usize, column: usize, out: &mut String) {
    if s.contains('\n') {
        let chomp = if !s.ends_with('\n') {
            "-"
        } else if s.ends_with("\n\n") {
            "+"
        } else {
            ""
        };
        out.push('|');
        out.push_str(chomp);
        for line in s.strip_suffix('\n').unwrap_or(s).split('\n') {
            out.push('\n');
            if !line.is_empty() {
                push_indent(out, indent);
                out.push_str(line);
            }
        }
        return;
    }
    match style(s) {
        Style::Double => out.push_str(&double_quoted(s)),
        Style::Single => fold(&format!("'{}'", s.replace('\'', "''")), indent, column, out),
        Style::Plain => fold(s, indent, column, out),
    }
}

/// A key or short scalar as text, without folding.
fn scalar_text(s: &str, indent: usize) -> String {
    let mut out = String::new();
    match style(s) {
        Style::Double => out.push_str(&double_quoted(s)),
        Style::Single => out.push_str(&format!("'{}'", s.replace('\'', "''"))),
        Style::Plain => out.push_str(s),
    }
    let _ = indent;
    out
}

/// libyaml breaks a plain or single-quoted scalar at a single space once past the best width.
fn fold(text: &str, indent: usize, mut column: usize, out: &mut String) {
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let prev_space = i > 0 && chars[i - 1] == ' ';
        let next_space = chars.get(i + 1) == Some(&' ');
        if c == ' ' && !prev_space && !next_space && column > BEST_WIDTH && i + 1 < chars.len() {
            out.push('\n');
            push_indent(out, indent);
            column = indent;
            continue;
        }
        out.push(c);
        column += 1;
    }
}

fn double_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\x{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

enum Style {
    Plain,
    Single,
    Double,
}

fn style(s: &str) -> Style {
    if resolves_to_non_string(s) {
        return Style::Double;
    }
    if !plain_allowed(s) {
        return Style::Single;
    }
    Style::Plain
}

/// YAML 1.1 resolution as go-yaml v2 does it: null, bools, numbers, timestamps.
fn resolves_to_non_string(s: &str) -> bool {
    const SPECIAL: &[&str] = &[
        "", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
        ".inf", ".Inf", ".INF", "-.inf", "+.inf", ".nan", ".NaN", ".NAN", "<<",
    ];
    if SPECIAL.contains(&s) {
        return true;
    }
    let t = s.strip_prefix(['+', '-']).unwrap_or(s).replace('_', "");
    if t.is_empty() {
        return false;
    }
    let is_int = t.bytes().all(|b| b.is_ascii_digit())
        || t.strip_prefix("0x")
            .is_some_and(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()))
        || t.strip_prefix("0b")
            .is_some_and(|h| !h.is_empty() && h.bytes().all(|b| b == b'0' || b == b'1'));
    let is_float = t.parse::<f64>().is_ok()
        && t.bytes()
            .all(|b| b.is_ascii_digit() || b"eE.+-".contains(&b))
        && t.bytes().any(|b| b.is_ascii_digit());
    is_int || is_float || looks_like_timestamp(s) || is_base60(&t)
}

fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

fn is_base60(t: &str) -> bool {
    t.contains(':')
        && t.split(':')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// libyaml's `yaml_emitter_analyze_scalar` restrictions on plain scalars.
fn plain_allowed(s: &str) -> bool {
    let first = s.chars().next().unwrap_or(' ');
    let last = s.chars().last().unwrap_or(' ');
    if first == ' ' || last == ' ' {
        return false;
    }
    if "#,[]{}&*!|>'\"%@`".contains(first) {
        return false;
    }
    if "-?:".contains(first) && (s.len() == 1 || s[1..].starts_with(' ')) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') || s.contains('\t') {
        return false;
    }
    !s.chars().any(|c| (c as u32) < 0x20)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn emits_like_kubectl() {
        let v = json!({"kind": "Pod", "apiVersion": "v1",
            "metadata": {"name": "web", "labels": {"app": "web"}, "resourceVersion": "",
                         "creationTimestamp": "2026-12-01T09:00:00Z"},
            "spec": {"containers": [{"name": "nginx", "image": "nginx", "ports": [{"containerPort": 80}],
                                     "args": ["sleep", "3600"]}],
                     "nodeSelector": {}}});
        assert_eq!(
            to_yaml(&v),
            "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: \"2026-12-01T09:00:00Z\"\n  labels:\n    app: web\n  name: web\n  resourceVersion: \"\"\nspec:\n  containers:\n  - args:\n    - sleep\n    - \"3600\"\n    image: nginx\n    name: nginx\n    ports:\n    - containerPort: 80\n  nodeSelector: {}\n"
        );
    }

    #[test]
    fn keys_sort_as_go_yaml_does() {
        let mut keys = vec!["a10", "a9", "a_b", "aB", "b"];
        keys.sort_by(|a, b| key_order(a, b));
        assert_eq!(keys, vec!["a_b", "a9", "a10", "aB", "b"]);
    }

    #[test]
    fn quoting_and_blocks() {
        let v = json!({"a": "*", "b": "x: y", "c": "{\"k\":1}\n", "d": "true", "e": "1.5"});
        assert_eq!(
            to_yaml(&v),
            "a: '*'\nb: 'x: y'\nc: |\n  {\"k\":1}\nd: \"true\"\ne: \"1.5\"\n"
        );
    }
}
