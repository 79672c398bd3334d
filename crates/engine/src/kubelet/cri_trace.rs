//! How the trace names CRI messages: a short kind and a one-line summary.
//!
//! Not an upstream file: the words are crictl's and the CRI's call names (`RunPodSandbox`,
//! `PullImage`, …), so the stage reads like the runtime's own log.

use super::cri::{ExecPurpose, NodeMessage};

impl NodeMessage {
    /// `(kind, summary)` for the trace.
    pub fn describe(&self) -> (&'static str, String) {
        self.describe_call()
            .unwrap_or_else(|| self.describe_answer())
    }

    /// The calls: kubelet → containerd, prober → container, kube-proxy → pod.
    fn describe_call(&self) -> Option<(&'static str, String)> {
        use NodeMessage::*;
        Some(match self {
            RunPodSandbox { pod } => (
                "run-pod-sandbox",
                format!("RunPodSandbox {}/{}", pod.namespace, pod.name),
            ),
            ImageStatus { image, .. } => ("image-status", format!("ImageStatus {image}")),
            PullImage { image, .. } => ("pull-image", format!("PullImage {image}")),
            CreateContainer { config, .. } => (
                "create-container",
                format!("CreateContainer {} ({})", config.name, config.image),
            ),
            StartContainer { container_id, .. } => (
                "start-container",
                format!("StartContainer {}", short(container_id)),
            ),
            StopContainer {
                container_id,
                grace_secs,
                ..
            } => (
                "stop-container",
                format!(
                    "StopContainer {} (grace {grace_secs}s)",
                    short(container_id)
                ),
            ),
            RemovePodSandbox { .. } => ("remove-pod-sandbox", "RemovePodSandbox".to_string()),
            ExecSync { argv, purpose, .. } => {
                let kind = match purpose {
                    ExecPurpose::Probe(_) => "exec-probe",
                    _ => "exec-sync",
                };
                (kind, format!("exec {}", argv.join(" ")))
            }
            HttpProbe { url, probe, .. } => {
                ("http-probe", format!("{} probe GET {url}", probe.as_str()))
            }
            TcpProbe {
                host, port, probe, ..
            } => (
                "tcp-probe",
                format!("{} probe connect {host}:{port}", probe.as_str()),
            ),
            ServiceRequest(c) => ("service-request", c.describe_request()),
            Exec {
                container, argv, ..
            } => ("exec", format!("exec {} in {container}", argv.join(" "))),
            _ => return None,
        })
    }

    /// The answers and PLEG events.
    fn describe_answer(&self) -> (&'static str, String) {
        use NodeMessage::*;
        match self {
            PodSandboxReady { ip, .. } => ("pod-sandbox-ready", format!("sandbox ready, IP {ip}")),
            ImageStatusResult { image, present, .. } => {
                let what = if present.is_some() {
                    "present"
                } else {
                    "absent"
                };
                ("image-status-result", format!("{image} {what}"))
            }
            ImagePulled { image, result, .. } => match result {
                Ok(p) => (
                    "image-pulled",
                    format!("pulled {image} ({} bytes)", p.size_bytes),
                ),
                Err(e) => ("image-pull-error", format!("pull {image} failed: {e}")),
            },
            ContainerCreated { name, result, .. } => match result {
                Ok(c) => (
                    "container-created",
                    format!("created {name} {}", short(&c.id)),
                ),
                Err(e) => (
                    "create-container-error",
                    format!("create {name} failed: {e}"),
                ),
            },
            ContainerStarted { container, .. } => {
                ("container-started", format!("started {}", container.name))
            }
            ContainerStopped { container, .. } => (
                "container-stopped",
                format!(
                    "{} stopped, exit code {}",
                    container.name, container.exit_code
                ),
            ),
            PodSandboxRemoved { .. } => ("pod-sandbox-removed", "sandbox removed".to_string()),
            ExecSyncResult { exit_code, .. } => ("exec-result", format!("exit code {exit_code}")),
            ProbeResult { success, probe, .. } => {
                let verdict = if *success { "success" } else { "failure" };
                (
                    "probe-result",
                    format!("{} probe {verdict}", probe.as_str()),
                )
            }
            ContainerExited { container, .. } => (
                "container-exited",
                format!(
                    "{} exited, exit code {} ({})",
                    container.name, container.exit_code, container.reason
                ),
            ),
            ServiceResponse(c) => ("service-response", c.describe_response()),
            ExecOutput { exit_code, .. } => ("exec-output", format!("exit code {exit_code}")),
            _ => ("node", String::new()),
        }
    }
}

/// The first 13 characters of a container id, as `crictl ps` shows it.
fn short(id: &str) -> &str {
    let bare = id.strip_prefix("containerd://").unwrap_or(id);
    bare.get(..13).unwrap_or(bare)
}
