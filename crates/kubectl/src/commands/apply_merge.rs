//! The three-way merge `kubectl apply` computes between the last applied configuration, the
//! new one and the live object.
//!
//! Mirrors `apimachinery/pkg/util/strategicpatch` as apply uses it (`CreateThreeWayMergePatch`
//! then applying the patch): maps merge key by key; a field set in the last applied
//! configuration but absent from the new one is deleted; lists of objects with a patch merge
//! key (containers, volumes and env by `name`, container ports by `containerPort`, service
//! ports by `port`, volume mounts by `mountPath`) merge element by element, so fields the
//! server filled in (defaults, the service-account token mount) survive; other lists are
//! replaced. Left out: `$patch` directives, `$retainKeys`, set-ordered lists.

use serde_json::Value;

/// The patch merge key of a list field, when its elements are merged rather than replaced.
pub(crate) fn merge_key(field: &str, sample: &Value) -> Option<&'static str> {
    match field {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "volumes"
        | "env"
        | "imagePullSecrets" => Some("name"),
        "volumeMounts" => Some("mountPath"),
        "ports" if sample.get("containerPort").is_some() => Some("containerPort"),
        "ports" => Some("port"),
        _ => None,
    }
}

/// Merges `new` into `current`, deleting what only `last` had.
pub fn merge(current: &mut Value, last: &Value, new: &Value) {
    let (Some(cur), Some(newm)) = (current.as_object_mut(), new.as_object()) else {
        *current = new.clone();
        return;
    };
    if let Some(lastm) = last.as_object() {
        for k in lastm.keys() {
            if !newm.contains_key(k) {
                cur.remove(k);
            }
        }
    }
    for (k, nv) in newm {
        let lv = last.get(k).unwrap_or(&Value::Null);
        match cur.get_mut(k) {
            Some(cv) if cv.is_object() && nv.is_object() => merge(cv, lv, nv),
            Some(cv) if cv.is_array() && nv.is_array() => merge_list(k, cv, lv, nv),
            _ => {
                cur.insert(k.clone(), nv.clone());
            }
        }
    }
}

fn merge_list(field: &str, current: &mut Value, last: &Value, new: &Value) {
    let new_items = new.as_array().cloned().unwrap_or_default();
    let Some(key) = new_items.first().and_then(|s| merge_key(field, s)) else {
        *current = new.clone();
        return;
    };
    let id = |v: &Value| v.get(key).cloned();
    let last_items = last.as_array().cloned().unwrap_or_default();
    let Some(cur) = current.as_array_mut() else {
        *current = new.clone();
        return;
    };
    // Elements the last configuration had and the new one dropped are deleted.
    cur.retain(|c| {
        let k = id(c);
        let was_applied = last_items.iter().any(|l| id(l) == k);
        let still_wanted = new_items.iter().any(|n| id(n) == k);
        !was_applied || still_wanted
    });
    for n in &new_items {
        let k = id(n);
        let l = last_items
            .iter()
            .find(|l| id(l) == k)
            .cloned()
            .unwrap_or(Value::Null);
        match cur.iter_mut().find(|c| id(c) == k) {
            Some(c) => merge(c, &l, n),
            None => cur.push(n.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn containers_merge_by_name_and_keep_server_fields() {
        let mut live = json!({"metadata": {"labels": {"app": "a", "run": "x"}},
            "spec": {"containers": [{"name": "c", "image": "nginx", "imagePullPolicy": "Always",
                "volumeMounts": [{"mountPath": "/var/run/secrets", "name": "token"}]}]}});
        let last = json!({"metadata": {"labels": {"app": "a"}},
            "spec": {"containers": [{"name": "c", "image": "nginx"}]}});
        let new = json!({"metadata": {"labels": {"tier": "web"}},
            "spec": {"containers": [{"name": "c", "image": "nginx:1.27"}]}});
        merge(&mut live, &last, &new);
        assert_eq!(
            live["metadata"]["labels"],
            json!({"run": "x", "tier": "web"})
        );
        let c = &live["spec"]["containers"][0];
        assert_eq!(c["image"], "nginx:1.27");
        assert_eq!(c["imagePullPolicy"], "Always");
        assert_eq!(c["volumeMounts"][0]["name"], "token");
    }

    #[test]
    fn dropped_elements_are_deleted_and_unkeyed_lists_replaced() {
        let mut live = json!({"env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
                              "args": ["x", "y"]});
        let last = json!({"env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
                          "args": ["x", "y"]});
        let new = json!({"env": [{"name": "B", "value": "3"}], "args": ["z"]});
        merge(&mut live, &last, &new);
        assert_eq!(
            live,
            json!({"env": [{"name": "B", "value": "3"}], "args": ["z"]})
        );
    }
}
