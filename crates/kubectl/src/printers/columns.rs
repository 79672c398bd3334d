//! The columns `kubectl get` prints for each kind.
//!
//! Mirrors `pkg/printers/internalversion/printers.go` (column definitions and `printPod`,
//! `printNode`, `printDeployment`, `printReplicaSet`, `printDaemonSet`, `printStatefulSet`,
//! `printJob`, `printReplicationController`, `printService`, `printEndpoints`,
//! `printNamespace`, `printEvent`). Kinds owned by other engine modules are read through
//! their JSON form, so this file depends only on field names.

use super::columns_network::{endpoint_slice_row, endpoints, service_row};
pub use super::table::selector_text;
use super::table::Table;
use podflow_engine::api::derived;
use podflow_engine::api::{Object, Time};
use podflow_engine::SimTime;
use serde_json::Value;

/// The headers and cells for a list of objects of one kind.
pub fn table(kind: &str, objs: &[&Object], now: SimTime, wide: bool) -> Table {
    let (headers, wide_headers) = headers(kind);
    let mut all: Vec<&str> = headers.to_vec();
    if wide {
        all.extend_from_slice(wide_headers);
    }
    if wide && kind == "Event" {
        all = event_wide_order(all);
    }
    let mut t = Table::new(&all);
    for o in objs {
        let mut row = row(o, now);
        if wide {
            row.extend(wide_row(o, now));
        }
        if wide && kind == "Event" {
            row = event_wide_order(row);
        }
        row.truncate(all.len());
        while row.len() < all.len() {
            row.push(String::new());
        }
        t.push(row);
    }
    t
}

