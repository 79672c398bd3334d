//! The Job controller: run pods until `completions` succeed or the Job fails.
//!
//! Mirrors `pkg/controller/job/job_controller.go` (syncJob, manageJob, the back-off of
//! `pod_failure_backoff` and the terminal conditions): pods named `<job>-<5 chars>`,
//! `SuccessCriteriaMet` then `Complete` with reason `CompletionsReached`, `FailureTarget` then
//! `Failed` with `BackoffLimitExceeded` or `DeadlineExceeded`, events `Completed`
//! `Job completed` and the failure reason. Re-creation after a failure waits 10s doubling up to
//! 10 minutes; with `restartPolicy: OnFailure` container restarts count against the limit
//! (pastBackoffLimitOnFailure). Left out: pod finalizers and `uncountedTerminatedPods` (terminal pods are
//! counted from the pods still in the store, and counts never go down), Indexed completion
//! mode, pod failure and success policies, suspend, and TTL after finished.

use super::client::{PodEvents, Shared};
use super::pod_control;
use crate::api::apps::Condition;
use crate::api::labels::Selector;
use crate::api::{Job, Kind, Object, ObjectKey, Pod, Time};
use crate::clock::{SimDuration, SimTime};
use crate::cluster::Ctx;
use crate::events;
use crate::network::Verb;
use std::collections::BTreeMap;

pub const COMPONENT: &str = "job-controller";
const BACKOFF_BASE: SimDuration = SimDuration::from_secs(10);
const BACKOFF_MAX: SimDuration = SimDuration::from_secs(600);

/// What the pods of one Job add up to.
struct Counts<'a> {
    active: Vec<&'a Pod>,
    succeeded: i32,
    failed: i32,
    ready: i32,
    terminating: i32,
}

#[derive(Clone, Debug, Default)]
pub struct JobController {
    /// Per Job: failures already seen and when the last one was noticed (the back-off clock).
    backoff: BTreeMap<ObjectKey, (i32, SimTime)>,
}

impl JobController {
    /// Mirrors syncJob.
    pub fn sync(&mut self, ctx: &mut Ctx, sh: &mut Shared, key: &ObjectKey) {
        let store = ctx.store;
        let Some(obj) = store.get(key) else {
            sh.expectations.forget(key);
            self.backoff.remove(key);
            return;
        };
        let Object::Job(job) = &**obj else {
            return;
        };
        let Some(sel) = job
            .spec
            .selector
            .as_ref()
            .and_then(|s| Selector::from_label_selector(s).ok())
        else {
            return;
        };
        if job.is_finished() {
            return;
        }
        let pods = owned_pods(ctx, sh, obj, &sel);
        let c = count(&pods, job);
        let mut status = job.status.clone();
        status.start_time.get_or_insert(Time(ctx.now));
        let over_limit = c.failed > job.spec.backoff_limit.unwrap_or(6)
            || past_backoff_limit_on_failure(job, &pods);
        let failure = failure_reason(job, &status, over_limit, ctx.now);
        let completions = job.spec.completions.unwrap_or(1);
        if let Some((reason, message)) = failure {
            finish_failed(ctx, sh, obj, &mut status, &c, reason, message);
        } else if c.succeeded >= completions {
            finish_complete(ctx, sh, obj, &mut status, &c);
        } else if sh.expectations.satisfied(key, ctx.now) {
            self.manage(ctx, sh, obj, job, &c, completions);
            self.requeue_deadline(ctx, sh, key, job, &status);
        }
        status.active = c.active.len() as i32;
        status.succeeded = c.succeeded;
        status.failed = c.failed;
        status.ready = Some(c.ready);
        status.terminating = Some(c.terminating);
        if status != job.status {
            let mut next = job.clone();
            next.status = status;
            sh.write(ctx, key, Verb::UpdateStatus(Object::Job(next)));
        }
    }

