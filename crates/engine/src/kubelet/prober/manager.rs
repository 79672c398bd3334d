//! The prober manager: one worker per probe per container, and the results they publish.
//!
//! Mirrors `pkg/kubelet/prober/prober_manager.go` (`AddPod`, `RemovePod`, `UpdatePodStatus`),
//! `pkg/kubelet/prober/results/results_manager.go` (results by container id, changes
//! published) and the request side of `pkg/kubelet/prober/prober.go` (`runProbe`: exec, HTTP
//! GET, TCP connect). Keeps every probe's time and verdict for the UI's probe timeline.
//! Left out: gRPC probes (never run), HTTP headers and HTTPS certificates.

use super::worker::{ProbeResult, ProbeSpec, Publish, Tick, Worker};
use crate::api::pod::{Container, IntOrString, Pod, PodStatus, Probe};
use crate::clock::SimTime;
use crate::kubelet::cri::{ExecPurpose, NodeMessage, ProbeType};
use crate::kubelet::pod_actions::ProbeFailures;
use crate::kubelet::runtime_cache::RuntimePod;
use crate::kubelet::status::ContainerHealth;
use std::collections::BTreeMap;

/// `(pod uid, container name, probe type)`.
pub type WorkerKey = (String, String, ProbeType);

/// One probe run, for the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct ProbeRecord {
    pub at: SimTime,
    pub container_id: String,
    pub success: bool,
    /// The probe could not run; its result was thrown away.
    pub errored: bool,
    /// The command's output, the HTTP failure, or the error.
    pub output: String,
}

/// What one probe run gave (`probe.Result` plus the prober's error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProbeOutcome {
    Success,
    Failure(String),
    Errored(String),
}

/// How many probe runs the timeline keeps per worker.
const HISTORY: usize = 200;

#[derive(Clone, Debug, Default)]
pub struct ProbeManager {
    workers: BTreeMap<WorkerKey, Worker>,
    results: BTreeMap<(ProbeType, String), ProbeResult>,
    history: BTreeMap<WorkerKey, Vec<ProbeRecord>>,
}

impl ProbeManager {
    /// Mirrors `AddPod`: a worker for every probe the pod's containers declare. Returns the new
    /// workers' keys; the caller schedules their first tick.
    pub fn add_pod(&mut self, pod: &Pod) -> Vec<WorkerKey> {
        let uid = &pod.metadata.uid;
        let mut added = vec![];
        for c in &pod.spec.containers {
            for (t, p) in probes(c) {
                let key = (uid.clone(), c.name.clone(), t);
                if !self.workers.contains_key(&key) {
                    self.workers
                        .insert(key.clone(), Worker::new(t, ProbeSpec::new(p)));
                    added.push(key);
                }
            }
        }
        added
    }

    /// Mirrors `RemovePod`: the workers stop; their history stays for the UI.
    pub fn remove_pod(&mut self, uid: &str) {
        self.workers.retain(|k, _| k.0 != uid);
    }

    /// Every live worker's key.
    pub fn keys(&self) -> Vec<WorkerKey> {
        self.workers.keys().cloned().collect()
    }

    pub fn period(&self, key: &WorkerKey) -> Option<u64> {
        self.workers.get(key).map(|w| w.spec.period_secs)
    }

    /// One tick of a worker. `None` when the worker is gone or stops.
    pub fn tick(
        &mut self,
        key: &WorkerKey,
        pod: &Pod,
        status: &PodStatus,
        now: SimTime,
    ) -> Option<Tick> {
        let w = self.workers.get_mut(key)?;
        let deleting = pod.metadata.deletion_timestamp.is_some();
        let (tick, publish) =
            w.before_probe(status, &key.1, &pod.spec.restart_policy, deleting, now);
        self.publish(key.2, publish);
        if tick == Tick::Stop {
            self.workers.remove(key);
            return None;
        }
        Some(tick)
    }

