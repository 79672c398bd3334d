//! `kubectl describe` for deployments, replica sets and services, and a generic fallback.
//!
//! Mirrors `describe.go` `describeDeployment`, `describeReplicaSet`, `DescribePodTemplate`,
//! `describeService`. These kinds are read through their JSON form so this file depends only
//! on field names. The service's `Endpoints:` line is read from the Endpoints object (upstream
//! reads EndpointSlices; the addresses are the same).

use super::columns::{field, selector_text};
use super::describe::{rfc1123z, Describe};
use super::describe_container::containers;
use super::describe_pod::volumes;
use podflow_engine::api::pod::PodSpec;
use podflow_engine::api::{Kind, Object};
use podflow_engine::Cluster;
use serde_json::Value;
use std::collections::BTreeMap;

/// A kind registered by another engine module, looked up by resource name.
pub(super) fn kind_named(resource: &str) -> Option<Kind> {
    podflow_engine::api::registry::lookup_resource(resource)
        .filter(|i| i.resource == resource)
        .map(|i| i.kind)
}

pub(super) fn map(v: Option<&Value>) -> BTreeMap<String, String> {
    v.and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                .collect()
        })
        .unwrap_or_default()
}

fn num(v: &Value, path: &str) -> i64 {
    field(v, path).and_then(Value::as_i64).unwrap_or(0)
}

