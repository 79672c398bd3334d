//! `core/v1` Endpoints and `discovery.k8s.io/v1` EndpointSlice.
//!
//! Mirrors `staging/src/k8s.io/api/core/v1/types.go` (Endpoints, EndpointSubset,
//! EndpointAddress, EndpointPort) and `staging/src/k8s.io/api/discovery/v1/types.go`
//! (EndpointSlice, Endpoint, EndpointConditions, EndpointPort), with the real field names.
//! Left out: topology hints' contents (kept as opaque JSON).

use super::event::ObjectReference;
use super::meta::ObjectMeta;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The label an EndpointSlice carries to name its Service.
pub const LABEL_SERVICE_NAME: &str = "kubernetes.io/service-name";
/// The label naming the controller that manages an EndpointSlice.
pub const LABEL_MANAGED_BY: &str = "endpointslice.kubernetes.io/managed-by";
/// The endpointslice controller's value of `LABEL_MANAGED_BY`.
pub const MANAGED_BY_CONTROLLER: &str = "endpointslice-controller.k8s.io";
/// `v1.IsHeadlessService`: set on Endpoints of a Service without a cluster IP.
pub const LABEL_HEADLESS: &str = "service.kubernetes.io/headless";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Endpoints {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kind: String,
    pub metadata: ObjectMeta,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subsets: Vec<EndpointSubset>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EndpointSubset {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<EndpointAddress>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_ready_addresses: Vec<EndpointAddress>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<EndpointPort>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EndpointAddress {
    pub ip: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub hostname: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_ref: Option<ObjectReference>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EndpointPort {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    pub port: i32,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_protocol: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EndpointSlice {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kind: String,
    pub metadata: ObjectMeta,
    /// `IPv4`, `IPv6` or `FQDN`.
    pub address_type: String,
    pub endpoints: Vec<Endpoint>,
    pub ports: Vec<EndpointSlicePort>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Endpoint {
    pub addresses: Vec<String>,
    pub conditions: EndpointConditions,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_ref: Option<ObjectReference>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hints: Option<Value>,
}

/// `ready` is serving and not terminating; `serving` is the pod's readiness whatever its
/// termination; `terminating` is a deletion timestamp.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EndpointConditions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ready: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serving: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terminating: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EndpointSlicePort {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_protocol: Option<String>,
}

impl Endpoints {
    /// `ip:port` pairs of ready addresses, as `kubectl get endpoints` prints them.
    pub fn ready_pairs(&self) -> Vec<String> {
        let mut out = Vec::new();
        for s in &self.subsets {
            for a in &s.addresses {
                for p in &s.ports {
                    out.push(format!("{}:{}", a.ip, p.port));
                }
            }
        }
        out
    }
}

impl EndpointConditions {
    /// A nil `ready` is interpreted as ready, as consumers are told to (types.go).
    pub fn is_ready(&self) -> bool {
        self.ready.unwrap_or(true)
    }

    /// A nil `serving` falls back to `ready`.
    pub fn is_serving(&self) -> bool {
        self.serving.unwrap_or_else(|| self.is_ready())
    }

    pub fn is_terminating(&self) -> bool {
        self.terminating.unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_round_trip_with_real_field_names() {
        let json = r#"{"subsets":[{"addresses":[{"ip":"10.244.1.5","nodeName":"k8s-node-1",
            "targetRef":{"kind":"Pod","namespace":"default","name":"web","uid":"u"}}],
            "notReadyAddresses":[{"ip":"10.244.2.3"}],"ports":[{"port":80,"protocol":"TCP"}]}]}"#;
        let ep: Endpoints = serde_json::from_str(json).unwrap();
        assert_eq!(ep.ready_pairs(), vec!["10.244.1.5:80".to_string()]);
        let back = serde_json::to_value(&ep).unwrap();
        assert_eq!(
            back["subsets"][0]["notReadyAddresses"][0]["ip"],
            "10.244.2.3"
        );
        assert_eq!(
            back["subsets"][0]["addresses"][0]["targetRef"]["kind"],
            "Pod"
        );
    }

    #[test]
    fn nil_conditions_read_as_ready_and_serving() {
        let c = EndpointConditions::default();
        assert!(c.is_ready() && c.is_serving() && !c.is_terminating());
        let t = EndpointConditions {
            ready: Some(false),
            serving: Some(true),
            terminating: Some(true),
        };
        assert!(!t.is_ready() && t.is_serving() && t.is_terminating());
    }
}
