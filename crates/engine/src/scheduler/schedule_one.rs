//! One scheduling cycle and its binding: pop a pod, find a node, assume and bind, or record
//! why not.
//!
//! Mirrors `pkg/scheduler/schedule_one.go` (`ScheduleOne`, `schedulingCycle`, `bindingCycle`,
//! `finishBinding`, `handleSchedulingFailure`, `updatePod`). The binding is the
//! `pods/binding` request the DefaultBinder plugin makes; the `Scheduled` event follows its
//! successful answer, as in `finishBinding`.

use super::cycle;
use super::cycle::Failure as CycleFailure;
use super::diagnosis::{truncate_message, Outcome, SchedulingDecision, NO_NODES_AVAILABLE};
use super::plugins::default_preemption::Candidate;
use super::plugins::pod_topology_spread;
use super::plugins::registry::{DEFAULT_SCHEDULER_NAME, FILTERS};
use super::queue::QueuedPodInfo;
use super::{PendingBind, Scheduler};
use crate::api::pod_status::set_condition;
use crate::api::{Object, Pod};
use crate::cluster::Ctx;
use crate::events::{self, Source};
use crate::network::{Response, Verb};
use crate::trace::Actor;

const SOURCE: Source = Source {
    actor: &Actor::Scheduler,
    component: DEFAULT_SCHEDULER_NAME,
    host: "",
};

/// `v1.PodReasonUnschedulable` and `v1.PodReasonSchedulerError`.
pub const REASON_UNSCHEDULABLE: &str = "Unschedulable";
pub const REASON_SCHEDULER_ERROR: &str = "SchedulerError";

impl Scheduler {
    /// Mirrors ScheduleOne: one pod, one decision.
    pub(super) fn schedule_one(&mut self, ctx: &mut Ctx) {
        let Some(info) = self.queue.pop() else {
            return;
        };
        let obj = info.pod.clone();
        let Some(pod) = obj.as_pod() else {
            return;
        };
        // skipPodSchedule: deleted meanwhile, or already assumed by an earlier cycle.
        if pod.metadata.deletion_timestamp.is_some() || self.cache.has_pod(&info.key) {
            return;
        }
        self.cache.refresh_order();
        let spread = pod_topology_spread::default_selector(pod, ctx.store);
        let next = &mut self.next_start_node_index;
        let attempt = cycle::schedule_pod(&self.cache, pod, Some(spread), next, ctx.rng);
        let outcome = match &attempt.result {
            Ok(node) => Outcome::Scheduled { node: node.clone() },
            Err(CycleFailure::Fit(fit_error)) => Outcome::Unschedulable {
                fit_error: fit_error.clone(),
            },
            Err(CycleFailure::NoNodes) => Outcome::Error {
                message: NO_NODES_AVAILABLE.to_string(),
            },
        };
        let decision = SchedulingDecision {
            pod: info.key.clone(),
            uid: pod.metadata.uid.clone(),
            at: ctx.now,
            attempt: info.attempts,
            filters: FILTERS.iter().map(|f| f.name()).collect(),
            skipped_filters: attempt.skipped_filters,
            rows: attempt.rows,
            rows_omitted: attempt.rows_omitted,
            outcome: outcome.clone(),
            nominated: attempt.nominate.clone(),
        };
        let message = decision.message();
        self.decisions.push(decision);
        match outcome {
            Outcome::Scheduled { node } => self.assume_and_bind(ctx, info, node),
            Outcome::Unschedulable { fit_error } => {
                let mut info = info;
                info.unschedulable_plugins = fit_error.unschedulable_plugins;
                let nominated = attempt
                    .nominate
                    .map(|c| self.prepare_candidate(ctx, pod, c));
                let failure = Failure {
                    reason: REASON_UNSCHEDULABLE,
                    message: &message,
                    nominated: nominated.as_deref(),
                };
                self.handle_failure(ctx, info, failure)
            }
            Outcome::Error { .. } => {
                let failure = Failure {
                    reason: REASON_SCHEDULER_ERROR,
                    message: &message,
                    nominated: None,
                };
                self.handle_failure(ctx, info, failure)
            }
        }
    }

    /// Mirrors assume + bindingCycle: the pod counts on the node from now on, before the API
    /// server has answered, so the next cycle cannot overcommit it.
    fn assume_and_bind(&mut self, ctx: &mut Ctx, info: QueuedPodInfo, node: String) {
        let Some(pod) = info.pod.as_pod() else {
            return;
        };
        self.cache.assume_pod(info.key.clone(), pod, &node);
        let verb = Verb::Bind {
            pod: info.key.clone(),
            node: node.clone(),
        };
        let id = ctx.out.request(&Actor::Scheduler, verb);
        self.binds.insert(id, PendingBind { info, node });
    }

