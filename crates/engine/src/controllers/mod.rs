//! kube-controller-manager: one reconcile loop per controller.
//!
//! Mirrors `cmd/kube-controller-manager/app/controllermanager.go`. (Being written.)

use crate::cluster::Ctx;
use crate::network::Envelope;

#[derive(Clone, Debug, Default)]
pub struct ControllerManager;

/// Controllers' own wake-ups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Timer {
    /// The node lifecycle controller's monitor period.
    NodeMonitor,
}

impl ControllerManager {
    pub fn handle(&mut self, _ctx: &mut Ctx, _env: &Envelope) {}

    pub fn on_timer(&mut self, _ctx: &mut Ctx, _timer: Timer) {}
}
