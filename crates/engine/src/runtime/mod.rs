//! The container runtime of one node: containerd behind the CRI.
//!
//! Mirrors containerd's CRI plugin (`internal/cri/server`: `RunPodSandbox`, `PullImage`,
//! `ImageStatus`, `CreateContainer`, `StartContainer`, `StopContainer`, `RemovePodSandbox`,
//! `ExecSync`, and the task-exit handler that the kubelet's PLEG hears about). Answers the
//! kubelet's HTTP and TCP probes from the container processes' listening ports, since the
//! runtime owns the pod network here. Pulls are serialised per node, as the kubelet's
//! default `serializeImagePulls: true` makes them. Left out: snapshotters, image garbage
//! collection, container stats, attach and port-forward. The container GC is reduced to
//! keeping the two newest instances of each pod container (the current one and the one
//! `kubectl logs --previous` reads); records outlive their sandbox.

pub mod container;
pub mod image_service;
pub mod images;
pub mod sandbox;
pub mod shell;

use crate::clock::{SimDuration, SimTime};
use crate::cluster::{Ctx, TimerKind};
use crate::kubelet::cri::{ContainerState, NodeMessage};
use crate::network::{Body, Envelope};
use crate::trace::Actor;
use container::{Container, Next, EXIT_SIGKILL};
use image_service::ImageService;
use sandbox::{Ipam, Sandbox};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Time containerd takes to set up a sandbox (pause container plus CNI).
const SANDBOX_MS: u64 = 300;
/// Time to create a container (snapshot, OCI spec).
const CREATE_MS: u64 = 50;

#[derive(Clone, Debug)]
pub struct Runtime {
    pub node: Arc<str>,
    /// A stopped node's runtime answers nothing and runs nothing.
    pub stopped: bool,
    images: ImageService,
    ipam: Ipam,
    sandboxes: BTreeMap<String, Sandbox>,
    containers: BTreeMap<String, Container>,
    volumes: shell::Volumes,
    /// When each container's process asked to be woken.
    wake_at: BTreeMap<String, SimTime>,
    /// Answers of calls that take time, sent when their timer fires.
    replies: BTreeMap<u64, (Actor, NodeMessage)>,
    next_reply: u64,
}

/// The runtime's own wake-ups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Timer {
    /// A container's process reaches its next step.
    Process(String),
    /// A stopping container's grace period ran out: SIGKILL.
    Kill(String),
    /// A call that took time is done: send its answer.
    Reply(u64),
}

impl Runtime {
    pub fn new(node: Arc<str>) -> Self {
        Runtime {
            node,
            stopped: false,
            images: ImageService::default(),
            ipam: Ipam::default(),
            sandboxes: BTreeMap::new(),
            containers: BTreeMap::new(),
            volumes: shell::Volumes::default(),
            wake_at: BTreeMap::new(),
            replies: BTreeMap::new(),
            next_reply: 0,
        }
    }

    fn actor(&self) -> Actor {
        Actor::Runtime(self.node.clone())
    }

    /// Answers a call, at once or when the work it asked for is done (the envelope leaves
    /// then, so the stage shows the answer when it happens).
    fn reply(&mut self, ctx: &mut Ctx, to: &Actor, delay_ms: u64, msg: NodeMessage) {
        if delay_ms == 0 {
            return ctx.out.send(&self.actor(), to, Body::Node(msg));
        }
        self.next_reply += 1;
        self.replies.insert(self.next_reply, (to.clone(), msg));
        let at = ctx.now + SimDuration::from_millis(delay_ms);
        ctx.out.timer(
            at,
            &self.actor(),
            TimerKind::Runtime(Timer::Reply(self.next_reply)),
        );
    }

    pub fn handle(&mut self, ctx: &mut Ctx, env: &Envelope) {
        let Body::Node(msg) = &env.body else {
            return;
        };
        if self.stopped {
            return;
        }
        let to = &env.from;
        if let Some((delay_ms, answer)) = self.answer(ctx, msg) {
            return self.reply(ctx, to, delay_ms, answer);
        }
        use NodeMessage::*;
        match msg {
            RunPodSandbox { pod } => self.run_pod_sandbox(ctx, to, pod),
            StartContainer { container_id, .. } => self.start_container(ctx, to, container_id),
            StopContainer {
                container_id,
                grace_secs,
                ..
            } => self.stop_container(ctx, to, container_id, *grace_secs),
            RemovePodSandbox { pod_uid } => self.remove_pod_sandbox(ctx, to, pod_uid),
            _ => {}
        }
    }

