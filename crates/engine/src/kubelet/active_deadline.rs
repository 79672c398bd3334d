//! `activeDeadlineSeconds`: a pod active on the node longer than its deadline is failed.
//!
//! Mirrors `pkg/kubelet/active_deadline.go` (`ShouldEvict`: measured from the pod's
//! `startTime`; reason `DeadlineExceeded`, a Normal event on the pod) and its use in
//! `generateAPIPodStatus` (phase Failed with that reason and message, which makes the pod
//! terminal so its containers are stopped).

use super::pod_worker::PodWorker;
use super::Shared;
use crate::api::pod::PodStatus;
use crate::clock::{SimDuration, SimTime};
use crate::cluster::Ctx;

pub const REASON: &str = "DeadlineExceeded";
pub const MESSAGE: &str = "Pod was active on the node longer than the specified deadline";

impl PodWorker {
    /// When the pod's deadline falls, if it has one and has started.
    pub(super) fn active_deadline(&self) -> Option<SimTime> {
        let secs = self.pod.spec.active_deadline_seconds?;
        let start = self.status.start_time?;
        // Clamped so that an absurd deadline cannot overflow the clock.
        Some(start.0 + SimDuration::from_secs(secs.clamp(0, i64::from(u32::MAX)) as u64))
    }

    /// Mirrors `ShouldEvict` and the eviction branch of `generateAPIPodStatus`.
    pub(super) fn apply_active_deadline(
        &mut self,
        ctx: &mut Ctx,
        sh: &Shared,
        status: &mut PodStatus,
    ) {
        let past = self.active_deadline().is_some_and(|d| d <= ctx.now);
        if !past && !self.deadline_exceeded {
            return;
        }
        if !self.deadline_exceeded {
            self.deadline_exceeded = true;
            self.pod_event(ctx, sh, crate::events::NORMAL, REASON, MESSAGE.to_string());
        }
        status.phase = "Failed".into();
        status.reason = REASON.into();
        status.message = MESSAGE.into();
    }
}
