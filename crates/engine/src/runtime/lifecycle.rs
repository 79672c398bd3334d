//! Container lifecycle calls of the runtime: create, start, stop, exec, and answering probes.
//!
//! Mirrors containerd `internal/cri/server/container_create.go`, `container_start.go`,
//! `container_stop.go` (SIGTERM, wait for the timeout, then SIGKILL), `container_execsync.go`,
//! and, for probes, what the kernel answers a connect to a pod IP: the listening process, or
//! `connection refused`. Output strings of failed probes are those of
//! `pkg/probe/http/http.go` and `pkg/probe/tcp/tcp.go`.

use super::container::Container;
use super::images::lookup;
use super::shell::{self, Filesystem, FsView, Process};
use super::Runtime;
use crate::clock::{SimDuration, SimTime};
use crate::cluster::{Ctx, TimerKind};
use crate::kubelet::cri::{ContainerConfig, ContainerSnapshot, ContainerState, NodeMessage};
use crate::trace::Actor;

impl Runtime {
    /// `CreateContainer`: a root filesystem with the pod's volumes mounted and a process ready
    /// to start.
    pub(super) fn create_container(
        &mut self,
        ctx: &mut Ctx,
        pod_uid: &str,
        config: &ContainerConfig,
    ) -> Result<ContainerSnapshot, String> {
        let Some(sandbox) = self.sandboxes.get(pod_uid) else {
            return Err(format!("failed to get sandbox of pod {pod_uid}: not found"));
        };
        let (hostname, pod_ip) = (sandbox.pod.name.clone(), sandbox.ip.clone());
        let (info, resolved) = lookup(&config.image).map_err(|e| e.message())?;
        let Some(present) = self.images.status(&config.image, ctx.now) else {
            return Err(format!(
                "failed to get image {:?}: image \"{}\": not found",
                config.image,
                resolved.full()
            ));
        };
        let mut fs = Filesystem::new(info, &hostname, &pod_ip);
        for m in &config.mounts {
            self.volumes.ensure(&m.volume_id);
            for (rel, contents) in &m.files {
                self.volumes.write(&m.volume_id, rel, contents);
            }
            fs.mount(&m.path, &m.volume_id, m.read_only);
        }
        let (process, start_error) =
            match Process::spawn(info, &config.command, &config.args, &config.env, &hostname) {
                Ok(p) => (Some(p), None),
                Err(e) => (None, Some(e.message)),
            };
        let id = container_id(ctx);
        let container = Container {
            id: id.clone(),
            pod_uid: pod_uid.to_string(),
            name: config.name.clone(),
            attempt: config.attempt,
            image: resolved.full(),
            image_ref: present.image_ref,
            info,
            state: ContainerState::Created,
            created_at: ctx.now,
            started_at: None,
            finished_at: None,
            exit_code: 0,
            reason: String::new(),
            process,
            start_error,
            fs,
            env: config.env.clone(),
            logs: Vec::new(),
            memory_limit_bytes: config.memory_limit_bytes,
            kill_at: None,
        };
        let snapshot = container.snapshot();
        self.containers.insert(id, container);
        self.prune(pod_uid, &config.name);
        Ok(snapshot)
    }

    /// Keeps the two newest instances of a pod's container (current and previous).
    fn prune(&mut self, pod_uid: &str, name: &str) {
        let mut instances: Vec<(u32, SimTime, String)> = self
            .containers
            .values()
            .filter(|c| c.pod_uid == pod_uid && c.name == name && !c.is_running())
            .map(|c| (c.attempt, c.created_at, c.id.clone()))
            .collect();
        crate::sort::ord(&mut instances);
        let excess = instances.len().saturating_sub(2);
        for (_, _, id) in instances.into_iter().take(excess) {
            self.containers.remove(&id);
        }
    }

    /// `StartContainer`: the process starts; the answer goes out before anything it does.
    pub(super) fn start_container(&mut self, ctx: &mut Ctx, to: &Actor, id: &str) {
        let Some(c) = self.containers.get_mut(id) else {
            return;
        };
        c.state = ContainerState::Running;
        c.started_at = Some(ctx.now);
        let failed = c.start_error.is_some();
        if failed {
            c.exit(ctx.now, shell::StartError::EXIT_CODE, "StartError");
        }
        let msg = NodeMessage::ContainerStarted {
            pod_uid: c.pod_uid.clone(),
            container: c.snapshot(),
        };
        self.reply(ctx, to, 0, msg);
        if !failed {
            self.step(ctx, id);
        }
    }

    /// `StopContainer`: SIGTERM now, SIGKILL when the grace period ends.
    pub(super) fn stop_container(&mut self, ctx: &mut Ctx, to: &Actor, id: &str, grace_secs: i64) {
        let Some(c) = self.containers.get_mut(id) else {
            return;
        };
        if !c.is_running() {
            let msg = NodeMessage::ContainerStopped {
                pod_uid: c.pod_uid.clone(),
                container: c.snapshot(),
            };
            return self.reply(ctx, to, 0, msg);
        }
        let grace = grace_secs.clamp(0, i64::from(u32::MAX)) as u64;
        let kill_at = ctx.now + SimDuration::from_secs(grace);
        c.kill_at = Some(kill_at);
        let next = c.sigterm(ctx.now);
        let timer = TimerKind::Runtime(super::Timer::Kill(id.to_string()));
        ctx.out.timer(kill_at, &self.actor(), timer);
        self.follow(ctx, id, next);
    }

