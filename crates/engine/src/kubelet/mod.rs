//! The kubelet of one node: pod workers, container lifecycle over the CRI, probes, status,
//! and the node's heartbeat.
//!
//! Mirrors `pkg/kubelet/kubelet.go` (`syncLoopIteration`: pod updates from the API server,
//! PLEG events, probe results and periodic syncs each reach the pod's worker;
//! `HandlePodAdditions`/`HandlePodUpdates`/`HandlePodRemoves`) and
//! `pkg/kubelet/kubelet_node_status.go` (`updateNodeStatus`) with the node Lease as the
//! heartbeat (`node_lease.rs`); a stopped node renews nothing. Left out: static pods, admission
//! (resources are the scheduler's concern), eviction, volume managers, cgroups, pod-level
//! resource enforcement.

pub mod active_deadline;
pub mod backoff;
pub mod conditions;
pub mod cri;
pub mod cri_trace;
pub mod env;
pub mod images;
pub mod pleg;
pub mod pod_actions;
pub mod pod_worker;
pub mod prober;
pub mod qos;
pub mod runtime_cache;
pub mod service_env;
pub mod start_container;
pub mod status;
pub mod status_manager;
pub mod termination;
pub mod volumes;

pub use cri::NodeMessage;

use crate::api::pod::Pod;
use crate::api::Object;
use crate::clock::SimDuration;
use crate::cluster::{Ctx, TimerKind};
use crate::network::{Body, Envelope};
use crate::store::WatchType;
use crate::trace::Actor;
use cri::{ExecPurpose, ProbeType};
use pod_worker::{PodWorker, WorkerPhase};
use prober::{ProbeManager, WorkerKey};
use std::collections::BTreeMap;
use std::sync::Arc;

/// `nodeStatusUpdateFrequency`: how often the kubelet computes its node status (it sends it
/// only when it changed or `NODE_STATUS_REPORT_FREQUENCY` passed).
pub const HEARTBEAT: SimDuration = SimDuration::from_secs(10);
/// `nodeStatusReportFrequency`: a node status unchanged for this long is sent anyway.
pub const NODE_STATUS_REPORT_FREQUENCY: SimDuration = SimDuration::from_secs(300);

/// What every pod worker of the node shares.
#[derive(Clone, Debug, Default)]
pub struct Shared {
    pub node: Arc<str>,
    /// The node's InternalIP, the pods' `hostIP`.
    pub host_ip: String,
    pub probes: ProbeManager,
    /// Restart back-off per container (`podBackOff`).
    pub container_backoff: backoff::Backoff,
    /// Pull back-off per pod and image (`imageBackOff`).
    pub image_backoff: backoff::Backoff,
    /// The last pull error per back-off key, quoted during ImagePullBackOff.
    pub last_pull_error: BTreeMap<String, String>,
    /// Images this kubelet saw on the node: normalised name → (imageID, size).
    pub images: BTreeMap<String, (String, u64)>,
}

#[derive(Clone, Debug)]
pub struct Kubelet {
    pub node: Arc<str>,
    /// A stopped node's kubelet ignores everything until started again.
    pub stopped: bool,
    /// Bumped at every start, so timers of an earlier run are ignored.
    epoch: u32,
    workers: BTreeMap<String, PodWorker>,
    shared: Shared,
    /// Answers to `kubectl exec` by request id, until collected.
    exec_results: BTreeMap<u64, Result<(i32, String), String>>,
    /// When this kubelet process last sent its node status (`lastStatusReportTime`).
    last_status_report: Option<crate::clock::SimTime>,
}

/// The kubelet's own wake-ups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Sync a pod (by uid) when its worker's `sync_due` has come.
    Sync(String),
    /// A probe worker's period.
    Probe { epoch: u32, key: WorkerKey },
    /// Compute the node status (`syncNodeStatus`).
    NodeStatus { epoch: u32 },
    /// Renew the node Lease.
    Lease { epoch: u32 },
    /// The kubelet (re)starts: list the node's pods, relist the runtime, heartbeat.
    Start,
}