pub(super) fn text(v: &Value, path: &str) -> String {
    match field(v, path) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

pub fn describe(o: &Object, cluster: &Cluster) -> String {
    let v = serde_json::to_value(o).unwrap_or(Value::Null);
    let mut d = Describe::new();
    match o.kind().as_str() {
        "Deployment" => deployment(&mut d, o, &v, cluster),
        "ReplicaSet" => replica_set(&mut d, o, &v, cluster),
        "Service" => super::describe_service::service(&mut d, o, &v, cluster),
        "Job" => super::describe_batch::job(&mut d, o, &v, cluster),
        "DaemonSet" => super::describe_batch::daemon_set(&mut d, o, &v, cluster),
        "Lease" => super::describe_generic::generic(&mut d, o),
        _ => generic(&mut d, o),
    }
    let events = podflow_engine::events::for_object(cluster.store(), o);
    d.events(&events, cluster.now());
    d.finish()
}

pub(super) fn header(d: &mut Describe, o: &Object) {
    d.w(0, &format!("Name:\t{}\n", o.meta().name));
    d.w(0, &format!("Namespace:\t{}\n", o.meta().namespace));
}

fn generic(d: &mut Describe, o: &Object) {
    header(d, o);
    d.labels("Labels", &o.meta().labels);
    d.annotations(&o.meta().annotations);
}

// Mirrors describe.go describeDeployment.
fn deployment(d: &mut Describe, o: &Object, v: &Value, cluster: &Cluster) {
    header(d, o);
    d.w(
        0,
        &format!(
            "CreationTimestamp:\t{}\n",
            rfc1123z(o.meta().creation_timestamp)
        ),
    );
    d.labels("Labels", &o.meta().labels);
    d.annotations(&o.meta().annotations);
    d.w(
        0,
        &format!("Selector:\t{}\n", selector_text(field(v, "spec.selector"))),
    );
    let desired = field(v, "spec.replicas")
        .and_then(Value::as_i64)
        .unwrap_or(1);
    d.w(
        0,
        &format!(
        "Replicas:\t{desired} desired | {} updated | {} total | {} available | {} unavailable\n",
        num(v, "status.updatedReplicas"), num(v, "status.replicas"),
        num(v, "status.availableReplicas"), num(v, "status.unavailableReplicas")
    ),
    );
    let strategy = text(v, "spec.strategy.type");
    d.w(0, &format!("StrategyType:\t{strategy}\n"));
    d.w(
        0,
        &format!("MinReadySeconds:\t{}\n", num(v, "spec.minReadySeconds")),
    );
    if field(v, "spec.strategy.rollingUpdate").is_some() {
        d.w(
            0,
            &format!(
                "RollingUpdateStrategy:\t{} max unavailable, {} max surge\n",
                text(v, "spec.strategy.rollingUpdate.maxUnavailable"),
                text(v, "spec.strategy.rollingUpdate.maxSurge")
            ),
        );
    }
    pod_template(d, v);
    conditions(d, v);
    let (old, new) = replica_sets_of(o, cluster);
    d.w(0, &format!("OldReplicaSets:\t{old}\n"));
    d.w(0, &format!("NewReplicaSet:\t{new}\n"));
}

/// `name (cur/desired replicas created)` for the deployment's old and newest replica sets.
fn replica_sets_of(o: &Object, cluster: &Cluster) -> (String, String) {
    let uid = &o.meta().uid;
    let mut owned: Vec<Value> = cluster
        .store()
        .list(
            kind_named("replicasets").unwrap_or(Kind::Pod),
            Some(&o.meta().namespace),
        )
        .filter(|rs| rs.kind() != Kind::Pod)
        .filter(|rs| rs.meta().controller_ref().is_some_and(|r| &r.uid == uid))
        .map(|rs| serde_json::to_value(&**rs).unwrap_or(Value::Null))
        .collect();
    podflow_engine::sort::by_key(&mut owned, |rs| {
        text(
            rs,
            "metadata.annotations.deployment\\.kubernetes\\.io/revision",
        )
    });
    let fmt = |rs: &Value| {
        let desired = field(rs, "spec.replicas")
            .and_then(Value::as_i64)
            .unwrap_or(1);
        format!(
            "{} ({}/{desired} replicas created)",
            text(rs, "metadata.name"),
            num(rs, "status.replicas")
        )
    };
    let rev = |rs: &Value| {
        rs.pointer("/metadata/annotations/deployment.kubernetes.io~1revision")
            .and_then(Value::as_str)
            .and_then(|r| r.parse::<i64>().ok())
            .unwrap_or(0)
    };
    podflow_engine::sort::by_key(&mut owned, rev);
    let newest = owned.pop();
    // describe.go prints every old replica set (allOldRSes, in list order), even at 0.
    podflow_engine::sort::by_key(&mut owned, |rs| text(rs, "metadata.name"));
    let old: Vec<String> = owned.iter().map(fmt).collect();
    let old = if old.is_empty() {
        "<none>".to_string()
    } else {
        old.join(", ")
    };
    let new = newest.as_ref().map_or("<none>".to_string(), fmt);
    (old, new)
}

fn conditions(d: &mut Describe, v: &Value) {
    let conds = field(v, "status.conditions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if conds.is_empty() {
        return;
    }
    d.w(0, "Conditions:\n  Type\tStatus\tReason\n");
    d.w(1, "----\t------\t------\n");
    for c in conds {
        d.w(
            1,
            &format!(
                "{} \t{}\t{}\n",
                text(&c, "type"),
                text(&c, "status"),
                text(&c, "reason")
            ),
        );
    }
}

// Mirrors describe.go DescribePodTemplate.
pub fn pod_template(d: &mut Describe, v: &Value) {
    d.w(0, "Pod Template:\n");
    d.labels("  Labels", &map(field(v, "spec.template.metadata.labels")));
    let ann = map(field(v, "spec.template.metadata.annotations"));
    if !ann.is_empty() {
        d.w(0, "  ");
        d.annotations(&ann);
    }
    let spec: PodSpec = field(v, "spec.template.spec")
        // Through the engine's one decoder of API types, not a second copy (wasm size).
        .and_then(|s| podflow_engine::api::strict::decode(s, &mut Vec::new()).ok())
        .unwrap_or_default();
    if !spec.service_account_name.is_empty() {
        d.w(
            1,
            &format!("Service Account:\t{}\n", spec.service_account_name),
        );
    }
    if !spec.init_containers.is_empty() {
        containers(d, "Init Containers", &spec.init_containers, &[], "  ");
    }
    containers(d, "Containers", &spec.containers, &[], "  ");
    volumes(d, &spec.volumes, "  ");
    d.labels("  Node-Selectors", &spec.node_selector);
    d.w(0, "  ");
    d.tolerations(&spec.tolerations);
}

// Mirrors describe.go describeReplicaSet.
fn replica_set(d: &mut Describe, o: &Object, v: &Value, cluster: &Cluster) {
    header(d, o);
    d.w(
        0,
        &format!("Selector:\t{}\n", selector_text(field(v, "spec.selector"))),
    );
    d.labels("Labels", &o.meta().labels);
    d.annotations(&o.meta().annotations);
    if let Some(r) = o.meta().controller_ref() {
        d.w(0, &format!("Controlled By:\t{}/{}\n", r.kind, r.name));
    }
    let desired = field(v, "spec.replicas")
        .and_then(Value::as_i64)
        .unwrap_or(1);
    d.w(
        0,
        &format!(
            "Replicas:\t{} current / {desired} desired\n",
            num(v, "status.replicas")
        ),
    );
    let (run, wait, ok, fail) = pod_counts(o, cluster);
    d.w(
        0,
        &format!("Pods Status:\t{run} Running / {wait} Waiting / {ok} Succeeded / {fail} Failed\n"),
    );
    pod_template(d, v);
    conditions(d, v);
}

/// Pods controlled by `o`, counted by phase: Running, Pending, Succeeded, Failed.
pub fn pod_counts(o: &Object, cluster: &Cluster) -> (usize, usize, usize, usize) {
    let (mut run, mut wait, mut ok, mut fail) = (0, 0, 0, 0);
    for p in cluster
        .store()
        .list(Kind::Pod, Some(&o.meta().namespace))
        .filter_map(|p| p.as_pod())
    {
        if p.metadata
            .controller_ref()
            .is_none_or(|r| r.uid != o.meta().uid)
        {
            continue;
        }
        match p.status.phase.as_str() {
            "Running" => run += 1,
            "Pending" => wait += 1,
            "Succeeded" => ok += 1,
            "Failed" => fail += 1,
            _ => {}
        }
    }
    (run, wait, ok, fail)
}
