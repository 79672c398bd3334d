//! kube-scheduler: watches pods and nodes, queues unbound pods, filters and scores nodes one
//! pod per cycle, assumes the pod onto the chosen node and sends the binding.
//!
//! Mirrors `pkg/scheduler/scheduler.go` (the component and its timers) with the cycle and
//! preemption's evictions in `schedule_one.rs`, watch handling in `eventhandlers.rs`, the
//! algorithm in `cycle.rs` and `prioritize.rs`, the queue in `queue.rs` and the cache in
//! `cache.rs`. One profile, `default-scheduler` (`plugins/registry.rs`). The informer is
//! modelled as a list of the store on the first delivery (bootstrap objects produce no watch
//! events) followed by the watch deliveries. Decisions are kept as data (`diagnosis.rs`).
//! Left out: multiple profiles, leader election, extenders, the Permit/PreBind/Reserve
//! extension points (no default plugin uses them without volumes or DRA), and nominated pods
//! holding room on their node against pods of lower priority.

pub mod cache;
pub mod cycle;
pub mod diagnosis;
mod eventhandlers;
pub mod framework;
pub mod plugins;
mod prioritize;
pub mod queue;
pub mod resource;
mod schedule_one;
pub mod testing;

use crate::api::ObjectKey;
use crate::clock::SimTime;
use crate::cluster::{Ctx, TimerKind};
use crate::network::{Body, Envelope};
use crate::trace::Actor;
use cache::Cache;
use diagnosis::{DecisionLog, SchedulingDecision};
use framework::NodeInfo;
use queue::{QueueName, QueuedPodInfo, SchedulingQueue, UNSCHEDULABLE_FLUSH_PERIOD};
use std::collections::BTreeMap;

/// A binding sent and not yet answered.
#[derive(Clone, Debug)]
struct PendingBind {
    info: QueuedPodInfo,
    node: String,
}

#[derive(Clone, Debug, Default)]
pub struct Scheduler {
    /// The store revision of the initial list; watch events at or before it are already in.
    synced: Option<u64>,
    cache: Cache,
    queue: SchedulingQueue,
    /// Where the next cycle starts walking the nodes (`nextStartNodeIndex`).
    next_start_node_index: usize,
    decisions: DecisionLog,
    binds: BTreeMap<u64, PendingBind>,
    /// Victims whose DisruptionTarget status update is in flight; deleted once it is answered.
    evictions: BTreeMap<u64, ObjectKey>,
    cycle_armed: bool,
    flush_armed: bool,
    backoff_armed: Option<SimTime>,
}

/// The scheduler's own wake-ups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Retry the unschedulable queue (`flushUnschedulablePodsLeftover`, every 30s).
    Flush,
    /// Run one scheduling cycle (`scheduleOne`).
    ScheduleOne,
    /// A backed-off pod is due (`flushBackoffQCompleted`).
    Backoff,
}

impl Scheduler {
    pub fn handle(&mut self, ctx: &mut Ctx, env: &Envelope) {
        self.ensure_synced(ctx);
        match &env.body {
            Body::Watch { type_, object } => self.on_watch(ctx, *type_, object),
            Body::Response(resp) => self.on_response(ctx, resp),
            _ => {}
        }
        self.arm(ctx);
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, timer: Timer) {
        self.ensure_synced(ctx);
        match timer {
            Timer::ScheduleOne => {
                self.cycle_armed = false;
                self.schedule_one(ctx);
            }
            Timer::Flush => {
                self.flush_armed = false;
                self.queue.flush_unschedulable_leftover(ctx.now);
            }
            Timer::Backoff => {
                self.backoff_armed = None;
                self.queue.flush_backoff_completed(ctx.now);
            }
        }
        self.arm(ctx);
    }

    /// Keeps one cycle timer armed while pods are active, the 30s flush while some are
    /// unschedulable, and a wake-up at the earliest backoff expiry.
    fn arm(&mut self, ctx: &mut Ctx) {
        let me = Actor::Scheduler;
        if self.queue.has_active() && !self.cycle_armed {
            ctx.out
                .timer(ctx.now, &me, TimerKind::Scheduler(Timer::ScheduleOne));
            self.cycle_armed = true;
        }
        if self.queue.has_unschedulable() && !self.flush_armed {
            let period = UNSCHEDULABLE_FLUSH_PERIOD.0;
            let at = SimTime((ctx.now.0 / period + 1) * period);
            ctx.out.timer(at, &me, TimerKind::Scheduler(Timer::Flush));
            self.flush_armed = true;
        }
        if let Some(expiry) = self.queue.next_backoff_expiry() {
            if self.backoff_armed.is_none_or(|t| expiry < t) {
                ctx.out
                    .timer(expiry, &me, TimerKind::Scheduler(Timer::Backoff));
                self.backoff_armed = Some(expiry);
            }
        }
    }

    /// Every scheduling decision still kept, oldest first.
    pub fn decisions(&self) -> &DecisionLog {
        &self.decisions
    }

    /// The newest decision about a pod, for the inspector and `kubectl describe`.
    pub fn latest_decision(&self, pod: &ObjectKey) -> Option<&SchedulingDecision> {
        self.decisions.latest(pod)
    }

    /// Pods waiting to be scheduled, with their sub-queue and attempts so far.
    pub fn pending(&self) -> Vec<(ObjectKey, QueueName, u32)> {
        self.queue.pending()
    }

    /// The scheduler's accounting for one node (requested totals, pods, ports).
    pub fn node_info(&self, name: &str) -> Option<&NodeInfo> {
        self.cache.get(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_scheduler_has_no_decisions_or_pending_pods() {
        let s = Scheduler::default();
        assert!(s.decisions().is_empty());
        assert!(s.pending().is_empty());
        assert!(s.node_info("k8s-node-1").is_none());
    }
}