    /// Records a probe's answer; true when the published result changed. An errored probe
    /// is kept for the timeline only (`doProbe` throws its result away).
    pub fn record(
        &mut self,
        key: &WorkerKey,
        container_id: &str,
        outcome: &ProbeOutcome,
        now: SimTime,
    ) -> bool {
        let (success, errored, output) = match outcome {
            ProbeOutcome::Success => (true, false, String::new()),
            ProbeOutcome::Failure(out) => (false, false, out.clone()),
            ProbeOutcome::Errored(e) => (false, true, e.clone()),
        };
        let runs = self.history.entry(key.clone()).or_default();
        let container_id = container_id.to_string();
        runs.push(ProbeRecord {
            at: now,
            container_id: container_id.clone(),
            success,
            errored,
            output,
        });
        if runs.len() > HISTORY {
            runs.remove(0);
        }
        let Some(w) = self.workers.get_mut(key).filter(|_| !errored) else {
            return false;
        };
        let result = if success {
            ProbeResult::Success
        } else {
            ProbeResult::Failure
        };
        let publish = w.after_probe(&container_id, result);
        self.publish(key.2, publish)
    }

    /// Mirrors `results.Manager.Set`: true when the stored result changed.
    fn publish(&mut self, t: ProbeType, publish: Publish) -> bool {
        let Some((id, result)) = publish else {
            return false;
        };
        self.results.insert((t, id), result) != Some(result)
    }

    pub fn result(&self, t: ProbeType, container_id: &str) -> Option<ProbeResult> {
        self.results.get(&(t, container_id.to_string())).copied()
    }

    fn has_worker(&self, uid: &str, name: &str, t: ProbeType) -> bool {
        self.workers
            .contains_key(&(uid.to_string(), name.to_string(), t))
    }

    /// The prober's view of one pod, for status generation and `computePodActions`.
    pub fn view<'a>(&'a self, uid: &'a str, runtime: &'a RuntimePod) -> PodHealth<'a> {
        PodHealth {
            m: self,
            uid,
            runtime,
        }
    }

    /// A container's probe runs of one type, oldest first.
    pub fn history(&self, uid: &str, container: &str, t: ProbeType) -> &[ProbeRecord] {
        self.history
            .get(&(uid.to_string(), container.to_string(), t))
            .map_or(&[], Vec::as_slice)
    }

    /// The CRI message that runs one probe against a container (`prober.runProbe`); `None`
    /// when the worker is gone, an error when the probe cannot be made (a named port that does
    /// not exist, a gRPC probe).
    pub fn probe_message(
        &self,
        key: &WorkerKey,
        pod: &Pod,
        container_id: &str,
    ) -> Option<Result<NodeMessage, String>> {
        let w = self.workers.get(key)?;
        let c = pod.spec.containers.iter().find(|c| c.name == key.1)?;
        Some(build_probe(&w.spec.probe, c, pod, container_id, key.2))
    }
}

/// Mirrors `UpdatePodStatus` (ready, started) and feeds the liveness/startup verdicts to the
/// plan.
pub struct PodHealth<'a> {
    m: &'a ProbeManager,
    uid: &'a str,
    runtime: &'a RuntimePod,
}

impl PodHealth<'_> {
    fn name(&self, id: &str) -> &str {
        self.runtime.by_id(id).map_or("", |c| c.name.as_str())
    }

    fn passed(&self, t: ProbeType, id: &str) -> bool {
        match self.m.result(t, id) {
            Some(r) => r == ProbeResult::Success,
            None => !self.m.has_worker(self.uid, self.name(id), t),
        }
    }
}

impl ContainerHealth for PodHealth<'_> {
    fn ready(&self, id: &str) -> bool {
        self.started(id) && self.passed(ProbeType::Readiness, id)
    }
    fn started(&self, id: &str) -> bool {
        self.passed(ProbeType::Startup, id)
    }
}

impl ProbeFailures for PodHealth<'_> {
    fn liveness_failed(&self, id: &str) -> bool {
        self.m.result(ProbeType::Liveness, id) == Some(ProbeResult::Failure)
    }
    fn startup_failed(&self, id: &str) -> bool {
        self.m.result(ProbeType::Startup, id) == Some(ProbeResult::Failure)
    }
}

fn probes(c: &Container) -> Vec<(ProbeType, &Probe)> {
    [
        (ProbeType::Liveness, c.liveness_probe.as_ref()),
        (ProbeType::Readiness, c.readiness_probe.as_ref()),
        (ProbeType::Startup, c.startup_probe.as_ref()),
    ]
    .into_iter()
    .filter_map(|(t, p)| p.map(|p| (t, p)))
    .collect()
}

