//! The `kubernetes` Service in `default`, its Endpoints and its EndpointSlice.
//!
//! Mirrors what the API server's endpoint reconciler (`pkg/controlplane/reconcilers`, run by
//! `pkg/controlplane/controller/kubernetesservice`) keeps: `10.96.0.1:443` in front of the API
//! server at `192.168.56.10:6443`. The Service has no selector, so no controller touches them.
//! Left out: the reconciler's lease of API server addresses (one API server here).

use crate::api::endpoints::{
    Endpoint, EndpointAddress, EndpointConditions, EndpointPort, EndpointSlice, EndpointSlicePort,
    EndpointSubset, Endpoints, LABEL_SERVICE_NAME,
};
use crate::api::pod::IntOrString;
use crate::api::service::{Service, ServicePort};
use crate::api::{Object, ObjectMeta};

/// The control-plane node's address, where the API server listens on 6443.
pub const API_SERVER_ADDRESS: &str = "192.168.56.10";

fn meta(labels: &[(&str, &str)]) -> ObjectMeta {
    ObjectMeta {
        name: "kubernetes".into(),
        namespace: "default".into(),
        labels: labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..ObjectMeta::default()
    }
}

/// The three objects, ready to be written before the simulation starts.
pub fn objects() -> Vec<Object> {
    vec![
        Object::Service(service()),
        Object::Endpoints(endpoints()),
        Object::EndpointSlice(slice()),
    ]
}

fn service() -> Service {
    let mut svc = Service {
        metadata: meta(&[("component", "apiserver"), ("provider", "kubernetes")]),
        ..Service::default()
    };
    svc.spec.ports = vec![ServicePort {
        name: "https".into(),
        protocol: "TCP".into(),
        port: 443,
        target_port: Some(IntOrString::Int(6443)),
        ..ServicePort::default()
    }];
    svc.spec.cluster_ip = super::KUBERNETES_SERVICE_IP.into();
    svc.spec.cluster_ips = vec![super::KUBERNETES_SERVICE_IP.into()];
    svc.spec.ip_families = vec!["IPv4".into()];
    svc.spec.ip_family_policy = Some("SingleStack".into());
    super::set_defaults(&mut svc);
    svc
}

fn endpoints() -> Endpoints {
    Endpoints {
        metadata: meta(&[("endpointslice.kubernetes.io/skip-mirror", "true")]),
        subsets: vec![EndpointSubset {
            addresses: vec![EndpointAddress {
                ip: API_SERVER_ADDRESS.into(),
                ..EndpointAddress::default()
            }],
            not_ready_addresses: vec![],
            ports: vec![EndpointPort {
                name: "https".into(),
                port: 6443,
                protocol: "TCP".into(),
                app_protocol: None,
            }],
        }],
        ..Endpoints::default()
    }
}

fn slice() -> EndpointSlice {
    EndpointSlice {
        metadata: meta(&[(LABEL_SERVICE_NAME, "kubernetes")]),
        address_type: "IPv4".into(),
        endpoints: vec![Endpoint {
            addresses: vec![API_SERVER_ADDRESS.into()],
            conditions: EndpointConditions {
                ready: Some(true),
                ..EndpointConditions::default()
            },
            ..Endpoint::default()
        }],
        ports: vec![EndpointSlicePort {
            name: Some("https".into()),
            protocol: Some("TCP".into()),
            port: Some(6443),
            app_protocol: None,
        }],
        ..EndpointSlice::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubernetes_service_points_at_the_api_server() {
        let objs = objects();
        let Object::Service(svc) = &objs[0] else {
            panic!("first object is the Service");
        };
        assert_eq!(svc.spec.cluster_ip, "10.96.0.1");
        assert_eq!(svc.spec.ports[0].port, 443);
        assert_eq!(svc.spec.selector, None);
        let Object::Endpoints(ep) = &objs[1] else {
            panic!("second object is the Endpoints");
        };
        assert_eq!(ep.ready_pairs(), vec!["192.168.56.10:6443".to_string()]);
    }
}
