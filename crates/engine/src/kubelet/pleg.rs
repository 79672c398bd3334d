//! The pod lifecycle event generator's side of a pod worker: runtime answers and events.
//!
//! Mirrors `pkg/kubelet/pleg/generic.go` (a relist every second turns container and sandbox
//! changes into events that ask the pod's worker for a sync) together with the pod worker's
//! wait for its own CRI calls. Answers the worker waits for continue its sync; anything
//! else (a container that exited by itself, a stop answered late) is recorded and asks for
//! a sync at the next relist. Left out: the evented PLEG.

use super::cri::NodeMessage;
use super::pod_worker::{Await, PodWorker};
use super::Shared;
use crate::clock::SimTime;
use crate::cluster::Ctx;

/// The generic PLEG relists every second; a change is seen at the next relist.
pub(super) fn relist_after(now: SimTime) -> SimTime {
    SimTime((now.as_millis() / 1000 + 1) * 1000)
}

impl PodWorker {
    /// Handles a CRI answer for this pod. Unsolicited ones (PLEG) ask for a sync.
    pub fn on_cri(&mut self, ctx: &mut Ctx, sh: &mut Shared, msg: &NodeMessage) {
        if let Some(w) = self.waiting.take() {
            if self.on_reply(ctx, sh, &w, msg) {
                if self.waiting.is_none() {
                    self.run_steps(ctx, sh);
                }
                return;
            }
            self.waiting = Some(w);
        }
        self.on_unsolicited(msg);
        if self.pending_sync && !self.is_busy() {
            self.schedule_sync(ctx, sh, relist_after(ctx.now));
        }
    }

    /// An answer to the call the worker waits for; false when `msg` is something else.
    fn on_reply(&mut self, ctx: &mut Ctx, sh: &mut Shared, w: &Await, msg: &NodeMessage) -> bool {
        match (w, msg) {
            (Await::Sandbox, NodeMessage::PodSandboxReady { ip, .. }) => {
                self.runtime.sandbox_ip = Some(ip.clone());
                self.runtime.sandbox_attempts += 1;
                self.pending_sync = true;
                true
            }
            (Await::RemoveSandbox, NodeMessage::PodSandboxRemoved { .. }) => {
                self.runtime.sandbox_ip = None;
                true
            }
            _ => self.on_start_reply(ctx, sh, w, msg) || self.on_kill_reply(ctx, sh, w, msg),
        }
    }

    /// A PLEG event outside any call: record it and ask for a sync.
    fn on_unsolicited(&mut self, msg: &NodeMessage) {
        match msg {
            NodeMessage::ContainerExited { container, .. }
            | NodeMessage::ContainerStopped { container, .. }
            | NodeMessage::ContainerStarted { container, .. } => {
                self.runtime.upsert(container.clone());
                self.pending_sync = true;
            }
            _ => {}
        }
    }
}
