//! Connections to Services: the messages, the endpoint choice, the pod's answer, the driver.
//!
//! Mirrors what a `curl http://<service>:<port>/` from a node goes through: kube-proxy's rules
//! DNAT it to one endpoint (`pkg/proxy/topology.go` `CategorizeEndpoints` decides which are
//! eligible), and the pod's container answers if a process listens on the target port (the
//! runtime's listening ports, as the kubelet's TCP and HTTP probes see them), or the kernel
//! refuses the connection. Not upstream code: the driver (`send`) is the learner's client.
//! Left out: DNS (the Service is named directly), retries, keep-alive.

use crate::api::endpoints::EndpointSlice;
use crate::api::{Kind, Object};
use crate::clock::SimDuration;
use crate::cluster::{Cluster, Ctx};
use crate::kubelet::NodeMessage;
use crate::network::Body;
use crate::runtime::Runtime;
use crate::trace::Actor;
use serde::Serialize;

/// What curl reports when the connection is rejected (REJECT rule, or nothing listens).
pub const REFUSED: &str = "connection refused";
/// No answer: the chosen node is down, or the port is not a Service port.
pub const TIMED_OUT: &str = "connection timed out";
/// The Service does not exist, so its name does not resolve.
pub const NO_SUCH_HOST: &str = "could not resolve host";
/// How long the client waits for an answer.
const CONNECT_TIMEOUT: SimDuration = SimDuration::from_secs(10);

/// One endpoint as kube-proxy programs it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Backend {
    pub ip: String,
    pub port: i32,
    /// `namespace/name` of the pod behind it, when it is a pod.
    pub pod: Option<String>,
    pub node: Option<String>,
}

/// A connection as it travels: client → kube-proxy → pod's node → kube-proxy → client.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Connection {
    pub id: u64,
    pub client_ip: String,
    pub namespace: String,
    pub service: String,
    /// The Service port, or the node port when `node_port` is set.
    pub port: i32,
    /// Sent to `<node IP>:<nodePort>` from outside the cluster rather than to a ClusterIP.
    pub node_port: bool,
    /// The address the client connected to: the ClusterIP (filled in by kube-proxy) or the
    /// node's IP.
    pub cluster_ip: String,
    /// The node whose kube-proxy handled it.
    pub via: String,
    pub backend: Option<Backend>,
    /// The HTTP status the pod answered, when it speaks HTTP.
    pub status: Option<u16>,
    pub error: Option<String>,
}

/// What the client saw: which pod and IP answered, or the error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TrafficResult {
    pub pod: Option<String>,
    pub ip: Option<String>,
    pub port: Option<i32>,
    pub node: Option<String>,
    pub status: Option<u16>,
    pub error: Option<String>,
}

impl TrafficResult {
    pub fn of(conn: &Connection) -> Self {
        let b = conn.backend.clone().unwrap_or_default();
        let answered = conn.error.is_none();
        TrafficResult {
            pod: b.pod.filter(|_| answered),
            ip: Some(b.ip).filter(|ip| answered && !ip.is_empty()),
            port: Some(b.port).filter(|_| answered && conn.backend.is_some()),
            node: b.node.filter(|_| answered),
            status: conn.status,
            error: conn.error.clone(),
        }
    }

    fn error(e: &str) -> Self {
        TrafficResult {
            error: Some(e.to_string()),
            ..TrafficResult::default()
        }
    }
}

impl Connection {
    /// The trace's summary of the request.
    pub fn describe_request(&self) -> String {
        match &self.backend {
            None if self.node_port => format!("connect {}:{}", self.cluster_ip, self.port),
            None => format!("connect {}.{}:{}", self.service, self.namespace, self.port),
            Some(b) => format!(
                "connect {}:{} -> {}:{}{}",
                self.cluster_ip,
                self.port,
                b.ip,
                b.port,
                b.pod
                    .as_ref()
                    .map(|p| format!(" ({p})"))
                    .unwrap_or_default()
            ),
        }
    }

    /// The trace's summary of the answer.
    pub fn describe_response(&self) -> String {
        match (&self.error, &self.backend) {
            (Some(e), _) => e.clone(),
            (None, Some(b)) => {
                let status = self.status.map(|s| format!(" {s}")).unwrap_or_default();
                format!("answered by {}:{}{status}", b.ip, b.port)
            }
            (None, None) => "answered".into(),
        }
    }
}

