//! Starting one container: restart back-off, image, create, start.
//!
//! Mirrors `pkg/kubelet/kuberuntime/kuberuntime_manager.go` (`doBackOff`, the `start` closure
//! of `SyncPod`), `pkg/kubelet/kuberuntime/kuberuntime_container.go` (`startContainer`,
//! `generateContainerConfig`) and `pkg/kubelet/images/image_manager.go` (`EnsureImageExists`),
//! with each CRI call an envelope: `ImageStatus` → `PullImage` → `CreateContainer` →
//! `StartContainer`. Failures land in the reason cache, which the next status shows as the
//! container's waiting reason. Left out: postStart hooks, the service environment variables, the container spec hash in
//! the back-off key. The environment and ConfigMap/Secret volumes are `env.rs`.

use super::backoff::go_duration;
use super::cri::{
    ContainerConfig, ContainerSnapshot, ContainerState, NodeMessage, PulledImage, VolumeMount,
};
use super::env;
use super::images::{self, PullPolicy};
use super::pod_worker::{Await, ContainerRef, PodWorker, SyncError};
use super::Shared;
use crate::api::pod::Container;
use crate::clock::{SimDuration, SimTime};
use crate::cluster::Ctx;
use crate::events::{NORMAL, WARNING};
use crate::runtime::images::normalize;
use crate::runtime::shell::expand_kubernetes_vars;

impl PodWorker {
    /// `format.Pod`: `nginx_default(uid)`.
    pub fn format_pod(&self) -> String {
        let m = &self.pod.metadata;
        format!("{}_{}({})", m.name, m.namespace, m.uid)
    }

    /// The `start` closure of `SyncPod`: back-off first, then `EnsureImageExists`.
    pub(super) fn start_container(&mut self, ctx: &mut Ctx, sh: &mut Shared, c: ContainerRef) {
        let Some(spec) = self.spec(c).cloned() else {
            return;
        };
        if self.do_back_off(ctx, sh, &spec) {
            return;
        }
        if let Err(e) = normalize(&spec.image) {
            let msg = e.message();
            self.event(ctx, sh, &spec.name, WARNING, "InspectFailed", msg.clone());
            return self.fail(ctx, sh, &spec.name, "InvalidImageName", msg);
        }
        if images::pull_policy(&spec) == PullPolicy::Always {
            return self.begin_pull(ctx, sh, c, &spec);
        }
        let (pod_uid, image) = (self.uid().to_string(), spec.image.clone());
        self.cri(ctx, sh, NodeMessage::ImageStatus { pod_uid, image });
        self.waiting = Some(Await::ImageStatus(c));
    }

    /// Mirrors `doBackOff`: true when the container must wait (CrashLoopBackOff). It judges
    /// the newest *exited* instance, so a running one being killed does not count yet.
    fn do_back_off(&mut self, ctx: &mut Ctx, sh: &mut Shared, spec: &Container) -> bool {
        let mut newest_first = self.planned_from.containers.iter().rev();
        let exited =
            newest_first.find(|x| x.name == spec.name && x.state == ContainerState::Exited);
        let Some(exited) = exited else {
            return false;
        };
        let finished = exited.finished_at.unwrap_or(ctx.now);
        let m = &self.pod.metadata;
        let key = format!("{}_{}_{}_{}", m.name, m.namespace, m.uid, spec.name);
        if !sh
            .container_backoff
            .is_in_backoff_since(&key, finished, ctx.now)
        {
            sh.container_backoff.next(&key, finished, ctx.now);
            return false;
        }
        let pod = self.format_pod();
        let msg = format!(
            "Back-off restarting failed container {} in pod {pod}",
            spec.name
        );
        self.event(ctx, sh, &spec.name, WARNING, "BackOff", msg);
        let d = sh.container_backoff.get(&key);
        let text = format!(
            "back-off {} restarting failed container={} pod={pod}",
            go_duration(d),
            spec.name
        );
        self.reasons
            .insert(spec.name.clone(), ("CrashLoopBackOff".into(), text));
        let expiry = finished + d;
        self.sync_error = Some(match self.sync_error {
            Some(SyncError::Backoff(t)) => SyncError::Backoff(t.min(expiry)),
            _ => SyncError::Backoff(expiry),
        });
        true
    }

    /// A start failed: `Failed` event `Error: <reason>`, reason cached for the next status.
    fn fail(&mut self, ctx: &mut Ctx, sh: &Shared, name: &str, reason: &str, message: String) {
        self.fail_with_event(ctx, sh, name, reason, message, format!("Error: {reason}"));
    }

    fn fail_with_event(
        &mut self,
        ctx: &mut Ctx,
        sh: &Shared,
        name: &str,
        reason: &str,
        message: String,
        event: String,
    ) {
        self.event(ctx, sh, name, WARNING, "Failed", event);
        self.reasons
            .insert(name.to_string(), (reason.to_string(), message));
        if self.sync_error.is_none() {
            self.sync_error = Some(SyncError::Other);
        }
    }