fn headers(kind: &str) -> (&'static [&'static str], &'static [&'static str]) {
    const CIS: &[&str] = &["CONTAINERS", "IMAGES", "SELECTOR"];
    match kind {
        "Pod" => (
            &["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            &["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
        ),
        "Node" => (
            &["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
            &[
                "INTERNAL-IP",
                "EXTERNAL-IP",
                "OS-IMAGE",
                "KERNEL-VERSION",
                "CONTAINER-RUNTIME",
            ],
        ),
        "Namespace" => (&["NAME", "STATUS", "AGE"], &[]),
        "Deployment" => (&["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], CIS),
        "ReplicaSet" | "ReplicationController" => {
            (&["NAME", "DESIRED", "CURRENT", "READY", "AGE"], CIS)
        }
        "DaemonSet" => (
            &[
                "NAME",
                "DESIRED",
                "CURRENT",
                "READY",
                "UP-TO-DATE",
                "AVAILABLE",
                "NODE SELECTOR",
                "AGE",
            ],
            CIS,
        ),
        "StatefulSet" => (&["NAME", "READY", "AGE"], &["CONTAINERS", "IMAGES"]),
        "Job" => (&["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"], CIS),
        "Service" => (
            &[
                "NAME",
                "TYPE",
                "CLUSTER-IP",
                "EXTERNAL-IP",
                "PORT(S)",
                "AGE",
            ],
            &["SELECTOR"],
        ),
        "Endpoints" => (&["NAME", "ENDPOINTS", "AGE"], &[]),
        "EndpointSlice" => (&["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], &[]),
        "ConfigMap" => (&["NAME", "DATA", "AGE"], &[]),
        "Secret" => (&["NAME", "TYPE", "DATA", "AGE"], &[]),
        "Lease" => (&["NAME", "HOLDER", "AGE"], &[]),
        "Event" => (
            &["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
            &["SUBOBJECT", "SOURCE", "FIRST SEEN", "COUNT", "NAME"],
        ),
        _ => (&["NAME", "AGE"], &[]),
    }
}

/// A field by dotted path in an object's JSON form.
pub fn field<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

pub(super) fn num(v: &Value, path: &str) -> i64 {
    field(v, path).and_then(Value::as_i64).unwrap_or(0)
}

pub(super) fn text(v: &Value, path: &str) -> String {
    field(v, path)
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

fn time_of(v: &Value, path: &str) -> Option<Time> {
    field(v, path)
        .and_then(Value::as_str)
        .and_then(SimTime::parse_rfc3339)
        .map(Time)
}

fn row(o: &Object, now: SimTime) -> Vec<String> {
    let age = derived::age(o.meta().creation_timestamp, now);
    let name = o.meta().name.clone();
    if let Object::Pod(p) = o {
        let r = derived::pod_row(p, now);
        return vec![name, r.ready, r.status, r.restarts, r.age];
    }
    if let Object::Node(n) = o {
        return vec![
            name,
            derived::node_status(n),
            derived::node_roles(n),
            age,
            n.status.node_info.kubelet_version.clone(),
        ];
    }
    let v = serde_json::to_value(o).unwrap_or(Value::Null);
    match o.kind().as_str() {
        "Namespace" => vec![name, text(&v, "status.phase"), age],
        "Deployment" => vec![
            name,
            format!("{}/{}", num(&v, "status.readyReplicas"), replicas(&v)),
            num(&v, "status.updatedReplicas").to_string(),
            num(&v, "status.availableReplicas").to_string(),
            age,
        ],
        "ReplicaSet" | "ReplicationController" => vec![
            name,
            replicas(&v).to_string(),
            num(&v, "status.replicas").to_string(),
            num(&v, "status.readyReplicas").to_string(),
            age,
        ],
        "DaemonSet" => vec![
            name,
            num(&v, "status.desiredNumberScheduled").to_string(),
            num(&v, "status.currentNumberScheduled").to_string(),
            num(&v, "status.numberReady").to_string(),
            num(&v, "status.updatedNumberScheduled").to_string(),
            num(&v, "status.numberAvailable").to_string(),
            map_text(field(&v, "spec.template.spec.nodeSelector")),
            age,
        ],
        "StatefulSet" => vec![
            name,
            format!("{}/{}", num(&v, "status.readyReplicas"), replicas(&v)),
            age,
        ],
        "Job" => job_row(name, &v, now, age),
        "Service" => service_row(name, &v, age),
        "Endpoints" => vec![name, endpoints(&v), age],
        "EndpointSlice" => endpoint_slice_row(name, &v, age),
        "ConfigMap" => {
            let n = ["data", "binaryData"]
                .iter()
                .filter_map(|k| v.get(*k).and_then(Value::as_object))
                .map(|m| m.len())
                .sum::<usize>();
            vec![name, n.to_string(), age]
        }
        "Secret" => {
            let n = v
                .get("data")
                .and_then(Value::as_object)
                .map_or(0, |m| m.len());
            vec![name, text(&v, "type"), n.to_string(), age]
        }
        // Mirrors printLease: an unset holderIdentity is an empty cell.
        "Lease" => vec![name, text(&v, "spec.holderIdentity"), age],
        "Event" => event_row(&v, now),
        _ => vec![name, age],
    }
}

fn replicas(v: &Value) -> i64 {
    field(v, "spec.replicas")
        .and_then(Value::as_i64)
        .unwrap_or(1)
}

fn map_text(m: Option<&Value>) -> String {
    match m.and_then(Value::as_object) {
        Some(m) if !m.is_empty() => m
            .iter()
            .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
            .collect::<Vec<_>>()
            .join(","),
        _ => "<none>".into(),
    }
}

/// Mirrors `printJob` (status from conditions, completions, duration).
fn job_row(name: String, v: &Value, now: SimTime, age: String) -> Vec<String> {
    let conds = field(v, "status.conditions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let has = |t: &str| {
        conds
            .iter()
            .any(|c| c["type"] == t && c["status"] == "True")
    };
    let status = if has("Failed") {
        "Failed"
    } else if has("Complete") {
        "Complete"
    } else if has("Suspended") {
        "Suspended"
    } else if has("FailureTarget") {
        "FailureTarget"
    } else if v["metadata"].get("deletionTimestamp").is_some() {
        "Terminating"
    } else {
        "Running"
    };
    let succeeded = num(v, "status.succeeded");
    let completions = match field(v, "spec.completions").and_then(Value::as_i64) {
        Some(c) => format!("{succeeded}/{c}"),
        None => {
            let p = field(v, "spec.parallelism")
                .and_then(Value::as_i64)
                .unwrap_or(1);
            if p > 1 {
                format!("{succeeded}/1 of {p}")
            } else {
                format!("{succeeded}/1")
            }
        }
    };
    let start = time_of(v, "status.startTime");
    let duration = match (start, time_of(v, "status.completionTime")) {
        (Some(s), Some(c)) => {
            derived::human_duration(c.0 .0 as i64 / 1000 * 1000 - s.0 .0 as i64 / 1000 * 1000)
        }
        (Some(s), None) => derived::age(Some(s), now),
        _ => String::new(),
    };
    vec![name, status.into(), completions, duration, age]
}

/// printers.go lists the event columns as LAST SEEN, TYPE, REASON, OBJECT, SUBOBJECT*,
/// SOURCE*, MESSAGE, FIRST SEEN*, COUNT*, NAME* (* = wide only): reorder base + wide cells.
fn event_wide_order<T>(cells: Vec<T>) -> Vec<T> {
    let mut c: Vec<Option<T>> = cells.into_iter().map(Some).collect();
    let mut out = Vec::new();
    for i in [0, 1, 2, 3, 5, 6, 4, 7, 8, 9] {
        if let Some(x) = c.get_mut(i).and_then(Option::take) {
            out.push(x);
        }
    }
    out
}

fn event_row(v: &Value, now: SimTime) -> Vec<String> {
    let last = time_of(v, "lastTimestamp").or(time_of(v, "firstTimestamp"));
    let kind = text(v, "involvedObject.kind").to_lowercase();
    vec![
        derived::age(last, now),
        text(v, "type"),
        text(v, "reason"),
        format!("{kind}/{}", text(v, "involvedObject.name")),
        text(v, "message").trim().to_string(),
    ]
}

fn wide_row(o: &Object, now: SimTime) -> Vec<String> {
    match o {
        Object::Pod(p) => return pod_wide(p),
        Object::Node(n) => return node_wide(n),
        _ => {}
    }
    let v = serde_json::to_value(o).unwrap_or(Value::Null);
    let containers = field(&v, "spec.template.spec.containers")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let names = containers
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect::<Vec<_>>()
        .join(",");
    let images = containers
        .iter()
        .filter_map(|c| c["image"].as_str())
        .collect::<Vec<_>>()
        .join(",");
    match o.kind().as_str() {
        "Service" => vec![map_text(field(&v, "spec.selector"))],
        "Event" => vec![
            text(&v, "involvedObject.fieldPath"),
            format!(
                "{}, {}",
                text(&v, "source.component"),
                text(&v, "source.host")
            )
            .trim_end_matches(", ")
            .to_string(),
            derived::age(time_of(&v, "firstTimestamp"), now),
            num(&v, "count").to_string(),
            o.meta().name.clone(),
        ],
        "StatefulSet" => vec![names, images],
        "ReplicationController" => vec![names, images, map_text(field(&v, "spec.selector"))],
        _ => vec![names, images, selector_text(field(&v, "spec.selector"))],
    }
}

/// printPod's wide cells: IP, NODE, NOMINATED NODE, READINESS GATES.
fn pod_wide(p: &podflow_engine::api::Pod) -> Vec<String> {
    let none = |s: &str| {
        if s.is_empty() {
            "<none>".to_string()
        } else {
            s.to_string()
        }
    };
    let ip = p
        .status
        .pod_ips
        .first()
        .map(|i| i.ip.as_str())
        .unwrap_or(&p.status.pod_ip);
    vec![
        none(ip),
        none(&p.spec.node_name),
        none(&p.status.nominated_node_name),
        "<none>".into(),
    ]
}

/// printNode's wide cells: addresses, OS image, kernel, container runtime.
fn node_wide(n: &podflow_engine::api::Node) -> Vec<String> {
    let i = &n.status.node_info;
    let unknown = |s: &str| {
        if s.is_empty() {
            "<unknown>".to_string()
        } else {
            s.to_string()
        }
    };
    vec![
        derived::node_address(n, "InternalIP"),
        derived::node_address(n, "ExternalIP"),
        unknown(&i.os_image),
        unknown(&i.kernel_version),
        unknown(&i.container_runtime_version),
    ]
}
