//! One probe of one container: a small state machine ticking every `periodSeconds`.
//!
//! Mirrors `pkg/kubelet/prober/worker.go` (`newWorker`, `doProbe`): it follows the container
//! instance through the status the kubelet last generated, waits out `initialDelaySeconds`,
//! holds liveness and readiness until the startup probe passed, counts runs of equal results
//! against the thresholds, and goes on hold after a liveness or startup failure until a new
//! container instance appears. Because a probe here is a message round trip, `doProbe` is split
//! in two: `before_probe` decides whether to send one, `after_probe` records the answer.
//! Left out: the start-up jitter after a kubelet restart. Exec probes time out in the
//! runtime (`timeoutSeconds`); HTTP and TCP probes answer at once, so they never time out.

use crate::api::pod::{ContainerStatus, PodStatus, Probe};
use crate::clock::SimTime;
use crate::kubelet::cri::ProbeType;

/// `results.Result`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProbeResult {
    Unknown,
    Success,
    Failure,
}

/// Probe settings with upstream defaults applied (`SetDefaults_Probe`).
#[derive(Clone, Debug, PartialEq)]
pub struct ProbeSpec {
    pub probe: Probe,
    pub initial_delay_secs: u64,
    pub period_secs: u64,
    pub success_threshold: u32,
    pub failure_threshold: u32,
}

impl ProbeSpec {
    pub fn new(probe: &Probe) -> Self {
        let pos = |v: Option<i32>, d: i32| v.filter(|v| *v > 0).unwrap_or(d);
        ProbeSpec {
            probe: probe.clone(),
            initial_delay_secs: probe.initial_delay_seconds.unwrap_or(0).max(0) as u64,
            period_secs: pos(probe.period_seconds, 10) as u64,
            success_threshold: pos(probe.success_threshold, 1) as u32,
            failure_threshold: pos(probe.failure_threshold, 3) as u32,
        }
    }
}

/// What `before_probe` decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tick {
    /// Probe this container instance now.
    Probe { container_id: String },
    /// Nothing to do this period.
    Skip,
    /// The worker ends (pod finished, or container will not restart).
    Stop,
}

/// Mirrors `worker`.
#[derive(Clone, Debug)]
pub struct Worker {
    pub probe_type: ProbeType,
    pub spec: ProbeSpec,
    pub container_id: Option<String>,
    pub on_hold: bool,
    last_result: ProbeResult,
    result_run: u32,
}

/// A result to publish to the results manager: `(container id, result)`.
pub type Publish = Option<(String, ProbeResult)>;

impl Worker {
    pub fn new(probe_type: ProbeType, spec: ProbeSpec) -> Self {
        Worker {
            probe_type,
            spec,
            container_id: None,
            on_hold: false,
            last_result: ProbeResult::Unknown,
            result_run: 0,
        }
    }

    /// `initialValue`: readiness starts failed, liveness succeeded, startup unknown.
    pub fn initial_value(&self) -> ProbeResult {
        match self.probe_type {
            ProbeType::Readiness => ProbeResult::Failure,
            ProbeType::Liveness => ProbeResult::Success,
            ProbeType::Startup => ProbeResult::Unknown,
        }
    }

    /// Mirrors the first half of `doProbe`. Returns the decision and any result to publish.
    pub fn before_probe(
        &mut self,
        status: &PodStatus,
        name: &str,
        restart_policy: &str,
        deleting: bool,
        now: SimTime,
    ) -> (Tick, Publish) {
        if matches!(status.phase.as_str(), "Failed" | "Succeeded") {
            return (Tick::Stop, None);
        }
        let Some(c) = status
            .container_statuses
            .iter()
            .chain(&status.init_container_statuses)
            .find(|c| c.name == name)
        else {
            return (Tick::Skip, None);
        };
        let id = c
            .container_id
            .trim_start_matches("containerd://")
            .to_string();
        if id.is_empty() {
            return (Tick::Skip, None);
        }
        let mut publish = None;
        if self.container_id.as_deref() != Some(id.as_str()) {
            self.container_id = Some(id.clone());
            self.on_hold = false;
            publish = Some((id.clone(), self.initial_value()));
        }
        if self.on_hold {
            return (Tick::Skip, publish);
        }
        let Some(running) = &c.state.running else {
            let keep = c.state.terminated.is_none() || restart_policy != "Never";
            let tick = if keep { Tick::Skip } else { Tick::Stop };
            return (tick, Some((id, ProbeResult::Failure)));
        };
        if deleting && self.probe_type != ProbeType::Readiness {
            return (Tick::Stop, Some((id, ProbeResult::Success)));
        }
        let started_at = running.started_at.map_or(now, |t| t.0);
        if now.saturating_sub(started_at).0 / 1000 < self.spec.initial_delay_secs {
            return (Tick::Skip, publish);
        }
        if !gated_ok(self.probe_type, c) {
            return (Tick::Skip, publish);
        }
        (Tick::Probe { container_id: id }, publish)
    }

