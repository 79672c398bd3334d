//! The scheduling queue: activeQ by priority then arrival, a backoff queue, and the pods that
//! were unschedulable, waiting for a cluster change.
//!
//! Mirrors `pkg/scheduler/backend/queue/scheduling_queue.go` (`PriorityQueue`: `Add`, `Pop`,
//! `Update`, `Delete`, `AddUnschedulableIfNotPresent`, `MoveAllToActiveOrBackoffQueue`,
//! `flushBackoffQCompleted`, `flushUnschedulablePodsLeftover`, `calculateBackoffDuration`) and
//! the PrioritySort plugin's `Less`. Defaults from `pkg/scheduler/apis/config/v1/defaults.go`.
//! Simplified: queueing hints are reduced to "did a plugin that rejected the pod register for
//! this kind of event" (no per-object hint functions); a backed-off pod becomes active exactly
//! at its expiry instead of at the next 1-second flush.

use crate::api::{Object, ObjectKey};
use crate::clock::{SimDuration, SimTime};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

pub const POD_INITIAL_BACKOFF: SimDuration = SimDuration::from_secs(1);
pub const POD_MAX_BACKOFF: SimDuration = SimDuration::from_secs(10);
/// `podMaxInUnschedulablePodsDuration`.
pub const POD_MAX_IN_UNSCHEDULABLE: SimDuration = SimDuration::from_secs(300);
/// How often upstream runs `flushUnschedulablePodsLeftover`.
pub const UNSCHEDULABLE_FLUSH_PERIOD: SimDuration = SimDuration::from_secs(30);

/// `framework.QueuedPodInfo`.
#[derive(Clone, Debug)]
pub struct QueuedPodInfo {
    pub key: ObjectKey,
    pub pod: Arc<Object>,
    pub priority: i32,
    /// When the pod was added, or last failed (backoff counts from here).
    pub timestamp: SimTime,
    /// Scheduling attempts so far.
    pub attempts: u32,
    /// The plugins that rejected the pod in its last attempt (`UnschedulablePlugins`): only
    /// cluster events those plugins care about send it back to be retried.
    pub unschedulable_plugins: BTreeSet<&'static str>,
}

type ActiveKey = (Reverse<i32>, SimTime, u64);

#[derive(Clone, Debug)]
enum Place {
    Active(ActiveKey),
    Backoff((SimTime, u64)),
    Unschedulable,
}

/// Which sub-queue a pending pod waits in, for the UI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum QueueName {
    Active,
    Backoff,
    Unschedulable,
}

#[derive(Clone, Debug, Default)]
pub struct SchedulingQueue {
    active: BTreeMap<ActiveKey, ObjectKey>,
    backoff: BTreeMap<(SimTime, u64), ObjectKey>,
    unschedulable: BTreeSet<ObjectKey>,
    pods: BTreeMap<ObjectKey, (QueuedPodInfo, Place)>,
    seq: u64,
}

fn priority_of(pod: &Object) -> i32 {
    pod.as_pod().and_then(|p| p.spec.priority).unwrap_or(0)
}

/// Mirrors calculateBackoffDuration: 1s doubling per attempt, capped at 10s.
pub fn backoff_duration(attempts: u32) -> SimDuration {
    if attempts == 0 {
        return SimDuration::ZERO;
    }
    let mut d = POD_INITIAL_BACKOFF.0;
    for _ in 1..attempts {
        if d > POD_MAX_BACKOFF.0 - d {
            return POD_MAX_BACKOFF;
        }
        d += d;
    }
    SimDuration(d)
}

fn backoff_expiry(info: &QueuedPodInfo) -> SimTime {
    info.timestamp + backoff_duration(info.attempts)
}

impl SchedulingQueue {
    fn place(&mut self, info: QueuedPodInfo, now: SimTime, to_active_unless_backing_off: bool) {
        self.remove(&info.key);
        self.seq += 1;
        let expiry = backoff_expiry(&info);
        let place = if to_active_unless_backing_off && expiry <= now {
            let k = (Reverse(info.priority), info.timestamp, self.seq);
            self.active.insert(k, info.key.clone());
            Place::Active(k)
        } else {
            self.backoff.insert((expiry, self.seq), info.key.clone());
            Place::Backoff((expiry, self.seq))
        };
        self.pods.insert(info.key.clone(), (info, place));
    }

