//! kube-controller-manager: one reconcile loop per controller.
//!
//! Mirrors `cmd/kube-controller-manager/app/controllermanager.go`. (Being written.)

pub mod node_lifecycle;
pub mod taint_eviction;

use crate::api::ObjectKey;
use crate::cluster::Ctx;
use crate::network::{Body, Envelope};

#[derive(Clone, Debug, Default)]
pub struct ControllerManager {
    node_lifecycle: node_lifecycle::NodeLifecycleController,
    taint_eviction: taint_eviction::TaintEvictionController,
}

/// Controllers' own wake-ups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Timer {
    /// The node lifecycle controller's monitor period.
    NodeMonitor,
    /// The taint eviction controller's scheduled deletion of a pod.
    TaintEviction(ObjectKey),
}

impl ControllerManager {
    pub fn handle(&mut self, ctx: &mut Ctx, env: &Envelope) {
        match &env.body {
            Body::Watch { type_, object } => {
                self.node_lifecycle.on_watch(ctx, object);
                self.taint_eviction.on_watch(ctx, *type_, object);
            }
            Body::Response(resp) => self.taint_eviction.on_response(ctx, resp),
            _ => {}
        }
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, timer: Timer) {
        match timer {
            Timer::NodeMonitor => self.node_lifecycle.monitor(ctx),
            Timer::TaintEviction(key) => self.taint_eviction.fire(ctx, &key),
        }
    }
}
