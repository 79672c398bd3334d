//! The native lesson runner: performs every step as a learner would and proves each goal is
//! reached within its time budget, with every walkthrough pause firing.
//!
//! Not an upstream file. A step's action is its `apply` (through `kubectl apply -f -`), then its
//! `run` lines, then, 20 s later, its `solution` (the fix a learner makes in a "find the bug"
//! step); the clock then moves in one-second ticks until the goal holds.

use crate::model::{Lesson, Step};
use podflow_engine::{Cluster, SimDuration, SimTime};
use podflow_kubectl::{MapFiles, NoFiles, Output};

/// How far the clock moves between two goal checks.
pub const TICK: SimDuration = SimDuration::from_secs(1);

/// How long a learner looks at a deliberate mistake before fixing it (the error has shown).
pub const READ_THE_ERROR: SimDuration = SimDuration::from_secs(20);

/// What happened in one step.
#[derive(Clone, Debug)]
pub struct StepReport {
    /// Each command the step ran (`kubectl apply -f -` for YAML) and what it printed.
    pub outputs: Vec<(String, Output)>,
    /// Virtual time from the end of the step's action until the goal held.
    pub met_after: SimDuration,
    /// The trace `seq` at which each pause fired, in order.
    pub pauses: Vec<u64>,
}

/// A completed run of a lesson.
#[derive(Clone, Debug)]
pub struct Report {
    pub steps: Vec<StepReport>,
    pub finished_at: SimTime,
}

/// Runs `lesson` from its starting state to its last goal.
pub fn run_lesson(lesson: &Lesson) -> Result<Report, String> {
    let mut cluster = lesson.start()?;
    let mut steps = Vec::new();
    for (i, step) in lesson.steps.iter().enumerate() {
        let name = format!("{}: step {} \"{}\"", lesson.id, i + 1, step.title.en);
        steps.push(run_step(step, &mut cluster).map_err(|e| format!("{name}: {e}"))?);
    }
    Ok(Report {
        steps,
        finished_at: cluster.now(),
    })
}

/// Performs one step and waits for its goal.
pub fn run_step(step: &Step, cluster: &mut Cluster) -> Result<StepReport, String> {
    let trace_from = cluster.trace().len();
    let mut outputs = perform(step.apply.as_deref(), &step.run, cluster);
    if let Some(fix) = &step.solution {
        cluster.advance(READ_THE_ERROR);
        outputs.extend(perform(fix.apply.as_deref(), &fix.run, cluster));
    }
    let began = cluster.now();
    loop {
        let status = step.goal.check(cluster);
        if status.met {
            break;
        }
        if cluster.now().saturating_sub(began) >= step.goal.within {
            let failed: Vec<String> = status
                .details
                .iter()
                .filter(|d| !d.ok)
                .map(|d| format!("`{}` printed {:?}", d.run, d.output))
                .collect();
            return Err(format!(
                "goal not met within {}s: {}",
                step.goal.within.as_millis() / 1000,
                failed.join("; ")
            ));
        }
        cluster.advance(TICK);
    }
    let met_after = cluster.now().saturating_sub(began);
    let hits = step.pause_hits(&cluster.trace().events()[trace_from..]);
    let mut pauses = Vec::new();
    for (i, hit) in hits.into_iter().enumerate() {
        pauses.push(hit.ok_or_else(|| {
            format!("pause {} ({:?}) never fired", i + 1, step.pauses[i].matcher)
        })?);
    }
    Ok(StepReport {
        outputs,
        met_after,
        pauses,
    })
}

/// Applies `yaml` (if any), then runs each line, as the terminal would.
pub fn perform(
    yaml: Option<&str>,
    lines: &[String],
    cluster: &mut Cluster,
) -> Vec<(String, Output)> {
    let mut outputs = Vec::new();
    if let Some(yaml) = yaml {
        let files = MapFiles {
            stdin: Some(yaml.to_string()),
            ..MapFiles::default()
        };
        let line = "kubectl apply -f -".to_string();
        let out = podflow_kubectl::run(&line, cluster, &files);
        outputs.push((line, out));
    }
    for line in lines {
        let out = podflow_kubectl::run(line, cluster, &NoFiles);
        outputs.push((line.clone(), out));
    }
    outputs
}

#[cfg(test)]
mod tests {
    use super::*;

    const LESSON: &str = "\
id: t
title: {en: T, zh-CN: 测}
summary: {en: T, zh-CN: 测}
steps:
  - title: {en: Run, zh-CN: 跑}
    narration: {en: Run a pod, zh-CN: 运行一个 Pod}
    run: kubectl run web --image=nginx:1.27
    pauses:
      - match: {from: kube-scheduler, kind: bind}
        narration: {en: Bound, zh-CN: 绑定}
    goal:
      description: {en: Running, zh-CN: 运行中}
      check:
        - run: kubectl get pod web -o jsonpath={.status.phase}
          equals: Running
      within: 30s
  - title: {en: Never, zh-CN: 永不}
    narration: {en: Wait for nothing, zh-CN: 等不到}
    goal:
      description: {en: Gone, zh-CN: 没了}
      check:
        - run: kubectl get pod web
          contains: NotFound
      within: 3s
closing: {en: Done, zh-CN: 完成}
";

    #[test]
    fn a_step_runs_until_its_goal_and_a_missed_goal_is_reported() {
        let lesson = Lesson::parse(LESSON).unwrap();
        let err = run_lesson(&lesson).unwrap_err();
        assert!(
            err.starts_with("t: step 2 \"Never\": goal not met within 3s"),
            "{err}"
        );
        let mut cluster = lesson.start().unwrap();
        let report = run_step(&lesson.steps[0], &mut cluster).unwrap();
        assert_eq!(report.pauses.len(), 1);
        assert_eq!(report.outputs[0].1.stdout, "pod/web created\n");
        assert!(report.met_after <= SimDuration::from_secs(30));
    }
}
