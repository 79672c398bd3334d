//! What the API server knows about each kind: group/version, resource name, scope, short names.
//!
//! Mirrors the discovery data `kubectl api-resources` prints (`pkg/controlplane` storage
//! registration). Only the kinds the engine stores are listed.

use super::Kind;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindInfo {
    pub kind: Kind,
    /// Empty for the core group.
    pub group: &'static str,
    pub version: &'static str,
    /// The plural lower-case resource name (`pods`).
    pub resource: &'static str,
    /// The singular name (`pod`).
    pub singular: &'static str,
    pub short_names: &'static [&'static str],
    pub namespaced: bool,
}

impl KindInfo {
    /// `v1` or `apps/v1`.
    pub fn api_version(&self) -> &'static str {
        match (self.group, self.version) {
            ("", v) => v,
            ("apps", "v1") => "apps/v1",
            ("batch", "v1") => "batch/v1",
            ("discovery.k8s.io", "v1") => "discovery.k8s.io/v1",
            ("coordination.k8s.io", "v1") => "coordination.k8s.io/v1",
            _ => "v1",
        }
    }
}

pub const KINDS: &[KindInfo] = &[
    KindInfo {
        kind: Kind::Namespace,
        group: "",
        version: "v1",
        resource: "namespaces",
        singular: "namespace",
        short_names: &["ns"],
        namespaced: false,
    },
    KindInfo {
        kind: Kind::Node,
        group: "",
        version: "v1",
        resource: "nodes",
        singular: "node",
        short_names: &["no"],
        namespaced: false,
    },
    KindInfo {
        kind: Kind::Pod,
        group: "",
        version: "v1",
        resource: "pods",
        singular: "pod",
        short_names: &["po"],
        namespaced: true,
    },
    KindInfo {
        kind: Kind::Event,
        group: "",
        version: "v1",
        resource: "events",
        singular: "event",
        short_names: &["ev"],
        namespaced: true,
    },
    KindInfo {
        kind: Kind::Deployment,
        group: "apps",
        version: "v1",
        resource: "deployments",
        singular: "deployment",
        short_names: &["deploy"],
        namespaced: true,
    },
    KindInfo {
        kind: Kind::ReplicaSet,
        group: "apps",
        version: "v1",
        resource: "replicasets",
        singular: "replicaset",
        short_names: &["rs"],
        namespaced: true,
    },
    KindInfo {
        kind: Kind::DaemonSet,
        group: "apps",
        version: "v1",
        resource: "daemonsets",
        singular: "daemonset",
        short_names: &["ds"],
        namespaced: true,
    },
    KindInfo {
        kind: Kind::StatefulSet,
        group: "apps",
        version: "v1",
        resource: "statefulsets",
        singular: "statefulset",
        short_names: &["sts"],
        namespaced: true,
    },
    KindInfo {
        kind: Kind::Job,
        group: "batch",
        version: "v1",
        resource: "jobs",
        singular: "job",
        short_names: &[],
        namespaced: true,
    },
    KindInfo {
        kind: Kind::ReplicationController,
        group: "",
        version: "v1",
        resource: "replicationcontrollers",
        singular: "replicationcontroller",
        short_names: &["rc"],
        namespaced: true,
    },
    KindInfo {
        kind: Kind::Service,
        group: "",
        version: "v1",
        resource: "services",
        singular: "service",
        short_names: &["svc"],
        namespaced: true,
    },
    KindInfo {
        kind: Kind::Endpoints,
        group: "",
        version: "v1",
        resource: "endpoints",
        singular: "endpoints",
        short_names: &["ep"],
        namespaced: true,
    },
    KindInfo {
        kind: Kind::EndpointSlice,
        group: "discovery.k8s.io",
        version: "v1",
        resource: "endpointslices",
        singular: "endpointslice",
        short_names: &[],
        namespaced: true,
    },
    KindInfo {
        kind: Kind::ConfigMap,
        group: "",
        version: "v1",
        resource: "configmaps",
        singular: "configmap",
        short_names: &["cm"],
        namespaced: true,
    },
    KindInfo {
        kind: Kind::Secret,
        group: "",
        version: "v1",
        resource: "secrets",
        singular: "secret",
        short_names: &[],
        namespaced: true,
    },
    KindInfo {
        kind: Kind::Lease,
        group: "coordination.k8s.io",
        version: "v1",
        resource: "leases",
        singular: "lease",
        short_names: &[],
        namespaced: true,
    },
];

/// The registry entry of a kind. Every `Kind` has one (checked by a test).
pub fn info(kind: Kind) -> &'static KindInfo {
    KINDS.iter().find(|i| i.kind == kind).unwrap_or(&KINDS[0])
}

/// Resolves a `kind:` under an `apiVersion:`; `None` when the pair is not served, which the
/// API server reports as `no matches for kind "Pod" in version "apps/v1"`.
pub fn resolve(api_version: &str, kind: &str) -> Option<&'static KindInfo> {
    KINDS
        .iter()
        .find(|i| i.api_version() == api_version && i.kind.as_str() == kind)
}

/// Resolves what a user types after `kubectl get`: plural, singular, short name or kind,
/// case-insensitively (`pods`, `pod`, `po`, `Pod`).
pub fn lookup_resource(name: &str) -> Option<&'static KindInfo> {
    let lower = name.to_ascii_lowercase();
    KINDS.iter().find(|i| {
        i.resource == lower
            || i.singular == lower
            || i.short_names.contains(&lower.as_str())
            || i.kind.as_str().eq_ignore_ascii_case(&lower)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_registered() {
        for kind in Kind::ALL {
            assert_eq!(info(*kind).kind, *kind);
        }
    }

    #[test]
    fn pod_is_core_v1_only() {
        assert!(resolve("v1", "Pod").is_some());
        assert!(resolve("apps/v1", "Pod").is_none());
        assert_eq!(lookup_resource("po").map(|i| i.kind), Some(Kind::Pod));
    }
}
