//! The taint eviction controller: pods that do not tolerate a node's NoExecute taints go.
//!
//! Mirrors `pkg/controller/tainteviction/taint_eviction.go`: on a change of a node's NoExecute
//! taints (`handleNodeUpdate`) or of a pod on a tainted node (`handlePodUpdate`),
//! `processPodOnNode` deletes a pod that does not tolerate every taint at once, schedules the
//! deletion of one that tolerates them for `min(tolerationSeconds)` from now (keeping an
//! earlier schedule), and cancels it when the taints go or are tolerated forever. When the
//! time comes, `deletePodHandler` records `TaintManagerEviction` `Marking for deletion Pod
//! ns/name`, adds the `DisruptionTarget` condition and deletes the pod with its default grace
//! period. As upstream, the events' object reference carries no UID. Left out: the
//! `TimedWorkerQueue` retries (a failed delete is not retried).

use crate::api::node::{Taint, TAINT_NO_EXECUTE};
use crate::api::pod::Toleration;
use crate::api::{Kind, Object, ObjectKey, Pod};
use crate::clock::{SimDuration, SimTime};
use crate::cluster::{Ctx, TimerKind};
use crate::events::{self, Source};
use crate::network::{Response, Verb};
use crate::scheduler::plugins::taint_toleration::tolerates_taint;
use crate::store::WatchType;
use crate::trace::Actor;
use std::collections::BTreeMap;

const COMPONENT: &str = "taint-eviction-controller";

/// A scheduled deletion (`TimedWorker`).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Work {
    created_at: SimTime,
    fire_at: SimTime,
}

#[derive(Clone, Debug, Default)]
pub struct TaintEvictionController {
    /// NoExecute taints per node (`taintedNodes`).
    tainted_nodes: BTreeMap<String, Vec<Taint>>,
    /// Scheduled deletions by pod key.
    work: BTreeMap<ObjectKey, Work>,
    /// Status patches in flight, by request id: the pod to delete once it is written.
    patching: BTreeMap<u64, ObjectKey>,
}

/// `getMinTolerationTime`: `None` means forever.
fn min_toleration_time(used: &[&Toleration]) -> Option<SimDuration> {
    if used.is_empty() {
        return Some(SimDuration::ZERO);
    }
    let secs = used.iter().filter_map(|t| t.toleration_seconds).min()?;
    Some(SimDuration::from_secs(secs.max(0) as u64))
}

/// `GetMatchingTolerations`: whether every taint is tolerated, and the tolerations used.
fn matching_tolerations<'a>(
    taints: &[Taint],
    tolerations: &'a [Toleration],
) -> (bool, Vec<&'a Toleration>) {
    let mut used = Vec::new();
    for taint in taints {
        match tolerations.iter().find(|t| tolerates_taint(t, taint)) {
            Some(t) => used.push(t),
            None => return (false, vec![]),
        }
    }
    (true, used)
}

impl TaintEvictionController {
    pub fn on_watch(&mut self, ctx: &mut Ctx, type_: WatchType, obj: &Object) {
        match obj {
            Object::Node(node) => {
                let name = node.metadata.name.clone();
                let taints: Vec<Taint> = match type_ {
                    WatchType::Deleted => vec![],
                    _ => node
                        .spec
                        .taints
                        .iter()
                        .filter(|t| t.effect == TAINT_NO_EXECUTE)
                        .cloned()
                        .collect(),
                };
                let old = self.tainted_nodes.get(&name).cloned().unwrap_or_default();
                if old == taints {
                    return;
                }
                self.handle_node_update(ctx, &name, taints);
            }
            Object::Pod(pod) => self.handle_pod_update(ctx, type_, pod),
            _ => {}
        }
    }

    /// Mirrors `handleNodeUpdate`.
    fn handle_node_update(&mut self, ctx: &mut Ctx, node: &str, taints: Vec<Taint>) {
        if taints.is_empty() {
            self.tainted_nodes.remove(node);
        } else {
            self.tainted_nodes.insert(node.to_string(), taints.clone());
        }
        let pods: Vec<Pod> = ctx
            .store
            .list(Kind::Pod, None)
            .filter_map(|o| o.as_pod())
            .filter(|p| p.spec.node_name == node)
            .cloned()
            .collect();
        for pod in pods {
            self.process_pod_on_node(ctx, &pod, &taints);
        }
    }

    /// Mirrors `handlePodUpdate`.
    fn handle_pod_update(&mut self, ctx: &mut Ctx, type_: WatchType, pod: &Pod) {
        let key = ObjectKey::new(Kind::Pod, &pod.metadata.namespace, &pod.metadata.name);
        if type_ == WatchType::Deleted {
            self.cancel(ctx, &key);
            return;
        }
        if let Some(taints) = self.tainted_nodes.get(&pod.spec.node_name).cloned() {
            self.process_pod_on_node(ctx, pod, &taints);
        }
    }

