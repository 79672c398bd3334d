//! `apps/v1` workloads: Deployment, ReplicaSet, DaemonSet, StatefulSet, and the pod template.
//!
//! Mirrors `staging/src/k8s.io/api/apps/v1/types.go` with the real JSON field names. Left out:
//! ControllerRevision objects (revisions are tracked through annotations and a hash label),
//! and the inner fields of `volumeClaimTemplates`, `ordinals` and the PVC retention policy,
//! which are kept as opaque JSON so valid manifests still round-trip.

use super::labels::LabelSelector;
use super::meta::{is_false, ObjectMeta, Time};
use super::pod::{IntOrString, PodSpec};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub(crate) fn is_zero32(v: &i32) -> bool {
    *v == 0
}

/// `core/v1.PodTemplateSpec`: what a controller stamps its pods from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PodTemplateSpec {
    pub metadata: ObjectMeta,
    pub spec: PodSpec,
}

/// One status condition of a workload. Deployments use `lastUpdateTime`, Jobs
/// `lastProbeTime`; the others leave both empty.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Condition {
    #[serde(rename = "type")]
    pub type_: String,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_probe_time: Option<Time>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_update_time: Option<Time>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_transition_time: Option<Time>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Deployment {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: DeploymentSpec,
    pub status: DeploymentStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DeploymentSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    pub template: PodTemplateSpec,
    pub strategy: DeploymentStrategy,
    #[serde(skip_serializing_if = "is_zero32")]
    pub min_ready_seconds: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i32>,
    #[serde(skip_serializing_if = "is_false")]
    pub paused: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress_deadline_seconds: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DeploymentStrategy {
    /// `RollingUpdate` or `Recreate`.
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub type_: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rolling_update: Option<RollingUpdateDeployment>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RollingUpdateDeployment {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<IntOrString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_surge: Option<IntOrString>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DeploymentStatus {
    #[serde(skip_serializing_if = "super::meta::is_zero")]
    pub observed_generation: i64,
    #[serde(skip_serializing_if = "is_zero32")]
    pub replicas: i32,
    #[serde(skip_serializing_if = "is_zero32")]
    pub updated_replicas: i32,
    #[serde(skip_serializing_if = "is_zero32")]
    pub ready_replicas: i32,
    #[serde(skip_serializing_if = "is_zero32")]
    pub available_replicas: i32,
    #[serde(skip_serializing_if = "is_zero32")]
    pub unavailable_replicas: i32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collision_count: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReplicaSet {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: ReplicaSetSpec,
    pub status: ReplicaSetStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReplicaSetSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    #[serde(skip_serializing_if = "is_zero32")]
    pub min_ready_seconds: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    pub template: PodTemplateSpec,
}

/// `ReplicaSetStatus`; `ReplicationControllerStatus` has the same fields.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReplicaSetStatus {
    pub replicas: i32,
    #[serde(skip_serializing_if = "is_zero32")]
    pub fully_labeled_replicas: i32,
    #[serde(skip_serializing_if = "is_zero32")]
    pub ready_replicas: i32,
    #[serde(skip_serializing_if = "is_zero32")]
    pub available_replicas: i32,
    #[serde(skip_serializing_if = "super::meta::is_zero")]
    pub observed_generation: i64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DaemonSet {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: DaemonSetSpec,
    pub status: DaemonSetStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DaemonSetSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    pub template: PodTemplateSpec,
    pub update_strategy: DaemonSetUpdateStrategy,
    #[serde(skip_serializing_if = "is_zero32")]
    pub min_ready_seconds: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DaemonSetUpdateStrategy {
    /// `RollingUpdate` or `OnDelete`.
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub type_: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rolling_update: Option<RollingUpdateDaemonSet>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RollingUpdateDaemonSet {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<IntOrString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_surge: Option<IntOrString>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DaemonSetStatus {
    pub current_number_scheduled: i32,
    pub number_misscheduled: i32,
    pub desired_number_scheduled: i32,
    pub number_ready: i32,
    #[serde(skip_serializing_if = "super::meta::is_zero")]
    pub observed_generation: i64,
    #[serde(skip_serializing_if = "is_zero32")]
    pub updated_number_scheduled: i32,
    #[serde(skip_serializing_if = "is_zero32")]
    pub number_available: i32,
    #[serde(skip_serializing_if = "is_zero32")]
    pub number_unavailable: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collision_count: Option<i32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatefulSet {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: StatefulSetSpec,
    pub status: StatefulSetStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatefulSetSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    pub template: PodTemplateSpec,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub volume_claim_templates: Vec<Value>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub service_name: String,
    /// `OrderedReady` or `Parallel`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub pod_management_policy: String,
    pub update_strategy: StatefulSetUpdateStrategy,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i32>,
    #[serde(skip_serializing_if = "is_zero32")]
    pub min_ready_seconds: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub persistent_volume_claim_retention_policy: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ordinals: Option<Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatefulSetUpdateStrategy {
    /// `RollingUpdate` or `OnDelete`.
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub type_: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rolling_update: Option<RollingUpdateStatefulSetStrategy>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RollingUpdateStatefulSetStrategy {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partition: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<IntOrString>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatefulSetStatus {
    #[serde(skip_serializing_if = "super::meta::is_zero")]
    pub observed_generation: i64,
    pub replicas: i32,
    #[serde(skip_serializing_if = "is_zero32")]
    pub ready_replicas: i32,
    #[serde(skip_serializing_if = "is_zero32")]
    pub current_replicas: i32,
    #[serde(skip_serializing_if = "is_zero32")]
    pub updated_replicas: i32,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub current_revision: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub update_revision: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collision_count: Option<i32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    #[serde(skip_serializing_if = "is_zero32")]
    pub available_replicas: i32,
}

/// Resolves an `IntOrString` against a total, as `intstr.GetScaledValueFromIntOrPercent`
/// does: `"25%"` of 10 is 2.5, rounded up or down as asked. A malformed value counts as 0.
pub fn scaled_value(v: Option<&IntOrString>, total: i32, round_up: bool) -> i32 {
    match v {
        None => 0,
        Some(IntOrString::Int(i)) => *i,
        Some(IntOrString::String(s)) => {
            let Some(pct) = s.strip_suffix('%').and_then(|p| p.parse::<i64>().ok()) else {
                return 0;
            };
            let num = pct * i64::from(total);
            let v = if round_up {
                (num + 99).div_euclid(100)
            } else {
                num.div_euclid(100)
            };
            v.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
        }
    }
}

/// The status subresource for the workload kinds: `into` keeps its spec and metadata and takes
/// `from`'s status (`pkg/registry/apps/deployment/strategy.go` deploymentStatusStrategy and
/// friends). Other kinds are replaced whole.
pub fn take_status(into: &mut super::Object, from: super::Object) {
    use super::Object as O;
    match (into, from) {
        (O::Deployment(n), O::Deployment(s)) => n.status = s.status,
        (O::ReplicaSet(n), O::ReplicaSet(s)) => n.status = s.status,
        (O::DaemonSet(n), O::DaemonSet(s)) => n.status = s.status,
        (O::StatefulSet(n), O::StatefulSet(s)) => n.status = s.status,
        (O::Job(n), O::Job(s)) => n.status = s.status,
        (O::ReplicationController(n), O::ReplicationController(s)) => n.status = s.status,
        (n, s) => *n = s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_as_upstream() {
        let pct = IntOrString::String("25%".into());
        assert_eq!(scaled_value(Some(&pct), 10, true), 3);
        assert_eq!(scaled_value(Some(&pct), 10, false), 2);
        assert_eq!(scaled_value(Some(&IntOrString::Int(2)), 10, true), 2);
        assert_eq!(scaled_value(None, 10, true), 0);
    }

    #[test]
    fn deployment_decodes_with_real_field_names() {
        let d: Deployment = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "web"},
            "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                     "strategy": {"type": "RollingUpdate",
                                  "rollingUpdate": {"maxSurge": 1, "maxUnavailable": "25%"}},
                     "template": {"metadata": {"labels": {"app": "web"}},
                                  "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}}
        }))
        .unwrap();
        assert_eq!(d.spec.replicas, Some(3));
        let ru = d.spec.strategy.rolling_update.unwrap();
        assert_eq!(ru.max_surge, Some(IntOrString::Int(1)));
        assert_eq!(d.spec.template.spec.containers[0].image, "nginx");
    }
}