    /// Mirrors manageJob: keep `min(parallelism, completions - succeeded)` pods active, waiting
    /// out the failure back-off before creating more.
    fn manage(
        &mut self,
        ctx: &mut Ctx,
        sh: &mut Shared,
        obj: &Object,
        job: &Job,
        c: &Counts,
        completions: i32,
    ) {
        let key = obj.key();
        let parallelism = job.spec.parallelism.unwrap_or(1);
        let want = parallelism.min(completions - c.succeeded).max(0) as usize;
        let active = c.active.len();
        if active > want {
            let victims = pod_control::pods_to_delete(&c.active, &c.active, active - want, ctx.now);
            for pod in victims {
                sh.delete_pod(ctx, obj, pod, COMPONENT, PodEvents::Plain);
            }
            return;
        }
        if active == want {
            return;
        }
        let entry = self.backoff.entry(key.clone()).or_insert((0, ctx.now));
        if c.failed > entry.0 {
            *entry = (c.failed, ctx.now);
        }
        if c.failed > 0 {
            let due = entry.1 + backoff(c.failed);
            if ctx.now < due {
                sh.requeue_after(ctx, &key, due.saturating_sub(ctx.now));
                return;
            }
        }
        let n = want - active;
        sh.expectations.expect_creations(&key, n, ctx.now);
        let prefix = pod_control::pods_prefix(&job.metadata.name);
        for _ in 0..n {
            let pod = pod_control::pod_from_template(&job.spec.template, obj, &prefix);
            sh.create_pod(ctx, obj, pod, COMPONENT, PodEvents::Plain);
        }
    }

    /// Looks at the Job again when its activeDeadlineSeconds runs out.
    fn requeue_deadline(
        &self,
        ctx: &mut Ctx,
        sh: &mut Shared,
        key: &ObjectKey,
        job: &Job,
        status: &crate::api::batch::JobStatus,
    ) {
        let (Some(secs), Some(start)) = (job.spec.active_deadline_seconds, status.start_time)
        else {
            return;
        };
        let due = start.0 + SimDuration::from_secs(u64::try_from(secs).unwrap_or(0));
        sh.requeue_after(
            ctx,
            key,
            SimDuration(due.0.saturating_sub(ctx.now.0).max(1)),
        );
    }
}

/// The pods this Job controls (adopting matching orphans), finished ones included.
fn owned_pods<'a>(
    ctx: &mut Ctx<'a>,
    sh: &mut Shared,
    obj: &Object,
    sel: &Selector,
) -> Vec<&'a Pod> {
    let store = ctx.store;
    let all: Vec<&Pod> = store
        .list(Kind::Pod, None)
        .filter_map(|o| o.as_pod())
        .filter(|p| p.metadata.namespace == obj.meta().namespace)
        .collect();
    let claim = pod_control::claim_pods(obj, sel, &all);
    for pod in claim.updates {
        sh.write(ctx, &obj.key(), Verb::Update(Object::Pod(pod)));
    }
    claim.owned
}

fn count<'a>(pods: &[&'a Pod], job: &Job) -> Counts<'a> {
    let active: Vec<&Pod> = pods
        .iter()
        .copied()
        .filter(|p| pod_control::is_pod_active(p))
        .collect();
    let phase = |ph: &str| pods.iter().filter(|p| p.status.phase == ph).count() as i32;
    Counts {
        ready: active
            .iter()
            .filter(|p| pod_control::is_pod_ready(p))
            .count() as i32,
        terminating: pods
            .iter()
            .filter(|p| p.metadata.deletion_timestamp.is_some())
            .count() as i32,
        succeeded: phase("Succeeded").max(job.status.succeeded),
        failed: phase("Failed").max(job.status.failed),
        active,
    }
}

/// `DefaultJobPodFailureBackOff` doubling per failure, capped at `MaxJobPodFailureBackOff`.
fn backoff(failures: i32) -> SimDuration {
    let shift = u32::try_from(failures.saturating_sub(1))
        .unwrap_or(0)
        .min(16);
    SimDuration((BACKOFF_BASE.0 << shift).min(BACKOFF_MAX.0))
}

/// Mirrors pastBackoffLimitOnFailure: with `restartPolicy: OnFailure` the kubelet restarts
/// containers in place, so their restarts count against the backoff limit.
fn past_backoff_limit_on_failure(job: &Job, pods: &[&Pod]) -> bool {
    if job.spec.template.spec.restart_policy != "OnFailure" {
        return false;
    }
    let restarts: i32 = pods
        .iter()
        .filter(|p| p.status.phase == "Running" || p.status.phase == "Pending")
        .flat_map(|p| {
            p.status
                .init_container_statuses
                .iter()
                .chain(&p.status.container_statuses)
        })
        .map(|s| s.restart_count)
        .sum();
    match job.spec.backoff_limit.unwrap_or(6) {
        0 => restarts > 0,
        limit => restarts >= limit,
    }
}