    /// Mirrors `pullImage`: image back-off, then `Pulling` and the pull itself.
    fn begin_pull(&mut self, ctx: &mut Ctx, sh: &mut Shared, c: ContainerRef, spec: &Container) {
        let key = images::backoff_key(self.uid(), &spec.image);
        if sh.image_backoff.is_in_backoff_since_update(&key, ctx.now) {
            let event = images::back_off_pulling(&spec.image);
            self.event(ctx, sh, &spec.name, NORMAL, "BackOff", event);
            let last = sh.last_pull_error.get(&key).map(String::as_str);
            let msg = images::back_off_waiting_message(&spec.image, last);
            return self.fail(ctx, sh, &spec.name, "ImagePullBackOff", msg);
        }
        self.event(
            ctx,
            sh,
            &spec.name,
            NORMAL,
            "Pulling",
            images::pulling(&spec.image),
        );
        let (pod_uid, image) = (self.uid().to_string(), spec.image.clone());
        self.cri(ctx, sh, NodeMessage::PullImage { pod_uid, image });
        self.waiting = Some(Await::Pull {
            c,
            requested_at: ctx.now,
        });
    }

    /// Answers to the start-path calls; false when `msg` is not one.
    pub(super) fn on_start_reply(
        &mut self,
        ctx: &mut Ctx,
        sh: &mut Shared,
        w: &Await,
        msg: &NodeMessage,
    ) -> bool {
        match (w, msg) {
            (Await::ImageStatus(c), NodeMessage::ImageStatusResult { present, .. }) => {
                self.after_image_status(ctx, sh, *c, present.is_some());
            }
            (Await::Pull { c, requested_at }, NodeMessage::ImagePulled { result, .. }) => {
                self.after_pull(ctx, sh, *c, *requested_at, result);
            }
            (Await::Create(c), NodeMessage::ContainerCreated { result, .. }) => {
                self.after_create(ctx, sh, *c, result);
            }
            (Await::Start(_), NodeMessage::ContainerStarted { container, .. }) => {
                self.after_start(ctx, sh, container);
            }
            _ => return false,
        }
        true
    }

    /// The end of `pullImage`: `Pulled` and on to create, or `Failed` and the image back-off.
    fn after_pull(
        &mut self,
        ctx: &mut Ctx,
        sh: &mut Shared,
        c: ContainerRef,
        requested_at: SimTime,
        result: &Result<PulledImage, String>,
    ) {
        let Some(spec) = self.spec(c).cloned() else {
            return;
        };
        match result {
            Ok(p) => {
                let total = ctx.now.saturating_sub(requested_at);
                let pull = SimDuration::from_millis(p.pull_ms);
                let text = images::pulled(&spec.image, pull, total, p.size_bytes);
                self.event(ctx, sh, &spec.name, NORMAL, "Pulled", text);
                self.create(ctx, sh, c);
            }
            Err(e) => {
                let text = images::failed_to_pull(&spec.image, e);
                self.event(ctx, sh, &spec.name, WARNING, "Failed", text);
                let key = images::backoff_key(self.uid(), &spec.image);
                sh.image_backoff.next(&key, ctx.now, ctx.now);
                sh.last_pull_error.insert(key, e.clone());
                self.fail(ctx, sh, &spec.name, "ErrImagePull", e.clone());
            }
        }
    }

    /// `Created`, then `StartContainer`; or `CreateContainerError`.
    fn after_create(
        &mut self,
        ctx: &mut Ctx,
        sh: &Shared,
        c: ContainerRef,
        result: &Result<ContainerSnapshot, String>,
    ) {
        match result {
            Ok(snapshot) => {
                self.runtime.upsert(snapshot.clone());
                let created = "Container created".to_string();
                self.event(ctx, sh, &snapshot.name, NORMAL, "Created", created);
                let (pod_uid, container_id) = (self.uid().to_string(), snapshot.id.clone());
                self.cri(
                    ctx,
                    sh,
                    NodeMessage::StartContainer {
                        pod_uid,
                        container_id,
                    },
                );
                self.waiting = Some(Await::Start(c));
            }
            Err(e) => {
                let name = self.spec(c).map(|s| s.name.clone()).unwrap_or_default();
                let event = format!("Error: {e}");
                self.fail_with_event(ctx, sh, &name, "CreateContainerError", e.clone(), event);
            }
        }
    }

    /// `Started` (and the waiting reason cleared), or `RunContainerError`.
    fn after_start(&mut self, ctx: &mut Ctx, sh: &Shared, container: &ContainerSnapshot) {
        self.runtime.upsert(container.clone());
        self.pending_sync = true;
        if container.state == ContainerState::Exited {
            let e = format!(
                "failed to start container {:?}: {}",
                container.id, container.reason
            );
            let event = format!("Error: {e}");
            self.fail_with_event(ctx, sh, &container.name, "RunContainerError", e, event);
        } else {
            let started = "Container started".to_string();
            self.event(ctx, sh, &container.name, NORMAL, "Started", started);
            self.reasons.remove(&container.name);
        }
    }

