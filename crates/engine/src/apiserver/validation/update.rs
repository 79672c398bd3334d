//! What may change on an update: pods (almost nothing in the spec) and nodes.
//!
//! Mirrors `pkg/apis/core/validation/validation.go` ValidatePodUpdate (with
//! ValidateContainerUpdates and validateOnlyAddedTolerations), ValidateNodeUpdate and
//! ValidateNamespace. The `spec: Forbidden` message is upstream's first line; the `cmp.Diff`
//! of Go structs that follows it upstream is left out.

use super::field::{self, Path};
use super::{names, pod, scheduling};
use crate::api::pod::{Container, Pod};
use crate::api::{Namespace, Node};
use crate::apiserver::errors::Cause;

/// The fields a pod update may change, as the Forbidden message lists them.
pub const UPDATABLE_POD_SPEC_FIELDS: &str = "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

/// Mirrors ValidatePodUpdate.
pub fn pod_update(old: &Pod, new: &Pod) -> Vec<Cause> {
    let mut c = pod::pod(new);
    let spec = Path::new("spec");
    for (o, n, name) in [
        (&old.spec.containers, &new.spec.containers, "containers"),
        (
            &old.spec.init_containers,
            &new.spec.init_containers,
            "initContainers",
        ),
    ] {
        if o.len() != n.len() {
            c.push(field::forbidden(
                &spec.child(name),
                "pod updates may not add or remove containers",
            ));
            return c;
        }
    }
    if let Some(err) = active_deadline(old, new, &spec.child("activeDeadlineSeconds")) {
        c.push(err);
        return c;
    }
    c.extend(only_added_tolerations(old, new, &spec.child("tolerations")));
    if old.spec == new.spec {
        return c;
    }
    let old_qos = if old.status.qos_class.is_empty() {
        crate::kubelet::qos::compute_pod_qos(old)
    } else {
        old.status.qos_class.as_str()
    };
    if old_qos != crate::kubelet::qos::compute_pod_qos(new) {
        c.push(field::invalid(
            &Path::new("metadata"),
            &new.status.qos_class,
            "Pod QoS is immutable",
        ));
    }
    if munged(old, new) != old.spec {
        c.push(field::forbidden(&spec, UPDATABLE_POD_SPEC_FIELDS));
    }
    c
}

/// The new spec with every field an update may change put back to its old value.
fn munged(old: &Pod, new: &Pod) -> crate::api::pod::PodSpec {
    let mut m = new.spec.clone();
    let keep_images = |n: &mut Vec<Container>, o: &[Container]| {
        for (nc, oc) in n.iter_mut().zip(o) {
            nc.image = oc.image.clone();
        }
    };
    keep_images(&mut m.containers, &old.spec.containers);
    keep_images(&mut m.init_containers, &old.spec.init_containers);
    m.active_deadline_seconds = old.spec.active_deadline_seconds;
    m.tolerations = old.spec.tolerations.clone();
    let old_grace = old.spec.termination_grace_period_seconds;
    if old_grace.is_some_and(|g| g < 0) && m.termination_grace_period_seconds == Some(1) {
        m.termination_grace_period_seconds = old_grace;
    }
    m
}

/// Two updates are allowed: nil → positive, and positive → lower non-negative.
fn active_deadline(old: &Pod, new: &Pod, path: &Path) -> Option<Cause> {
    match (
        old.spec.active_deadline_seconds,
        new.spec.active_deadline_seconds,
    ) {
        (_, Some(n)) if !(0..=i64::from(i32::MAX)).contains(&n) => Some(field::invalid(
            path,
            n,
            "must be between 0 and 2147483647, inclusive",
        )),
        (Some(o), Some(n)) if o < n => Some(field::invalid(
            path,
            n,
            "must be less than or equal to previous value",
        )),
        (Some(_), None) => Some(field::invalid(
            path,
            field::Value::Null,
            "must not update from a positive integer to nil value",
        )),
        _ => None,
    }
}

