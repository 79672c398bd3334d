//! Watch handling: bound pods go to the cache, unbound pods of this profile to the queue, and
//! cluster changes that may free room send unschedulable pods back for another try.
//!
//! Mirrors `pkg/scheduler/eventhandlers.go` (`addPodToCache`, `updatePodInCache`,
//! `deletePodFromCache`, `addPodToSchedulingQueue`, `addNodeToCache`, `updateNodeInCache`,
//! `responsibleForPod`, `assignedPod`) and the pod informer's field selector that drops
//! Succeeded/Failed pods. Simplified: an event moves the unschedulable pods that a plugin
//! registered for it rejected (upstream further asks each plugin's queueing hint function).

use super::plugins::registry::DEFAULT_SCHEDULER_NAME;
use super::plugins::{
    node_affinity, node_ports, node_resources_fit, node_unschedulable, taint_toleration,
};
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

/// The filter plugins that register for a node update of this kind (`EventsToRegister`:
/// UpdateNodeTaint covers taints and `spec.unschedulable`, UpdateNodeLabel, and
/// UpdateNodeAllocatable). Empty when nothing a filter reads changed (e.g. a heartbeat).
fn interested_in_node_update(old: &Node, new: &Node) -> Vec<&'static str> {
    let mut plugins = Vec::new();
    if old.spec.taints != new.spec.taints || old.spec.unschedulable != new.spec.unschedulable {
        plugins.extend([
            node_unschedulable::NAME,
            taint_toleration::NAME,
            node_ports::NAME,
            node_resources_fit::NAME,
        ]);
    }
    if old.metadata.labels != new.metadata.labels {
        plugins.extend([node_affinity::NAME, node_resources_fit::NAME]);
    }
    if old.status.allocatable != new.status.allocatable {
        plugins.push(node_resources_fit::NAME);
    }
    plugins
}

/// Plugins that register for an assigned pod leaving its node (AssignedPodDelete).
const INTERESTED_IN_POD_DELETE: [&str; 2] = [node_resources_fit::NAME, node_ports::NAME];

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
        let interested = self
            .cache
            .get(&node.metadata.name)
            .and_then(|n| n.node())
            .map(|old| interested_in_node_update(old, node));
        self.cache.set_node(obj);
        match interested {
            // A new node: every plugin registers for NodeAdd.
            None => self.queue.move_all_to_active_or_backoff(ctx.now),
            Some(plugins) if !plugins.is_empty() => self.queue.move_for_event(ctx.now, &plugins),
            Some(_) => {}
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
                self.queue
                    .move_for_event(ctx.now, &INTERESTED_IN_POD_DELETE);
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