fn build_probe(
    p: &Probe,
    c: &Container,
    pod: &Pod,
    container_id: &str,
    t: ProbeType,
) -> Result<NodeMessage, String> {
    let pod_uid = pod.metadata.uid.clone();
    let container_id = container_id.to_string();
    let ip = pod.status.pod_ip.clone();
    let or_ip = |host: &str| {
        if host.is_empty() {
            ip.clone()
        } else {
            host.to_string()
        }
    };
    if let Some(exec) = &p.exec {
        let argv = exec.command.clone();
        let purpose = ExecPurpose::Probe(t);
        let timeout_secs = Some(i64::from(p.timeout_seconds.filter(|t| *t > 0).unwrap_or(1)));
        return Ok(NodeMessage::ExecSync {
            pod_uid,
            container_id,
            argv,
            purpose,
            timeout_secs,
        });
    }
    if let Some(h) = &p.http_get {
        let port = resolve_port(&h.port, c)?;
        let scheme = if h.scheme.is_empty() {
            "http".to_string()
        } else {
            h.scheme.to_lowercase()
        };
        let path = if h.path.is_empty() {
            "/"
        } else {
            h.path.as_str()
        };
        let url = format!("{scheme}://{}:{port}{path}", or_ip(&h.host));
        return Ok(NodeMessage::HttpProbe {
            pod_uid,
            container_id,
            probe: t,
            url,
            port,
        });
    }
    if let Some(tcp) = &p.tcp_socket {
        let port = resolve_port(&tcp.port, c)?;
        let host = or_ip(&tcp.host);
        return Ok(NodeMessage::TcpProbe {
            pod_uid,
            container_id,
            probe: t,
            host,
            port,
        });
    }
    Err("gRPC probes are not simulated".to_string())
}

/// A number, or the name of one of the container's ports (`findPortByName`); an unknown
/// name fails as upstream's `strconv.Atoi` fallback does.
fn resolve_port(port: &IntOrString, c: &Container) -> Result<i32, String> {
    match port {
        IntOrString::Int(n) => Ok(*n),
        IntOrString::String(name) => c
            .ports
            .iter()
            .find(|p| &p.name == name)
            .map(|p| p.container_port)
            .or_else(|| name.parse().ok())
            .ok_or_else(|| format!("strconv.Atoi: parsing {name:?}: invalid syntax")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::{ExecAction, HttpGetAction};

    fn pod() -> Pod {
        let mut p = Pod::default();
        p.metadata.uid = "u".into();
        p.status.pod_ip = "10.244.1.5".into();
        p.spec.containers.push(Container {
            name: "web".into(),
            liveness_probe: Some(Probe {
                exec: Some(ExecAction {
                    command: vec!["cat".into(), "/tmp/healthy".into()],
                }),
                ..Probe::default()
            }),
            readiness_probe: Some(Probe {
                http_get: Some(HttpGetAction {
                    port: IntOrString::Int(80),
                    ..HttpGetAction::default()
                }),
                ..Probe::default()
            }),
            ..Container::default()
        });
        p
    }

    #[test]
    fn workers_per_probe_and_messages_per_handler() {
        let mut m = ProbeManager::default();
        let keys = m.add_pod(&pod());
        assert_eq!(keys.len(), 2);
        let http = m.probe_message(&keys[1], &pod(), "abc");
        assert_eq!(
            http.and_then(Result::ok).map(|h| h.describe().1),
            Some("Readiness probe GET http://10.244.1.5:80/".to_string())
        );
        assert!(matches!(
            m.probe_message(&keys[0], &pod(), "abc"),
            Some(Ok(NodeMessage::ExecSync { .. }))
        ));
    }

    #[test]
    fn unprobed_containers_are_ready_and_readiness_starts_failed() {
        let mut m = ProbeManager::default();
        let mut rt = RuntimePod::default();
        rt.upsert(crate::kubelet::cri::ContainerSnapshot {
            id: "abc".into(),
            name: "web".into(),
            attempt: 0,
            state: crate::kubelet::cri::ContainerState::Running,
            image: String::new(),
            image_ref: String::new(),
            created_at: SimTime(0),
            started_at: None,
            finished_at: None,
            exit_code: 0,
            reason: String::new(),
        });
        assert!(m.view("u", &rt).ready("abc"));
        m.add_pod(&pod());
        m.publish(
            ProbeType::Readiness,
            Some(("abc".into(), ProbeResult::Failure)),
        );
        assert!(!m.view("u", &rt).ready("abc"));
        m.publish(
            ProbeType::Readiness,
            Some(("abc".into(), ProbeResult::Success)),
        );
        assert!(m.view("u", &rt).ready("abc"));
    }
}
