//! The seeds' readiness lesson end to end: a pod whose readiness probe starts failing leaves
//! the Service's ready addresses (kubelet → API server → endpoints controller → kube-proxy).

use podflow_engine::api::{Kind, Object};
use podflow_engine::network::Verb;
use podflow_engine::{Cluster, SimDuration};
use serde_json::json;

fn split(c: &Cluster) -> (usize, usize) {
    let ep = c
        .store()
        .get_by(Kind::Endpoints, "default", "probe")
        .expect("endpoints");
    let Object::Endpoints(ep) = &**ep else {
        panic!()
    };
    let ready = ep.subsets.iter().map(|s| s.addresses.len()).sum();
    let not = ep.subsets.iter().map(|s| s.not_ready_addresses.len()).sum();
    (ready, not)
}

#[test]
fn failing_readiness_probe_moves_the_pod_to_not_ready_addresses() {
    let mut c = Cluster::new(51);
    let pod = json!({"apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "readiness-exec", "labels": {"app": "probe"}},
        "spec": {"containers": [{"name": "readiness", "image": "busybox",
            "args": ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"],
            "readinessProbe": {"exec": {"command": ["cat", "/tmp/healthy"]},
                               "initialDelaySeconds": 5, "periodSeconds": 5}}]}});
    c.request(Verb::CreateRaw(pod)).unwrap();
    let svc = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "probe"},
        "spec": {"selector": {"app": "probe"}, "ports": [{"port": 80}]}});
    c.request(Verb::CreateRaw(svc)).unwrap();
    c.advance(SimDuration::from_secs(20));
    assert_eq!(split(&c), (1, 0), "ready while /tmp/healthy exists");
    c.advance(SimDuration::from_secs(40));
    assert_eq!(split(&c), (0, 1), "not ready once the probe fails");
    let r = c.send_traffic("default", "probe", 80, 1);
    assert_eq!(r[0].error.as_deref(), Some("connection refused"));
}
