//! The façade: a whole cluster as one value, driven by an explicit clock.
//!
//! Owns the store (etcd's state), the seeded generator, the trace and every component, and
//! runs the discrete-event loop: envelopes and timers ordered by `(time, seq)`, ties broken by
//! insertion order, so one seed and one input sequence give one run (turmoil's `Sim::step`,
//! quinn's `Pair::drive`). This is the only place that moves messages between components.

use crate::api::{Kind, Object};
use crate::apiserver::errors::ApiError;
use crate::apiserver::ApiServer;
use crate::clock::{SimDuration, SimTime};
use crate::controllers::ControllerManager;
use crate::kubelet::Kubelet;
use crate::network::{Body, Envelope, EtcdOp, Outbox, Timer, Verb};
use crate::proxy::KubeProxy;
use crate::rng::Rng;
use crate::runtime::shell::fs::NetworkShares;
use crate::runtime::Runtime;
use crate::scheduler::Scheduler;
use crate::store::{Store, StoreError, WatchType};
use crate::trace::{Actor, Trace, TraceEvent};
use std::collections::BTreeMap;
use std::sync::Arc;

mod bootstrap;
mod learner;

/// What a component sees while it handles one delivery or timer.
pub struct Ctx<'a> {
    pub now: SimTime,
    /// The component's informer view: the committed state at delivery time.
    pub store: &'a Store,
    pub rng: &'a mut Rng,
    pub out: &'a mut Outbox,
}

/// Every component's timer kinds, so the queue stays one queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimerKind {
    Scheduler(crate::scheduler::Timer),
    Controller(crate::controllers::Timer),
    Kubelet(crate::kubelet::Timer),
    Runtime(crate::runtime::Timer),
}

// Envelopes are moved into the queue once and out once; boxing them would add an allocation
// per message for no gain.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
enum Item {
    Deliver(Envelope),
    Timer(Timer),
}

/// The components that run on one node.
#[derive(Clone, Debug)]
pub struct NodeAgents {
    pub kubelet: Kubelet,
    pub runtime: Runtime,
    pub proxy: KubeProxy,
}

/// A simulated cluster. Plain data: cloning it is a snapshot.
#[derive(Clone, Debug)]
pub struct Cluster {
    now: SimTime,
    seq: u64,
    queue: BTreeMap<(SimTime, u64), Item>,
    store: Store,
    rng: Rng,
    trace: Trace,
    next_request_id: u64,
    apiserver: ApiServer,
    scheduler: Scheduler,
    controllers: ControllerManager,
    nodes: BTreeMap<Arc<str>, NodeAgents>,
    /// Storage outside every node (NFS exports), lent to a node's runtime while it runs.
    shares: NetworkShares,
    /// Answers to requests sent by kubectl, until collected.
    responses: BTreeMap<u64, Result<Arc<Object>, ApiError>>,
}

/// A cap on deliveries while waiting for one response, so a bug cannot hang a caller.
const MAX_STEPS_PER_REQUEST: usize = 100_000;