    /// `ExecSync`: `(exit code, combined output, time it took)`.
    /// A command that outlasts its timeout is answered at the timeout as the kubelet's
    /// remote runtime client words a `DeadlineExceeded`: `command "…" timed out`.
    pub(super) fn exec(
        &mut self,
        ctx: &mut Ctx,
        id: &str,
        argv: &[String],
        timeout_secs: Option<i64>,
    ) -> ExecOutcome {
        let Some(c) = self.containers.get_mut(id).filter(|c| c.is_running()) else {
            let e = "rpc error: code = NotFound desc = failed to exec in container: container is in CONTAINER_EXITED state";
            return ExecOutcome {
                exit_code: -1,
                output: String::new(),
                delay_ms: 0,
                error: Some(e.to_string()),
            };
        };
        let env = c.env.clone();
        let mut view = FsView::new(&mut c.fs, &mut self.volumes);
        let r = shell::exec(argv, &mut view, ctx.now, &env);
        if let Some(e) = r.start_error {
            let exec_id = container_id(ctx);
            let e = format!("rpc error: code = Unknown desc = failed to exec in container: failed to start exec {exec_id:?}: {e}");
            return ExecOutcome {
                exit_code: -1,
                output: String::new(),
                delay_ms: 0,
                error: Some(e),
            };
        }
        let timeout_ms = timeout_secs.map(|t| t.clamp(1, i64::from(u32::MAX)) as u64 * 1000);
        if let Some(limit) = timeout_ms.filter(|l| r.duration.as_millis() > *l) {
            let output = format!("command {:?} timed out", argv.join(" "));
            return ExecOutcome {
                exit_code: -1,
                output,
                delay_ms: limit,
                error: None,
            };
        }
        let mut output = r.stdout;
        output.push_str(&r.stderr);
        ExecOutcome {
            exit_code: r.exit_code,
            output,
            delay_ms: r.duration.as_millis(),
            error: None,
        }
    }

    /// Answers an HTTP GET or TCP connect to the pod's IP from its containers' processes.
    pub(super) fn answer_probe(&self, msg: &NodeMessage, now: SimTime) -> Option<NodeMessage> {
        let (pod_uid, container_id, probe, success, output) = match msg {
            NodeMessage::HttpProbe {
                pod_uid,
                container_id,
                probe,
                url,
                port,
            } => {
                let path = url_path(url);
                let status = self
                    .pod_containers(pod_uid)
                    .find_map(|c| c.http_get_in(*port as u16, &path, now, &self.volumes));
                let host = url_host(url);
                let (ok, out) = match status {
                    Some(s) if (200..400).contains(&s) => (true, String::new()),
                    Some(s) => (false, format!("HTTP probe failed with statuscode: {s}")),
                    None => (
                        false,
                        format!("Get \"{url}\": dial tcp {host}: connect: connection refused"),
                    ),
                };
                (pod_uid, container_id, probe, ok, out)
            }
            NodeMessage::TcpProbe {
                pod_uid,
                container_id,
                probe,
                host,
                port,
            } => {
                let open = self
                    .pod_containers(pod_uid)
                    .any(|c| c.listening_ports().contains(&(*port as u16)));
                let out = if open {
                    String::new()
                } else {
                    format!("dial tcp {host}:{port}: connect: connection refused")
                };
                (pod_uid, container_id, probe, open, out)
            }
            _ => return None,
        };
        Some(NodeMessage::ProbeResult {
            pod_uid: pod_uid.clone(),
            container_id: container_id.clone(),
            probe: *probe,
            success,
            output,
            error: None,
        })
    }

    fn pod_containers<'a>(&'a self, pod_uid: &'a str) -> impl Iterator<Item = &'a Container> + 'a {
        self.containers
            .values()
            .filter(move |c| c.pod_uid == pod_uid && c.is_running())
    }
}

/// What `ExecSync` gives back.
pub(super) struct ExecOutcome {
    pub exit_code: i32,
    pub output: String,
    pub delay_ms: u64,
    pub error: Option<String>,
}

/// A container id as containerd makes them: 64 hex digits.
fn container_id(ctx: &mut Ctx) -> String {
    (0..4)
        .map(|_| format!("{:016x}", ctx.rng.next_u64()))
        .collect()
}

/// `/healthz` from `http://10.244.1.5:8080/healthz`.
fn url_path(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.find('/')
        .map_or("/".to_string(), |i| rest[i..].to_string())
}

/// `10.244.1.5:8080` from the same.
fn url_host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split('/').next().unwrap_or(rest).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_host_and_path() {
        assert_eq!(url_path("http://10.244.1.5:8080/healthz"), "/healthz");
        assert_eq!(url_path("http://10.244.1.5:80"), "/");
        assert_eq!(url_host("http://10.244.1.5:80/x"), "10.244.1.5:80");
    }
}
