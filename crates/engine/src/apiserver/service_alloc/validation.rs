//! Service field validation with upstream's paths and messages.
//!
//! Mirrors the parts of `pkg/apis/core/validation/validation.go` `ValidateService` and
//! `validateServicePort` a learner meets: required and unique port names, port ranges,
//! protocols, type, session affinity, node ports on a ClusterIP Service, a malformed cluster
//! IP. Left out: selector and name syntax, external IPs, load balancer source ranges,
//! dual-stack families, ExternalName DNS checks.

use super::super::errors::Cause;
use crate::api::pod::IntOrString;
use crate::api::service::{Service, CLUSTER_IP_NONE, TYPE_CLUSTER_IP, TYPE_EXTERNAL_NAME};
use std::collections::BTreeSet;

const RANGE: &str = "must be between 1 and 65535, inclusive";

/// Field errors of a (defaulted) Service; empty when it is valid.
pub fn validate(svc: &Service) -> Vec<Cause> {
    let mut causes = Vec::new();
    let spec = &svc.spec;
    let headless = spec.cluster_ip == CLUSTER_IP_NONE;
    if spec.ports.is_empty() && !headless && spec.type_ != TYPE_EXTERNAL_NAME {
        causes.push(Cause::new("spec.ports", "Required value"));
    }
    if !spec.cluster_ip.is_empty() && !headless && super::parse_ipv4(&spec.cluster_ip).is_none() {
        causes.push(Cause::new(
            "spec.clusterIPs[0]",
            format!(
                "Invalid value: {:?}: must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
                spec.cluster_ip
            ),
        ));
    }
    if spec.type_ == TYPE_EXTERNAL_NAME && spec.external_name.is_empty() {
        causes.push(Cause::new("spec.externalName", "Required value"));
    }
    validate_ports(svc, &mut causes);
    supported(
        &mut causes,
        "spec.type",
        &spec.type_,
        &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
    );
    supported(
        &mut causes,
        "spec.sessionAffinity",
        &spec.session_affinity,
        &["ClientIP", "None"],
    );
    if !spec.external_traffic_policy.is_empty() {
        supported(
            &mut causes,
            "spec.externalTrafficPolicy",
            &spec.external_traffic_policy,
            &["Cluster", "Local"],
        );
    }
    causes
}

fn validate_ports(svc: &Service, causes: &mut Vec<Cause>) {
    let require_name = svc.spec.ports.len() > 1;
    let mut names = BTreeSet::new();
    for (i, p) in svc.spec.ports.iter().enumerate() {
        let path = format!("spec.ports[{i}]");
        if require_name && p.name.is_empty() {
            causes.push(Cause::new(format!("{path}.name"), "Required value"));
        } else if !p.name.is_empty() && !names.insert(p.name.as_str()) {
            causes.push(Cause::new(
                format!("{path}.name"),
                format!("Duplicate value: {:?}", p.name),
            ));
        }
        if !(1..=65535).contains(&p.port) {
            causes.push(Cause::new(
                format!("{path}.port"),
                format!("Invalid value: {}: {RANGE}", p.port),
            ));
        }
        supported(
            causes,
            &format!("{path}.protocol"),
            &p.protocol,
            &["SCTP", "TCP", "UDP"],
        );
        if let Some(IntOrString::Int(t)) = p.target_port {
            if !(1..=65535).contains(&t) {
                causes.push(Cause::new(
                    format!("{path}.targetPort"),
                    format!("Invalid value: {t}: {RANGE}"),
                ));
            }
        }
        if svc.spec.type_ == TYPE_CLUSTER_IP && p.node_port.is_some_and(|n| n != 0) {
            causes.push(Cause::new(
                format!("{path}.nodePort"),
                "Forbidden: may not be used when `type` is 'ClusterIP'",
            ));
        }
    }
}

/// `field.NotSupported`: `Unsupported value: "x": supported values: "A", "B"`.
fn supported(causes: &mut Vec<Cause>, path: &str, value: &str, allowed: &[&str]) {
    if allowed.contains(&value) {
        return;
    }
    let list: Vec<String> = allowed.iter().map(|a| format!("{a:?}")).collect();
    causes.push(Cause::new(
        path,
        format!(
            "Unsupported value: {value:?}: supported values: {}",
            list.join(", ")
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svc(json: serde_json::Value) -> Service {
        let mut s: Service = serde_json::from_value(json).unwrap();
        super::super::set_defaults(&mut s);
        s
    }

    #[test]
    fn multi_port_services_need_names_and_valid_numbers() {
        let s = svc(serde_json::json!({"spec": {"ports": [
            {"port": 80}, {"port": 70000, "protocol": "HTTP"}]}}));
        let texts: Vec<String> = validate(&s).iter().map(|c| c.to_string()).collect();
        assert_eq!(
            texts,
            vec![
                "spec.ports[0].name: Required value",
                "spec.ports[1].name: Required value",
                "spec.ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
                "spec.ports[1].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
                "spec.ports[1].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
            ]
        );
    }

    #[test]
    fn node_port_on_cluster_ip_and_bad_type() {
        let s = svc(serde_json::json!({"spec": {"ports": [{"port": 80, "nodePort": 30080}]}}));
        assert_eq!(
            validate(&s)[0].to_string(),
            "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"
        );
        let s = svc(serde_json::json!({"spec": {"type": "Nodeport", "ports": [{"port": 80}]}}));
        assert_eq!(
            validate(&s)[0].to_string(),
            "spec.type: Unsupported value: \"Nodeport\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""
        );
    }
}