impl Cluster {
    pub fn now(&self) -> SimTime {
        self.now
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// The scheduler, for its decisions and queue (read-only).
    pub fn scheduler(&self) -> &Scheduler {
        &self.scheduler
    }

    pub fn node_agents(&self) -> &BTreeMap<Arc<str>, NodeAgents> {
        &self.nodes
    }

    /// The network shares (NFS exports) by id, `nfs/<server><path>`.
    pub fn network_shares(&self) -> &NetworkShares {
        &self.shares
    }

    /// The time of the next queued delivery or timer, if any.
    pub fn next_event_at(&self) -> Option<SimTime> {
        self.queue.keys().next().map(|(t, _)| *t)
    }

    /// Runs everything due within `d` and moves the clock to `now + d`.
    pub fn advance(&mut self, d: SimDuration) {
        let until = self.now + d;
        while self.step_before(until) {}
        self.now = until;
    }

    /// Processes one queued item due at or before `until`; false when none is.
    pub fn step_before(&mut self, until: SimTime) -> bool {
        let Some(entry) = self.queue.first_entry() else {
            return false;
        };
        if entry.key().0 > until {
            return false;
        }
        let ((at, _), item) = entry.remove_entry();
        self.now = at;
        self.dispatch(item);
        true
    }

    /// Everything a create does except the write (`--dry-run=server`, and the editor's
    /// validate-as-you-type): the stored object, or the error kubectl would print. Leaves the
    /// cluster untouched, its random generator included.
    pub fn dry_run(&self, value: &serde_json::Value) -> Result<Object, ApiError> {
        let mut rng = self.rng.clone();
        let mut out = self.outbox();
        let mut ctx = Ctx {
            now: self.now,
            store: &self.store,
            rng: &mut rng,
            out: &mut out,
        };
        crate::apiserver::dry_run_create(&mut ctx, value)
    }

    /// Sends a request from kubectl and runs the cluster until its answer arrives.
    pub fn request(&mut self, verb: Verb) -> Result<Arc<Object>, ApiError> {
        let mut out = self.outbox();
        let id = out.request(&Actor::Kubectl, verb);
        self.flush(out);
        for _ in 0..MAX_STEPS_PER_REQUEST {
            if let Some(result) = self.responses.remove(&id) {
                return result;
            }
            if !self.step_before(SimTime(u64::MAX)) {
                break;
            }
        }
        self.responses.remove(&id).unwrap_or_else(|| {
            Err(ApiError::bad_request(
                "the server did not answer the request",
                vec![],
            ))
        })
    }

    fn outbox(&self) -> Outbox {
        Outbox {
            next_request_id: self.next_request_id,
            ..Outbox::default()
        }
    }

    fn dispatch(&mut self, item: Item) {
        match item {
            Item::Deliver(env) => self.deliver(env),
            Item::Timer(timer) => self.fire(timer),
        }
    }

    fn deliver(&mut self, env: Envelope) {
        if let Body::EtcdTxn { id, client, op } = env.body {
            return self.commit(id, client, op);
        }
        let mut out = self.outbox();
        let mut ctx = Ctx {
            now: self.now,
            store: &self.store,
            rng: &mut self.rng,
            out: &mut out,
        };
        let Envelope {
            from,
            to,
            sent_at,
            deliver_at,
            body,
        } = env;
        match (&to, body) {
            (Actor::ApiServer, Body::Request(req)) => self
                .apiserver
                .handle_request(&mut ctx, &from, req.id, req.verb),
            (
                Actor::ApiServer,
                Body::EtcdResult {
                    id,
                    client,
                    result,
                    type_,
                },
            ) => self
                .apiserver
                .handle_etcd_result(&mut ctx, id, &client, result, type_),
            (Actor::Kubectl, Body::Response(resp)) => {
                self.responses.insert(resp.id, resp.result);
            }
            (Actor::Runtime(n), Body::Node(crate::kubelet::NodeMessage::ServiceRequest(conn))) => {
                if let Some(a) = self.nodes.get_mut(n) {
                    a.runtime.swap_shares(&mut self.shares);
                    crate::proxy::traffic::serve(&mut ctx, &a.runtime, &from, &conn);
                    a.runtime.swap_shares(&mut self.shares);
                }
            }
            (to, body) => {
                let env = Envelope {
                    from: from.clone(),
                    to: to.clone(),
                    sent_at,
                    deliver_at,
                    body,
                };
                match to {
                    Actor::Scheduler => self.scheduler.handle(&mut ctx, &env),
                    Actor::ControllerManager => self.controllers.handle(&mut ctx, &env),
                    Actor::Kubelet(n) => {
                        if let Some(a) = self.nodes.get_mut(n) {
                            a.kubelet.handle(&mut ctx, &env)
                        }
                    }
                    Actor::Runtime(n) => {
                        if let Some(a) = self.nodes.get_mut(n) {
                            a.runtime.swap_shares(&mut self.shares);
                            a.runtime.handle(&mut ctx, &env);
                            a.runtime.swap_shares(&mut self.shares);
                        }
                    }
                    Actor::KubeProxy(n) => {
                        if let Some(a) = self.nodes.get_mut(n) {
                            a.proxy.handle(&mut ctx, &env)
                        }
                    }
                    Actor::Kubectl | Actor::ApiServer | Actor::Etcd => {}
                }
            }
        }
        self.flush(out);
    }

    /// etcd: applies the operation to the store and answers the API server.
    fn commit(&mut self, id: u64, client: Actor, op: EtcdOp) {
        let (result, type_) = match op {
            EtcdOp::Create(obj) => {
                let (kind, name) = (obj.kind(), obj.meta().name.clone());
                let r = self
                    .store
                    .create(obj)
                    .map_err(|e| store_error(e, kind, &name));
                (r, WatchType::Added)
            }
            EtcdOp::Update(obj) => {
                let (kind, name) = (obj.kind(), obj.meta().name.clone());
                let r = self
                    .store
                    .update(obj)
                    .map_err(|e| store_error(e, kind, &name));
                (r, WatchType::Modified)
            }
            EtcdOp::Delete(key) => {
                let r = self
                    .store
                    .delete(&key)
                    .map_err(|e| store_error(e, key.kind, &key.name));
                (r, WatchType::Deleted)
            }
        };
        if let Ok(obj) = &result {
            self.observe_commit(obj, type_);
        }
        let mut out = self.outbox();
        let body = Body::EtcdResult {
            id,
            client,
            result,
            type_,
        };
        out.send(&Actor::Etcd, &Actor::ApiServer, body);
        self.flush(out);
    }

    /// Infrastructure outside Kubernetes' API: a Node object appearing brings up that node's
    /// kubelet, runtime and kube-proxy (as KWOK does), and removing it takes them away.
    fn observe_commit(&mut self, obj: &Arc<Object>, type_: WatchType) {
        if obj.kind() != Kind::Node {
            return;
        }
        let name: Arc<str> = obj.meta().name.as_str().into();
        match type_ {
            WatchType::Deleted => {
                self.nodes.remove(&name);
            }
            _ => {
                let new = !self.nodes.contains_key(&name);
                self.nodes
                    .entry(name.clone())
                    .or_insert_with(|| NodeAgents {
                        kubelet: Kubelet::new(name.clone()),
                        runtime: Runtime::new(name.clone()),
                        proxy: KubeProxy::new(name.clone()),
                    });
                if new {
                    self.start_kubelet(&name);
                }
            }
        }
    }

    fn fire(&mut self, timer: Timer) {
        let mut out = self.outbox();
        let mut ctx = Ctx {
            now: self.now,
            store: &self.store,
            rng: &mut self.rng,
            out: &mut out,
        };
        match (timer.to, timer.kind) {
            (_, TimerKind::Scheduler(t)) => self.scheduler.on_timer(&mut ctx, t),
            (_, TimerKind::Controller(t)) => self.controllers.on_timer(&mut ctx, t),
            (actor, TimerKind::Kubelet(t)) => {
                if let Some(a) = actor.node().and_then(|n| self.nodes.get_mut(n)) {
                    a.kubelet.on_timer(&mut ctx, t)
                }
            }
            (actor, TimerKind::Runtime(t)) => {
                if let Some(a) = actor.node().and_then(|n| self.nodes.get_mut(n)) {
                    a.runtime.swap_shares(&mut self.shares);
                    a.runtime.on_timer(&mut ctx, t);
                    a.runtime.swap_shares(&mut self.shares);
                }
            }
        }
        self.flush(out);
    }

    /// Moves a handler's outbox into the queue and records every envelope in the trace.
    fn flush(&mut self, out: Outbox) {
        self.next_request_id = self.next_request_id.max(out.next_request_id);
        for (from, to, latency, body) in out.envelopes {
            let deliver_at = self.now + latency;
            let (kind, object, summary) = crate::describe::describe(&body);
            self.trace.push(TraceEvent {
                seq: self.trace.len() as u64,
                sent_at: self.now,
                deliver_at,
                from: from.clone(),
                to: to.clone(),
                kind,
                object,
                summary,
            });
            let env = Envelope {
                from,
                to,
                sent_at: self.now,
                deliver_at,
                body,
            };
            self.enqueue(deliver_at, Item::Deliver(env));
        }
        for (at, timer) in out.timers {
            self.enqueue(at.max(self.now), Item::Timer(timer));
        }
    }

    fn enqueue(&mut self, at: SimTime, item: Item) {
        self.seq += 1;
        self.queue.insert((at, self.seq), item);
    }
}

fn store_error(e: StoreError, kind: Kind, name: &str) -> ApiError {
    match e {
        StoreError::AlreadyExists => ApiError::already_exists(kind, name),
        StoreError::NotFound => ApiError::not_found(kind, name),
        StoreError::Conflict => ApiError::conflict(kind, name),
    }
}
