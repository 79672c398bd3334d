//! A container's environment and its ConfigMap and Secret volumes, from the informer's view.
//!
//! Mirrors `pkg/kubelet/kubelet_pods.go` `makeEnvironmentVariables` (envFrom, then env with
//! `$(VAR)` expansion against the variables defined so far; `valueFrom` with configMapKeyRef,
//! secretKeyRef, fieldRef and resourceFieldRef; optional references skipped when missing) and
//! `podFieldSelectorRuntimeValue`, and the volume plugins `pkg/volume/configmap` and
//! `pkg/volume/secret` (`MakePayload`: every key as a file, or only `items` at their `path`).
//! Upstream reads ConfigMaps and Secrets through a watch-based manager; here the kubelet reads
//! the same informer view (`ctx.store`). The Service variables come from `service_env`: they
//! take part in `$(VAR)` expansion and yield to a variable the container defines. Left out:
//! invalid-name events for envFrom keys, file modes, `binaryData`,
//! and updating projected files when the ConfigMap changes later.

use crate::api::config::{ConfigMap, Secret};
use crate::api::pod::{Container, Pod};
use crate::api::{Kind, Object, ObjectKey};
use crate::runtime::shell::expand_kubernetes_vars;
use crate::store::Store;
use serde_json::Value;
use std::collections::BTreeMap;

fn config_map<'a>(store: &'a Store, ns: &str, name: &str) -> Result<&'a ConfigMap, String> {
    match store
        .get(&ObjectKey::new(Kind::ConfigMap, ns, name))
        .map(|o| &**o)
    {
        Some(Object::ConfigMap(cm)) => Ok(cm),
        _ => Err(format!("configmap \"{name}\" not found")),
    }
}

fn secret<'a>(store: &'a Store, ns: &str, name: &str) -> Result<&'a Secret, String> {
    match store
        .get(&ObjectKey::new(Kind::Secret, ns, name))
        .map(|o| &**o)
    {
        Some(Object::Secret(s)) => Ok(s),
        _ => Err(format!("secret \"{name}\" not found")),
    }
}

fn str_at<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn optional(v: &Value) -> bool {
    v.get("optional").and_then(Value::as_bool).unwrap_or(false)
}

