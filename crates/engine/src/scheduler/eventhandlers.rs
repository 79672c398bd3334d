//! Watch handling: bound pods go to the cache, unbound pods of this profile to the queue, and
//! cluster changes that may free room send unschedulable pods back for another try.
//!
//! Mirrors `pkg/scheduler/eventhandlers.go` (`addPodToCache`, `updatePodInCache`,
//! `deletePodFromCache`, `addPodToSchedulingQueue`, `addNodeToCache`, `updateNodeInCache`,
//! `responsibleForPod`, `assignedPod`) and the pod informer's field selector that drops
//! Succeeded/Failed pods. Simplified: a node update moves unschedulable pods when its labels,
//! taints, unschedulable flag, allocatable or images changed (upstream asks each plugin's
//! queueing hint).

use super::plugins::registry::DEFAULT_SCHEDULER_NAME;
use super::Scheduler;
use crate::api::node::Node;
use crate::api::{Kind, Object, ObjectKey, Pod};
use crate::cluster::Ctx;
use crate::store::WatchType;
use std::sync::Arc;

fn responsible_for(pod: &Pod) -> bool {
    pod.spec.scheduler_name.is_empty() || pod.spec.scheduler_name == DEFAULT_SCHEDULER_NAME
}

fn terminal(pod: &Pod) -> bool {
    matches!(pod.status.phase.as_str(), "Succeeded" | "Failed")
}

/// Whether a node changed in a way any filter or score reads.
fn node_changed(old: &Node, new: &Node) -> bool {
    old.spec.taints != new.spec.taints
        || old.spec.unschedulable != new.spec.unschedulable
        || old.metadata.labels != new.metadata.labels
        || old.status.allocatable != new.status.allocatable
        || old.status.images != new.status.images
}

impl Scheduler {
    /// The informer's initial list: every node and pod in the store, once.
    pub(super) fn ensure_synced(&mut self, ctx: &mut Ctx) {
        if self.synced.is_some() {
            return;
        }
        self.synced = Some(ctx.store.revision());
        let nodes: Vec<Arc<Object>> = ctx.store.list(Kind::Node, None).cloned().collect();
        for n in nodes {
            self.on_node(ctx, WatchType::Added, &n);
        }
        let pods: Vec<Arc<Object>> = ctx.store.list(Kind::Pod, None).cloned().collect();
        for p in pods {
            self.on_pod(ctx, WatchType::Added, &p);
        }
    }

    pub(super) fn on_watch(&mut self, ctx: &mut Ctx, type_: WatchType, obj: &Arc<Object>) {
        let rv: u64 = obj.meta().resource_version.parse().unwrap_or(u64::MAX);
        if self.synced.is_some_and(|s| rv <= s) {
            return;
        }
        match obj.kind() {
            Kind::Node => self.on_node(ctx, type_, obj),
            Kind::Pod => self.on_pod(ctx, type_, obj),
            _ => {}
        }
    }

    fn on_node(&mut self, ctx: &mut Ctx, type_: WatchType, obj: &Arc<Object>) {
        let Some(node) = obj.as_node() else {
            return;
        };
        if type_ == WatchType::Deleted {
            self.cache.remove_node(&node.metadata.name);
            return;
        }
        let relevant = match self.cache.get(&node.metadata.name).and_then(|n| n.node()) {
            Some(old) => node_changed(old, node),
            None => true,
        };
        self.cache.set_node(obj);
        if relevant {
            self.queue.move_all_to_active_or_backoff(ctx.now);
        }
    }

    fn on_pod(&mut self, ctx: &mut Ctx, type_: WatchType, obj: &Arc<Object>) {
        let Some(pod) = obj.as_pod() else {
            return;
        };
        let key = ObjectKey::of(obj);
        let gone = type_ == WatchType::Deleted || terminal(pod);
        if gone {
            self.queue.delete(&key);
            if self.cache.has_pod(&key) {
                // An assigned pod leaving frees room: AssignedPodDelete.
                self.cache.remove_pod(&key);
                self.queue.move_all_to_active_or_backoff(ctx.now);
            }
            return;
        }
        if !pod.spec.node_name.is_empty() {
            self.queue.delete(&key);
            self.cache.add_pod(key, pod);
            return;
        }
        let schedulable = responsible_for(pod) && pod.metadata.deletion_timestamp.is_none();
        if schedulable && !self.cache.is_assumed(&key) {
            self.queue.update(&key, obj.clone(), ctx.now);
        }
    }
}
