//! kube-proxy of one node: Services to endpoints, and the connections that go through them.
//!
//! Mirrors `pkg/proxy/iptables/proxier.go` (`syncProxyRules`: one rule set per Service port,
//! endpoints picked at random per connection with `statistic --mode random`, ClientIP
//! affinity with the `recent` module and its timeout, REJECT when a Service has no endpoints)
//! and `pkg/proxy/topology.go` `CategorizeEndpoints` (ready endpoints only; serving and
//! terminating ones only when no endpoint is ready). The rules are rebuilt for a Service each
//! time its Service or EndpointSlice watch event arrives (upstream batches syncs by
//! `minSyncPeriod`, 1s). A connection is a real message: client → kube-proxy → the node that
//! runs the chosen pod (its runtime answers from the container's listening ports, see
//! `traffic::serve`) → kube-proxy → client. NodePort traffic enters at any node's kube-proxy
//! (`KUBE-NODEPORTS`), honouring `externalTrafficPolicy: Local`. Left out: LoadBalancer
//! entry points, internalTrafficPolicy Local, topology hints, UDP, source NAT.

pub mod traffic;

use crate::api::endpoints::EndpointSlice;
use crate::api::service::Service;
use crate::api::{Kind, Object};
use crate::clock::{SimDuration, SimTime};
use crate::cluster::Ctx;
use crate::kubelet::NodeMessage;
use crate::network::{Body, Envelope};
use crate::store::Store;
use crate::trace::Actor;
use std::collections::BTreeMap;
use std::sync::Arc;
pub use traffic::{Backend, Connection, TrafficResult};

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

/// `(namespace, name)` of a Service.
pub type ServiceName = (String, String);

#[derive(Clone, Debug)]
pub struct KubeProxy {
    pub node: Arc<str>,
    services: BTreeMap<ServiceName, ServiceRules>,
    /// ClientIP affinity: (service, port, client IP) → (backend IP, last use).
    affinity: BTreeMap<(ServiceName, i32, String), (String, SimTime)>,
    /// Connections forwarded to a pod, by id: whom to answer.
    in_flight: BTreeMap<u64, Actor>,
    /// Finished connections, until the client collects them.
    results: BTreeMap<u64, TrafficResult>,
    /// Whether the informers' initial list has been taken.
    listed: bool,
}

/// Who watches Services and EndpointSlices: the controller-manager and every kube-proxy.
pub fn watchers(store: &Store) -> Vec<Actor> {
    let mut w = vec![Actor::ControllerManager];
    for node in store.list(Kind::Node, None) {
        w.push(Actor::KubeProxy(node.meta().name.as_str().into()));
    }
    w
}

impl KubeProxy {
    pub fn new(node: Arc<str>) -> Self {
        KubeProxy {
            node,
            services: BTreeMap::new(),
            affinity: BTreeMap::new(),
            in_flight: BTreeMap::new(),
            results: BTreeMap::new(),
            listed: false,
        }
    }

    fn actor(&self) -> Actor {
        Actor::KubeProxy(self.node.clone())
    }

    /// The programmed rules, for the UI and tests.
    pub fn services(&self) -> &BTreeMap<ServiceName, ServiceRules> {
        &self.services
    }

    /// Takes the result of a finished connection.
    pub fn take_result(&mut self, id: u64) -> Option<TrafficResult> {
        self.results.remove(&id)
    }

    pub fn handle(&mut self, ctx: &mut Ctx, env: &Envelope) {
        if !self.listed {
            // The informers start with a full list: Services that predate this node.
            self.listed = true;
            let services: Vec<ServiceName> = ctx
                .store
                .list(Kind::Service, None)
                .map(|o| (o.meta().namespace.clone(), o.meta().name.clone()))
                .collect();
            for (ns, name) in services {
                self.sync_service(ctx.store, &ns, &name);
            }
        }
        match &env.body {
            Body::Watch { object, .. } => match &**object {
                Object::Service(s) => {
                    self.sync_service(ctx.store, &s.metadata.namespace, &s.metadata.name)
                }
                Object::EndpointSlice(s) => {
                    let label = crate::api::endpoints::LABEL_SERVICE_NAME;
                    if let Some(svc) = s.metadata.labels.get(label) {
                        self.sync_service(ctx.store, &s.metadata.namespace, svc);
                    }
                }
                _ => {}
            },
            Body::Node(NodeMessage::ServiceRequest(conn)) => self.on_request(ctx, &env.from, conn),
            Body::Node(NodeMessage::ServiceResponse(conn)) => self.on_response(ctx, conn),
            _ => {}
        }
    }

    /// Mirrors `syncProxyRules` for one Service: rebuild its rules from the informer view.
    fn sync_service(&mut self, store: &Store, ns: &str, name: &str) {
        let key = (ns.to_string(), name.to_string());
        match store.get_by(Kind::Service, ns, name).map(|o| &**o) {
            Some(Object::Service(svc)) if svc.is_ip_set() => {
                let rules = service_rules(store, svc);
                self.services.insert(key, rules);
            }
            _ => {
                self.services.remove(&key);
                self.affinity.retain(|(k, _, _), _| *k != key);
            }
        }
    }