/// The variables `envFrom` contributes: every key of the ConfigMap or Secret, prefixed.
fn env_from(
    pod: &Pod,
    c: &Container,
    store: &Store,
    env: &mut BTreeMap<String, String>,
) -> Result<(), String> {
    let ns = &pod.metadata.namespace;
    for source in &c.env_from {
        let prefix = str_at(source, "prefix");
        if let Some(r) = source.get("configMapRef") {
            match config_map(store, ns, str_at(r, "name")) {
                Ok(cm) => {
                    for (k, v) in &cm.data {
                        env.insert(format!("{prefix}{k}"), v.clone());
                    }
                }
                Err(_) if optional(r) => {}
                Err(e) => return Err(e),
            }
        } else if let Some(r) = source.get("secretRef") {
            match secret(store, ns, str_at(r, "name")) {
                Ok(s) => {
                    for k in s.data.keys() {
                        env.insert(format!("{prefix}{k}"), s.value(k).unwrap_or_default());
                    }
                }
                Err(_) if optional(r) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}

/// `podFieldSelectorRuntimeValue`: the downward API fields an env var can name.
fn field_value(pod: &Pod, host_ip: &str, pod_ip: &str, path: &str) -> Result<String, String> {
    let m = &pod.metadata;
    let subscript = |prefix: &str| {
        path.strip_prefix(prefix)
            .and_then(|r| r.strip_suffix("']"))
            .map(str::to_string)
    };
    Ok(match path {
        "metadata.name" => m.name.clone(),
        "metadata.namespace" => m.namespace.clone(),
        "metadata.uid" => m.uid.clone(),
        "spec.nodeName" => pod.spec.node_name.clone(),
        "spec.serviceAccountName" => pod.spec.service_account_name.clone(),
        "status.hostIP" | "status.hostIPs" => host_ip.to_string(),
        "status.podIP" | "status.podIPs" => pod_ip.to_string(),
        _ => {
            if let Some(k) = subscript("metadata.labels['") {
                m.labels.get(&k).cloned().unwrap_or_default()
            } else if let Some(k) = subscript("metadata.annotations['") {
                m.annotations.get(&k).cloned().unwrap_or_default()
            } else {
                return Err(format!("unsupported fieldPath: {path}"));
            }
        }
    })
}

/// `containerResourceRuntimeValue`: a request or limit, in the divisor's unit (rounded up).
fn resource_value(c: &Container, r: &Value) -> String {
    let resource = str_at(r, "resource");
    let (list, name) = match resource.split_once('.') {
        Some(("limits", n)) => (&c.resources.limits, n),
        Some(("requests", n)) => (&c.resources.requests, n),
        _ => return String::new(),
    };
    let Some(q) = list.get(name) else {
        return String::new();
    };
    let milli = if name == "cpu" {
        q.milli_value().unwrap_or(0)
    } else {
        q.value().unwrap_or(0).saturating_mul(1000)
    };
    let divisor = r
        .get("divisor")
        .and_then(Value::as_str)
        .and_then(|d| crate::api::quantity::Quantity::new(d).milli_value().ok())
        .filter(|d| *d > 0)
        .unwrap_or(1000);
    ((milli + divisor - 1) / divisor).to_string()
}

/// Mirrors `makeEnvironmentVariables`: the container's variables, or the error that stops
/// its creation (`CreateContainerConfigError`).
pub fn environment(
    pod: &Pod,
    c: &Container,
    store: &Store,
    host_ip: &str,
    pod_ip: &str,
) -> Result<Vec<(String, String)>, String> {
    let ns = &pod.metadata.namespace;
    let services = super::service_env::service_env(pod, store);
    let mut env = BTreeMap::new();
    env_from(pod, c, store, &mut env)?;
    for var in &c.env {
        // MappingFuncFor(tmpEnv, serviceEnv): the container's own variables first.
        let defined: Vec<(String, String)> = services
            .iter()
            .filter(|(k, _)| !env.contains_key(*k))
            .chain(env.iter())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let value = match (&var.value, &var.value_from) {
            (Some(v), _) if !v.is_empty() => expand_kubernetes_vars(v, &defined),
            (_, Some(from)) => {
                if let Some(f) = from.get("fieldRef") {
                    field_value(pod, host_ip, pod_ip, str_at(f, "fieldPath"))?
                } else if let Some(r) = from.get("resourceFieldRef") {
                    resource_value(c, r)
                } else if let Some(r) = from.get("configMapKeyRef") {
                    let (name, key) = (str_at(r, "name"), str_at(r, "key"));
                    let found = config_map(store, ns, name).and_then(|cm| {
                        cm.data.get(key).cloned().ok_or_else(|| {
                            format!("couldn't find key {key} in ConfigMap {ns}/{name}")
                        })
                    });
                    match found {
                        Ok(v) => v,
                        Err(_) if optional(r) => continue,
                        Err(e) => return Err(e),
                    }
                } else if let Some(r) = from.get("secretKeyRef") {
                    let (name, key) = (str_at(r, "name"), str_at(r, "key"));
                    let found = secret(store, ns, name).and_then(|s| {
                        s.value(key)
                            .ok_or_else(|| format!("couldn't find key {key} in Secret {ns}/{name}"))
                    });
                    match found {
                        Ok(v) => v,
                        Err(_) if optional(r) => continue,
                        Err(e) => return Err(e),
                    }
                } else {
                    String::new()
                }
            }
            _ => String::new(),
        };
        env.insert(var.name.clone(), value);
    }
    for (k, v) in services {
        env.entry(k).or_insert(v);
    }
    Ok(env.into_iter().collect())
}

/// The files of a ConfigMap or Secret volume (`MakePayload`), as `(path in volume, contents)`;
/// `Ok(None)` for other volume kinds; the mount error when the source is missing.
pub fn projected_files(
    pod: &Pod,
    volume: &crate::api::pod::Volume,
    store: &Store,
) -> Result<Option<Vec<(String, String)>>, String> {
    let ns = &pod.metadata.namespace;
    let (source, data): (&Value, BTreeMap<String, String>) = if let Some(v) = &volume.config_map {
        match config_map(store, ns, str_at(v, "name")) {
            Ok(cm) => (v, cm.data.clone()),
            Err(_) if optional(v) => (v, BTreeMap::new()),
            Err(e) => return Err(e),
        }
    } else if let Some(v) = &volume.secret {
        match secret(store, ns, str_at(v, "secretName")) {
            Ok(s) => (
                v,
                s.data
                    .keys()
                    .map(|k| (k.clone(), s.value(k).unwrap_or_default()))
                    .collect(),
            ),
            Err(_) if optional(v) => (v, BTreeMap::new()),
            Err(e) => return Err(e),
        }
    } else {
        return Ok(None);
    };
    let Some(items) = source.get("items").and_then(Value::as_array) else {
        return Ok(Some(data.into_iter().collect()));
    };
    let mut files = Vec::new();
    for item in items {
        let (key, path) = (str_at(item, "key"), str_at(item, "path"));
        match data.get(key) {
            Some(v) => files.push((path.to_string(), v.clone())),
            None if optional(source) => {}
            None => {
                return Err(format!(
                    "configmap references non-existent config key: {key}"
                ))
            }
        }
    }
    Ok(Some(files))
}
