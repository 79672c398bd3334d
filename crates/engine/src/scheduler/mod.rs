//! kube-scheduler: watches unbound pods, filters and scores nodes, binds.
//!
//! Mirrors `pkg/scheduler/schedule_one.go`. (Being written.)

use crate::cluster::Ctx;
use crate::network::Envelope;

#[derive(Clone, Debug, Default)]
pub struct Scheduler;

/// The scheduler's own wake-ups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Retry the unschedulable queue.
    Flush,
}

impl Scheduler {
    pub fn handle(&mut self, _ctx: &mut Ctx, _env: &Envelope) {}

    pub fn on_timer(&mut self, _ctx: &mut Ctx, _timer: Timer) {}
}