    /// A client's connection to `clusterIP:port` or `nodeIP:nodePort`: pick an endpoint, or
    /// refuse.
    fn on_request(&mut self, ctx: &mut Ctx, from: &Actor, conn: &Connection) {
        let mut conn = conn.clone();
        conn.via = self.node.to_string();
        if conn.node_port {
            return self.on_node_port_request(ctx, from, conn);
        }
        let key = (conn.namespace.clone(), conn.service.clone());
        let Some(rules) = self.services.get(&key) else {
            return self.answer(ctx, from, conn, Some(traffic::NO_SUCH_HOST));
        };
        conn.cluster_ip = rules.cluster_ip.clone();
        let timeout = rules.affinity_timeout_seconds;
        let Some(port) = rules.ports.iter().find(|p| p.port == conn.port).cloned() else {
            return self.answer(ctx, from, conn, Some(traffic::TIMED_OUT));
        };
        if port.endpoints.is_empty() {
            // The iptables proxier installs a REJECT rule for a Service without endpoints.
            return self.answer(ctx, from, conn, Some(traffic::REFUSED));
        }
        self.forward(ctx, from, conn, &key, &port, timeout);
    }

    /// Mirrors the `KUBE-NODEPORTS` chain: the Service that owns the node port, its endpoints
    /// (only this node's with `externalTrafficPolicy: Local`), or a refusal.
    fn on_node_port_request(&mut self, ctx: &mut Ctx, from: &Actor, mut conn: Connection) {
        let found = self.services.iter().find_map(|(k, r)| {
            let p = r.ports.iter().find(|p| p.node_port == Some(conn.port))?;
            Some((k.clone(), r.clone(), p.clone()))
        });
        let Some((key, rules, mut port)) = found else {
            return self.answer(ctx, from, conn, Some(traffic::REFUSED));
        };
        (conn.namespace, conn.service) = key.clone();
        if rules.external_local {
            port.endpoints
                .retain(|b| b.node.as_deref() == Some(&*self.node));
            if port.endpoints.is_empty() {
                // Local policy with no local endpoint: the packet is dropped.
                return self.answer(ctx, from, conn, Some(traffic::TIMED_OUT));
            }
        }
        if port.endpoints.is_empty() {
            return self.answer(ctx, from, conn, Some(traffic::REFUSED));
        }
        let timeout = rules.affinity_timeout_seconds;
        self.forward(ctx, from, conn, &key, &port, timeout);
    }

    /// Picks an endpoint and sends the connection on to its node.
    fn forward(
        &mut self,
        ctx: &mut Ctx,
        from: &Actor,
        mut conn: Connection,
        key: &ServiceName,
        port: &PortRules,
        timeout: Option<u64>,
    ) {
        let backend = self.pick(ctx, key, port, timeout, &conn.client_ip);
        let target = backend.node.clone();
        conn.backend = Some(backend);
        match target {
            Some(node) => {
                self.in_flight.insert(conn.id, from.clone());
                let body = Body::Node(NodeMessage::ServiceRequest(conn));
                ctx.out
                    .send(&self.actor(), &Actor::Runtime(node.into()), body);
            }
            // An endpoint outside the pod network (the API server): it answers at once.
            None => self.answer(ctx, from, conn, None),
        }
    }

    /// Random choice per connection, or the endpoint this client last used within the
    /// affinity timeout.
    fn pick(
        &mut self,
        ctx: &mut Ctx,
        key: &ServiceName,
        port: &PortRules,
        timeout: Option<u64>,
        client_ip: &str,
    ) -> Backend {
        let aff_key = (key.clone(), port.port, client_ip.to_string());
        if let Some(secs) = timeout {
            if let Some((ip, last)) = self.affinity.get(&aff_key) {
                let fresh = ctx.now.saturating_sub(*last) < SimDuration::from_secs(secs);
                if let Some(b) = port
                    .endpoints
                    .iter()
                    .find(|b| b.ip == *ip)
                    .filter(|_| fresh)
                {
                    let b = b.clone();
                    self.affinity.insert(aff_key, (b.ip.clone(), ctx.now));
                    return b;
                }
            }
        }
        let i = ctx.rng.below(port.endpoints.len() as u32) as usize;
        let b = port.endpoints[i].clone();
        if timeout.is_some() {
            self.affinity.insert(aff_key, (b.ip.clone(), ctx.now));
        }
        b
    }

    fn on_response(&mut self, ctx: &mut Ctx, conn: &Connection) {
        if let Some(client) = self.in_flight.remove(&conn.id) {
            self.answer(ctx, &client, conn.clone(), None);
        }
    }

    /// Records the outcome and answers the client.
    fn answer(&mut self, ctx: &mut Ctx, to: &Actor, mut conn: Connection, error: Option<&str>) {
        if let Some(e) = error {
            conn.error = Some(e.to_string());
        }
        self.results.insert(conn.id, TrafficResult::of(&conn));
        let body = Body::Node(NodeMessage::ServiceResponse(conn));
        ctx.out.send(&self.actor(), to, body);
    }
}

/// The rules of every port of a Service from its EndpointSlices: ready endpoints, or the
/// serving terminating ones when none is ready (`CategorizeEndpoints`).
fn service_rules(store: &Store, svc: &Service) -> ServiceRules {
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
