//! The status manager: the kubelet's copy of each pod's status, sent when it changed.
//!
//! Mirrors `pkg/kubelet/status/status_manager.go` (`SetPodStatus`, `updateStatusInternal`:
//! `startTime` kept once set; `syncPod`: an update only when the status differs from the last
//! one sent; `canBeDeleted`: a deleted pod whose worker has terminated is deleted with grace
//! 0). The update is a `/status` write through the API server. Left out: the patch form and
//! UID preconditions, the periodic reconcile against the API server's copy.

use super::pod_worker::{PodWorker, WorkerPhase};
use super::status::{generate_api_pod_status, StatusInput};
use super::Shared;
use crate::api::pod::PodStatus;
use crate::api::{Kind, Object, ObjectKey};
use crate::clock::SimTime;
use crate::cluster::Ctx;
use crate::network::Verb;
use crate::trace::Actor;

impl PodWorker {
    /// Generates the status from what the kubelet knows now.
    pub fn generate_status(&self, sh: &Shared, now: SimTime, terminal: bool) -> PodStatus {
        let mut pod = self.pod.clone();
        if self.sent_status.is_some() {
            pod.status = self.status.clone();
        }
        let health = sh.probes.view(self.uid(), &self.runtime);
        let mut status = generate_api_pod_status(&StatusInput {
            pod: &pod,
            runtime: &self.runtime,
            reasons: &self.reasons,
            health: &health,
            pod_is_terminal: terminal,
            host_ip: &sh.host_ip,
            now,
        });
        if self.deadline_exceeded {
            status.phase = "Failed".into();
            status.reason = super::active_deadline::REASON.into();
            status.message = super::active_deadline::MESSAGE.into();
        }
        status
    }

    /// Mirrors `statusManager.SetPodStatus` + `syncPod`: sends `update-status` when changed.
    pub fn set_status(&mut self, ctx: &mut Ctx, sh: &Shared, status: PodStatus) {
        self.status = status.clone();
        self.pod.status = status.clone();
        if self.removed || self.sent_status.as_ref() == Some(&status) {
            return;
        }
        self.sent_status = Some(status);
        let actor = Actor::Kubelet(sh.node.clone());
        ctx.out
            .request(&actor, Verb::UpdateStatus(Object::Pod(self.pod.clone())));
    }

    /// Mirrors `syncPod`'s `canBeDeleted` branch: once the worker has terminated (every
    /// container stopped, whether by the deletion or because the pod completed earlier), a
    /// pod with a deletionTimestamp is deleted with grace period 0.
    pub fn delete_if_terminated(&mut self, ctx: &mut Ctx, sh: &Shared) {
        let deleted = self.pod.metadata.deletion_timestamp.is_some();
        if self.phase != WorkerPhase::Terminated || !deleted || self.removed {
            return;
        }
        let m = &self.pod.metadata;
        let key = ObjectKey::new(Kind::Pod, &m.namespace, &m.name);
        let verb = Verb::Delete {
            key,
            grace_period_seconds: Some(0),
        };
        ctx.out.request(&Actor::Kubelet(sh.node.clone()), verb);
    }
}
