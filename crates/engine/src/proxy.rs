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

pub mod rules;
pub mod traffic;

use crate::api::{Kind, Object};
use crate::clock::{SimDuration, SimTime};
use crate::cluster::Ctx;
use crate::kubelet::NodeMessage;
use crate::network::{Body, Envelope};
use crate::store::Store;
use crate::trace::Actor;
pub use rules::{PortRules, ServiceRules};
use std::collections::BTreeMap;
use std::sync::Arc;
pub use traffic::{Backend, Connection, TrafficResult};

/// `(namespace, name)` of a Service.
pub type ServiceName = (String, String);

#[derive(Clone, Debug)]
pub struct KubeProxy {
    pub node: Arc<str>,
    services: BTreeMap<ServiceName, ServiceRules>,
    /// ClientIP affinity: (service, port, client IP) → (backend IP, last use).
    affinity: BTreeMap<(ServiceName, i32, String), (String, SimTime)>,
    /// Connections forwarded to a pod, by id: whom to answer.
    in_flight: BTreeMap<u64, (Actor, u64)>,
    /// Ids this kube-proxy gives forwarded connections, so clients' ids cannot collide.
    next_seq: u64,
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
            next_seq: 0,
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
                let rules = rules::service_rules(store, svc);
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
        if conn.service.is_empty() {
            // Addressed by ClusterIP, as a pod's `wget 10.96.x.y` is.
            let by_ip = self
                .services
                .iter()
                .find(|(_, r)| r.cluster_ip == conn.cluster_ip);
            let Some(((ns, name), _)) = by_ip else {
                return self.answer(ctx, from, conn, Some(traffic::TIMED_OUT));
            };
            (conn.namespace, conn.service) = (ns.clone(), name.clone());
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
                self.next_seq += 1;
                self.in_flight
                    .insert(self.next_seq, (from.clone(), conn.id));
                conn.id = self.next_seq;
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
        if let Some((client, id)) = self.in_flight.remove(&conn.id) {
            let mut conn = conn.clone();
            conn.id = id;
            self.answer(ctx, &client, conn, None);
        }
    }

    /// Records the outcome and answers the client.
    fn answer(&mut self, ctx: &mut Ctx, to: &Actor, mut conn: Connection, error: Option<&str>) {
        if let Some(e) = error {
            conn.error = Some(e.to_string());
        }
        if *to == Actor::Kubectl {
            // Only the learner's client collects results; pods read the response itself.
            self.results.insert(conn.id, TrafficResult::of(&conn));
        }
        let body = Body::Node(NodeMessage::ServiceResponse(conn));
        ctx.out.send(&self.actor(), to, body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::endpoints::{Endpoint, EndpointSlice, EndpointSlicePort};
    use crate::api::service::Service;
    use crate::network::Outbox;
    use crate::rng::Rng;

    fn store_with_web() -> Store {
        let mut store = Store::default();
        let svc: Service = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "web", "namespace": "default"},
            "spec": {"clusterIP": "10.100.0.7", "ports": [{"port": 80}]}
        }))
        .unwrap_or_default();
        let _ = store.create(Object::Service(svc));
        let mut slice = EndpointSlice::default();
        slice.metadata.name = "web-abcde".into();
        slice.metadata.namespace = "default".into();
        let label = crate::api::endpoints::LABEL_SERVICE_NAME;
        slice.metadata.labels.insert(label.into(), "web".into());
        slice.ports = vec![EndpointSlicePort {
            name: Some(String::new()),
            port: Some(8080),
            ..EndpointSlicePort::default()
        }];
        slice.endpoints = vec![Endpoint {
            addresses: vec!["10.244.1.5".into()],
            node_name: Some("k8s-node-1".into()),
            ..Endpoint::default()
        }];
        let _ = store.create(Object::EndpointSlice(slice));
        store
    }

    fn deliver(proxy: &mut KubeProxy, store: &Store, from: Actor, body: Body) -> Outbox {
        let (mut rng, mut out) = (Rng::new(1), Outbox::default());
        let mut ctx = Ctx {
            now: SimTime::ZERO,
            store,
            rng: &mut rng,
            out: &mut out,
        };
        let env = Envelope {
            from,
            to: proxy.actor(),
            sent_at: SimTime::ZERO,
            deliver_at: SimTime::ZERO,
            body,
        };
        proxy.handle(&mut ctx, &env);
        out
    }

    #[test]
    fn a_pod_can_address_a_service_by_its_cluster_ip() {
        let store = store_with_web();
        let mut proxy = KubeProxy::new("k8s-node-2".into());
        let pod_side = Actor::Runtime("k8s-node-2".into());
        let conn = Connection {
            id: 7,
            cluster_ip: "10.100.0.7".into(),
            port: 80,
            ..Connection::default()
        };
        let body = Body::Node(NodeMessage::ServiceRequest(conn));
        let out = deliver(&mut proxy, &store, pod_side.clone(), body);
        let (_, to, _, body) = &out.envelopes[0];
        assert_eq!(*to, Actor::Runtime("k8s-node-1".into()));
        let Body::Node(NodeMessage::ServiceRequest(fwd)) = body else {
            panic!("forwarded");
        };
        assert_eq!(fwd.service, "web");
        assert_eq!(fwd.backend.as_ref().map(|b| b.port), Some(8080));
        // The answer goes back to the pod with its own id; no result is kept for it.
        let body = Body::Node(NodeMessage::ServiceResponse(fwd.clone()));
        let out = deliver(
            &mut proxy,
            &store,
            Actor::Runtime("k8s-node-1".into()),
            body,
        );
        let (_, to, _, body) = &out.envelopes[0];
        assert_eq!(*to, pod_side);
        let Body::Node(NodeMessage::ServiceResponse(back)) = body else {
            panic!("answered");
        };
        assert_eq!(back.id, 7);
        assert!(proxy.take_result(7).is_none());
    }
}
