//! Mutating admission for new pods, and what the pod strategy sets before validation.
//!
//! Mirrors `plugin/pkg/admission/serviceaccount/admission.go` (`serviceAccountName: default`
//! and the projected `kube-api-access-xxxxx` token volume mounted read-only in every
//! container), `plugin/pkg/admission/priority/admission.go` (priority from the class;
//! `preemptionPolicy: PreemptLowerPriority`), `plugin/pkg/admission/defaulttolerationseconds`
//! (`not-ready`/`unreachable` NoExecute tolerations for 300 s) and the pod strategy's
//! `PrepareForCreate`/`PrepareForUpdate` (`pkg/registry/core/pod/strategy.go`: status reset to
//! phase Pending with the QoS class, generation 1; updates keep the stored status). Left out: checking that the service account exists (Podflow has
//! no ServiceAccount objects) and user-defined PriorityClasses (only the two system classes).

use super::errors::{ApiError, Reason};
use crate::api::pod::{Pod, PodStatus, Toleration, Volume, VolumeMount};
use crate::api::Object;
use crate::rng::Rng;
use serde_json::json;

/// Where the token volume is mounted (`ServiceAccountVolumeMountPath`... the default path).
pub const TOKEN_MOUNT_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";
/// `--default-not-ready-toleration-seconds` and `--default-unreachable-toleration-seconds`.
pub const DEFAULT_TOLERATION_SECONDS: i64 = 300;

/// Runs the mutating admission plugins and PrepareForCreate on a new object.
pub fn admit_create(rng: &mut Rng, obj: &mut Object) -> Result<(), ApiError> {
    let Object::Pod(pod) = obj else {
        return Ok(());
    };
    service_account(rng, pod);
    priority(pod)?;
    default_toleration_seconds(pod);
    prepare_for_create(pod);
    Ok(())
}

/// Mirrors the ServiceAccount plugin's `Admit` for a pod that names no account.
fn service_account(rng: &mut Rng, pod: &mut Pod) {
    let spec = &mut pod.spec;
    if spec.service_account_name.is_empty() {
        spec.service_account_name = "default".into();
    }
    // The v1 conversion keeps the deprecated field in step.
    spec.service_account = spec.service_account_name.clone();
    if spec.automount_service_account_token == Some(false) {
        return;
    }
    let mounted = spec
        .containers
        .iter()
        .chain(&spec.init_containers)
        .any(|c| {
            c.volume_mounts
                .iter()
                .any(|m| m.mount_path == TOKEN_MOUNT_PATH)
        });
    if mounted {
        return;
    }
    let name = format!("kube-api-access-{}", rng.suffix(5));
    for c in spec
        .containers
        .iter_mut()
        .chain(spec.init_containers.iter_mut())
    {
        c.volume_mounts.push(VolumeMount {
            name: name.clone(),
            read_only: true,
            mount_path: TOKEN_MOUNT_PATH.into(),
            sub_path: String::new(),
        });
    }
    spec.volumes.push(Volume {
        name,
        projected: Some(token_projection()),
        ..Volume::default()
    });
}

