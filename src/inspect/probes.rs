//! The Probes tab: every run of each container's liveness, readiness and startup probe, with
//! the thresholds, where failures reached `failureThreshold`, and where the container was
//! restarted.
//!
//! The runs are the kubelet's own probe history (`Kubelet::probe_history`, the newest 200 per
//! probe). Consecutive results are counted per container instance as the prober's worker
//! counts them (`pkg/kubelet/prober/worker.go`: a result that differs from the last starts a
//! new run; an errored probe is thrown away; a restarted container starts from zero), so a
//! tick is marked where the kubelet acted. Restart counts are the status's `restartCount`,
//! counted back over the instances the history saw.

use super::{clock, find_pod};
use podflow_engine::api::pod::{Container, Probe};
use podflow_engine::kubelet::cri::ProbeType;
use podflow_engine::Cluster;
use podflow_kubectl::printers::describe_container::describe_probe;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TickResult {
    Pass,
    Fail,
    /// The probe could not run; the kubelet ignored it.
    Error,
}

/// One probe run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProbeTick {
    pub at: String,
    pub result: TickResult,
    /// The command's output or the HTTP failure, as the kubelet recorded it.
    pub output: String,
    /// This failure made `failureThreshold` in a row: the kubelet acted (liveness and startup:
    /// killed the container; readiness: marked it not ready).
    pub crossed: bool,
    /// This success made `successThreshold` in a row after a crossing: ready again.
    pub recovered: bool,
    /// The container instance probed, by its restart count.
    pub restart_count: i32,
    /// The first run against a restarted container (not the first instance seen).
    pub after_restart: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProbeView {
    pub container: String,
    pub kind: ProbeType,
    /// The probe as `kubectl describe` prints it: `exec [cat /tmp/healthy] delay=5s ...`.
    pub summary: String,
    pub initial_delay_seconds: i32,
    pub timeout_seconds: i32,
    pub period_seconds: i32,
    pub success_threshold: i32,
    pub failure_threshold: i32,
    pub ticks: Vec<ProbeTick>,
    pub passed: usize,
    pub failed: usize,
    /// The container's restart count now.
    pub restarts: i32,
    /// The container was restarted and the new instance has not been probed yet (it waits
    /// `initialDelaySeconds`): its restart count, for a marker after the last tick.
    pub restarted_unprobed: Option<i32>,
}

/// Every probe of every container of a pod, in spec order; `None` when the pod does not
/// exist. Probes of a pod not yet on a node have no runs.
pub fn probes(c: &Cluster, namespace: &str, name: &str) -> Option<Vec<ProbeView>> {
    let pod = find_pod(c, namespace, name)?;
    let kubelet = c
        .node_agents()
        .get(pod.spec.node_name.as_str())
        .map(|a| &a.kubelet);
    let mut out = Vec::new();
    for spec in &pod.spec.containers {
        let status = pod
            .status
            .container_statuses
            .iter()
            .find(|s| s.name == spec.name);
        let restarts = status.map_or(0, |s| s.restart_count);
        let current_id = status.map_or("", |s| bare(&s.container_id));
        for (kind, probe) in declared(spec) {
            let runs = kubelet.map_or(&[][..], |k| {
                k.probe_history(&pod.metadata.uid, &spec.name, kind)
            });
            let ticks = ticks(runs, probe, restarts, current_id);
            let probed = runs.iter().any(|r| bare(&r.container_id) == current_id);
            let restarted_unprobed = (!runs.is_empty() && !current_id.is_empty() && !probed)
                .then_some(restarts)
                .filter(|n| *n > 0);
            out.push(ProbeView {
                container: spec.name.clone(),
                kind,
                summary: describe_probe(probe),
                initial_delay_seconds: probe.initial_delay_seconds.unwrap_or(0),
                timeout_seconds: probe.timeout_seconds.unwrap_or(1),
                period_seconds: probe.period_seconds.unwrap_or(10),
                success_threshold: probe.success_threshold.unwrap_or(1),
                failure_threshold: probe.failure_threshold.unwrap_or(3),
                passed: ticks
                    .iter()
                    .filter(|t| t.result == TickResult::Pass)
                    .count(),
                failed: ticks
                    .iter()
                    .filter(|t| t.result == TickResult::Fail)
                    .count(),
                ticks,
                restarts,
                restarted_unprobed,
            });
        }
    }
    Some(out)
}

