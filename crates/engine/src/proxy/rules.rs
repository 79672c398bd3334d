//! The rules kube-proxy programs for one Service: its ports and their eligible endpoints.
//!
//! Mirrors the per-Service part of `pkg/proxy/iptables/proxier.go` `syncProxyRules` (the
//! `KUBE-SVC-*` chain of each port and its affinity) fed by `pkg/proxy/endpointslicecache.go`
//! (endpoints merged from every slice of the Service). Left out: per-slice caching.

use super::traffic::{self, Backend};
use crate::api::endpoints::EndpointSlice;
use crate::api::service::Service;
use crate::api::{Kind, Object};
use crate::store::Store;

/// A Service as this kube-proxy has programmed it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceRules {
    pub cluster_ip: String,
    /// ClientIP affinity timeout in seconds; `None` without affinity.
    pub affinity_timeout_seconds: Option<u64>,
    /// `externalTrafficPolicy: Local`: node port traffic goes only to this node's endpoints.
    pub external_local: bool,
    pub ports: Vec<PortRules>,
}

/// One Service port and the endpoints its rules forward to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PortRules {
    pub name: String,
    pub port: i32,
    pub protocol: String,
    pub node_port: Option<i32>,
    pub endpoints: Vec<Backend>,
}

/// The rules of every port of a Service from its EndpointSlices: ready endpoints, or the
/// serving terminating ones when none is ready (`CategorizeEndpoints`).
pub fn service_rules(store: &Store, svc: &Service) -> ServiceRules {
    let slices: Vec<&EndpointSlice> = store
        .list(Kind::EndpointSlice, Some(&svc.metadata.namespace))
        .filter_map(|o| match &**o {
            Object::EndpointSlice(s) => Some(s),
            _ => None,
        })
        .filter(|s| {
            let label = crate::api::endpoints::LABEL_SERVICE_NAME;
            s.metadata.labels.get(label) == Some(&svc.metadata.name)
        })
        .collect();
    let affinity = svc.spec.session_affinity == "ClientIP";
    let timeout = svc
        .spec
        .session_affinity_config
        .as_ref()
        .and_then(|c| c.client_ip.as_ref())
        .and_then(|c| c.timeout_seconds)
        .unwrap_or(crate::api::service::DEFAULT_CLIENT_IP_TIMEOUT_SECONDS);
    let ports = svc
        .spec
        .ports
        .iter()
        .map(|sp| PortRules {
            name: sp.name.clone(),
            port: sp.port,
            protocol: sp.protocol_or_default().to_string(),
            node_port: sp.node_port,
            endpoints: traffic::categorize(&slices, &sp.name),
        })
        .collect();
    ServiceRules {
        cluster_ip: svc.spec.cluster_ip.clone(),
        affinity_timeout_seconds: affinity.then_some(timeout.max(0) as u64),
        external_local: svc.spec.external_traffic_policy == "Local",
        ports,
    }
}
