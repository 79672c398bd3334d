//! Judging a lesson against the engine: goals (checks run through kubectl on a snapshot) and
//! pauses (which trace event a walkthrough stops at).
//!
//! Not an upstream file. A check never touches the learner's cluster: each runs on a clone,
//! because even `kubectl get` moves the clock while its request travels.

use crate::model::{Check, Expect, Goal, Lesson, PauseMatch, Step};
use podflow_engine::trace::TraceEvent;
use podflow_engine::Cluster;
use podflow_kubectl::{script, MapFiles, NoFiles};
use serde::Serialize;

/// One check's outcome, for the lesson panel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    pub run: String,
    /// What the command printed (standard output, then standard error).
    pub output: String,
    pub ok: bool,
}

/// A goal's outcome: met when every check is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GoalStatus {
    pub met: bool,
    pub details: Vec<CheckResult>,
}

impl Goal {
    /// Runs every check on a snapshot of `cluster`.
    pub fn check(&self, cluster: &Cluster) -> GoalStatus {
        let details: Vec<CheckResult> = self.check.iter().map(|c| c.run_on(cluster)).collect();
        GoalStatus {
            met: details.iter().all(|d| d.ok),
            details,
        }
    }
}

impl Check {
    /// Runs the command on a clone of `cluster` and judges what it printed.
    pub fn run_on(&self, cluster: &Cluster) -> CheckResult {
        let out = podflow_kubectl::run(&self.run, &mut cluster.clone(), &NoFiles);
        let combined = out.combined();
        let ok = match &self.expect {
            Expect::Equals(want) => out.stdout.trim() == want.trim(),
            Expect::Contains(want) => combined.contains(want.as_str()),
            Expect::NotContains(want) => !combined.contains(want.as_str()),
            Expect::AtLeast(min) => first_number(&out.stdout).is_some_and(|n| n >= *min),
            Expect::Lines(n) => out.stdout.lines().filter(|l| !l.trim().is_empty()).count() == *n,
            Expect::Words(n) => out.stdout.split_whitespace().count() == *n,
            Expect::ExitCode(code) => out.exit_code == *code,
        };
        CheckResult {
            run: self.run.clone(),
            output: combined,
            ok,
        }
    }
}

/// The first number written in `text` (`3` in `restarts: 3`), as a learner would read it.
fn first_number(text: &str) -> Option<f64> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
        .find_map(|w| w.parse::<f64>().ok())
}

impl PauseMatch {
    /// Whether `event` is the one this pause waits for.
    pub fn matches(&self, event: &TraceEvent) -> bool {
        let actor = |a: &podflow_engine::trace::Actor| {
            let shown = a.to_string();
            shown.split('@').next().unwrap_or_default().to_string()
        };
        let object = event.object.as_ref().map(ToString::to_string);
        self.from.as_ref().is_none_or(|f| *f == actor(&event.from))
            && self.to.as_ref().is_none_or(|t| *t == actor(&event.to))
            && self.node.as_ref().is_none_or(|n| {
                event.from.node() == Some(n.as_str()) || event.to.node() == Some(n.as_str())
            })
            && self.kind.as_ref().is_none_or(|k| k == event.kind)
            && self.object.as_ref().is_none_or(|o| {
                object
                    .as_ref()
                    .is_some_and(|obj| obj.starts_with(o.as_str()))
            })
            && self
                .summary
                .as_ref()
                .is_none_or(|s| event.summary.contains(s.as_str()))
    }
}

impl Step {
    /// Where each pause fires in `events` (the trace since the step began), in order: pause
    /// `i` waits for a match after pause `i-1`'s event. `None` for pauses that have not fired.
    pub fn pause_hits(&self, events: &[TraceEvent]) -> Vec<Option<u64>> {
        let mut from = 0;
        self.pauses
            .iter()
            .map(|p| {
                let hit = events[from.min(events.len())..]
                    .iter()
                    .position(|e| p.matcher.matches(e))
                    .map(|i| from + i);
                if let Some(i) = hit {
                    from = i + 1;
                } else {
                    from = events.len();
                }
                hit.map(|i| events[i].seq)
            })
            .collect()
    }
}

impl Lesson {
    /// The starting cluster: the seeds' three nodes (`Cluster::new(1)`) after the setup script.
    /// A setup command that fails is an error: a lesson must not start from a broken state.
    pub fn start(&self) -> Result<Cluster, String> {
        let mut cluster = Cluster::new(1);
        let steps = script::parse(&self.setup).map_err(|e| format!("setup: {e}"))?;
        for step in &steps {
            match step {
                script::Step::Kubectl { line, stdin } => {
                    let cmd = line.split_once(" <<").map_or(line.as_str(), |(c, _)| c);
                    let files = MapFiles {
                        stdin: stdin
                            .as_ref()
                            .map(|b| b.iter().map(|l| format!("{l}\n")).collect()),
                        ..MapFiles::default()
                    };
                    let out = podflow_kubectl::run(cmd, &mut cluster, &files);
                    if out.exit_code != 0 {
                        return Err(format!("setup: `{cmd}` failed: {}", out.combined().trim()));
                    }
                }
                other => {
                    script::run_step(other, &mut cluster, &NoFiles);
                }
            }
        }
        Ok(cluster)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_match_actors_without_their_node_and_objects_by_prefix() {
        use podflow_engine::api::{Kind, ObjectKey};
        use podflow_engine::trace::Actor;
        let event = TraceEvent {
            seq: 3,
            sent_at: podflow_engine::SimTime(5),
            deliver_at: podflow_engine::SimTime(6),
            from: Actor::Kubelet("k8s-node-2".into()),
            to: Actor::Runtime("k8s-node-2".into()),
            kind: "pull-image",
            object: Some(ObjectKey::new(Kind::Pod, "default", "nginx")),
            summary: "PullImage nginx:1.27".into(),
        };
        let m = |f: fn(&mut PauseMatch)| {
            let mut p = PauseMatch::default();
            f(&mut p);
            p.matches(&event)
        };
        assert!(m(|p| p.from = Some("kubelet".into())));
        assert!(m(|p| p.to = Some("containerd".into())));
        assert!(m(|p| p.node = Some("k8s-node-2".into())));
        assert!(!m(|p| p.node = Some("k8s-node-1".into())));
        assert!(m(|p| p.object = Some("pods/default/ngi".into())));
        assert!(!m(|p| p.object = Some("services/".into())));
        assert!(m(|p| p.summary = Some("nginx:1.27".into())));
        assert!(!m(|p| p.kind = Some("bind".into())));
    }

    #[test]
    fn first_number_reads_what_a_learner_reads() {
        assert_eq!(first_number("3\n"), Some(3.0));
        assert_eq!(first_number("restarts: 12 (5s ago)"), Some(12.0));
        assert_eq!(first_number("none"), None);
    }
}
