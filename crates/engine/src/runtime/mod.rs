//! The container runtime of one node (containerd behind the CRI): images, sandboxes,
//! containers as simulated processes. (Being written.)

pub mod images;
pub mod shell;

use crate::cluster::Ctx;
use crate::network::Envelope;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct Runtime {
    pub node: Arc<str>,
}

/// The runtime's own wake-ups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Timer {
    /// A container's process reaches its next step.
    Process(String),
}

impl Runtime {
    pub fn new(node: Arc<str>) -> Self {
        Runtime { node }
    }

    pub fn handle(&mut self, _ctx: &mut Ctx, _env: &Envelope) {}

    pub fn on_timer(&mut self, _ctx: &mut Ctx, _timer: Timer) {}
}
