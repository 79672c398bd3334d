//! One scheduling cycle and its binding: pop a pod, find a node, assume and bind, or record
//! why not.
//!
//! Mirrors `pkg/scheduler/schedule_one.go` (`ScheduleOne`, `schedulingCycle`, `bindingCycle`,
//! `finishBinding`, `handleSchedulingFailure`, `updatePod`). The binding is the
//! `pods/binding` request the DefaultBinder plugin makes; the `Scheduled` event follows its
//! successful answer, as in `finishBinding`.

use super::cycle::{self, Failure};
use super::diagnosis::{truncate_message, Outcome, SchedulingDecision, NO_NODES_AVAILABLE};
use super::plugins::pod_topology_spread;
use super::plugins::registry::{DEFAULT_SCHEDULER_NAME, FILTERS};
use super::queue::QueuedPodInfo;
use super::{PendingBind, Scheduler};
use crate::api::Object;
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
            Err(Failure::Fit(fit_error)) => Outcome::Unschedulable {
                fit_error: fit_error.clone(),
            },
            Err(Failure::NoNodes) => Outcome::Error {
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
        };
        let message = decision.message();
        self.decisions.push(decision);
        match outcome {
            Outcome::Scheduled { node } => self.assume_and_bind(ctx, info, node),
            Outcome::Unschedulable { fit_error } => {
                let mut info = info;
                info.unschedulable_plugins = fit_error.unschedulable_plugins;
                self.handle_failure(ctx, info, REASON_UNSCHEDULABLE, &message)
            }
            Outcome::Error { .. } => {
                self.handle_failure(ctx, info, REASON_SCHEDULER_ERROR, &message)
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
                    self.handle_failure(ctx, bind.info, REASON_SCHEDULER_ERROR, &message);
                }
            }
        }
    }

    /// Mirrors handleSchedulingFailure: requeue, a FailedScheduling event, and the
    /// PodScheduled=False condition with the full message.
    fn handle_failure(&mut self, ctx: &mut Ctx, info: QueuedPodInfo, reason: &str, message: &str) {
        let pod_obj = info.pod.clone();
        if reason == REASON_UNSCHEDULABLE {
            self.queue.add_unschedulable(info.clone(), ctx.now);
        } else {
            self.queue.add_backoff(info.clone(), ctx.now);
        }
        let from = Actor::Scheduler;
        let text = truncate_message(message);
        events::record(
            ctx,
            &pod_obj,
            "",
            events::WARNING,
            "FailedScheduling",
            text,
            SOURCE,
        );
        // Mirrors updatePod: only when the condition changes.
        let current = ctx.store.get(&info.key).and_then(|o| o.as_pod()).cloned();
        let Some(mut pod) = current else {
            return;
        };
        let changed = crate::api::pod_status::set_condition(
            &mut pod.status,
            "PodScheduled",
            "False",
            reason,
            message,
            ctx.now,
        );
        if changed {
            ctx.out.request(&from, Verb::UpdateStatus(Object::Pod(pod)));
        }
    }
}
