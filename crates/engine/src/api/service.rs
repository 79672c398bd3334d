//! `core/v1` Service: type, selector, ports, cluster IPs, affinity, traffic policies, status.
//!
//! Mirrors `staging/src/k8s.io/api/core/v1/types.go` (Service, ServiceSpec, ServicePort,
//! ServiceStatus) with the real JSON field names, and the port lookup of
//! `pkg/api/v1/pod/util.go` (`FindPort`). Left out: dual-stack behaviour (only IPv4 is
//! allocated), ExternalName resolution, status conditions' contents.

use super::event::ObjectReference;
use super::meta::{is_false, ObjectMeta};
use super::pod::{IntOrString, Pod};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

pub const TYPE_CLUSTER_IP: &str = "ClusterIP";
pub const TYPE_NODE_PORT: &str = "NodePort";
pub const TYPE_LOAD_BALANCER: &str = "LoadBalancer";
pub const TYPE_EXTERNAL_NAME: &str = "ExternalName";
/// `spec.clusterIP: None`: a headless Service.
pub const CLUSTER_IP_NONE: &str = "None";
/// `sessionAffinityConfig.clientIP.timeoutSeconds` default (3 hours).
pub const DEFAULT_CLIENT_IP_TIMEOUT_SECONDS: i32 = 10800;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Service {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: ServiceSpec,
    pub status: ServiceStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ServiceSpec {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ServicePort>,
    /// `None` (no selector) is not the same as `{}`: a Service without a selector gets no
    /// endpoints from the controller.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selector: Option<BTreeMap<String, String>>,
    #[serde(rename = "clusterIP", skip_serializing_if = "String::is_empty")]
    pub cluster_ip: String,
    #[serde(rename = "clusterIPs", skip_serializing_if = "Vec::is_empty")]
    pub cluster_ips: Vec<String>,
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub type_: String,
    #[serde(rename = "externalIPs", skip_serializing_if = "Vec::is_empty")]
    pub external_ips: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub session_affinity: String,
    #[serde(rename = "loadBalancerIP", skip_serializing_if = "String::is_empty")]
    pub load_balancer_ip: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub load_balancer_source_ranges: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub external_name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub external_traffic_policy: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check_node_port: Option<i32>,
    #[serde(skip_serializing_if = "is_false")]
    pub publish_not_ready_addresses: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_affinity_config: Option<SessionAffinityConfig>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ip_families: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_family_policy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allocate_load_balancer_node_ports: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load_balancer_class: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internal_traffic_policy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traffic_distribution: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ServicePort {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_protocol: Option<String>,
    pub port: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_port: Option<IntOrString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_port: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SessionAffinityConfig {
    #[serde(rename = "clientIP", skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<ClientIpConfig>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ClientIpConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ServiceStatus {
    pub load_balancer: LoadBalancerStatus,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LoadBalancerStatus {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ingress: Vec<LoadBalancerIngress>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LoadBalancerIngress {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub ip: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub hostname: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_mode: Option<String>,
}

impl Service {
    /// The effective type: `ClusterIP` when unset.
    pub fn type_or_default(&self) -> &str {
        if self.spec.type_.is_empty() {
            TYPE_CLUSTER_IP
        } else {
            &self.spec.type_
        }
    }

    /// `helper.IsServiceIPSet`: a cluster IP that is neither empty nor `None`.
    pub fn is_ip_set(&self) -> bool {
        !self.spec.cluster_ip.is_empty() && self.spec.cluster_ip != CLUSTER_IP_NONE
    }

    /// The port with this `port` number, if the Service exposes it.
    pub fn port(&self, port: i32) -> Option<&ServicePort> {
        self.spec.ports.iter().find(|p| p.port == port)
    }
}

impl ServicePort {
    /// The protocol, `TCP` when unset (the API server defaults it).
    pub fn protocol_or_default(&self) -> &str {
        if self.protocol.is_empty() {
            "TCP"
        } else {
            &self.protocol
        }
    }
}

/// Mirrors `pkg/api/v1/pod/util.go` FindPort: a numeric targetPort is used as is; a named one
/// is looked up among the pod's container ports with the same protocol. `None` when the pod
/// has no such named port (upstream returns an error and the pod is skipped for that port).
pub fn find_port(pod: &Pod, port: &ServicePort) -> Option<i32> {
    match &port.target_port {
        None => Some(port.port),
        Some(IntOrString::Int(0)) => Some(port.port),
        Some(IntOrString::Int(n)) => Some(*n),
        Some(IntOrString::String(name)) => {
            let protocol = port.protocol_or_default();
            pod.spec
                .containers
                .iter()
                .flat_map(|c| &c.ports)
                .find(|cp| {
                    let cp_protocol = if cp.protocol.is_empty() {
                        "TCP"
                    } else {
                        cp.protocol.as_str()
                    };
                    cp.name == *name && cp_protocol == protocol
                })
                .map(|cp| cp.container_port)
        }
    }
}

/// A reference to a pod as endpoints carry it (`targetRef`).
pub fn pod_reference(pod: &Pod) -> ObjectReference {
    ObjectReference {
        kind: "Pod".into(),
        namespace: pod.metadata.namespace.clone(),
        name: pod.metadata.name.clone(),
        uid: pod.metadata.uid.clone(),
        api_version: String::new(),
        field_path: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::{Container, ContainerPort};

    fn pod_with_port(name: &str, number: i32) -> Pod {
        let mut pod = Pod::default();
        pod.spec.containers.push(Container {
            name: "web".into(),
            ports: vec![ContainerPort {
                name: name.into(),
                container_port: number,
                ..ContainerPort::default()
            }],
            ..Container::default()
        });
        pod
    }

    #[test]
    fn named_target_port_resolves_against_container_ports() {
        let pod = pod_with_port("http", 8080);
        let mut port = ServicePort {
            port: 80,
            target_port: Some(IntOrString::String("http".into())),
            ..ServicePort::default()
        };
        assert_eq!(find_port(&pod, &port), Some(8080));
        port.target_port = Some(IntOrString::String("metrics".into()));
        assert_eq!(find_port(&pod, &port), None);
        port.target_port = Some(IntOrString::Int(9000));
        assert_eq!(find_port(&pod, &port), Some(9000));
        port.target_port = None;
        assert_eq!(find_port(&pod, &port), Some(80));
    }

    #[test]
    fn selector_absent_and_empty_differ_on_the_wire() {
        let absent: Service = serde_json::from_str(r#"{"spec":{"ports":[{"port":80}]}}"#).unwrap();
        let empty: Service = serde_json::from_str(r#"{"spec":{"selector":{}}}"#).unwrap();
        assert_eq!(absent.spec.selector, None);
        assert_eq!(empty.spec.selector, Some(BTreeMap::new()));
        assert_eq!(absent.type_or_default(), "ClusterIP");
        assert!(!absent.is_ip_set());
    }
}