/// Mirrors validateOnlyAddedTolerations: old ones stay (their tolerationSeconds may change).
fn only_added_tolerations(old: &Pod, new: &Pod, path: &Path) -> Vec<Cause> {
    for o in &old.spec.tolerations {
        let kept = new.spec.tolerations.iter().any(|n| {
            let mut clone = o.clone();
            clone.toleration_seconds = n.toleration_seconds;
            clone == *n
        });
        if !kept {
            return vec![field::forbidden(
                path,
                "existing toleration can not be modified except its tolerationSeconds",
            )];
        }
    }
    vec![]
}

/// Mirrors ValidateNode (name, taints).
pub fn node(n: &Node) -> Vec<Cause> {
    let mut c = names::object_meta(&n.metadata, false, false);
    c.extend(scheduling::taints(
        &n.spec.taints,
        &Path::new("spec.taints"),
    ));
    c
}

/// Mirrors ValidateNodeUpdate: podCIDR and providerID only go from empty to set.
pub fn node_update(old: &Node, new: &Node) -> Vec<Cause> {
    let mut c = node(new);
    if !old.spec.pod_cidrs.is_empty() && old.spec.pod_cidrs != new.spec.pod_cidrs {
        c.push(field::forbidden(
            &Path::new("spec.podCIDRs"),
            "node updates may not change podCIDR except from \"\" to valid",
        ));
    }
    if !old.spec.provider_id.is_empty() && old.spec.provider_id != new.spec.provider_id {
        c.push(field::forbidden(
            &Path::new("spec.providerID"),
            "node updates may not change providerID except from \"\" to valid",
        ));
    }
    c
}

/// Mirrors ValidateNamespace: the name is a DNS label.
pub fn namespace(ns: &Namespace) -> Vec<Cause> {
    names::object_meta(&ns.metadata, false, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::Toleration;

    fn pod() -> Pod {
        let mut p = Pod::default();
        p.metadata.name = "web".into();
        p.metadata.namespace = "default".into();
        p.spec.containers.push(Container {
            name: "web".into(),
            image: "nginx:1.14".into(),
            ..Default::default()
        });
        let mut obj = crate::api::Object::Pod(p);
        crate::apiserver::defaults::apply(&mut obj);
        obj.as_pod().cloned().unwrap_or_default()
    }

    #[test]
    fn image_changes_are_allowed() {
        let old = pod();
        let mut new = old.clone();
        new.spec.containers[0].image = "nginx:1.16".into();
        assert!(pod_update(&old, &new).is_empty());
    }

    #[test]
    fn other_spec_changes_are_forbidden() {
        let old = pod();
        let mut new = old.clone();
        new.spec.restart_policy = "Never".into();
        let c = pod_update(&old, &new);
        assert_eq!(c.len(), 1);
        assert_eq!(
            c[0].to_string(),
            format!("spec: Forbidden: {UPDATABLE_POD_SPEC_FIELDS}")
        );
    }

    #[test]
    fn tolerations_may_only_be_added() {
        let mut old = pod();
        old.spec.tolerations.push(Toleration {
            key: "a".into(),
            operator: "Exists".into(),
            ..Default::default()
        });
        let mut new = old.clone();
        new.spec.tolerations.push(Toleration {
            key: "b".into(),
            operator: "Exists".into(),
            ..Default::default()
        });
        assert!(pod_update(&old, &new).is_empty());
        let mut removed = old.clone();
        removed.spec.tolerations.clear();
        assert_eq!(
            pod_update(&old, &removed)[0].to_string(),
            "spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds"
        );
    }

    #[test]
    fn containers_cannot_be_added() {
        let old = pod();
        let mut new = old.clone();
        new.spec.containers.push(new.spec.containers[0].clone());
        new.spec.containers[1].name = "b".into();
        let c = pod_update(&old, &new);
        assert_eq!(
            c.last().map(|c| c.to_string()),
            Some("spec.containers: Forbidden: pod updates may not add or remove containers".into())
        );
    }
}