    fn remove(&mut self, key: &ObjectKey) -> Option<QueuedPodInfo> {
        let (info, place) = self.pods.remove(key)?;
        match place {
            Place::Active(k) => {
                self.active.remove(&k);
            }
            Place::Backoff(k) => {
                self.backoff.remove(&k);
            }
            Place::Unschedulable => {
                self.unschedulable.remove(key);
            }
        }
        Some(info)
    }

    /// Mirrors Add: a new pending pod goes straight to activeQ.
    pub fn add(&mut self, key: ObjectKey, pod: Arc<Object>, now: SimTime) {
        let info = QueuedPodInfo {
            key,
            priority: priority_of(&pod),
            pod,
            timestamp: now,
            attempts: 0,
            unschedulable_plugins: BTreeSet::new(),
        };
        self.place(info, now, true);
    }

    /// Mirrors Update: keeps the newest object; a pod waiting as unschedulable is retried when
    /// its spec or labels changed (a status-only update, such as the scheduler's own
    /// PodScheduled condition, changes nothing).
    pub fn update(&mut self, key: &ObjectKey, pod: Arc<Object>, now: SimTime) {
        let Some((info, place)) = self.pods.get_mut(key) else {
            return self.add(key.clone(), pod, now);
        };
        let changed = match (info.pod.as_pod(), pod.as_pod()) {
            (Some(a), Some(b)) => a.spec != b.spec || a.metadata.labels != b.metadata.labels,
            _ => true,
        };
        info.pod = pod;
        if changed && matches!(place, Place::Unschedulable) {
            let info = info.clone();
            self.place(info, now, true);
        }
    }

    pub fn delete(&mut self, key: &ObjectKey) {
        self.remove(key);
    }

    pub fn contains(&self, key: &ObjectKey) -> bool {
        self.pods.contains_key(key)
    }

    /// Mirrors Pop: the highest-priority, oldest active pod; counts the attempt.
    pub fn pop(&mut self) -> Option<QueuedPodInfo> {
        let key = self.active.first_key_value()?.1.clone();
        let mut info = self.remove(&key)?;
        info.attempts += 1;
        Some(info)
    }

    /// Mirrors AddUnschedulableIfNotPresent for a pod that did not fit.
    pub fn add_unschedulable(&mut self, mut info: QueuedPodInfo, now: SimTime) {
        self.remove(&info.key);
        info.timestamp = now;
        self.unschedulable.insert(info.key.clone());
        self.pods
            .insert(info.key.clone(), (info, Place::Unschedulable));
    }

    /// A pod whose attempt failed with an error (e.g. a rejected binding) backs off.
    pub fn add_backoff(&mut self, mut info: QueuedPodInfo, now: SimTime) {
        info.timestamp = now;
        self.place(info, now, false);
    }

    /// Mirrors MoveAllToActiveOrBackoffQueue for an event every plugin may care about.
    pub fn move_all_to_active_or_backoff(&mut self, now: SimTime) {
        let keys: Vec<ObjectKey> = self.unschedulable.iter().cloned().collect();
        self.move_keys(keys, now);
    }

    /// Mirrors MoveAllToActiveOrBackoffQueue with queueing hints reduced to the events each
    /// plugin registers (`EventsToRegister`): a pod moves when one of the plugins that
    /// rejected it is `interested` (or when no plugin was recorded).
    pub fn move_for_event(&mut self, now: SimTime, interested: &[&str]) {
        let keys: Vec<ObjectKey> = self
            .unschedulable
            .iter()
            .filter(|k| {
                self.pods.get(*k).is_some_and(|(i, _)| {
                    i.unschedulable_plugins.is_empty()
                        || interested
                            .iter()
                            .any(|p| i.unschedulable_plugins.contains(p))
                })
            })
            .cloned()
            .collect();
        self.move_keys(keys, now);
    }

    fn move_keys(&mut self, keys: Vec<ObjectKey>, now: SimTime) {
        for k in keys {
            if let Some(info) = self.remove(&k) {
                self.place(info, now, true);
            }
        }
    }

    /// Mirrors flushBackoffQCompleted.
    pub fn flush_backoff_completed(&mut self, now: SimTime) {
        let due: Vec<ObjectKey> = self
            .backoff
            .range(..=(now, u64::MAX))
            .map(|(_, k)| k.clone())
            .collect();
        self.move_keys(due, now);
    }

    /// Mirrors flushUnschedulablePodsLeftover: pods unschedulable for 5 minutes are retried.
    pub fn flush_unschedulable_leftover(&mut self, now: SimTime) {
        let stale: Vec<ObjectKey> = self
            .unschedulable
            .iter()
            .filter(|k| {
                self.pods
                    .get(*k)
                    .is_some_and(|(i, _)| i.timestamp + POD_MAX_IN_UNSCHEDULABLE <= now)
            })
            .cloned()
            .collect();
        self.move_keys(stale, now);
    }

