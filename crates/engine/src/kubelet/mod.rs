//! The kubelet of one node: pod workers, container lifecycle, probes, status.
//!
//! Mirrors `pkg/kubelet/kubelet.go` and `pkg/kubelet/kuberuntime`. (Being written.)

use crate::cluster::Ctx;
use crate::network::Envelope;
use std::sync::Arc;

/// Messages between a node's kubelet, its container runtime and its containers.
#[derive(Clone, Debug)]
pub enum NodeMessage {
    /// Placeholder until the CRI calls land.
    Noop,
}

impl NodeMessage {
    /// `(kind, summary)` for the trace.
    pub fn describe(&self) -> (&'static str, String) {
        match self {
            NodeMessage::Noop => ("noop", String::new()),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Kubelet {
    pub node: Arc<str>,
}

/// The kubelet's own wake-ups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Resync a pod.
    Sync(String),
}

impl Kubelet {
    pub fn new(node: Arc<str>) -> Self {
        Kubelet { node }
    }

    pub fn handle(&mut self, _ctx: &mut Ctx, _env: &Envelope) {}

    pub fn on_timer(&mut self, _ctx: &mut Ctx, _timer: Timer) {}
}
