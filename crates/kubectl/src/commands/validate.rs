//! `--validate=strict|warn|ignore` (and `true`/`false`) for objects kubectl sends.
//!
//! Mirrors `kubectl/pkg/cmd/util` `GetValidationDirective` and the API server's field
//! validation: `strict` (the default) lets unknown fields fail the request; `warn` drops them
//! and prints `Warning: unknown field "<path>"` for each; `ignore`/`false` drops them
//! silently. The server names the unknown fields (the causes of its strict decoding error);
//! the object is sent again without them, as the server would decode it leniently.

use crate::Output;
use podflow_engine::api::Object;
use podflow_engine::apiserver::errors::{ApiError, Reason};
use podflow_engine::network::Verb;
use podflow_engine::Cluster;
use serde_json::Value;
use std::sync::Arc;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Strict,
    Warn,
    Ignore,
}

pub fn mode(args: &crate::parse::Args) -> Result<Mode, Output> {
    match args.get("validate").unwrap_or("strict") {
        "strict" | "true" => Ok(Mode::Strict),
        "warn" => Ok(Mode::Warn),
        "ignore" | "false" => Ok(Mode::Ignore),
        other => Err(Output::error(format!(
            "invalid - validate option \"{other}\"; must be one of: strict (or true), warn, ignore (or false)"
        ))),
    }
}

/// Sends `verb(v)`; under `warn`/`ignore`, retries once without the fields the server
/// reported unknown.
pub fn send(
    cluster: &mut Cluster,
    mut v: Value,
    mode: Mode,
    verb: fn(Value) -> Verb,
    warnings: &mut String,
) -> Result<Arc<Object>, ApiError> {
    let first = cluster.request(verb(v.clone()));
    let unknown: Vec<String> = match &first {
        Err(e) if mode != Mode::Strict && e.reason == Reason::BadRequest => e
            .causes
            .iter()
            .filter(|c| c.message == "unknown field")
            .map(|c| c.field.clone())
            .collect(),
        _ => return first,
    };
    if unknown.is_empty() {
        return first;
    }
    for path in &unknown {
        if mode == Mode::Warn {
            warnings.push_str(&format!("Warning: unknown field \"{path}\"\n"));
        }
        remove(&mut v, path);
    }
    cluster.request(verb(v))
}

/// Removes `spec.containers[0].imagePullPolicyy` from a JSON value.
fn remove(v: &mut Value, path: &str) {
    let mut segs: Vec<(String, Option<usize>)> = Vec::new();
    for part in path.split('.') {
        match part.split_once('[') {
            Some((k, idx)) => {
                let i = idx.trim_end_matches(']').parse().ok();
                segs.push((k.to_string(), i));
            }
            None => segs.push((part.to_string(), None)),
        }
    }
    let Some(((last, last_idx), parents)) = segs.split_last() else {
        return;
    };
    let mut cur = v;
    for (k, i) in parents {
        let Some(next) = cur.get_mut(k.as_str()) else {
            return;
        };
        cur = match i {
            Some(i) => match next.get_mut(*i) {
                Some(n) => n,
                None => return,
            },
            None => next,
        };
    }
    if last_idx.is_none() {
        if let Some(m) = cur.as_object_mut() {
            m.remove(last);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn removes_nested_paths() {
        let mut v = json!({"spec": {"effect": "x", "containers": [{"name": "a", "imagePullPolicyy": "Always"}]}});
        remove(&mut v, "spec.effect");
        remove(&mut v, "spec.containers[0].imagePullPolicyy");
        assert_eq!(v, json!({"spec": {"containers": [{"name": "a"}]}}));
    }
}
