//! The Containers tab: the pod's sandbox, each init and app container's status, its restart
//! back-off, and the pod's volumes.
//!
//! Container state comes from the pod's status as the kubelet last wrote it (what `kubectl
//! describe` prints); the sandbox from what the node's kubelet learned over the CRI; the
//! back-off period from the kubelet's restart back-off, keyed as upstream keys it
//! (`<pod>_<namespace>_<uid>_<container>`).

use super::{clock, find_pod};
use podflow_engine::api::pod::{Container, ContainerState, ContainerStatus, Volume};
use podflow_engine::api::Pod;
use podflow_engine::kubelet::backoff::go_duration;
use podflow_engine::{Cluster, SimDuration};

/// The pause image the runtime starts every sandbox from.
pub const PAUSE_IMAGE: &str = "registry.k8s.io/pause:3.10";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainersView {
    pub sandbox: SandboxView,
    pub containers: Vec<ContainerView>,
    pub volumes: Vec<VolumeView>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SandboxState {
    /// No node yet: nothing runs anywhere.
    NotScheduled,
    /// Bound, but the kubelet has not created it (or has not heard back yet).
    NotCreated,
    /// `SANDBOX_READY`: the pause container holds the pod's network namespace and IP.
    Ready,
    /// `SANDBOX_NOTREADY`: it existed and was stopped or removed.
    NotReady,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SandboxView {
    pub state: SandboxState,
    pub node: String,
    pub ip: String,
    /// How many sandboxes the kubelet created for this pod.
    pub attempts: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateKind {
    Waiting,
    Running,
    Terminated,
    /// No status reported yet.
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateView {
    pub kind: StateKind,
    pub reason: String,
    pub message: String,
    pub exit_code: Option<i32>,
    pub started: Option<String>,
    pub finished: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackoffView {
    /// The kubelet's current wait before restarting this container (`10s`, `20s`, ... `5m0s`).
    pub period: String,
    /// While in CrashLoopBackOff: when the wait ends, on the virtual clock.
    pub until: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountView {
    pub volume: String,
    pub path: String,
    pub read_only: bool,
    pub sub_path: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerView {
    pub init: bool,
    pub name: String,
    pub image: String,
    pub state: StateView,
    pub last_state: Option<StateView>,
    pub ready: bool,
    pub restarts: i32,
    pub backoff: Option<BackoffView>,
    pub mounts: Vec<MountView>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolumeView {
    pub name: String,
    /// The volume source's field name: `emptyDir`, `hostPath`, `configMap`, ...
    pub kind: &'static str,
    /// The source's main setting: a host path, a medium, a referenced object's name.
    pub detail: String,
}

/// The Containers tab for a pod; `None` when the pod does not exist.
pub fn containers(c: &Cluster, namespace: &str, name: &str) -> Option<ContainersView> {
    let pod = find_pod(c, namespace, name)?;
    let status = &pod.status;
    let mut list: Vec<ContainerView> = pod
        .spec
        .init_containers
        .iter()
        .map(|s| container(c, pod, s, &status.init_container_statuses, true))
        .collect();
    list.extend(
        pod.spec
            .containers
            .iter()
            .map(|s| container(c, pod, s, &status.container_statuses, false)),
    );
    Some(ContainersView {
        sandbox: sandbox(c, pod),
        containers: list,
        volumes: pod.spec.volumes.iter().map(volume).collect(),
    })
}

fn sandbox(c: &Cluster, pod: &Pod) -> SandboxView {
    let node = pod.spec.node_name.clone();
    let runtime = c
        .node_agents()
        .get(node.as_str())
        .and_then(|a| a.kubelet.worker(&pod.metadata.uid))
        .map(|w| &w.runtime);
    let (state, ip, attempts) = match runtime {
        _ if node.is_empty() => (SandboxState::NotScheduled, String::new(), 0),
        Some(r) => match &r.sandbox_ip {
            Some(ip) => (SandboxState::Ready, ip.clone(), r.sandbox_attempts),
            None if r.sandbox_attempts > 0 => {
                (SandboxState::NotReady, String::new(), r.sandbox_attempts)
            }
            None => (SandboxState::NotCreated, String::new(), 0),
        },
        None => (SandboxState::NotCreated, String::new(), 0),
    };
    SandboxView {
        state,
        node,
        ip,
        attempts,
    }
}

fn container(
    c: &Cluster,
    pod: &Pod,
    spec: &Container,
    statuses: &[ContainerStatus],
    init: bool,
) -> ContainerView {
    let status = statuses.iter().find(|s| s.name == spec.name);
    let state = status.map_or_else(unknown, |s| state(&s.state));
    let last_state = status
        .filter(|s| !s.last_state.is_empty())
        .map(|s| state_view(&s.last_state));
    ContainerView {
        init,
        name: spec.name.clone(),
        image: spec.image.clone(),
        backoff: backoff(c, pod, &spec.name, &state, status),
        state,
        last_state,
        ready: status.is_some_and(|s| s.ready),
        restarts: status.map_or(0, |s| s.restart_count),
        mounts: spec
            .volume_mounts
            .iter()
            .map(|m| MountView {
                volume: m.name.clone(),
                path: m.mount_path.clone(),
                read_only: m.read_only,
                sub_path: m.sub_path.clone(),
            })
            .collect(),
    }
}

fn unknown() -> StateView {
    StateView {
        kind: StateKind::Unknown,
        reason: String::new(),
        message: String::new(),
        exit_code: None,
        started: None,
        finished: None,
    }
}

fn state(s: &ContainerState) -> StateView {
    if s.is_empty() {
        unknown()
    } else {
        state_view(s)
    }
}

fn state_view(s: &ContainerState) -> StateView {
    let mut v = unknown();
    if let Some(w) = &s.waiting {
        v.kind = StateKind::Waiting;
        v.reason = w.reason.clone();
        v.message = w.message.clone();
    } else if let Some(r) = &s.running {
        v.kind = StateKind::Running;
        v.started = r.started_at.map(|t| clock(t.0));
    } else if let Some(t) = &s.terminated {
        v.kind = StateKind::Terminated;
        v.reason = t.reason.clone();
        v.message = t.message.clone();
        v.exit_code = Some(t.exit_code);
        v.started = t.started_at.map(|x| clock(x.0));
        v.finished = t.finished_at.map(|x| clock(x.0));
    }
    v
}

/// The kubelet's restart back-off for one container, once it has restarted it at least once.
fn backoff(
    c: &Cluster,
    pod: &Pod,
    name: &str,
    state: &StateView,
    status: Option<&ContainerStatus>,
) -> Option<BackoffView> {
    let m = &pod.metadata;
    let key = format!("{}_{}_{}_{name}", m.name, m.namespace, m.uid);
    let agents = c.node_agents().get(pod.spec.node_name.as_str())?;
    let period = agents.kubelet.container_backoff().get(&key);
    if period == SimDuration::ZERO {
        return None;
    }
    let finished = status
        .and_then(|s| s.last_state.terminated.as_ref())
        .and_then(|t| t.finished_at);
    let until = match finished {
        Some(f) if state.reason == "CrashLoopBackOff" && f.0 + period > c.now() => {
            Some(clock(f.0 + period))
        }
        _ => None,
    };
    Some(BackoffView {
        period: go_duration(period),
        until,
    })
}

fn volume(v: &Volume) -> VolumeView {
    // The untyped sources are JSON values: read their one telling field.
    macro_rules! named {
        ($source:expr, $field:literal) => {
            $source
                .as_ref()
                .and_then(|o| o.get($field))
                .and_then(|n| n.as_str())
                .unwrap_or_default()
                .to_string()
        };
    }
    let (kind, detail) = if let Some(e) = &v.empty_dir {
        ("emptyDir", e.medium.clone())
    } else if let Some(h) = &v.host_path {
        ("hostPath", h.path.clone())
    } else if v.config_map.is_some() {
        ("configMap", named!(v.config_map, "name"))
    } else if v.secret.is_some() {
        ("secret", named!(v.secret, "secretName"))
    } else if v.persistent_volume_claim.is_some() {
        let claim = named!(v.persistent_volume_claim, "claimName");
        ("persistentVolumeClaim", claim)
    } else if v.projected.is_some() {
        ("projected", String::new())
    } else if v.downward_api.is_some() {
        ("downwardAPI", String::new())
    } else if v.nfs.is_some() {
        ("nfs", named!(v.nfs, "path"))
    } else {
        ("", String::new())
    };
    VolumeView {
        name: v.name.clone(),
        kind,
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{advance_secs, run};
    use super::*;

    const LIVENESS: &str = include_str!("../../assets/examples/liveness-exec.yaml");

    #[test]
    fn a_running_nginx_pod_has_a_ready_sandbox_and_a_running_container() {
        let mut c = Cluster::new(1);
        run(&mut c, "kubectl run web --image=nginx", None);
        let before = containers(&c, "default", "web").expect("pod");
        assert_eq!(before.sandbox.state, SandboxState::NotScheduled);
        advance_secs(&mut c, 30);
        let v = containers(&c, "default", "web").expect("pod");
        assert_eq!(v.sandbox.state, SandboxState::Ready);
        assert!(v.sandbox.ip.starts_with("10.244."), "{:?}", v.sandbox);
        assert_eq!(v.containers.len(), 1);
        let web = &v.containers[0];
        assert_eq!(web.state.kind, StateKind::Running);
        assert!(web.ready && web.restarts == 0 && web.backoff.is_none());
        assert!(web.state.started.is_some());
        assert_eq!(containers(&c, "default", "gone"), None);
    }

    #[test]
    fn liveness_restarts_leave_a_terminated_last_state_then_a_back_off() {
        let mut c = Cluster::new(1);
        run(&mut c, "kubectl apply -f -", Some(LIVENESS));
        advance_secs(&mut c, 90);
        let v = containers(&c, "default", "liveness-exec").expect("pod");
        let ct = &v.containers[0];
        assert_eq!(ct.restarts, 1, "{ct:?}");
        let last = ct.last_state.as_ref().expect("a last state");
        assert_eq!(last.kind, StateKind::Terminated);
        assert_eq!((last.reason.as_str(), last.exit_code), ("Error", Some(137)));
        // The first restart planned while the container still ran: no exited instance to
        // back off from yet, as upstream's doBackOff.
        assert_eq!(ct.backoff, None);
        advance_secs(&mut c, 90);
        let v = containers(&c, "default", "liveness-exec").expect("pod");
        let ct = &v.containers[0];
        assert_eq!(ct.restarts, 2, "{ct:?}");
        assert_eq!(ct.backoff.as_ref().map(|b| b.period.as_str()), Some("10s"));
    }

    #[test]
    fn volumes_and_mounts_are_listed() {
        let mut c = Cluster::new(1);
        let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: vol\nspec:\n  initContainers:\n  - name: init\n    image: busybox\n    command: [\"sh\", \"-c\", \"echo hi > /work/index.html\"]\n    volumeMounts:\n    - name: work\n      mountPath: /work\n  containers:\n  - name: web\n    image: nginx\n    volumeMounts:\n    - name: work\n      mountPath: /usr/share/nginx/html\n      readOnly: true\n  volumes:\n  - name: work\n    emptyDir: {}\n";
        run(&mut c, "kubectl apply -f -", Some(yaml));
        advance_secs(&mut c, 60);
        let v = containers(&c, "default", "vol").expect("pod");
        assert_eq!(
            (v.volumes[0].name.as_str(), v.volumes[0].kind),
            ("work", "emptyDir")
        );
        // The service account token volume the API server adds.
        assert_eq!(v.volumes[1].kind, "projected");
        assert!(v.containers[0].init && !v.containers[1].init);
        assert_eq!(v.containers[0].state.kind, StateKind::Terminated);
        assert_eq!(v.containers[0].state.reason, "Completed");
        let m = &v.containers[1].mounts[0];
        assert_eq!(
            (m.path.as_str(), m.read_only),
            ("/usr/share/nginx/html", true)
        );
    }
}