    /// Mirrors `imagePullPrecheck` and the present-image branch of `EnsureImageExists`.
    fn after_image_status(
        &mut self,
        ctx: &mut Ctx,
        sh: &mut Shared,
        c: ContainerRef,
        present: bool,
    ) {
        let Some(spec) = self.spec(c).cloned() else {
            return;
        };
        if present {
            let text = images::already_present(&spec.image);
            self.event(ctx, sh, &spec.name, NORMAL, "Pulled", text);
            self.create(ctx, sh, c);
        } else if images::pull_policy(&spec) == PullPolicy::Never {
            let text = images::never_pull(&spec.image);
            self.event(
                ctx,
                sh,
                &spec.name,
                WARNING,
                "ErrImageNeverPull",
                text.clone(),
            );
            self.fail(ctx, sh, &spec.name, "ErrImageNeverPull", text);
        } else {
            self.begin_pull(ctx, sh, c, &spec);
        }
    }

    /// Mirrors `generateContainerConfig`, then sends `CreateContainer`.
    fn create(&mut self, ctx: &mut Ctx, sh: &Shared, c: ContainerRef) {
        let Some(spec) = self.spec(c).cloned() else {
            return;
        };
        let attempt = self.runtime.latest(&spec.name).map_or(0, |x| x.attempt + 1);
        let mounts = match self.mounts(ctx, &spec) {
            Ok(m) => m,
            Err((volume, e)) => return self.mount_failed(ctx, sh, &spec.name, &volume, e),
        };
        let pod_ip = self.runtime.sandbox_ip.clone().unwrap_or_default();
        let env = match env::environment(&self.pod, &spec, ctx.store, &sh.host_ip, &pod_ip) {
            Ok(env) => env,
            Err(e) => {
                // generateContainerConfig failed: `Error: ...` and CreateContainerConfigError.
                let event = format!("Error: {e}");
                return self.fail_with_event(
                    ctx,
                    sh,
                    &spec.name,
                    "CreateContainerConfigError",
                    e,
                    event,
                );
            }
        };
        let expand = |v: &[String]| -> Vec<String> {
            v.iter().map(|s| expand_kubernetes_vars(s, &env)).collect()
        };
        let config = ContainerConfig {
            name: spec.name.clone(),
            attempt,
            image: spec.image.clone(),
            command: expand(&spec.command),
            args: expand(&spec.args),
            env: env.clone(),
            mounts,
            memory_limit_bytes: spec
                .resources
                .limits
                .get("memory")
                .and_then(|q| q.value().ok()),
        };
        let pod_uid = self.uid().to_string();
        self.cri(ctx, sh, NodeMessage::CreateContainer { pod_uid, config });
        self.waiting = Some(Await::Create(c));
    }

    /// `(volume id, mount path, files)` per volumeMount, the id chosen by `volumes::volume_id`
    /// (emptyDir the pod's, hostPath the node's, NFS the cluster's network share, ConfigMap and
    /// Secret the pod's with the object's keys as files). Errs with the volume's name when its
    /// ConfigMap or Secret is missing or its source is not simulated.
    fn mounts(&self, ctx: &Ctx, spec: &Container) -> Result<Vec<VolumeMount>, (String, String)> {
        let mut mounts = Vec::new();
        for m in &spec.volume_mounts {
            let Some(v) = self.pod.spec.volumes.iter().find(|v| v.name == m.name) else {
                continue;
            };
            let files =
                env::projected_files(&self.pod, v, ctx.store).map_err(|e| (v.name.clone(), e))?;
            let (id, source_read_only) = super::volumes::volume_id(self.uid(), v, files.is_some())
                .map_err(|e| (v.name.clone(), e))?;
            mounts.push(VolumeMount {
                volume_id: id,
                path: m.mount_path.clone(),
                files: files.unwrap_or_default(),
                read_only: m.read_only || source_read_only,
            });
        }
        Ok(mounts)
    }

    /// The volume manager could not set a volume up: upstream the pod waits in
    /// ContainerCreating and retries; here the check happens when the container is created.
    fn mount_failed(
        &mut self,
        ctx: &mut Ctx,
        sh: &Shared,
        container: &str,
        volume: &str,
        e: String,
    ) {
        let text = format!("MountVolume.SetUp failed for volume \"{volume}\" : {e}");
        self.pod_event(ctx, sh, WARNING, "FailedMount", text);
        self.reasons.insert(
            container.to_string(),
            ("ContainerCreating".to_string(), String::new()),
        );
        if self.sync_error.is_none() {
            self.sync_error = Some(SyncError::Other);
        }
    }
}
