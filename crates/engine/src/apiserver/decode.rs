//! Decoding a manifest (JSON as sent by kubectl) into a typed object, strictly.
//!
//! Mirrors `staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go` (`transformDecodeError`)
//! and strict decoding in `staging/src/k8s.io/apimachinery/pkg/runtime/serializer/json`: unknown
//! fields are collected with their full paths and reported together, after any fatal error.
//! The body is handled as kubectl sends it: object keys sorted (so unknown fields are listed in
//! that order), and a `null` field leaves the field unset, as Go's decoder does. Type errors
//! are worded as Go's (`decode_errors.rs`); a bad quantity's own message wins over everything.

use super::errors::{ApiError, Cause};
use crate::api::registry::{self, KindInfo};
use crate::api::Object;
use serde_json::Value;

/// Decodes one manifest. Unknown `apiVersion`/`kind` pairs, fatal type errors and unknown
/// fields all come back as 400 BadRequest, with unknown fields as causes carrying their paths.
pub fn decode(value: &Value) -> Result<Object, ApiError> {
    let info = resolve_kind(value)?;
    let body = as_sent(value);
    let mut unknown = Vec::new();
    let obj = Object::decode_strict(info.kind, &body, &mut unknown);
    let prefix = format!(
        "{} in version \"{}\" cannot be handled as a {}",
        info.kind, info.version, info.kind
    );
    let obj = obj.map_err(|e| {
        let (path, _) = e.split_once(": ").unwrap_or(("", ""));
        let msg = super::decode_errors::go_message(info.kind.as_str(), &e);
        let causes = if path.contains(' ') || path.is_empty() {
            vec![]
        } else {
            vec![Cause::new(path, msg.clone())]
        };
        ApiError::bad_request(format!("{prefix}: {msg}"), causes)
    })?;
    if unknown.is_empty() {
        return Ok(obj);
    }
    let list: Vec<String> = unknown
        .iter()
        .map(|p| format!("unknown field \"{p}\""))
        .collect();
    let causes = unknown
        .iter()
        .map(|p| Cause::new(p.clone(), "unknown field"))
        .collect();
    Err(ApiError::bad_request(
        format!("{prefix}: strict decoding error: {}", list.join(", ")),
        causes,
    ))
}

/// `--validate=warn` / `--validate=false`: the manifest without its unknown fields, and one
/// `unknown field "<path>"` warning per field removed (kubectl prints them as `Warning: ...`
/// for `warn`, and nothing for `false`). Sending the pruned body then passes strict decoding.
pub fn prune_unknown(value: &Value) -> (Value, Vec<String>) {
    let Ok(info) = resolve_kind(value) else {
        return (value.clone(), vec![]);
    };
    let mut body = as_sent(value);
    let mut unknown = Vec::new();
    let _ = Object::decode_strict(info.kind, &body, &mut unknown);
    for path in &unknown {
        remove_path(&mut body, &crate::manifest::positions::parse_path(path));
    }
    let warnings = unknown
        .iter()
        .map(|p| format!("unknown field \"{p}\""))
        .collect();
    (body, warnings)
}

fn remove_path(v: &mut Value, segs: &[crate::manifest::positions::Seg]) {
    use crate::manifest::positions::Seg;
    match (segs, v) {
        ([Seg::Key(k)], Value::Object(m)) => {
            m.remove(k);
        }
        ([Seg::Key(k), rest @ ..], Value::Object(m)) => {
            if let Some(child) = m.get_mut(k) {
                remove_path(child, rest);
            }
        }
        ([Seg::Index(i), rest @ ..], Value::Array(items)) => {
            if let Some(child) = items.get_mut(*i) {
                remove_path(child, rest);
            }
        }
        _ => {}
    }
}

