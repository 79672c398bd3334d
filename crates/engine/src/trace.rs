//! Actors and the trace: the log of every envelope that moved between components.
//!
//! Nothing upstream keeps such a log; it is what the visualizer animates. Because
//! `network::Outbox` is the only way to send, the trace is complete by construction
//! (turmoil's `Envelope`, RaftScope's `sendMessage`). The summary is the English one-liner; the
//! UI translates from `kind` and `object`, which carry the same facts as data.

use crate::api::ObjectKey;
use crate::clock::SimTime;
use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// A component that sends or receives messages.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "actor", content = "node", rename_all = "kebab-case")]
pub enum Actor {
    /// The learner, through kubectl or the UI.
    Kubectl,
    #[serde(rename = "kube-apiserver")]
    ApiServer,
    Etcd,
    #[serde(rename = "kube-scheduler")]
    Scheduler,
    #[serde(rename = "kube-controller-manager")]
    ControllerManager,
    Kubelet(Arc<str>),
    #[serde(rename = "kube-proxy")]
    KubeProxy(Arc<str>),
    /// The node's container runtime (containerd behind the CRI).
    #[serde(rename = "container-runtime")]
    Runtime(Arc<str>),
}

impl Actor {
    /// The node an actor runs on, for per-node components.
    pub fn node(&self) -> Option<&str> {
        match self {
            Actor::Kubelet(n) | Actor::KubeProxy(n) | Actor::Runtime(n) => Some(n),
            _ => None,
        }
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::Kubectl => f.write_str("kubectl"),
            Actor::ApiServer => f.write_str("kube-apiserver"),
            Actor::Etcd => f.write_str("etcd"),
            Actor::Scheduler => f.write_str("kube-scheduler"),
            Actor::ControllerManager => f.write_str("kube-controller-manager"),
            Actor::Kubelet(n) => write!(f, "kubelet@{n}"),
            Actor::KubeProxy(n) => write!(f, "kube-proxy@{n}"),
            Actor::Runtime(n) => write!(f, "containerd@{n}"),
        }
    }
}

/// One envelope as recorded: who, when, and a structured description of what.
#[derive(Clone, Debug, Serialize)]
pub struct TraceEvent {
    /// Position in the trace; strictly increasing.
    pub seq: u64,
    pub sent_at: SimTime,
    pub deliver_at: SimTime,
    pub from: Actor,
    pub to: Actor,
    /// A short machine-readable kind, e.g. `create`, `watch`, `bind`, `pull-image`.
    pub kind: &'static str,
    /// The object the message is about, when there is one.
    pub object: Option<ObjectKey>,
    /// A one-line human summary in English, e.g. `ADDED pods/default/nginx`.
    pub summary: String,
}

/// The append-only log of a run.
#[derive(Clone, Debug, Default)]
pub struct Trace {
    events: Vec<TraceEvent>,
}

impl Trace {
    pub fn push(&mut self, event: TraceEvent) {
        self.events.push(event);
    }

    pub fn events(&self) -> &[TraceEvent] {
        &self.events
    }

    /// Events with `seq >= from`, for a view that polls incrementally.
    pub fn since(&self, from: u64) -> &[TraceEvent] {
        let start = self.events.partition_point(|e| e.seq < from);
        &self.events[start..]
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// One JSON object per line, for `podflow trace` and tooling.
    pub fn to_json_lines(&self) -> String {
        let mut out = String::new();
        for e in &self.events {
            if let Ok(line) = serde_json::to_string(e) {
                out.push_str(&line);
                out.push('\n');
            }
        }
        out
    }
}