    /// Mirrors the second half of `doProbe`: thresholds, then publish and maybe hold.
    pub fn after_probe(&mut self, container_id: &str, result: ProbeResult) -> Publish {
        if self.container_id.as_deref() != Some(container_id) {
            return None;
        }
        if self.last_result == result {
            self.result_run += 1;
        } else {
            self.last_result = result;
            self.result_run = 1;
        }
        let below = match result {
            ProbeResult::Failure => self.result_run < self.spec.failure_threshold,
            ProbeResult::Success => self.result_run < self.spec.success_threshold,
            ProbeResult::Unknown => true,
        };
        if below {
            return None;
        }
        if self.probe_type != ProbeType::Readiness && result == ProbeResult::Failure {
            self.on_hold = true;
            self.result_run = 0;
        }
        Some((container_id.to_string(), result))
    }
}

/// Startup gates the others: until it passed only the startup probe runs; after, only they do.
fn gated_ok(probe_type: ProbeType, c: &ContainerStatus) -> bool {
    let started = c.started == Some(true);
    (probe_type == ProbeType::Startup) != started
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::{ContainerState, ContainerStateRunning};
    use crate::api::Time;

    fn status(started: bool) -> PodStatus {
        let mut s = PodStatus {
            phase: "Running".into(),
            ..PodStatus::default()
        };
        s.container_statuses.push(ContainerStatus {
            name: "c".into(),
            container_id: "containerd://abc".into(),
            started: Some(started),
            state: ContainerState {
                running: Some(ContainerStateRunning {
                    started_at: Some(Time(SimTime(0))),
                }),
                ..ContainerState::default()
            },
            ..ContainerStatus::default()
        });
        s
    }

    fn liveness() -> Worker {
        let p = Probe {
            initial_delay_seconds: Some(5),
            period_seconds: Some(5),
            ..Probe::default()
        };
        Worker::new(ProbeType::Liveness, ProbeSpec::new(&p))
    }

    #[test]
    fn initial_delay_then_probe() {
        let mut w = liveness();
        let (t, p) = w.before_probe(&status(true), "c", "Always", false, SimTime(4_000));
        assert_eq!(t, Tick::Skip);
        assert_eq!(p, Some(("abc".into(), ProbeResult::Success)));
        let (t, _) = w.before_probe(&status(true), "c", "Always", false, SimTime(5_000));
        assert_eq!(
            t,
            Tick::Probe {
                container_id: "abc".into()
            }
        );
    }

    #[test]
    fn three_failures_publish_and_hold() {
        let mut w = liveness();
        w.before_probe(&status(true), "c", "Always", false, SimTime(9_000));
        assert_eq!(w.after_probe("abc", ProbeResult::Failure), None);
        assert_eq!(w.after_probe("abc", ProbeResult::Failure), None);
        assert_eq!(
            w.after_probe("abc", ProbeResult::Failure),
            Some(("abc".into(), ProbeResult::Failure))
        );
        let (t, _) = w.before_probe(&status(true), "c", "Always", false, SimTime(20_000));
        assert_eq!(t, Tick::Skip);
    }

    #[test]
    fn liveness_waits_for_startup() {
        let mut w = liveness();
        let (t, _) = w.before_probe(&status(false), "c", "Always", false, SimTime(9_000));
        assert_eq!(t, Tick::Skip);
        let mut s = Worker::new(ProbeType::Startup, ProbeSpec::new(&Probe::default()));
        let (t, _) = s.before_probe(&status(false), "c", "Always", false, SimTime(9_000));
        assert_eq!(
            t,
            Tick::Probe {
                container_id: "abc".into()
            }
        );
    }
}