/// The body as the server decodes it: keys sorted at every level, `null` fields dropped.
fn as_sent(value: &Value) -> Value {
    match value {
        Value::Object(m) => {
            let mut sorted: Vec<(&String, &Value)> =
                m.iter().filter(|(_, v)| !v.is_null()).collect();
            crate::sort::by(&mut sorted, |a, b| a.0.cmp(b.0));
            Value::Object(
                sorted
                    .into_iter()
                    .map(|(k, v)| (k.clone(), as_sent(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(as_sent).collect()),
        other => other.clone(),
    }
}

/// The registry entry for a manifest's `apiVersion` and `kind`.
pub fn resolve_kind(value: &Value) -> Result<&'static KindInfo, ApiError> {
    let api_version = value
        .get("apiVersion")
        .and_then(Value::as_str)
        .unwrap_or("");
    let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
    if kind.is_empty() {
        return Err(ApiError::bad_request(
            "Object 'Kind' is missing",
            vec![Cause::new("kind", "Required value")],
        ));
    }
    if api_version.is_empty() {
        return Err(ApiError::bad_request(
            "Object 'apiVersion' is missing",
            vec![Cause::new("apiVersion", "Required value")],
        ));
    }
    registry::resolve(api_version, kind).ok_or_else(|| {
        ApiError::bad_request(
            format!("no matches for kind \"{kind}\" in version \"{api_version}\""),
            vec![Cause::new("kind", "no matches")],
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pod_under_apps_v1_is_not_served() {
        let e = decode(&json!({"apiVersion": "apps/v1", "kind": "Pod", "metadata": {"name": "x"}}))
            .unwrap_err();
        assert_eq!(
            e.message,
            "no matches for kind \"Pod\" in version \"apps/v1\""
        );
    }

    #[test]
    fn unknown_fields_are_listed_with_paths() {
        let e = decode(&json!({
            "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"},
            "spec": {"tolerations": [{"key": "env"}], "effect": "NoSchedule", "operator": "Equal",
                     "value": "dev", "containers": [{"name": "a", "image": "nginx"}]}
        }))
        .unwrap_err();
        assert_eq!(
            e.message,
            "Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"spec.effect\", unknown field \"spec.operator\", unknown field \"spec.value\""
        );
        assert_eq!(e.causes[0].field, "spec.effect");
    }

    #[test]
    fn type_errors_read_like_go() {
        let e = decode(&json!({
            "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"},
            "spec": {"containers": [{"name": "a", "image": "nginx", "ports": [{"containerPort": "80"}]}]}
        }))
        .unwrap_err();
        assert_eq!(
            e.message,
            "Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32"
        );
        assert_eq!(
            e.causes[0].field,
            "spec.containers[0].ports[0].containerPort"
        );
    }

    #[test]
    fn a_bad_quantity_wins_over_unknown_fields() {
        let e = decode(&json!({
            "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"},
            "spec": {"containers": [{"name": "a", "image": "nginx", "memeory": "1",
                     "resources": {"limits": {"memory": "2GB"}}}]}
        }))
        .unwrap_err();
        assert_eq!(
            e.message,
            "Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
        );
    }

    #[test]
    fn null_fields_are_unset() {
        let obj = decode(&json!({
            "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x", "labels": null},
            "spec": {"containers": [{"name": "a", "image": "nginx", "args": null}]}
        }));
        assert!(obj.is_ok());
    }

    #[test]
    fn validate_false_drops_misplaced_toleration_fields() {
        let manifest = json!({
            "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"},
            "spec": {"tolerations": [{"key": "env"}], "effect": "NoSchedule", "operator": "Equal",
                     "value": "dev", "containers": [{"name": "a", "image": "nginx"}]}
        });
        let (pruned, warnings) = prune_unknown(&manifest);
        assert_eq!(warnings.len(), 3);
        assert_eq!(warnings[0], "unknown field \"spec.effect\"");
        let obj = decode(&pruned).unwrap();
        let tol = &obj
            .as_pod()
            .map(|p| p.spec.tolerations.clone())
            .unwrap_or_default();
        assert_eq!((tol[0].key.as_str(), tol[0].operator.as_str()), ("env", ""));
    }

    #[test]
    fn misspelt_affinity_field_is_reported() {
        let e = decode(&json!({
            "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"},
            "spec": {"containers": [{"name": "a", "image": "nginx"}],
                     "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringException": {}}}}
        }))
        .unwrap_err();
        assert!(e.message.ends_with(
            "unknown field \"spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringException\""
        ));
    }
}