    /// The calls that are a plain request and answer: `(delay, answer)`.
    fn answer(&mut self, ctx: &mut Ctx, msg: &NodeMessage) -> Option<(u64, NodeMessage)> {
        use NodeMessage::*;
        let answer = match msg {
            ImageStatus { pod_uid, image } => {
                let present = self.images.status(image, ctx.now);
                let (pod_uid, image) = (pod_uid.clone(), image.clone());
                (
                    0,
                    ImageStatusResult {
                        pod_uid,
                        image,
                        present,
                    },
                )
            }
            PullImage { pod_uid, image } => {
                let (delay, result) = self.images.pull(image, ctx.now);
                let (pod_uid, image) = (pod_uid.clone(), image.clone());
                (
                    delay,
                    ImagePulled {
                        pod_uid,
                        image,
                        result,
                    },
                )
            }
            CreateContainer { pod_uid, config } => {
                let result = self.create_container(ctx, pod_uid, config);
                let (pod_uid, name) = (pod_uid.clone(), config.name.clone());
                (
                    CREATE_MS,
                    ContainerCreated {
                        pod_uid,
                        name,
                        result,
                    },
                )
            }
            ExecSync {
                pod_uid,
                container_id,
                argv,
                purpose,
                timeout_secs,
            } => {
                let r = self.exec(ctx, container_id, argv, *timeout_secs);
                let (pod_uid, container_id) = (pod_uid.clone(), container_id.clone());
                let purpose = purpose.clone();
                let (exit_code, output, error) = (r.exit_code, r.output, r.error);
                let answer = ExecSyncResult {
                    pod_uid,
                    container_id,
                    purpose,
                    exit_code,
                    output,
                    error,
                };
                (r.delay_ms, answer)
            }
            HttpProbe { .. } | TcpProbe { .. } => (0, self.answer_probe(msg, ctx.now)?),
            _ => return None,
        };
        Some(answer)
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, timer: Timer) {
        if self.stopped {
            return;
        }
        match timer {
            Timer::Process(id) => {
                if self.wake_at.get(&id).is_some_and(|t| *t <= ctx.now) {
                    self.wake_at.remove(&id);
                    self.step(ctx, &id);
                }
            }
            Timer::Reply(n) => {
                if let Some((to, msg)) = self.replies.remove(&n) {
                    ctx.out.send(&self.actor(), &to, Body::Node(msg));
                }
            }
            Timer::Kill(id) => {
                let due = self.containers.get(&id).and_then(|c| c.kill_at);
                if due.is_some_and(|t| t <= ctx.now) {
                    self.finish(ctx, &id, EXIT_SIGKILL, "Error");
                }
            }
        }
    }

    fn run_pod_sandbox(&mut self, ctx: &mut Ctx, to: &Actor, pod: &crate::kubelet::cri::PodRef) {
        let ip = match self.sandboxes.get(&pod.uid) {
            Some(s) => Some(s.ip.clone()),
            None => {
                let cidr = ctx
                    .store
                    .get_by(crate::api::Kind::Node, "", &self.node)
                    .and_then(|n| n.as_node().map(|n| n.spec.pod_cidr.clone()))
                    .unwrap_or_default();
                self.ipam.allocate(&cidr, &pod.uid)
            }
        };
        let Some(ip) = ip else {
            return;
        };
        let sandbox = Sandbox {
            pod: pod.clone(),
            ip: ip.clone(),
        };
        self.sandboxes.insert(pod.uid.clone(), sandbox);
        let msg = NodeMessage::PodSandboxReady {
            pod_uid: pod.uid.clone(),
            ip,
        };
        self.reply(ctx, to, SANDBOX_MS, msg);
    }

    fn remove_pod_sandbox(&mut self, ctx: &mut Ctx, to: &Actor, pod_uid: &str) {
        let ids: Vec<String> = self
            .containers
            .values()
            .filter(|c| c.pod_uid == pod_uid && c.is_running())
            .map(|c| c.id.clone())
            .collect();
        for id in ids {
            if let Some(c) = self.containers.get_mut(&id) {
                c.exit(ctx.now, EXIT_SIGKILL, "Error");
            }
        }
        self.sandboxes.remove(pod_uid);
        self.ipam.release(pod_uid);
        let prefix = format!("emptydir/{pod_uid}/");
        self.volumes.volumes.retain(|k, _| !k.starts_with(&prefix));
        let msg = NodeMessage::PodSandboxRemoved {
            pod_uid: pod_uid.to_string(),
        };
        self.reply(ctx, to, 0, msg);
    }