/// Mirrors `CategorizeEndpoints` for one port name: ready endpoints, or, when none is ready,
/// the serving terminating ones.
pub fn categorize(slices: &[&EndpointSlice], port_name: &str) -> Vec<Backend> {
    let mut ready = Vec::new();
    let mut fallback = Vec::new();
    for s in slices {
        let Some(port) = s
            .ports
            .iter()
            .find(|p| p.name.as_deref().unwrap_or("") == port_name)
            .and_then(|p| p.port)
        else {
            continue;
        };
        for e in &s.endpoints {
            let Some(ip) = e.addresses.first() else {
                continue;
            };
            let backend = Backend {
                ip: ip.clone(),
                port,
                pod: e
                    .target_ref
                    .as_ref()
                    .map(|r| format!("{}/{}", r.namespace, r.name)),
                node: e.node_name.clone(),
            };
            let c = e.conditions;
            if c.is_ready() {
                ready.push(backend);
            } else if c.is_serving() && c.is_terminating() {
                fallback.push(backend);
            }
        }
    }
    let mut chosen = if ready.is_empty() { fallback } else { ready };
    crate::sort::by(&mut chosen, |a, b| (&a.ip, a.port).cmp(&(&b.ip, b.port)));
    chosen.dedup();
    chosen
}

/// The pod's side, on its node: answer if a container of the pod listens on the target port,
/// refuse otherwise. A stopped node answers nothing.
pub fn serve(ctx: &mut Ctx, runtime: &Runtime, from: &Actor, conn: &Connection) {
    if runtime.stopped {
        return;
    }
    let mut conn = conn.clone();
    let backend = conn.backend.clone().unwrap_or_default();
    let uid = backend
        .pod
        .as_deref()
        .and_then(|p| p.split_once('/'))
        .and_then(|(ns, name)| ctx.store.get_by(Kind::Pod, ns, name))
        .map(|o| o.meta().uid.clone());
    let port = u16::try_from(backend.port).unwrap_or(0);
    let listener = uid.and_then(|uid| {
        runtime
            .containers()
            .filter(|c| c.pod_uid == uid)
            .find(|c| c.listening_ports().contains(&port))
    });
    match listener {
        Some(c) => conn.status = c.http_get(port, "/", ctx.now),
        None => conn.error = Some(REFUSED.to_string()),
    }
    let me = Actor::Runtime(runtime.node.clone());
    ctx.out
        .send(&me, from, Body::Node(NodeMessage::ServiceResponse(conn)));
}

/// Opens `count` connections to `namespace/name:port`, one after another, from the first
/// worker node (its kube-proxy chooses), and returns what each one got.
pub fn send(
    c: &mut Cluster,
    namespace: &str,
    name: &str,
    port: i32,
    count: usize,
) -> Vec<TrafficResult> {
    let Some((node, client_ip)) = entry_node(c) else {
        return vec![TrafficResult::error(TIMED_OUT); count];
    };
    let proxy = Actor::KubeProxy(node.as_str().into());
    let mut results = Vec::with_capacity(count);
    for _ in 0..count {
        // Trace positions are unique, so they make connection ids.
        let id = c.trace().len() as u64;
        let conn = Connection {
            id,
            client_ip: client_ip.clone(),
            namespace: namespace.to_string(),
            service: name.to_string(),
            port,
            ..Connection::default()
        };
        results.push(round_trip(c, &node, &proxy, conn));
    }
    results
}

/// The learner's machine on the nodes' network, where NodePort traffic comes from.
pub const EXTERNAL_CLIENT_IP: &str = "192.168.56.1";

/// Opens `count` connections to `<node IP>:<node_port>` from outside the cluster; the node's
/// kube-proxy forwards each to an endpoint of the Service that owns the port.
pub fn send_to_node_port(
    c: &mut Cluster,
    node: &str,
    node_port: i32,
    count: usize,
) -> Vec<TrafficResult> {
    let up = c
        .node_agents()
        .get(node)
        .is_some_and(|a| !a.runtime.stopped);
    let Some(ip) = node_ip(c, node).filter(|_| up) else {
        return vec![TrafficResult::error(TIMED_OUT); count];
    };
    let proxy = Actor::KubeProxy(node.into());
    let mut results = Vec::with_capacity(count);
    for _ in 0..count {
        let conn = Connection {
            id: c.trace().len() as u64,
            client_ip: EXTERNAL_CLIENT_IP.into(),
            port: node_port,
            node_port: true,
            cluster_ip: ip.clone(),
            ..Connection::default()
        };
        results.push(round_trip(c, node, &proxy, conn));
    }
    results
}

