//! One pod's worker: syncs run one at a time, each a plan followed by CRI calls in order.
//!
//! Mirrors `pkg/kubelet/pod_workers.go` (one sync at a time per pod, a sync requested while
//! one runs is done right after, requeue after an error or at a back-off's expiry capped at
//! the resync period), `pkg/kubelet/kubelet.go` `SyncPod` (the status is generated and
//! handed to the status manager *before* acting, so a sync's own effects show in the next
//! one) and `pkg/kubelet/status/status_manager.go` (an update is sent only when the status
//! changed). Because CRI calls are envelopes here, a sync is a queue of steps, each waiting
//! for the runtime's answer. PLEG events (a sandbox or container changed) request a sync at
//! the next relist (every second, `pleg/generic.go`).
//! Left out: pod-level resources and cgroups, volumes' mount and attach.

use super::cri::NodeMessage;
use super::pod_actions::{compute_pod_actions, KillReason};
use super::runtime_cache::RuntimePod;
use super::status::ReasonCache;
use super::Shared;
use crate::api::pod::{Container, Pod, PodStatus};
use crate::api::Object;
use crate::clock::{SimDuration, SimTime};
use crate::cluster::{Ctx, TimerKind};
use crate::network::Body;
use crate::trace::Actor;
use std::collections::{BTreeMap, VecDeque};

/// `resyncInterval`: a pod is synced at least this often.
pub const RESYNC: SimDuration = SimDuration::from_secs(60);
/// `backOffPeriod` of the pod workers, after a sync that failed.
pub const ERROR_REQUEUE: SimDuration = SimDuration::from_secs(10);

/// Where a worker is in the pod's life (`PodWorkerState`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkerPhase {
    Syncing,
    Terminating,
    Terminated,
}

/// A container of the spec: init (`spec.initContainers[i]`) or regular.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ContainerRef {
    pub init: bool,
    pub index: usize,
}

/// One running container to stop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kill {
    pub id: String,
    pub name: String,
    /// The `Killing` event's message; `Stopping container <name>` when absent.
    pub message: Option<String>,
    pub reason: Option<KillReason>,
}

/// One step of a sync.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    CreateSandbox,
    RemoveSandbox,
    Start(ContainerRef),
    /// Stops these containers in parallel, as `killContainersWithSyncResult` does.
    Kill(Vec<Kill>),
}

/// How far a kill got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KillPhase {
    PreStop { grace_secs: i64, started: SimTime },
    Stopping,
}

/// The CRI answer a worker is waiting for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Await {
    Sandbox,
    RemoveSandbox,
    ImageStatus(ContainerRef),
    Pull {
        c: ContainerRef,
        requested_at: SimTime,
    },
    Create(ContainerRef),
    Start(ContainerRef),
    Kills(BTreeMap<String, KillPhase>),
}

/// Why a sync did not finish its work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncError {
    /// A container is in restart back-off until this time.
    Backoff(SimTime),
    Other,
}

#[derive(Clone, Debug)]
pub struct PodWorker {
    pub pod: Pod,
    pub runtime: RuntimePod,
    /// The runtime state the current sync planned from; the restart back-off is judged
    /// against it, as upstream's `SyncPod` uses the status captured before it acted.
    pub planned_from: RuntimePod,
    pub reasons: ReasonCache,
    pub phase: WorkerPhase,
    /// The pod is gone from the API server (force-deleted, or our final delete landed).
    pub removed: bool,
    /// The status manager's copy: the last status generated.
    pub status: PodStatus,
    /// What the status manager last sent to the API server.
    pub(super) sent_status: Option<PodStatus>,
    pub steps: VecDeque<Step>,
    pub waiting: Option<Await>,
    pub pending_sync: bool,
    pub sync_error: Option<SyncError>,
    /// When the next sync is due (a timer is set for it).
    pub sync_due: Option<SimTime>,
    pub syncs: u64,
    /// `activeDeadlineSeconds` ran out: the pod is failed.
    pub deadline_exceeded: bool,
}

impl PodWorker {
    pub fn new(pod: Pod) -> Self {
        PodWorker {
            status: pod.status.clone(),
            pod,
            runtime: RuntimePod::default(),
            planned_from: RuntimePod::default(),
            reasons: ReasonCache::new(),
            phase: WorkerPhase::Syncing,
            removed: false,
            sent_status: None,
            steps: VecDeque::new(),
            waiting: None,
            pending_sync: false,
            sync_error: None,
            sync_due: None,
            syncs: 0,
            deadline_exceeded: false,
        }
    }