/// Why the Job fails now, if it does: too many failures or past its deadline.
fn failure_reason(
    job: &Job,
    status: &crate::api::batch::JobStatus,
    over_limit: bool,
    now: SimTime,
) -> Option<(&'static str, &'static str)> {
    if job.true_condition("FailureTarget").is_some() {
        let c = job.true_condition("FailureTarget")?;
        return Some(if c.reason == "DeadlineExceeded" {
            (
                "DeadlineExceeded",
                "Job was active longer than specified deadline",
            )
        } else {
            (
                "BackoffLimitExceeded",
                "Job has reached the specified backoff limit",
            )
        });
    }
    if over_limit {
        return Some((
            "BackoffLimitExceeded",
            "Job has reached the specified backoff limit",
        ));
    }
    let (secs, start) = (job.spec.active_deadline_seconds?, status.start_time?);
    let due = start.0 + SimDuration::from_secs(u64::try_from(secs).unwrap_or(0));
    (now >= due).then_some((
        "DeadlineExceeded",
        "Job was active longer than specified deadline",
    ))
}

fn condition(type_: &str, reason: &str, message: &str, now: SimTime) -> Condition {
    Condition {
        type_: type_.into(),
        status: "True".into(),
        last_probe_time: Some(Time(now)),
        last_transition_time: Some(Time(now)),
        reason: reason.into(),
        message: message.into(),
        ..Condition::default()
    }
}

fn add_condition(status: &mut crate::api::batch::JobStatus, c: Condition) {
    if !status.conditions.iter().any(|x| x.type_ == c.type_) {
        status.conditions.push(c);
    }
}

/// FailureTarget first, active pods deleted, then Failed once none is left.
fn finish_failed(
    ctx: &mut Ctx,
    sh: &mut Shared,
    obj: &Object,
    status: &mut crate::api::batch::JobStatus,
    c: &Counts,
    reason: &str,
    message: &str,
) {
    let first = !status.conditions.iter().any(|x| x.type_ == "FailureTarget");
    add_condition(status, condition("FailureTarget", reason, message, ctx.now));
    for pod in &c.active {
        sh.delete_pod(ctx, obj, pod, COMPONENT, PodEvents::Plain);
    }
    if c.active.is_empty() && c.terminating == 0 {
        add_condition(status, condition("Failed", reason, message, ctx.now));
    }
    if first {
        sh.event(ctx, obj, events::WARNING, reason, message.into(), COMPONENT);
    }
}

/// SuccessCriteriaMet, then Complete with the completion time and the `Completed` event.
fn finish_complete(
    ctx: &mut Ctx,
    sh: &mut Shared,
    obj: &Object,
    status: &mut crate::api::batch::JobStatus,
    c: &Counts,
) {
    let msg = "Reached expected number of succeeded pods";
    add_condition(
        status,
        condition("SuccessCriteriaMet", "CompletionsReached", msg, ctx.now),
    );
    for pod in &c.active {
        sh.delete_pod(ctx, obj, pod, COMPONENT, PodEvents::Plain);
    }
    if c.active.is_empty() {
        add_condition(
            status,
            condition("Complete", "CompletionsReached", msg, ctx.now),
        );
        status.completion_time = Some(Time(ctx.now));
        sh.event(
            ctx,
            obj,
            events::NORMAL,
            "Completed",
            "Job completed".into(),
            COMPONENT,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff(1), SimDuration::from_secs(10));
        assert_eq!(backoff(3), SimDuration::from_secs(40));
        assert_eq!(backoff(20), SimDuration::from_secs(600));
    }

    #[test]
    fn on_failure_restarts_count_against_the_limit() {
        let mut job = Job::default();
        job.spec.backoff_limit = Some(2);
        job.spec.template.spec.restart_policy = "OnFailure".into();
        let mut pod = Pod::default();
        pod.status.phase = "Running".into();
        pod.status.container_statuses.push(Default::default());
        pod.status.container_statuses[0].restart_count = 1;
        assert!(!past_backoff_limit_on_failure(&job, &[&pod]));
        pod.status.container_statuses[0].restart_count = 2;
        assert!(past_backoff_limit_on_failure(&job, &[&pod]));
    }

    #[test]
    fn exceeding_the_backoff_limit_fails_the_job() {
        let mut job = Job::default();
        job.spec.backoff_limit = Some(2);
        let s = job.status.clone();
        assert_eq!(failure_reason(&job, &s, false, SimTime(0)), None);
        let (reason, msg) = failure_reason(&job, &s, true, SimTime(0)).unwrap();
        assert_eq!(reason, "BackoffLimitExceeded");
        assert_eq!(msg, "Job has reached the specified backoff limit");
    }
}