impl Kubelet {
    pub fn new(node: Arc<str>) -> Self {
        Kubelet {
            shared: Shared {
                node: node.clone(),
                ..Shared::default()
            },
            node,
            stopped: false,
            epoch: 0,
            workers: BTreeMap::new(),
            exec_results: BTreeMap::new(),
            last_status_report: None,
        }
    }

    fn actor(&self) -> Actor {
        Actor::Kubelet(self.node.clone())
    }

    pub fn handle(&mut self, ctx: &mut Ctx, env: &Envelope) {
        if self.stopped {
            return;
        }
        match &env.body {
            Body::Watch { type_, object } => {
                if let Object::Pod(pod) = &**object {
                    self.on_pod(ctx, *type_, pod);
                }
            }
            Body::Node(msg) => self.on_node_message(ctx, msg),
            _ => {}
        }
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, timer: Timer) {
        if self.stopped {
            return;
        }
        match timer {
            Timer::Sync(uid) => {
                let Some(w) = self.workers.get_mut(&uid) else {
                    return;
                };
                if w.sync_due.is_some_and(|d| d <= ctx.now) {
                    w.sync_due = None;
                    w.sync(ctx, &mut self.shared);
                }
            }
            Timer::Probe { epoch, key } if epoch == self.epoch => self.probe_tick(ctx, key),
            Timer::NodeStatus { epoch } if epoch == self.epoch => self.heartbeat(ctx),
            Timer::Lease { epoch } if epoch == self.epoch => self.renew_lease(ctx),
            Timer::Start => self.start(ctx),
            _ => {}
        }
    }

    /// `HandlePodAdditions` / `HandlePodUpdates` / `HandlePodRemoves` for pods bound here.
    fn on_pod(&mut self, ctx: &mut Ctx, type_: WatchType, pod: &Pod) {
        if pod.spec.node_name != *self.node {
            return;
        }
        let uid = pod.metadata.uid.clone();
        let Some(w) = self.workers.get_mut(&uid) else {
            let terminal = matches!(pod.status.phase.as_str(), "Succeeded" | "Failed");
            if type_ != WatchType::Deleted && !terminal {
                self.add_pod(ctx, pod);
            }
            return;
        };
        if type_ == WatchType::Deleted {
            if w.phase == WorkerPhase::Terminated {
                self.workers.remove(&uid);
                return;
            }
            w.removed = true;
            w.sync(ctx, &mut self.shared);
            return;
        }
        let deletion_changed = w.pod.metadata.deletion_timestamp != pod.metadata.deletion_timestamp;
        let status = std::mem::take(&mut w.pod.status);
        w.pod = pod.clone();
        w.pod.status = status;
        if deletion_changed {
            w.sync(ctx, &mut self.shared);
        }
    }

    fn add_pod(&mut self, ctx: &mut Ctx, pod: &Pod) {
        if self.shared.host_ip.is_empty() {
            self.shared.host_ip = node_status::host_ip(ctx, &self.node);
        }
        let uid = pod.metadata.uid.clone();
        let mut w = PodWorker::new(pod.clone());
        for key in self.shared.probes.add_pod(pod) {
            let timer = TimerKind::Kubelet(Timer::Probe {
                epoch: self.epoch,
                key,
            });
            ctx.out.timer(ctx.now, &self.actor(), timer);
        }
        w.sync(ctx, &mut self.shared);
        self.workers.insert(uid, w);
    }

    fn on_node_message(&mut self, ctx: &mut Ctx, msg: &NodeMessage) {
        match msg {
            NodeMessage::ProbeResult {
                pod_uid,
                container_id,
                probe,
                success,
                output,
                error,
            } => {
                let verdict = prober::runs::probe_outcome(*success, output, error);
                self.on_probe_result(ctx, pod_uid, container_id, *probe, verdict)
            }
            NodeMessage::ExecSyncResult {
                pod_uid,
                container_id,
                purpose: ExecPurpose::Probe(t),
                exit_code,
                output,
                error,
            } => {
                let verdict = prober::runs::probe_outcome(*exit_code == 0, output, error);
                self.on_probe_result(ctx, pod_uid, container_id, *t, verdict)
            }
            NodeMessage::Exec { .. }
            | NodeMessage::ExecSyncResult {
                purpose: ExecPurpose::Kubectl(_),
                ..
            } => self.on_exec(ctx, msg),
            _ => {
                self.note_images(msg);
                if let Some(w) = self.workers.get_mut(msg.pod_uid()) {
                    w.on_cri(ctx, &mut self.shared, msg);
                }
            }
        }
    }