    /// Mirrors `processPodOnNode`.
    fn process_pod_on_node(&mut self, ctx: &mut Ctx, pod: &Pod, taints: &[Taint]) {
        let key = ObjectKey::new(Kind::Pod, &pod.metadata.namespace, &pod.metadata.name);
        if taints.is_empty() {
            return self.cancel(ctx, &key);
        }
        let (all, used) = matching_tolerations(taints, &pod.spec.tolerations);
        if !all {
            self.cancel(ctx, &key);
            return self.add_work(ctx, key, ctx.now, ctx.now);
        }
        let Some(min) = min_toleration_time(&used) else {
            return self.cancel(ctx, &key);
        };
        let trigger = ctx.now + min;
        if let Some(w) = self.work.get(&key) {
            if w.created_at + min <= trigger {
                return;
            }
            self.cancel(ctx, &key);
        }
        self.add_work(ctx, key, ctx.now, trigger);
    }

    fn add_work(&mut self, ctx: &mut Ctx, key: ObjectKey, created_at: SimTime, fire_at: SimTime) {
        let kind = TimerKind::Controller(super::Timer::TaintEviction(key.clone()));
        ctx.out.timer(fire_at, &Actor::ControllerManager, kind);
        self.work.insert(
            key,
            Work {
                created_at,
                fire_at,
            },
        );
    }

    /// `cancelWorkWithEvent`.
    fn cancel(&mut self, ctx: &mut Ctx, key: &ObjectKey) {
        if self.work.remove(key).is_some() {
            let msg = format!("Cancelling deletion of Pod {}/{}", key.namespace, key.name);
            record(ctx, key, msg);
        }
    }

    /// The timer of a scheduled deletion: mirrors `deletePodHandler`.
    pub fn fire(&mut self, ctx: &mut Ctx, key: &ObjectKey) {
        let due = self.work.get(key).is_some_and(|w| w.fire_at <= ctx.now);
        if !due {
            return; // cancelled or rescheduled since
        }
        self.work.remove(key);
        record(
            ctx,
            key,
            format!("Marking for deletion Pod {}/{}", key.namespace, key.name),
        );
        let Some(mut pod) = ctx.store.get(key).and_then(|o| o.as_pod()).cloned() else {
            return;
        };
        let changed = crate::api::pod_status::set_condition(
            &mut pod.status,
            "DisruptionTarget",
            "True",
            "DeletionByTaintManager",
            "Taint manager: deleting due to NoExecute taint",
            ctx.now,
        );
        if !changed {
            return delete(ctx, key);
        }
        // The delete waits for the status write, as upstream's calls follow one another.
        let verb = Verb::UpdateStatus(Object::Pod(pod));
        let id = ctx.out.request(&Actor::ControllerManager, verb);
        self.patching.insert(id, key.clone());
    }

    /// The answer to a status patch: now delete the pod (whatever the patch's outcome, as
    /// upstream retries the pair and then gives up on the condition).
    pub fn on_response(&mut self, ctx: &mut Ctx, resp: &Response) {
        if let Some(key) = self.patching.remove(&resp.id) {
            delete(ctx, &key);
        }
    }
}

fn delete(ctx: &mut Ctx, key: &ObjectKey) {
    let verb = Verb::Delete {
        key: key.clone(),
        grace_period_seconds: None,
    };
    ctx.out.request(&Actor::ControllerManager, verb);
}

/// A `TaintManagerEviction` event about a pod, referenced without its UID as upstream does.
fn record(ctx: &mut Ctx, key: &ObjectKey, message: String) {
    let mut pod = Pod::default();
    pod.metadata.name = key.name.clone();
    pod.metadata.namespace = key.namespace.clone();
    let source = Source {
        actor: &Actor::ControllerManager,
        component: COMPONENT,
        host: "",
    };
    let obj = Object::Pod(pod);
    events::record(
        ctx,
        &obj,
        "",
        events::NORMAL,
        "TaintManagerEviction",
        message,
        source,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toleration(key: &str, secs: Option<i64>) -> Toleration {
        Toleration {
            key: key.into(),
            operator: "Exists".into(),
            effect: TAINT_NO_EXECUTE.into(),
            toleration_seconds: secs,
            ..Toleration::default()
        }
    }

    #[test]
    fn minimum_toleration_time_decides_the_delay() {
        let taint = Taint {
            key: "node.kubernetes.io/unreachable".into(),
            effect: TAINT_NO_EXECUTE.into(),
            ..Taint::default()
        };
        let tols = vec![toleration("node.kubernetes.io/unreachable", Some(300))];
        let (all, used) = matching_tolerations(std::slice::from_ref(&taint), &tols);
        assert!(all);
        assert_eq!(
            min_toleration_time(&used),
            Some(SimDuration::from_secs(300))
        );
        let forever = vec![toleration("node.kubernetes.io/unreachable", None)];
        let (_, used) = matching_tolerations(std::slice::from_ref(&taint), &forever);
        assert_eq!(min_toleration_time(&used), None);
        let (all, _) = matching_tolerations(&[taint], &[]);
        assert!(!all, "no toleration: deleted at once");
    }
}
