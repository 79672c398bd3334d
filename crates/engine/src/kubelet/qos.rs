//! A pod's QoS class: Guaranteed, Burstable or BestEffort.
//!
//! Mirrors `pkg/apis/core/v1/helper/qos/qos.go` (`ComputePodQOS`). A missing request counts as
//! its limit, as `SetDefaults_Pod` would have filled it. Left out: pod-level resources.

use crate::api::pod::{Container, Pod};
use std::collections::BTreeMap;

const SUPPORTED: [&str; 2] = ["cpu", "memory"];

/// Mirrors `ComputePodQOS`.
pub fn compute_pod_qos(pod: &Pod) -> &'static str {
    let mut requests: BTreeMap<&str, i64> = BTreeMap::new();
    let mut limits: BTreeMap<&str, i64> = BTreeMap::new();
    let mut is_guaranteed = true;
    for c in pod.spec.containers.iter().chain(&pod.spec.init_containers) {
        for name in SUPPORTED {
            if let Some(v) = request(c, name).filter(|v| *v > 0) {
                *requests.entry(name).or_default() += v;
            }
        }
        let mut found = 0;
        for name in SUPPORTED {
            if let Some(v) = milli(c.resources.limits.get(name)).filter(|v| *v > 0) {
                found += 1;
                *limits.entry(name).or_default() += v;
            }
        }
        if found < SUPPORTED.len() {
            is_guaranteed = false;
        }
    }
    if requests.is_empty() && limits.is_empty() {
        return "BestEffort";
    }
    let matching = requests.iter().all(|(k, v)| limits.get(k) == Some(v));
    if is_guaranteed && matching && requests.len() == limits.len() {
        return "Guaranteed";
    }
    "Burstable"
}

fn request(c: &Container, name: &str) -> Option<i64> {
    milli(c.resources.requests.get(name)).or_else(|| milli(c.resources.limits.get(name)))
}

fn milli(q: Option<&crate::api::quantity::Quantity>) -> Option<i64> {
    q.and_then(|q| q.milli_value().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::quantity::Quantity;

    fn pod(requests: &[(&str, &str)], limits: &[(&str, &str)]) -> Pod {
        let mut c = Container::default();
        let list = |l: &[(&str, &str)]| {
            l.iter()
                .map(|(k, v)| (k.to_string(), Quantity::new(*v)))
                .collect()
        };
        c.resources.requests = list(requests);
        c.resources.limits = list(limits);
        let mut p = Pod::default();
        p.spec.containers.push(c);
        p
    }

    #[test]
    fn classes_follow_requests_and_limits() {
        assert_eq!(compute_pod_qos(&pod(&[], &[])), "BestEffort");
        let both = [("cpu", "500m"), ("memory", "128Mi")];
        assert_eq!(compute_pod_qos(&pod(&[], &both)), "Guaranteed");
        assert_eq!(compute_pod_qos(&pod(&both, &both)), "Guaranteed");
        assert_eq!(compute_pod_qos(&pod(&[], &[("cpu", "500m")])), "Burstable");
        assert_eq!(
            compute_pod_qos(&pod(&[("memory", "64Mi")], &[])),
            "Burstable"
        );
        let less = [("cpu", "250m"), ("memory", "128Mi")];
        assert_eq!(compute_pod_qos(&pod(&less, &both)), "Burstable");
    }
}