fn declared(c: &Container) -> Vec<(ProbeType, &Probe)> {
    [
        (ProbeType::Liveness, &c.liveness_probe),
        (ProbeType::Readiness, &c.readiness_probe),
        (ProbeType::Startup, &c.startup_probe),
    ]
    .into_iter()
    .filter_map(|(t, p)| p.as_ref().map(|p| (t, p)))
    .collect()
}

fn bare(id: &str) -> &str {
    id.strip_prefix("containerd://").unwrap_or(id)
}

fn ticks(
    runs: &[podflow_engine::kubelet::prober::ProbeRecord],
    probe: &Probe,
    restarts: i32,
    current_id: &str,
) -> Vec<ProbeTick> {
    let failure_threshold = probe.failure_threshold.unwrap_or(3).max(1) as u32;
    let success_threshold = probe.success_threshold.unwrap_or(1).max(1) as u32;
    // Instances in the order the history saw them; the newest is the status's container,
    // unless a newer one has not been probed yet.
    let mut ids: Vec<&str> = Vec::new();
    for r in runs {
        if ids.last() != Some(&bare(&r.container_id)) {
            ids.push(bare(&r.container_id));
        }
    }
    let newest = if ids.last() == Some(&current_id) {
        restarts
    } else {
        restarts - 1
    };
    let mut out = Vec::with_capacity(runs.len());
    let (mut instance, mut run_len, mut last_pass, mut failed_over) = (0usize, 0u32, None, false);
    for (i, r) in runs.iter().enumerate() {
        let id = bare(&r.container_id);
        let after_restart = i > 0 && id != bare(&runs[i - 1].container_id);
        if after_restart {
            instance += 1;
            (run_len, last_pass, failed_over) = (0, None, false);
        }
        let result = match (r.errored, r.success) {
            (true, _) => TickResult::Error,
            (false, true) => TickResult::Pass,
            (false, false) => TickResult::Fail,
        };
        let (mut crossed, mut recovered) = (false, false);
        if result != TickResult::Error {
            let pass = result == TickResult::Pass;
            run_len = if last_pass == Some(pass) {
                run_len + 1
            } else {
                1
            };
            last_pass = Some(pass);
            if !pass && run_len == failure_threshold {
                crossed = true;
                failed_over = true;
            }
            if pass && failed_over && run_len == success_threshold {
                recovered = true;
                failed_over = false;
            }
        }
        let back = (ids.len() - 1 - instance) as i32;
        out.push(ProbeTick {
            at: clock(r.at),
            result,
            output: r.output.clone(),
            crossed,
            recovered,
            restart_count: (newest - back).max(0),
            after_restart,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::{advance_secs, run};
    use super::*;
    use podflow_engine::kubelet::prober::ProbeRecord;

    const LIVENESS: &str = include_str!("../../assets/examples/liveness-exec.yaml");

    fn liveness(c: &Cluster) -> ProbeView {
        let list = probes(c, "default", "liveness-exec").expect("pod");
        assert_eq!(list.len(), 1);
        list.into_iter().next().expect("one probe")
    }

    #[test]
    fn the_liveness_example_fails_three_times_then_restarts_with_a_rising_count() {
        let mut c = Cluster::new(1);
        run(&mut c, "kubectl apply -f -", Some(LIVENESS));
        advance_secs(&mut c, 30);
        let early = liveness(&c);
        assert_eq!(early.kind, ProbeType::Liveness);
        assert_eq!((early.period_seconds, early.failure_threshold), (5, 3));
        assert_eq!(early.initial_delay_seconds, 5);
        assert!(early
            .summary
            .starts_with("exec [cat /tmp/healthy] delay=5s"));
        assert!(early.passed > 0 && early.failed == 0, "{early:?}");
        advance_secs(&mut c, 120);
        let v = liveness(&c);
        assert!(v.failed >= 3, "{v:?}");
        let fail = v
            .ticks
            .iter()
            .find(|t| t.result == TickResult::Fail)
            .expect("a failure");
        assert!(fail.output.contains("/tmp/healthy"), "{}", fail.output);
        // The third failure in a row is where the kubelet killed the container.
        let crossed: Vec<usize> = (0..v.ticks.len()).filter(|&i| v.ticks[i].crossed).collect();
        assert!(!crossed.is_empty());
        let first = crossed[0];
        assert!(v.ticks[first - 2..=first]
            .iter()
            .all(|t| t.result == TickResult::Fail));
        let restart = v
            .ticks
            .iter()
            .position(|t| t.after_restart)
            .expect("a restart");
        assert!(restart > first);
        assert_eq!(
            v.ticks[restart].restart_count,
            v.ticks[first].restart_count + 1
        );
        assert_eq!(v.ticks[0].restart_count, 0);
        assert!(v.restarts >= 1);
        assert_eq!(v.ticks.last().map(|t| t.restart_count), Some(v.restarts));
        assert_eq!(v.restarted_unprobed, None);
    }

    #[test]
    fn a_restart_shows_before_the_new_container_is_probed() {
        let mut c = Cluster::new(1);
        run(&mut c, "kubectl apply -f -", Some(LIVENESS));
        // Step until the status counts the restart; the new container waits its initial
        // delay (5 s) before its first probe.
        let mut v = liveness(&c);
        for _ in 0..200 {
            advance_secs(&mut c, 1);
            v = liveness(&c);
            if v.restarts == 1 {
                break;
            }
        }
        assert_eq!(v.restarts, 1);
        assert_eq!(v.restarted_unprobed, Some(1));
        assert!(v
            .ticks
            .iter()
            .all(|t| t.restart_count == 0 && !t.after_restart));
    }

    fn rec(at: u64, id: &str, outcome: &str) -> ProbeRecord {
        ProbeRecord {
            at: podflow_engine::SimTime(at * 1000),
            container_id: format!("containerd://{id}"),
            success: outcome == "pass",
            errored: outcome == "error",
            output: String::new(),
        }
    }

    #[test]
    fn errored_runs_do_not_count_and_success_threshold_marks_recovery() {
        let probe = Probe {
            failure_threshold: Some(2),
            success_threshold: Some(2),
            ..Probe::default()
        };
        let runs = [
            rec(1, "a", "fail"),
            rec(2, "a", "error"),
            rec(3, "a", "fail"),
            rec(4, "a", "fail"),
            rec(5, "a", "pass"),
            rec(6, "a", "pass"),
            rec(7, "b", "fail"),
        ];
        let t = ticks(&runs, &probe, 1, "b");
        let crossed: Vec<bool> = t.iter().map(|x| x.crossed).collect();
        assert_eq!(crossed, [false, false, true, false, false, false, false]);
        assert!(t[5].recovered && !t[4].recovered);
        assert_eq!(t[1].result, TickResult::Error);
        assert!(t[6].after_restart && t[6].restart_count == 1 && t[5].restart_count == 0);
    }

    #[test]
    fn a_pod_without_probes_has_none_and_a_pending_one_has_no_runs() {
        let mut c = Cluster::new(1);
        run(&mut c, "kubectl run web --image=nginx", None);
        advance_secs(&mut c, 10);
        assert_eq!(probes(&c, "default", "web"), Some(vec![]));
        assert_eq!(probes(&c, "default", "gone"), None);
        run(&mut c, "kubectl apply -f -", Some(LIVENESS));
        let v = liveness(&c);
        assert!(v.ticks.is_empty());
        assert_eq!(v.restarts, 0);
    }
}