    /// The API server's answer to a binding (other answers, to events and status updates,
    /// need nothing).
    pub(super) fn on_response(&mut self, ctx: &mut Ctx, resp: &Response) {
        if let Some(key) = self.evictions.remove(&resp.id) {
            // Mirrors prepareCandidate's DeletePod, after the status patch.
            let delete = Verb::Delete {
                key,
                grace_period_seconds: None,
            };
            ctx.out.request(&Actor::Scheduler, delete);
            return;
        }
        let Some(bind) = self.binds.remove(&resp.id) else {
            return;
        };
        match &resp.result {
            Ok(bound) => {
                // Mirrors finishBinding.
                let msg = format!(
                    "Successfully assigned {}/{} to {}",
                    bind.info.key.namespace, bind.info.key.name, bind.node
                );
                events::record(ctx, bound, "", events::NORMAL, "Scheduled", msg, SOURCE);
            }
            Err(e) => {
                // Mirrors handleBindingCycleError: forget the assumed pod and back off.
                self.cache.remove_pod(&bind.info.key);
                let message = format!("running Bind plugin \"DefaultBinder\": {}", e.message);
                let still_pending = ctx
                    .store
                    .get(&bind.info.key)
                    .and_then(|o| o.as_pod())
                    .is_some_and(|p| p.spec.node_name.is_empty());
                if still_pending {
                    let failure = Failure {
                        reason: REASON_SCHEDULER_ERROR,
                        message: &message,
                        nominated: None,
                    };
                    self.handle_failure(ctx, bind.info, failure);
                }
            }
        }
    }

    /// Mirrors preemption.go prepareCandidate: each victim gets the DisruptionTarget condition,
    /// is deleted (gracefully, so the kubelet stops it) and gets a Preempted event. Returns the
    /// nominated node.
    fn prepare_candidate(&mut self, ctx: &mut Ctx, pod: &Pod, c: Candidate) -> String {
        let me = Actor::Scheduler;
        for key in &c.victims {
            let Some(victim) = ctx.store.get(key).cloned() else {
                continue;
            };
            let Object::Pod(mut v) = (*victim).clone() else {
                continue;
            };
            let msg = format!(
                "{}: preempting to accommodate a higher priority pod",
                pod.spec.scheduler_name
            );
            let cond = ("DisruptionTarget", "True", "PreemptionByScheduler");
            set_condition(&mut v.status, cond.0, cond.1, cond.2, &msg, ctx.now);
            // The delete waits for this answer, as upstream's PatchPodStatus returns first.
            let id = ctx.out.request(&me, Verb::UpdateStatus(Object::Pod(v)));
            self.evictions.insert(id, key.clone());
            let msg = format!("Preempted by pod {} on node {}", pod.metadata.uid, c.node);
            events::record(ctx, &victim, "", events::NORMAL, "Preempted", msg, SOURCE);
        }
        c.node
    }

    /// Mirrors handleSchedulingFailure: requeue, a FailedScheduling event, and the
    /// PodScheduled=False condition with the full message (and the nominated node, if any).
    fn handle_failure(&mut self, ctx: &mut Ctx, info: QueuedPodInfo, f: Failure) {
        let pod_obj = info.pod.clone();
        if f.reason == REASON_UNSCHEDULABLE {
            self.queue.add_unschedulable(info.clone(), ctx.now);
        } else {
            self.queue.add_backoff(info.clone(), ctx.now);
        }
        let text = truncate_message(f.message);
        let warning = events::WARNING;
        events::record(ctx, &pod_obj, "", warning, "FailedScheduling", text, SOURCE);
        // Mirrors updatePod: only when the condition or the nomination changes.
        let current = ctx.store.get(&info.key).and_then(|o| o.as_pod()).cloned();
        let Some(mut pod) = current else {
            return;
        };
        let status = &mut pod.status;
        let mut changed = set_condition(
            status,
            "PodScheduled",
            "False",
            f.reason,
            f.message,
            ctx.now,
        );
        if let Some(node) = f.nominated.filter(|n| *n != status.nominated_node_name) {
            status.nominated_node_name = node.to_string();
            changed = true;
        }
        if changed {
            ctx.out
                .request(&Actor::Scheduler, Verb::UpdateStatus(Object::Pod(pod)));
        }
    }
}

/// How an attempt failed, for handleSchedulingFailure.
struct Failure<'a> {
    reason: &'static str,
    message: &'a str,
    nominated: Option<&'a str>,
}