    pub fn has_active(&self) -> bool {
        !self.active.is_empty()
    }

    pub fn has_unschedulable(&self) -> bool {
        !self.unschedulable.is_empty()
    }

    pub fn next_backoff_expiry(&self) -> Option<SimTime> {
        self.backoff.keys().next().map(|(t, _)| *t)
    }

    /// Every pending pod and where it waits, in key order.
    pub fn pending(&self) -> Vec<(ObjectKey, QueueName, u32)> {
        self.pods
            .iter()
            .map(|(k, (info, place))| {
                let q = match place {
                    Place::Active(_) => QueueName::Active,
                    Place::Backoff(_) => QueueName::Backoff,
                    Place::Unschedulable => QueueName::Unschedulable,
                };
                (k.clone(), q, info.attempts)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::testing::make_pod;

    fn pod(name: &str, priority: i32) -> (ObjectKey, Arc<Object>) {
        let b = make_pod(name).priority(priority);
        (b.key(), Arc::new(Object::Pod(b.obj())))
    }

    #[test]
    fn backoff_doubles_to_ten_seconds() {
        let secs: Vec<u64> = (0..7).map(|a| backoff_duration(a).0 / 1000).collect();
        assert_eq!(secs, vec![0, 1, 2, 4, 8, 10, 10]);
    }

    #[test]
    fn pop_orders_by_priority_then_arrival() {
        let mut q = SchedulingQueue::default();
        for (i, (name, prio)) in [("a", 0), ("b", 10), ("c", 0)].iter().enumerate() {
            let (k, p) = pod(name, *prio);
            q.add(k, p, SimTime(i as u64));
        }
        let order: Vec<String> = std::iter::from_fn(|| q.pop()).map(|i| i.key.name).collect();
        assert_eq!(order, vec!["b", "a", "c"]);
    }

    #[test]
    fn unschedulable_pods_move_on_events_respecting_backoff() {
        let mut q = SchedulingQueue::default();
        let (k, p) = pod("a", 0);
        q.add(k.clone(), p, SimTime(0));
        let info = q.pop().expect("active");
        q.add_unschedulable(info, SimTime(0));
        assert!(!q.has_active());
        q.move_all_to_active_or_backoff(SimTime(500));
        assert_eq!(q.next_backoff_expiry(), Some(SimTime(1000)));
        q.flush_backoff_completed(SimTime(1000));
        assert!(q.has_active());
        let info = q.pop().expect("active again");
        assert_eq!(info.attempts, 2);
        q.add_unschedulable(info, SimTime(2000));
        q.flush_unschedulable_leftover(SimTime(2000 + 299_999));
        assert!(q.has_unschedulable());
        q.flush_unschedulable_leftover(SimTime(2000 + 300_000));
        assert!(q.has_active());
    }

    #[test]
    fn events_move_only_pods_rejected_by_an_interested_plugin() {
        let mut q = SchedulingQueue::default();
        for (name, plugin) in [("tainted", "TaintToleration"), ("full", "NodeResourcesFit")] {
            let (k, p) = pod(name, 0);
            q.add(k, p, SimTime(0));
            let mut info = q.pop().expect("active");
            info.unschedulable_plugins.insert(plugin);
            q.add_unschedulable(info, SimTime(0));
        }
        q.move_for_event(SimTime(5000), &["NodeResourcesFit", "NodePorts"]);
        let moved: Vec<String> = std::iter::from_fn(|| q.pop()).map(|i| i.key.name).collect();
        assert_eq!(moved, vec!["full"]);
        assert!(q.has_unschedulable());
    }

    #[test]
    fn status_only_updates_do_not_retry() {
        let mut q = SchedulingQueue::default();
        let (k, p) = pod("a", 0);
        q.add(k.clone(), p.clone(), SimTime(0));
        let info = q.pop().expect("active");
        q.add_unschedulable(info, SimTime(0));
        let mut same = (*p).clone();
        if let Object::Pod(pp) = &mut same {
            pp.status.phase = "Pending".into();
        }
        q.update(&k, Arc::new(same.clone()), SimTime(5000));
        assert!(!q.has_active());
        if let Object::Pod(pp) = &mut same {
            pp.metadata.labels.insert("x".into(), "y".into());
        }
        q.update(&k, Arc::new(same), SimTime(5000));
        assert!(q.has_active());
    }
}
