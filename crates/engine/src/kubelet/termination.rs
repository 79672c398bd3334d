//! Stopping containers and terminating a pod.
//!
//! Mirrors `pkg/kubelet/kuberuntime/kuberuntime_container.go` (`killContainer`,
//! `setTerminationGracePeriod`, `executePreStopHook`, `minimumGracePeriodInSeconds` = 2),
//! `pkg/kubelet/kubelet.go` `SyncTerminatingPod` (stop every container in parallel, then the
//! sandbox, then a terminal status) and the status manager's final `DELETE` with grace 0
//! once a deleted pod's containers are all stopped (`status_manager.go` `canBeDeleted`).
//! Left out: httpGet and sleep preStop handlers, the 2s extension when preStop overruns,
//! `FailedPreStopHook` events, the grace-period shortening of a second, shorter delete.

use super::cri::{ExecPurpose, NodeMessage};
use super::pod_actions::KillReason;
use super::pod_worker::{Await, Kill, KillPhase, PodWorker, Step, WorkerPhase};
use super::Shared;
use crate::api::pod::Container;
use crate::cluster::Ctx;
use crate::events::NORMAL;
use std::collections::BTreeMap;

/// `minimumGracePeriodInSeconds`.
const MIN_GRACE_SECS: i64 = 2;

impl PodWorker {
    fn container_spec(&self, name: &str) -> Option<&Container> {
        self.pod
            .spec
            .containers
            .iter()
            .chain(&self.pod.spec.init_containers)
            .find(|c| c.name == name)
    }

    /// Mirrors `setTerminationGracePeriod`.
    fn grace_secs(&self, spec: Option<&Container>, reason: Option<KillReason>) -> i64 {
        if let Some(g) = self.pod.metadata.deletion_grace_period_seconds {
            return g;
        }
        if self.removed {
            return 0;
        }
        let probe = match reason {
            Some(KillReason::LivenessProbe) => spec.and_then(|s| s.liveness_probe.as_ref()),
            Some(KillReason::StartupProbe) => spec.and_then(|s| s.startup_probe.as_ref()),
            None => None,
        };
        probe
            .and_then(|p| p.termination_grace_period_seconds)
            .or(self.pod.spec.termination_grace_period_seconds)
            .unwrap_or(MIN_GRACE_SECS)
    }

    /// Mirrors `killContainersWithSyncResult` + `killContainer`: every container at once,
    /// each `Killing`, preStop, then `StopContainer` with what is left of the grace period.
    pub(super) fn kill_containers(&mut self, ctx: &mut Ctx, sh: &mut Shared, kills: Vec<Kill>) {
        let mut phases = BTreeMap::new();
        for k in kills {
            let spec = self.container_spec(&k.name).cloned();
            let grace = self.grace_secs(spec.as_ref(), k.reason);
            let message = k
                .message
                .clone()
                .unwrap_or_else(|| format!("Stopping container {}", k.name));
            self.event(ctx, sh, &k.name, NORMAL, "Killing", message);
            let pre_stop = spec
                .as_ref()
                .and_then(|s| s.lifecycle.as_ref())
                .and_then(|l| l.pre_stop.as_ref())
                .and_then(|h| h.exec.as_ref());
            let pod_uid = self.uid().to_string();
            match pre_stop {
                Some(exec) if grace > 0 => {
                    let argv = exec.command.clone();
                    let msg = NodeMessage::ExecSync {
                        pod_uid,
                        container_id: k.id.clone(),
                        argv,
                        purpose: ExecPurpose::PreStop,
                        timeout_secs: None,
                    };
                    self.cri(ctx, sh, msg);
                    phases.insert(
                        k.id,
                        KillPhase::PreStop {
                            grace_secs: grace,
                            started: ctx.now,
                        },
                    );
                }
                _ => {
                    self.stop(ctx, sh, &k.id, grace);
                    phases.insert(k.id, KillPhase::Stopping);
                }
            }
        }
        if !phases.is_empty() {
            self.waiting = Some(Await::Kills(phases));
        }
    }

    fn stop(&self, ctx: &mut Ctx, sh: &Shared, id: &str, grace: i64) {
        let msg = NodeMessage::StopContainer {
            pod_uid: self.uid().to_string(),
            container_id: id.to_string(),
            grace_secs: grace.max(MIN_GRACE_SECS),
        };
        self.cri(ctx, sh, msg);
    }

    /// Answers to the kill path: a preStop hook finished, or a container stopped.
    pub(super) fn on_kill_reply(
        &mut self,
        ctx: &mut Ctx,
        sh: &mut Shared,
        w: &Await,
        msg: &NodeMessage,
    ) -> bool {
        let Await::Kills(phases) = w else {
            return false;
        };
        let mut phases = phases.clone();
        match msg {
            NodeMessage::ExecSyncResult {
                container_id,
                purpose: ExecPurpose::PreStop,
                ..
            } => {
                let Some(KillPhase::PreStop {
                    grace_secs,
                    started,
                }) = phases.get(container_id).cloned()
                else {
                    return false;
                };
                let spent = (ctx.now.saturating_sub(started).as_millis() / 1000) as i64;
                self.stop(ctx, sh, container_id, grace_secs - spent);
                phases.insert(container_id.clone(), KillPhase::Stopping);
            }
            NodeMessage::ContainerStopped { container, .. }
                if phases.contains_key(&container.id) =>
            {
                self.runtime.upsert(container.clone());
                self.pending_sync = true;
                phases.remove(&container.id);
            }
            _ => return false,
        }
        self.waiting = (!phases.is_empty()).then_some(Await::Kills(phases));
        true
    }

    /// Mirrors `SyncTerminatingPod`: status, stop everything, then the sandbox.
    pub(super) fn sync_terminating(&mut self, ctx: &mut Ctx, sh: &mut Shared) {
        let status = self.generate_status(sh, ctx.now, false);
        self.set_status(ctx, sh, status);
        let kills = self.running_kills();
        if !kills.is_empty() {
            self.steps.push_back(Step::Kill(kills));
        }
        if self.runtime.sandbox_ip.is_some() {
            self.steps.push_back(Step::RemoveSandbox);
        }
        self.run_steps(ctx, sh);
    }

    /// The terminal status, then (for a deleted pod) the final `DELETE` with grace 0.
    pub(super) fn finish_terminating(&mut self, ctx: &mut Ctx, sh: &mut Shared) {
        if !self.runtime.running().is_empty() {
            return;
        }
        let status = self.generate_status(sh, ctx.now, true);
        self.set_status(ctx, sh, status);
        self.phase = WorkerPhase::Terminated;
        self.delete_if_terminated(ctx, sh);
        sh.probes.remove_pod(&self.pod.metadata.uid);
    }
}
