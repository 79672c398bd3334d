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
    pub port: i32,
    /// Filled in by kube-proxy.
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
    chosen.sort_by(|a, b| (&a.ip, a.port).cmp(&(&b.ip, b.port)));
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
        c.inject(
            &Actor::Kubectl,
            &proxy,
            Body::Node(NodeMessage::ServiceRequest(conn)),
        );
        let deadline = c.now() + CONNECT_TIMEOUT;
        let result = loop {
            if let Some(r) = c.kube_proxy_mut(&node).and_then(|p| p.take_result(id)) {
                break r;
            }
            if !c.step_before(deadline) {
                c.advance(deadline.saturating_sub(c.now()));
                break TrafficResult::error(TIMED_OUT);
            }
        };
        results.push(result);
    }
    results
}

/// The first worker (no control-plane role) with its InternalIP, or the first node at all.
fn entry_node(c: &Cluster) -> Option<(String, String)> {
    let nodes: Vec<_> = c
        .store()
        .list(Kind::Node, None)
        .filter_map(|o| match &**o {
            Object::Node(n) if c.node_agents().contains_key(n.metadata.name.as_str()) => Some(n),
            _ => None,
        })
        .collect();
    let worker = nodes.iter().find(|n| {
        !n.metadata
            .labels
            .contains_key("node-role.kubernetes.io/control-plane")
    });
    let n = worker.or(nodes.first())?;
    let ip = n
        .status
        .addresses
        .iter()
        .find(|a| a.type_ == "InternalIP")
        .map(|a| a.address.clone())
        .unwrap_or_default();
    Some((n.metadata.name.clone(), ip))
}