/// Sends one connection to a kube-proxy and runs the cluster until it is answered or the
/// client gives up.
fn round_trip(c: &mut Cluster, node: &str, proxy: &Actor, conn: Connection) -> TrafficResult {
    let id = conn.id;
    c.inject(
        &Actor::Kubectl,
        proxy,
        Body::Node(NodeMessage::ServiceRequest(conn)),
    );
    let deadline = c.now() + CONNECT_TIMEOUT;
    loop {
        if let Some(r) = c.kube_proxy_mut(node).and_then(|p| p.take_result(id)) {
            return r;
        }
        if !c.step_before(deadline) {
            c.advance(deadline.saturating_sub(c.now()));
            return TrafficResult::error(TIMED_OUT);
        }
    }
}

fn node_ip(c: &Cluster, node: &str) -> Option<String> {
    let n = c.store().get_by(Kind::Node, "", node)?.as_node()?;
    n.status
        .addresses
        .iter()
        .find(|a| a.type_ == "InternalIP")
        .map(|a| a.address.clone())
}

/// The first running worker (no control-plane role) with its InternalIP, or the first running
/// node at all: a powered-off node sends nothing.
fn entry_node(c: &Cluster) -> Option<(String, String)> {
    let nodes: Vec<_> = c
        .store()
        .list(Kind::Node, None)
        .filter_map(|o| match &**o {
            Object::Node(n) => {
                let agents = c.node_agents().get(n.metadata.name.as_str())?;
                (!agents.runtime.stopped).then_some(n)
            }
            _ => None,
        })
        .collect();
    let worker = nodes.iter().find(|n| {
        !n.metadata
            .labels
            .contains_key("node-role.kubernetes.io/control-plane")
    });
    let n = worker.or(nodes.first())?;
    let ip = node_ip(c, &n.metadata.name).unwrap_or_default();
    Some((n.metadata.name.clone(), ip))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::endpoints::{Endpoint, EndpointConditions, EndpointSlicePort};

    fn endpoint(ip: &str, ready: bool, serving: bool, terminating: bool) -> Endpoint {
        Endpoint {
            addresses: vec![ip.into()],
            conditions: EndpointConditions {
                ready: Some(ready),
                serving: Some(serving),
                terminating: Some(terminating),
            },
            ..Endpoint::default()
        }
    }

    fn slice(endpoints: Vec<Endpoint>) -> EndpointSlice {
        EndpointSlice {
            ports: vec![EndpointSlicePort {
                name: Some(String::new()),
                port: Some(8080),
                ..EndpointSlicePort::default()
            }],
            endpoints,
            ..EndpointSlice::default()
        }
    }

    #[test]
    fn ready_endpoints_win_and_terminating_ones_are_the_fallback() {
        let s = slice(vec![
            endpoint("10.244.1.5", true, true, false),
            endpoint("10.244.2.3", false, true, true),
            endpoint("10.244.2.4", false, false, false),
        ]);
        let ips: Vec<String> = categorize(&[&s], "").into_iter().map(|b| b.ip).collect();
        assert_eq!(ips, vec!["10.244.1.5"]);
        let s = slice(vec![
            endpoint("10.244.2.3", false, true, true),
            endpoint("10.244.2.4", false, false, true),
        ]);
        let b = categorize(&[&s], "");
        assert_eq!(
            (b.len(), b[0].ip.as_str(), b[0].port),
            (1, "10.244.2.3", 8080)
        );
        assert!(categorize(&[&s], "https").is_empty(), "no such port name");
    }

    #[test]
    fn trace_summaries_name_both_ends() {
        let mut c = Connection {
            service: "web".into(),
            namespace: "default".into(),
            port: 80,
            ..Connection::default()
        };
        assert_eq!(c.describe_request(), "connect web.default:80");
        c.cluster_ip = "10.100.7.9".into();
        c.backend = Some(Backend {
            ip: "10.244.1.5".into(),
            port: 8080,
            pod: Some("default/web-1".into()),
            node: Some("k8s-node-1".into()),
        });
        c.status = Some(200);
        assert_eq!(
            c.describe_request(),
            "connect 10.100.7.9:80 -> 10.244.1.5:8080 (default/web-1)"
        );
        assert_eq!(c.describe_response(), "answered by 10.244.1.5:8080 200");
        c.error = Some(REFUSED.into());
        assert_eq!(c.describe_response(), "connection refused");
        assert_eq!(TrafficResult::of(&c).pod, None);
    }
}