/// The projected sources the plugin writes (`TokenVolumeSource`).
fn token_projection() -> serde_json::Value {
    json!({
        "defaultMode": 420,
        "sources": [
            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
            {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
            {"downwardAPI": {"items": [{"path": "namespace",
                "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}
        ]
    })
}

/// Mirrors the pod strategy's PrepareForUpdate: the main resource cannot change a pod's status
/// (that is the status subresource's job).
pub fn prepare_for_update(old: &Object, new: &mut Object) {
    super::defaults_apps::prepare_for_update(old, new);
    if let (Object::Pod(o), Object::Pod(n)) = (old, new) {
        n.status = o.status.clone();
        n.metadata.generation = o.metadata.generation;
        if n.spec != o.spec {
            n.metadata.generation += 1;
        }
    }
}

/// Mirrors the Priority plugin: the class's value, or 0 without a class.
fn priority(pod: &mut Pod) -> Result<(), ApiError> {
    let spec = &mut pod.spec;
    let value = match spec.priority_class_name.as_str() {
        "" => 0,
        "system-node-critical" => 2_000_001_000,
        "system-cluster-critical" => 2_000_000_000,
        other => {
            return Err(ApiError {
                reason: Reason::Forbidden,
                message: format!(
                    "pods \"{}\" is forbidden: no PriorityClass with name {other} was found",
                    pod.metadata.name
                ),
                causes: vec![],
            })
        }
    };
    spec.priority = Some(value);
    if spec.preemption_policy.is_none() {
        spec.preemption_policy = Some("PreemptLowerPriority".into());
    }
    Ok(())
}

/// Mirrors DefaultTolerationSeconds `Admit`.
fn default_toleration_seconds(pod: &mut Pod) {
    let tols = &mut pod.spec.tolerations;
    for key in [
        crate::api::node::TAINT_NODE_NOT_READY,
        crate::api::node::TAINT_NODE_UNREACHABLE,
    ] {
        let tolerated = tols.iter().any(|t| {
            (t.key == key || t.key.is_empty()) && (t.effect == "NoExecute" || t.effect.is_empty())
        });
        if !tolerated {
            tols.push(Toleration {
                key: key.into(),
                operator: "Exists".into(),
                value: String::new(),
                effect: "NoExecute".into(),
                toleration_seconds: Some(DEFAULT_TOLERATION_SECONDS),
            });
        }
    }
}

/// Mirrors the pod strategy's PrepareForCreate: a client cannot create a pod with a status.
fn prepare_for_create(pod: &mut Pod) {
    pod.status = PodStatus {
        phase: "Pending".into(),
        qos_class: crate::kubelet::qos::compute_pod_qos(pod).into(),
        ..PodStatus::default()
    };
    pod.metadata.generation = 1;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::Container;

    fn pod() -> Pod {
        let mut p = Pod::default();
        p.metadata.name = "web".into();
        p.spec.containers.push(Container {
            name: "web".into(),
            image: "nginx".into(),
            ..Default::default()
        });
        p
    }

    fn admit(p: Pod) -> Result<Pod, ApiError> {
        let mut obj = Object::Pod(p);
        admit_create(&mut Rng::new(1), &mut obj)?;
        Ok(obj.as_pod().cloned().unwrap_or_default())
    }

    #[test]
    fn new_pod_gets_account_token_priority_and_tolerations() {
        let p = admit(pod()).unwrap();
        assert_eq!(p.spec.service_account_name, "default");
        assert_eq!(p.spec.service_account, "default");
        let vol = &p.spec.volumes[0];
        assert!(vol.name.starts_with("kube-api-access-") && vol.name.len() == 21);
        let m = &p.spec.containers[0].volume_mounts[0];
        assert_eq!(
            (m.mount_path.as_str(), m.read_only),
            (TOKEN_MOUNT_PATH, true)
        );
        assert_eq!(p.spec.priority, Some(0));
        assert_eq!(
            p.spec.preemption_policy.as_deref(),
            Some("PreemptLowerPriority")
        );
        let t: Vec<String> = p.spec.tolerations.iter().map(|t| t.key.clone()).collect();
        assert_eq!(
            t,
            [
                "node.kubernetes.io/not-ready",
                "node.kubernetes.io/unreachable"
            ]
        );
        assert_eq!(p.spec.tolerations[0].toleration_seconds, Some(300));
        assert_eq!(p.status.phase, "Pending");
        assert_eq!(p.status.qos_class, "BestEffort");
    }

    #[test]
    fn existing_tolerations_and_opt_outs_are_respected() {
        let mut p = pod();
        p.spec.automount_service_account_token = Some(false);
        p.spec.tolerations.push(Toleration {
            operator: "Exists".into(),
            ..Default::default()
        });
        let p = admit(p).unwrap();
        assert!(p.spec.volumes.is_empty());
        assert_eq!(p.spec.tolerations.len(), 1);
    }

    #[test]
    fn updates_keep_the_status() {
        let old = admit(pod()).unwrap();
        let mut new = old.clone();
        new.status.phase = "Running".into();
        new.spec.containers[0].image = "nginx:2".into();
        let mut obj = Object::Pod(new);
        prepare_for_update(&Object::Pod(old), &mut obj);
        let p = obj.as_pod().cloned().unwrap_or_default();
        assert_eq!(p.status.phase, "Pending");
        assert_eq!(p.metadata.generation, 2);
    }

    #[test]
    fn unknown_priority_class_is_forbidden() {
        let mut p = pod();
        p.spec.priority_class_name = "high".into();
        let e = admit(p).unwrap_err();
        assert_eq!(
            e.kubectl_text(),
            "Error from server (Forbidden): pods \"web\" is forbidden: no PriorityClass with name high was found"
        );
    }
}