    /// Runs a container's process until it blocks, and acts on what it does next.
    fn step(&mut self, ctx: &mut Ctx, id: &str) {
        let Some(c) = self.containers.get_mut(id) else {
            return;
        };
        if !c.is_running() {
            return;
        }
        let next = c.step(ctx.now, &mut self.volumes);
        self.follow(ctx, id, next);
    }

    fn follow(&mut self, ctx: &mut Ctx, id: &str, next: Next) {
        match next {
            Next::WakeAt(t) => {
                if self.wake_at.get(id) != Some(&t) {
                    self.wake_at.insert(id.to_string(), t);
                    ctx.out.timer(
                        t,
                        &self.actor(),
                        TimerKind::Runtime(Timer::Process(id.to_string())),
                    );
                }
            }
            Next::Idle => {}
            Next::Exited(code, reason) => self.finish(ctx, id, code, reason),
        }
    }

    /// Records an exit and tells the kubelet: the answer to a stop, or a PLEG event.
    fn finish(&mut self, ctx: &mut Ctx, id: &str, code: i32, reason: &str) {
        let Some(c) = self.containers.get_mut(id) else {
            return;
        };
        if !c.is_running() {
            return;
        }
        let stopping = c.kill_at.is_some();
        c.exit(ctx.now, code, reason);
        self.wake_at.remove(id);
        let (pod_uid, container) = (c.pod_uid.clone(), c.snapshot());
        let kubelet = Actor::Kubelet(self.node.clone());
        let msg = if stopping {
            NodeMessage::ContainerStopped { pod_uid, container }
        } else {
            NodeMessage::ContainerExited { pod_uid, container }
        };
        self.reply(ctx, &kubelet, 0, msg);
    }

    /// Read access for the UI and kubectl.
    pub fn containers(&self) -> impl Iterator<Item = &Container> {
        self.containers.values()
    }

    pub fn container(&self, id: &str) -> Option<&Container> {
        self.containers.get(id)
    }

    pub fn sandboxes(&self) -> impl Iterator<Item = &Sandbox> {
        self.sandboxes.values()
    }

    /// `GET path` on a pod's `port`, as a connection to the pod IP would be answered: by
    /// whichever running container of the pod listens there, from its files.
    pub fn http_get(&self, pod_uid: &str, port: u16, path: &str, now: SimTime) -> Option<u16> {
        self.containers
            .values()
            .filter(|c| c.pod_uid == pod_uid && c.is_running())
            .find_map(|c| c.http_get_in(port, path, now, &self.volumes))
    }

    /// The node's volumes (emptyDir, hostPath) by id.
    pub fn volumes(&self) -> &shell::Volumes {
        &self.volumes
    }

    /// Lends the cluster's network shares to this runtime, or hands them back: the cluster
    /// swaps them in before a call and out after it, so only the node being run sees them
    /// and a snapshot of the cluster holds them once.
    pub(crate) fn swap_shares(&mut self, shares: &mut shell::fs::NetworkShares) {
        std::mem::swap(&mut self.volumes.shares, shares);
    }

    pub fn images(&self) -> &ImageService {
        &self.images
    }

    /// A pod container's log lines, of the current instance or (`previous`) the one before,
    /// as `kubectl logs [--previous]` reads them.
    pub fn logs(&self, pod_uid: &str, name: &str, previous: bool) -> Option<&[shell::LogLine]> {
        let mut instances: Vec<&Container> = self
            .containers
            .values()
            .filter(|c| c.pod_uid == pod_uid && c.name == name)
            .collect();
        crate::sort::by_key(&mut instances, |c| (c.attempt, c.created_at));
        let idx = instances.len().checked_sub(if previous { 2 } else { 1 })?;
        instances.get(idx).map(|c| c.logs.as_slice())
    }

    /// Stops (power off) or starts the node's runtime. On start every process that was running
    /// is gone, as after a reboot.
    pub fn set_stopped(&mut self, stopped: bool, now: SimTime) {
        self.stopped = stopped;
        if stopped {
            return;
        }
        for c in self
            .containers
            .values_mut()
            .filter(|c| c.state == ContainerState::Running)
        {
            c.exit(now, 255, "Unknown");
        }
        self.wake_at.clear();
        self.replies.clear();
        let uids: Vec<String> = self.sandboxes.keys().cloned().collect();
        for uid in uids {
            self.ipam.release(&uid);
        }
        self.sandboxes.clear();
    }
}

mod lifecycle;
