//! The Container Runtime Interface as node-local messages: kubelet ⇄ containerd, and the
//! kubelet's probes sent to a pod's containers.
//!
//! Mirrors `staging/src/k8s.io/cri-api/pkg/apis/runtime/v1/api.proto` (RunPodSandbox,
//! PullImage, CreateContainer, StartContainer, StopContainer, RemovePodSandbox, ExecSync) and
//! the evented PLEG's `ContainerEventResponse`. Each call is one envelope and each answer
//! another, so the stage animates kubelet → containerd → container. Left out: the image
//! service's list/status/remove calls, container stats, port-forward and attach; HTTP and TCP
//! probes travel to the runtime's node because the runtime owns the pod network here.

use crate::clock::SimTime;

/// Which pod a call is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodRef {
    pub uid: String,
    pub namespace: String,
    pub name: String,
}

/// `ContainerConfig` as the kubelet builds it (`generateContainerConfig`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContainerConfig {
    pub name: String,
    /// The restart count of the instance being created (`metadata.attempt`).
    pub attempt: u32,
    pub image: String,
    pub command: Vec<String>,
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    pub mounts: Vec<VolumeMount>,
    /// `resources.limits.memory` in bytes, the memory cgroup's limit.
    pub memory_limit_bytes: Option<i64>,
}

/// A volume bind-mounted into a container. The kubelet names the volume
/// (`emptydir/<pod uid>/<name>`, `hostpath/<path>`, `projected/<pod uid>/<name>`), so an
/// emptyDir is shared by the pod's containers; `files` are written into it first (the keys of
/// a ConfigMap or Secret volume).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolumeMount {
    pub volume_id: String,
    pub path: String,
    pub files: Vec<(String, String)>,
    /// `volumeMounts[].readOnly`, or a source that is read-only (ConfigMap, Secret, an NFS
    /// export with `readOnly: true`).
    pub read_only: bool,
}

/// The CRI container states (`ContainerState` in api.proto).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContainerState {
    Created,
    Running,
    Exited,
}

/// `ContainerStatus` as the runtime reports it.
#[derive(Clone, Debug, PartialEq)]
pub struct ContainerSnapshot {
    pub id: String,
    pub name: String,
    pub attempt: u32,
    pub state: ContainerState,
    pub image: String,
    pub image_ref: String,
    pub created_at: SimTime,
    pub started_at: Option<SimTime>,
    pub finished_at: Option<SimTime>,
    pub exit_code: i32,
    /// `Completed`, `Error`, `OOMKilled` once exited.
    pub reason: String,
}

/// What a successful pull reports back, for the `Pulled` event.
#[derive(Clone, Debug, PartialEq)]
pub struct PulledImage {
    /// `docker.io/library/nginx@sha256:…`, the status's `imageID`.
    pub image_ref: String,
    pub size_bytes: u64,
    /// How long the pull itself took, without waiting for earlier pulls.
    pub pull_ms: u64,
}

/// The three probe types (`pkg/kubelet/prober/results` `probeType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProbeType {
    Liveness,
    Readiness,
    Startup,
}

impl ProbeType {
    /// `Liveness`, as probe event messages spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            ProbeType::Liveness => "Liveness",
            ProbeType::Readiness => "Readiness",
            ProbeType::Startup => "Startup",
        }
    }
}

/// Why the kubelet runs a command in a container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExecPurpose {
    Probe(ProbeType),
    PreStop,
    /// `kubectl exec`, with the request's id.
    Kubectl(u64),
}