    pub fn uid(&self) -> &str {
        &self.pod.metadata.uid
    }

    pub fn is_busy(&self) -> bool {
        self.waiting.is_some() || !self.steps.is_empty()
    }

    pub fn spec(&self, c: ContainerRef) -> Option<&Container> {
        let list = if c.init {
            &self.pod.spec.init_containers
        } else {
            &self.pod.spec.containers
        };
        list.get(c.index)
    }

    /// `spec.containers{nginx}`, the events' field path.
    pub fn field_path(&self, name: &str) -> String {
        let init = self.pod.spec.init_containers.iter().any(|c| c.name == name);
        let list = if init { "initContainers" } else { "containers" };
        format!("spec.{list}{{{name}}}")
    }

    /// Records an event about one of the pod's containers, from this kubelet.
    pub fn event(
        &self,
        ctx: &mut Ctx,
        sh: &Shared,
        container: &str,
        type_: &str,
        reason: &str,
        message: String,
    ) {
        let actor = Actor::Kubelet(sh.node.clone());
        let source = crate::events::Source {
            actor: &actor,
            component: "kubelet",
            host: &sh.node,
        };
        let pod = Object::Pod(self.pod.clone());
        let path = self.field_path(container);
        crate::events::record(ctx, &pod, &path, type_, reason, message, source);
    }

    /// Records an event about the pod itself (no field path), from this kubelet.
    pub fn pod_event(
        &self,
        ctx: &mut Ctx,
        sh: &Shared,
        type_: &str,
        reason: &str,
        message: String,
    ) {
        let actor = Actor::Kubelet(sh.node.clone());
        let source = crate::events::Source {
            actor: &actor,
            component: "kubelet",
            host: &sh.node,
        };
        let pod = Object::Pod(self.pod.clone());
        crate::events::record(ctx, &pod, "", type_, reason, message, source);
    }

    /// Sends a CRI call to the node's runtime.
    pub fn cri(&self, ctx: &mut Ctx, sh: &Shared, msg: NodeMessage) {
        let from = Actor::Kubelet(sh.node.clone());
        ctx.out
            .send(&from, &Actor::Runtime(sh.node.clone()), Body::Node(msg));
    }

    /// Mirrors `SyncPod`: status first, then the plan's steps.
    pub fn sync(&mut self, ctx: &mut Ctx, sh: &mut Shared) {
        if self.is_busy() {
            self.pending_sync = true;
            return;
        }
        self.pending_sync = false;
        self.sync_error = None;
        self.syncs += 1;
        if self.phase == WorkerPhase::Terminated {
            // A pod that finished on its own (Completed) and is deleted afterwards: nothing
            // left to stop, so the final delete goes out at once.
            return self.delete_if_terminated(ctx, sh);
        }
        if self.phase == WorkerPhase::Syncing
            && (self.removed || self.pod.metadata.deletion_timestamp.is_some())
        {
            self.phase = WorkerPhase::Terminating;
        }
        if self.phase == WorkerPhase::Terminating {
            return self.sync_terminating(ctx, sh);
        }
        let mut status = self.generate_status(sh, ctx.now, false);
        self.apply_active_deadline(ctx, sh, &mut status);
        let terminal = matches!(status.phase.as_str(), "Succeeded" | "Failed");
        self.set_status(ctx, sh, status);
        if terminal {
            self.phase = WorkerPhase::Terminating;
            return self.sync_terminating(ctx, sh);
        }
        self.planned_from = self.runtime.clone();
        let health = sh.probes.view(self.uid(), &self.runtime);
        let actions = compute_pod_actions(&self.pod, &self.runtime, &health);
        if actions.create_sandbox && self.runtime.sandbox_attempts > 0 {
            let msg = "Pod sandbox changed, it will be killed and re-created.".to_string();
            self.pod_event(ctx, sh, crate::events::NORMAL, "SandboxChanged", msg);
        }
        self.plan_steps(&actions);
        self.run_steps(ctx, sh);
    }

