//! `batch/v1` Job.
//!
//! Mirrors `staging/src/k8s.io/api/batch/v1/types.go` with the real JSON field names. Left out:
//! CronJob, and the inner fields of `podFailurePolicy`, `successPolicy` and
//! `uncountedTerminatedPods`, kept as opaque JSON so valid manifests still round-trip.

use super::apps::{Condition, PodTemplateSpec};
use super::labels::LabelSelector;
use super::meta::{ObjectMeta, Time};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Job {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: JobSpec,
    pub status: JobStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct JobSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parallelism: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completions: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active_deadline_seconds: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pod_failure_policy: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success_policy: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backoff_limit: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backoff_limit_per_index: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_failed_indexes: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manual_selector: Option<bool>,
    pub template: PodTemplateSpec,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ttl_seconds_after_finished: Option<i32>,
    /// `NonIndexed` or `Indexed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completion_mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pod_replacement_policy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managed_by: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct JobStatus {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Time>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completion_time: Option<Time>,
    #[serde(skip_serializing_if = "super::apps::is_zero32")]
    pub active: i32,
    #[serde(skip_serializing_if = "super::apps::is_zero32")]
    pub succeeded: i32,
    #[serde(skip_serializing_if = "super::apps::is_zero32")]
    pub failed: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terminating: Option<i32>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub completed_indexes: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncounted_terminated_pods: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ready: Option<i32>,
}

impl Job {
    /// The condition of a type whose status is `True`, if any.
    pub fn true_condition(&self, type_: &str) -> Option<&Condition> {
        self.status
            .conditions
            .iter()
            .find(|c| c.type_ == type_ && c.status == "True")
    }

    /// Complete or Failed: the Job will start no more pods (`IsJobFinished`).
    pub fn is_finished(&self) -> bool {
        self.true_condition("Complete").is_some() || self.true_condition("Failed").is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_decodes_and_reports_finished() {
        let mut j: Job = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "pi"},
            "spec": {"completions": 3, "backoffLimit": 4,
                     "template": {"spec": {"restartPolicy": "Never",
                                           "containers": [{"name": "pi", "image": "perl"}]}}}
        }))
        .unwrap();
        assert_eq!(j.spec.completions, Some(3));
        assert!(!j.is_finished());
        j.status.conditions.push(Condition {
            type_: "Complete".into(),
            status: "True".into(),
            ..Condition::default()
        });
        assert!(j.is_finished());
    }
}
