//! Envelopes: the only way components exchange information.
//!
//! A component handling a delivery or a timer writes envelopes and timers into an `Outbox`; the
//! cluster loop moves them into the event queue and records each envelope in the trace. No
//! component holds a reference to another (quinn-proto's `Connection` outbox, turmoil's
//! `Envelope`). Latencies are fixed per hop so a run is deterministic and the animation reads.

use crate::api::{Object, ObjectKey};
use crate::apiserver::errors::ApiError;
use crate::clock::{SimDuration, SimTime};
use crate::store::WatchType;
use crate::trace::Actor;
use std::sync::Arc;

/// What a client asks the API server to do.
#[derive(Clone, Debug)]
pub enum Verb {
    /// A manifest as sent on the wire (JSON), decoded and validated by the API server.
    CreateRaw(serde_json::Value),
    /// A raw manifest replacing the stored object (`kubectl apply` of an existing object).
    UpdateRaw(serde_json::Value),
    /// A typed object from an in-cluster client (controllers, kubelet).
    Create(Object),
    Update(Object),
    /// Writes only `status`, as the `/status` subresource does.
    UpdateStatus(Object),
    /// `DELETE`, with the grace period the client asked for (`None`: the object's default).
    Delete {
        key: ObjectKey,
        grace_period_seconds: Option<i64>,
    },
    /// `POST pods/<name>/binding`: the scheduler's decision.
    Bind {
        pod: ObjectKey,
        node: String,
    },
}

impl Verb {
    pub fn name(&self) -> &'static str {
        match self {
            Verb::CreateRaw(_) | Verb::Create(_) => "create",
            Verb::UpdateRaw(_) | Verb::Update(_) => "update",
            Verb::UpdateStatus(_) => "update-status",
            Verb::Delete { .. } => "delete",
            Verb::Bind { .. } => "bind",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Request {
    pub id: u64,
    pub verb: Verb,
}

#[derive(Clone, Debug)]
pub struct Response {
    pub id: u64,
    pub result: Result<Arc<Object>, ApiError>,
}

/// What the API server asks etcd to commit.
#[derive(Clone, Debug)]
pub enum EtcdOp {
    Create(Object),
    Update(Object),
    Delete(ObjectKey),
}

/// The message inside an envelope.
#[derive(Clone, Debug)]
pub enum Body {
    Request(Request),
    Response(Response),
    /// API server → etcd: commit this, then answer `client`'s request `id`.
    EtcdTxn {
        id: u64,
        client: Actor,
        op: EtcdOp,
    },
    /// etcd → API server: the commit's outcome.
    EtcdResult {
        id: u64,
        client: Actor,
        result: Result<Arc<Object>, ApiError>,
        type_: WatchType,
    },
    /// API server → a watcher.
    Watch {
        type_: WatchType,
        object: Arc<Object>,
    },
    /// A node-local call between kubelet, runtime and kube-proxy, or a probe or request sent
    /// to a container. The payload is owned by the node components (`kubelet::NodeMessage`).
    Node(crate::kubelet::NodeMessage),
}

/// A message in flight.
#[derive(Clone, Debug)]
pub struct Envelope {
    pub from: Actor,
    pub to: Actor,
    pub sent_at: SimTime,
    pub deliver_at: SimTime,
    pub body: Body,
}

/// A component's own wake-up, never traced: periods, back-offs, grace periods.
#[derive(Clone, Debug)]
pub struct Timer {
    pub to: Actor,
    pub kind: crate::cluster::TimerKind,
}

/// Where a component writes what it sends and when it wants to wake up.
#[derive(Debug, Default)]
pub struct Outbox {
    pub(crate) envelopes: Vec<(Actor, Actor, SimDuration, Body)>,
    pub(crate) timers: Vec<(SimTime, Timer)>,
    pub(crate) next_request_id: u64,
}

impl Outbox {
    /// Sends `body` from `from` to `to`, delivered after the hop's latency.
    pub fn send(&mut self, from: &Actor, to: &Actor, body: Body) {
        let latency = latency(from, to);
        self.envelopes
            .push((from.clone(), to.clone(), latency, body));
    }

    /// Sends with an explicit delay on top of the hop (a runtime call that takes time).
    pub fn send_after(&mut self, from: &Actor, to: &Actor, delay: SimDuration, body: Body) {
        let total = SimDuration(latency(from, to).0 + delay.0);
        self.envelopes.push((from.clone(), to.clone(), total, body));
    }

    /// Sends a request to the API server and returns its id.
    pub fn request(&mut self, from: &Actor, verb: Verb) -> u64 {
        self.next_request_id += 1;
        let id = self.next_request_id;
        self.send(from, &Actor::ApiServer, Body::Request(Request { id, verb }));
        id
    }

    pub fn timer(&mut self, at: SimTime, to: &Actor, kind: crate::cluster::TimerKind) {
        self.timers.push((
            at,
            Timer {
                to: to.clone(),
                kind,
            },
        ));
    }
}

/// Fixed per-hop latencies: small against the seconds that pulls and probes take, large enough
/// for the animation to show order.
pub fn latency(from: &Actor, to: &Actor) -> SimDuration {
    use Actor::*;
    SimDuration::from_millis(match (from, to) {
        (ApiServer, Etcd) | (Etcd, ApiServer) => 2,
        (Kubectl, ApiServer) | (ApiServer, Kubectl) => 10,
        (Kubelet(_), Runtime(_)) | (Runtime(_), Kubelet(_)) => 1,
        (KubeProxy(_), _) | (_, KubeProxy(_)) => 5,
        (ApiServer, _) | (_, ApiServer) => 5,
        _ => 1,
    })
}