    /// Keeps the node's image list from what the runtime reports.
    fn note_images(&mut self, msg: &NodeMessage) {
        let (image, pulled) = match msg {
            NodeMessage::ImagePulled {
                image,
                result: Ok(p),
                ..
            } => (image, p),
            NodeMessage::ImageStatusResult {
                image,
                present: Some(p),
                ..
            } => (image, p),
            _ => return,
        };
        if let Ok(r) = crate::runtime::images::normalize(image) {
            let entry = (pulled.image_ref.clone(), pulled.size_bytes);
            self.shared.images.insert(r.full(), entry);
        }
    }
}

/// Read access for the UI and kubectl.
impl Kubelet {
    /// Takes the answer to `kubectl exec` request `id` once it has arrived.
    pub fn take_exec_result(&mut self, id: u64) -> Option<Result<(i32, String), String>> {
        self.exec_results.remove(&id)
    }

    /// Pod workers by pod uid.
    pub fn workers(&self) -> &BTreeMap<String, PodWorker> {
        &self.workers
    }

    pub fn worker(&self, pod_uid: &str) -> Option<&PodWorker> {
        self.workers.get(pod_uid)
    }

    /// Every run of one probe of one container, oldest first, for the probe timeline.
    pub fn probe_history(
        &self,
        pod_uid: &str,
        container: &str,
        t: ProbeType,
    ) -> &[prober::ProbeRecord] {
        self.shared.probes.history(pod_uid, container, t)
    }

    /// Restart back-off entries, keyed `<pod>_<namespace>_<uid>_<container>`.
    pub fn container_backoff(&self) -> &backoff::Backoff {
        &self.shared.container_backoff
    }

    /// Image pull back-off entries, keyed `<pod uid>_<image>`.
    pub fn image_backoff(&self) -> &backoff::Backoff {
        &self.shared.image_backoff
    }
}

mod exec;
pub mod node_lease;
mod node_status;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::Container;
    use crate::clock::SimTime;
    use crate::network::Outbox;
    use crate::rng::Rng;
    use crate::store::Store;

    #[test]
    fn a_bound_pod_gets_its_status_then_a_sandbox_call() {
        let mut store = Store::default();
        let node = crate::topology::node("n1", 1, "4", "8Gi", "8Gi");
        store.create(Object::Node(node)).expect("node");
        let mut pod = Pod::default();
        pod.metadata.name = "p".into();
        pod.metadata.namespace = "default".into();
        pod.metadata.uid = "u1".into();
        pod.spec.node_name = "n1".into();
        pod.spec.containers.push(Container {
            name: "c".into(),
            image: "nginx".into(),
            ..Container::default()
        });
        let object = store.create(Object::Pod(pod)).expect("pod");
        let mut kubelet = Kubelet::new("n1".into());
        let (mut rng, mut out) = (Rng::new(1), Outbox::default());
        let mut ctx = Ctx {
            now: SimTime::ZERO,
            store: &store,
            rng: &mut rng,
            out: &mut out,
        };
        let env = Envelope {
            from: Actor::ApiServer,
            to: Actor::Kubelet("n1".into()),
            sent_at: SimTime::ZERO,
            deliver_at: SimTime::ZERO,
            body: Body::Watch {
                type_: WatchType::Added,
                object,
            },
        };
        kubelet.handle(&mut ctx, &env);
        let kinds: Vec<&str> = out
            .envelopes
            .iter()
            .map(|(_, _, _, body)| crate::describe::describe(body).0)
            .collect();
        assert_eq!(kinds, ["update-status", "run-pod-sandbox"]);
        let worker = kubelet.worker("u1").expect("a pod worker");
        assert_eq!(worker.waiting, Some(pod_worker::Await::Sandbox));
        let status = &worker.status;
        assert_eq!(
            (status.phase.as_str(), status.host_ip.as_str()),
            ("Pending", "192.168.56.11")
        );
    }
}
