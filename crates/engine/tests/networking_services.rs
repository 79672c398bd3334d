//! Services through the API server: cluster IP and node port allocation, the bootstrapped
//! `kubernetes` Service, and the errors a real API server gives.

use podflow_engine::api::{Kind, Object};
use podflow_engine::network::Verb;
use podflow_engine::Cluster;
use serde_json::{json, Value};

fn svc(name: &str, spec: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name}, "spec": spec})
}

fn get_svc(c: &Cluster, name: &str) -> podflow_engine::api::Service {
    match c
        .store()
        .get_by(Kind::Service, "default", name)
        .map(|o| &**o)
    {
        Some(Object::Service(s)) => s.clone(),
        other => panic!("no service {name}: {other:?}"),
    }
}

#[test]
fn kubernetes_service_is_bootstrapped_at_the_first_address() {
    let c = Cluster::new(1);
    let k = get_svc(&c, "kubernetes");
    assert_eq!(k.spec.cluster_ip, "10.96.0.1");
    assert_eq!(k.spec.ports[0].port, 443);
    let ep = c
        .store()
        .get_by(Kind::Endpoints, "default", "kubernetes")
        .unwrap();
    let Object::Endpoints(ep) = &**ep else {
        panic!()
    };
    assert_eq!(ep.ready_pairs(), vec!["192.168.56.10:6443".to_string()]);
}

#[test]
fn cluster_ip_is_allocated_from_the_service_cidr() {
    let mut c = Cluster::new(2);
    let spec = json!({"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": 8080}]});
    c.request(Verb::CreateRaw(svc("web", spec)))
        .expect("created");
    let s = get_svc(&c, "web");
    let ip: Vec<u32> = s
        .spec
        .cluster_ip
        .split('.')
        .map(|p| p.parse().unwrap())
        .collect();
    assert_eq!(ip[0], 10);
    assert!(
        (96..=111).contains(&ip[1]),
        "{} in 10.96.0.0/12",
        s.spec.cluster_ip
    );
    assert_eq!(s.spec.cluster_ips, vec![s.spec.cluster_ip.clone()]);
    assert_eq!(s.spec.type_, "ClusterIP");
    assert_eq!(s.spec.session_affinity, "None");
    assert_eq!(s.spec.ip_families, vec!["IPv4".to_string()]);
    assert_eq!(s.spec.ports[0].protocol, "TCP");
}

#[test]
fn taken_and_foreign_cluster_ips_are_refused() {
    let mut c = Cluster::new(3);
    let spec = json!({"clusterIP": "10.96.0.1", "ports": [{"port": 80}]});
    let e = c.request(Verb::CreateRaw(svc("dup", spec))).unwrap_err();
    assert_eq!(
        e.kubectl_text(),
        "The Service \"dup\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.96.0.1\"}: failed to allocate IP 10.96.0.1: provided IP is already allocated"
    );
    let spec = json!({"clusterIP": "10.0.0.7", "ports": [{"port": 80}]});
    let e = c.request(Verb::CreateRaw(svc("far", spec))).unwrap_err();
    assert!(e.message.ends_with(
        "failed to allocate IP 10.0.0.7: the provided IP (10.0.0.7) is not in the valid range. The range of valid IPs is 10.96.0.0/12"
    ));
    let spec = json!({"clusterIP": "10.96.0.10", "ports": [{"port": 53, "protocol": "UDP"}]});
    c.request(Verb::CreateRaw(svc("dns", spec)))
        .expect("a free static address");
}

#[test]
fn node_port_out_of_range_is_the_real_error() {
    let mut c = Cluster::new(4);
    let spec = json!({"type": "NodePort", "selector": {"app": "web"},
                      "ports": [{"port": 80, "nodePort": 80}]});
    let e = c.request(Verb::CreateRaw(svc("web", spec))).unwrap_err();
    assert_eq!(
        e.kubectl_text(),
        "The Service \"web\" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767"
    );
}

#[test]
fn node_ports_are_allocated_and_kept_on_update() {
    let mut c = Cluster::new(5);
    let spec = json!({"type": "NodePort", "selector": {"app": "web"},
                      "ports": [{"port": 80}, {"port": 443, "name": "https", "nodePort": 30443}]});
    let e = c
        .request(Verb::CreateRaw(svc("web", spec.clone())))
        .unwrap_err();
    assert_eq!(
        e.causes[0].to_string(),
        "spec.ports[0].name: Required value"
    );
    let spec = json!({"type": "NodePort", "selector": {"app": "web"},
                      "ports": [{"port": 80, "name": "http"}, {"port": 443, "name": "https", "nodePort": 30443}]});
    c.request(Verb::CreateRaw(svc("web", spec.clone())))
        .unwrap();
    let s = get_svc(&c, "web");
    let http = s.spec.ports[0].node_port.unwrap();
    assert!((30000..=32767).contains(&http));
    assert_eq!(s.spec.ports[1].node_port, Some(30443));
    assert_eq!(s.spec.external_traffic_policy, "Cluster");
    // Re-applying the manifest (no clusterIP, no nodePort for http) keeps what was allocated.
    c.request(Verb::UpdateRaw(svc("web", spec))).unwrap();
    let again = get_svc(&c, "web");
    assert_eq!(again.spec.cluster_ip, s.spec.cluster_ip);
    assert_eq!(again.spec.ports[0].node_port, Some(http));
    // Another Service cannot take 30443.
    let other = json!({"type": "NodePort", "ports": [{"port": 443, "nodePort": 30443}]});
    let e = c.request(Verb::CreateRaw(svc("other", other))).unwrap_err();
    assert!(e.message.ends_with(
        "spec.ports[0].nodePort: Invalid value: 30443: provided port is already allocated"
    ));
}

#[test]
fn secret_string_data_is_stored_as_data() {
    let mut c = Cluster::new(6);
    let secret = json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"},
                        "stringData": {"password": "s3cret"}});
    let created = c.request(Verb::CreateRaw(secret)).unwrap();
    let Object::Secret(s) = &*created else {
        panic!()
    };
    assert_eq!(s.data.get("password").map(String::as_str), Some("czNjcmV0"));
    let cm = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg"},
                    "data": {"mode": "dev"}});
    c.request(Verb::CreateRaw(cm)).unwrap();
    assert!(c
        .store()
        .get_by(Kind::ConfigMap, "default", "cfg")
        .is_some());
}
