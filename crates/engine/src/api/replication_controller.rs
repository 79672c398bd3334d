//! `core/v1` ReplicationController: the ReplicaSet's predecessor, with a plain map selector.
//!
//! Mirrors `staging/src/k8s.io/api/core/v1/types.go` (ReplicationController,
//! ReplicationControllerSpec). Upstream runs it through the ReplicaSet controller's code by
//! conversion (`pkg/controller/replication`); Podflow does the same.

use super::apps::{is_zero32, PodTemplateSpec, ReplicaSetStatus};
use super::meta::ObjectMeta;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReplicationController {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: ReplicationControllerSpec,
    pub status: ReplicaSetStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReplicationControllerSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    #[serde(skip_serializing_if = "is_zero32")]
    pub min_ready_seconds: i32,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub selector: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<PodTemplateSpec>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rc_selector_is_a_plain_map() {
        let rc: ReplicationController = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "nginx"},
            "spec": {"replicas": 3, "selector": {"app": "nginx"},
                     "template": {"metadata": {"labels": {"app": "nginx"}},
                                  "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}}
        }))
        .unwrap();
        assert_eq!(
            rc.spec.selector.get("app").map(String::as_str),
            Some("nginx")
        );
        assert_eq!(rc.spec.replicas, Some(3));
    }
}
