//! A pod and its spec.
//!
//! Mirrors `pkg/apis/core/validation/validation.go` ValidatePodCreate → ValidatePod →
//! ValidateObjectMeta + ValidatePodSpec (in upstream's order: volumes, containers, init
//! containers, restartPolicy, dnsPolicy, nodeSelector, affinity, serviceAccountName, nodeName,
//! activeDeadlineSeconds, hostname, subdomain, tolerations, priorityClassName,
//! preemptionPolicy) and validateContainersOnlyForPod. A pod template is validated with
//! `pod_spec` alone. Left out: security contexts, DNS config, topology spread, overhead, OS.

use super::field::{self, Path};
use super::{container, names, scheduling, volumes};
use crate::api::pod::{Pod, PodSpec};
use crate::apiserver::errors::Cause;
use std::collections::BTreeSet;

/// Mirrors ValidatePodCreate.
pub fn pod(p: &Pod) -> Vec<Cause> {
    let mut c = names::object_meta(&p.metadata, true, false);
    let spec = Path::new("spec");
    c.extend(pod_spec(&p.spec, &spec));
    c.extend(container::image_whitespace(
        &p.spec.containers,
        &spec.child("containers"),
    ));
    c.extend(container::image_whitespace(
        &p.spec.init_containers,
        &spec.child("initContainers"),
    ));
    c
}

/// Mirrors ValidatePodSpec.
pub fn pod_spec(s: &PodSpec, path: &Path) -> Vec<Cause> {
    let mut c = volumes::volumes(&s.volumes, &path.child("volumes"));
    let mut names_seen = BTreeSet::new();
    c.extend(container::containers(
        &s.containers,
        &s.volumes,
        &path.child("containers"),
        &mut names_seen,
    ));
    c.extend(container::init_containers(
        &s.init_containers,
        &s.volumes,
        &path.child("initContainers"),
        &mut names_seen,
    ));
    c.extend(enum_field(
        &s.restart_policy,
        &path.child("restartPolicy"),
        &["Always", "OnFailure", "Never"],
    ));
    c.extend(enum_field(
        &s.dns_policy,
        &path.child("dnsPolicy"),
        &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
    ));
    c.extend(names::labels(&s.node_selector, &path.child("nodeSelector")));
    if let Some(a) = &s.affinity {
        c.extend(scheduling::affinity(a, &path.child("affinity")));
    }
    c.extend(optional_name(
        &s.service_account_name,
        &path.child("serviceAccountName"),
        false,
    ));
    c.extend(optional_name(&s.node_name, &path.child("nodeName"), false));
    if let Some(ads) = s.active_deadline_seconds {
        if !(1..=i64::from(i32::MAX)).contains(&ads) {
            c.push(field::invalid(
                &path.child("activeDeadlineSeconds"),
                ads,
                "must be between 1 and 2147483647, inclusive",
            ));
        }
    }
    c.extend(optional_name(&s.hostname, &path.child("hostname"), true));
    c.extend(optional_name(&s.subdomain, &path.child("subdomain"), true));
    c.extend(scheduling::tolerations(
        &s.tolerations,
        &path.child("tolerations"),
    ));
    c.extend(optional_name(
        &s.priority_class_name,
        &path.child("priorityClassName"),
        false,
    ));
    if let Some(pp) = &s.preemption_policy {
        if !matches!(pp.as_str(), "Never" | "PreemptLowerPriority") {
            c.push(field::not_supported(
                &path.child("preemptionPolicy"),
                pp,
                &["Never", "PreemptLowerPriority"],
            ));
        }
    }
    c
}

/// A required enum: `Required value` when empty, `Unsupported value` when unknown.
fn enum_field(value: &str, path: &Path, supported: &[&str]) -> Vec<Cause> {
    if value.is_empty() {
        vec![field::required(path, "")]
    } else if supported.contains(&value) {
        vec![]
    } else {
        vec![field::not_supported(path, value, supported)]
    }
}

fn optional_name(value: &str, path: &Path, label: bool) -> Vec<Cause> {
    if value.is_empty() {
        return vec![];
    }
    let msgs = if label {
        names::dns1123_label(value)
    } else {
        names::dns1123_subdomain(value)
    };
    names::each(path, value, msgs)
}