/// Messages between a node's kubelet, its container runtime and its containers.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeMessage {
    RunPodSandbox {
        pod: PodRef,
    },
    PodSandboxReady {
        pod_uid: String,
        ip: String,
    },
    /// `ImageStatus`: is the image present on the node?
    ImageStatus {
        pod_uid: String,
        image: String,
    },
    ImageStatusResult {
        pod_uid: String,
        image: String,
        present: Option<PulledImage>,
    },
    PullImage {
        pod_uid: String,
        image: String,
    },
    ImagePulled {
        pod_uid: String,
        image: String,
        result: Result<PulledImage, String>,
    },
    CreateContainer {
        pod_uid: String,
        config: ContainerConfig,
    },
    ContainerCreated {
        pod_uid: String,
        name: String,
        result: Result<ContainerSnapshot, String>,
    },
    StartContainer {
        pod_uid: String,
        container_id: String,
    },
    ContainerStarted {
        pod_uid: String,
        container: ContainerSnapshot,
    },
    StopContainer {
        pod_uid: String,
        container_id: String,
        grace_secs: i64,
    },
    ContainerStopped {
        pod_uid: String,
        container: ContainerSnapshot,
    },
    RemovePodSandbox {
        pod_uid: String,
    },
    PodSandboxRemoved {
        pod_uid: String,
    },
    ExecSync {
        pod_uid: String,
        container_id: String,
        argv: Vec<String>,
        purpose: ExecPurpose,
        /// `ExecSyncRequest.timeout`: a probe's `timeoutSeconds`; none for hooks and kubectl.
        timeout_secs: Option<i64>,
    },
    ExecSyncResult {
        pod_uid: String,
        container_id: String,
        purpose: ExecPurpose,
        exit_code: i32,
        output: String,
        /// The exec could not run at all (gRPC error text); the exit code then means nothing.
        error: Option<String>,
    },
    /// `GET <url>` from the kubelet's prober to a container's port.
    HttpProbe {
        pod_uid: String,
        container_id: String,
        probe: ProbeType,
        url: String,
        port: i32,
    },
    /// A TCP connect from the kubelet's prober to a container's port.
    TcpProbe {
        pod_uid: String,
        container_id: String,
        probe: ProbeType,
        host: String,
        port: i32,
    },
    ProbeResult {
        pod_uid: String,
        container_id: String,
        probe: ProbeType,
        success: bool,
        output: String,
        /// The probe could not be made (its result is then thrown away).
        error: Option<String>,
    },
    /// `kubectl exec`: a command for a pod's container, as the kubelet's exec endpoint
    /// receives it (the API server's proxying is left out).
    Exec {
        pod_uid: String,
        container: String,
        argv: Vec<String>,
        id: u64,
    },
    /// The kubelet's answer to `kubectl exec`.
    ExecOutput {
        pod_uid: String,
        id: u64,
        exit_code: i32,
    },
    /// PLEG: a container exited on its own (crash, completion, OOM kill).
    ContainerExited {
        pod_uid: String,
        container: ContainerSnapshot,
    },
    /// A connection to a Service: client → kube-proxy → the chosen pod's node (`proxy.rs`).
    ServiceRequest(crate::proxy::Connection),
    /// Its answer, back the same way.
    ServiceResponse(crate::proxy::Connection),
}

impl NodeMessage {
    /// The pod the message concerns.
    pub fn pod_uid(&self) -> &str {
        use NodeMessage::*;
        match self {
            ServiceRequest(_) | ServiceResponse(_) => "",
            RunPodSandbox { pod } => &pod.uid,
            PodSandboxReady { pod_uid, .. }
            | ImageStatus { pod_uid, .. }
            | ImageStatusResult { pod_uid, .. }
            | PullImage { pod_uid, .. }
            | ImagePulled { pod_uid, .. }
            | CreateContainer { pod_uid, .. }
            | ContainerCreated { pod_uid, .. }
            | StartContainer { pod_uid, .. }
            | ContainerStarted { pod_uid, .. }
            | StopContainer { pod_uid, .. }
            | ContainerStopped { pod_uid, .. }
            | RemovePodSandbox { pod_uid }
            | PodSandboxRemoved { pod_uid }
            | ExecSync { pod_uid, .. }
            | ExecSyncResult { pod_uid, .. }
            | HttpProbe { pod_uid, .. }
            | TcpProbe { pod_uid, .. }
            | ProbeResult { pod_uid, .. }
            | Exec { pod_uid, .. }
            | ExecOutput { pod_uid, .. }
            | ContainerExited { pod_uid, .. } => pod_uid,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_name_the_cri_call() {
        let m = NodeMessage::PullImage {
            pod_uid: "u".into(),
            image: "nginx".into(),
        };
        assert_eq!(m.describe(), ("pull-image", "PullImage nginx".to_string()));
        let m = NodeMessage::StopContainer {
            pod_uid: "u".into(),
            container_id: "containerd://0123456789abcdef".into(),
            grace_secs: 30,
        };
        assert_eq!(m.describe().0, "stop-container");
        assert_eq!(m.describe().1, "StopContainer 0123456789abc (grace 30s)");
        assert_eq!(m.pod_uid(), "u");
    }
}