    /// Mirrors the order of kuberuntime `SyncPod`: kill, sandbox, init container, containers.
    fn plan_steps(&mut self, a: &super::pod_actions::PodActions) {
        if a.kill_pod {
            let kills = self.running_kills();
            if !kills.is_empty() {
                self.steps.push_back(Step::Kill(kills));
            }
            if self.runtime.sandbox_ip.is_some() {
                self.steps.push_back(Step::RemoveSandbox);
            }
        } else if !a.containers_to_kill.is_empty() {
            let kills = a
                .containers_to_kill
                .iter()
                .map(|k| Kill {
                    id: k.id.clone(),
                    name: k.name.clone(),
                    message: Some(k.message.clone()),
                    reason: Some(k.reason),
                })
                .collect();
            self.steps.push_back(Step::Kill(kills));
        }
        if a.create_sandbox {
            self.steps.push_back(Step::CreateSandbox);
        }
        if let Some(i) = a.next_init_container {
            self.steps.push_back(Step::Start(ContainerRef {
                init: true,
                index: i,
            }));
        }
        for &i in &a.containers_to_start {
            self.steps.push_back(Step::Start(ContainerRef {
                init: false,
                index: i,
            }));
        }
    }

    /// Every running container, to be stopped with the default message.
    pub fn running_kills(&self) -> Vec<Kill> {
        self.runtime
            .running()
            .into_iter()
            .map(|c| Kill {
                id: c.id.clone(),
                name: c.name.clone(),
                message: None,
                reason: None,
            })
            .collect()
    }

    /// Runs steps until one waits for the runtime; at the end, the sync is done.
    pub fn run_steps(&mut self, ctx: &mut Ctx, sh: &mut Shared) {
        while self.waiting.is_none() {
            let Some(step) = self.steps.pop_front() else {
                return self.finish_sync(ctx, sh);
            };
            match step {
                Step::CreateSandbox => {
                    let pod = super::cri::PodRef {
                        uid: self.uid().to_string(),
                        namespace: self.pod.metadata.namespace.clone(),
                        name: self.pod.metadata.name.clone(),
                    };
                    self.cri(ctx, sh, NodeMessage::RunPodSandbox { pod });
                    self.waiting = Some(Await::Sandbox);
                }
                Step::RemoveSandbox => {
                    let pod_uid = self.uid().to_string();
                    self.cri(ctx, sh, NodeMessage::RemovePodSandbox { pod_uid });
                    self.waiting = Some(Await::RemoveSandbox);
                }
                Step::Start(c) => self.start_container(ctx, sh, c),
                Step::Kill(kills) => self.kill_containers(ctx, sh, kills),
            }
        }
    }

    /// Mirrors `completeWork`: when to sync next.
    fn finish_sync(&mut self, ctx: &mut Ctx, sh: &mut Shared) {
        if self.phase == WorkerPhase::Terminating {
            self.finish_terminating(ctx, sh);
        }
        if self.phase == WorkerPhase::Terminated {
            return;
        }
        let now = ctx.now;
        let deadline = self.active_deadline().filter(|d| *d > now);
        let due = if self.pending_sync {
            super::pleg::relist_after(now)
        } else {
            match self.sync_error {
                Some(SyncError::Backoff(expiry)) => expiry.min(now + RESYNC),
                Some(SyncError::Other) => now + ERROR_REQUEUE + jitter(ctx, ERROR_REQUEUE),
                None => now + RESYNC + jitter(ctx, RESYNC),
            }
        };
        let due = deadline.map_or(due, |d| d.min(due));
        self.schedule_sync(ctx, sh, due);
    }

    pub fn schedule_sync(&mut self, ctx: &mut Ctx, sh: &Shared, due: SimTime) {
        if self.sync_due.is_some_and(|d| d <= due && d >= ctx.now) {
            return;
        }
        self.sync_due = Some(due);
        let timer = TimerKind::Kubelet(super::Timer::Sync(self.uid().to_string()));
        ctx.out.timer(due, &Actor::Kubelet(sh.node.clone()), timer);
    }
}

/// Up to half of `d` more, from the seeded generator (`wait.Jitter(d, 0.5)`).
fn jitter(ctx: &mut Ctx, d: SimDuration) -> SimDuration {
    let half = (d.as_millis() / 2).clamp(1, u64::from(u32::MAX)) as u32;
    SimDuration::from_millis(u64::from(ctx.rng.below(half)))
}
