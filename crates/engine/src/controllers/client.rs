//! The controllers' shared client side: the work queue, expectations, writes in flight and the
//! pod event handlers every workload controller has.
//!
//! Mirrors `client-go/util/workqueue` (a de-duplicating set of keys), `RealPodControl` in
//! `pkg/controller/controller_utils.go` (create/delete a pod, then record `SuccessfulCreate`
//! `Created pod: NAME` or `FailedCreate` `Error creating: ERR`) and the `addPod`/`updatePod`/
//! `deletePod` handlers of `pkg/controller/replicaset/replica_set.go`, which the Job,
//! DaemonSet and StatefulSet controllers repeat. Pod names come from `generateName`, so the
//! success event is recorded when the API server's answer arrives.

use super::expectations::Expectations;
use super::Timer;
use crate::api::labels::Selector;
use crate::api::meta::ObjectMeta;
use crate::api::{Kind, Object, ObjectKey, Pod};
use crate::clock::SimDuration;
use crate::cluster::{Ctx, TimerKind};
use crate::events::{self, Source};
use crate::network::{Response, Verb};
use crate::store::WatchType;
use crate::trace::Actor;
use std::collections::{BTreeMap, BTreeSet};

const ACTOR: Actor = Actor::ControllerManager;

/// How a controller words its pod events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PodEvents {
    /// `Created pod: web-7d4f8b9c6b-x2x9k` (RealPodControl: ReplicaSet, Job, DaemonSet).
    Plain,
    /// `create Pod web-0 in StatefulSet web successful` (stateful_pod_control.go).
    StatefulSet,
}

/// What to do when the answer to a write arrives.
#[derive(Clone, Debug)]
enum Action {
    CreatePod(&'static str, PodEvents),
    DeletePod(&'static str, PodEvents, ObjectKey),
    Write,
    /// A write whose success is worth a Normal event on `owner` (`ScalingReplicaSet`).
    WriteThenEvent(&'static str, &'static str, String),
}

#[derive(Clone, Debug)]
struct Pending {
    owner: ObjectKey,
    action: Action,
}

/// State every controller shares: the queue, expectations and the writes in flight.
#[derive(Clone, Debug, Default)]
pub struct Shared {
    pub expectations: Expectations,
    queue: BTreeSet<ObjectKey>,
    drain_scheduled: bool,
    pending: BTreeMap<u64, Pending>,
}

impl Shared {
    pub fn enqueue(&mut self, key: ObjectKey) {
        self.queue.insert(key);
    }

    pub(super) fn take_queue(&mut self) -> BTreeSet<ObjectKey> {
        std::mem::take(&mut self.queue)
    }

    pub(super) fn drain_fired(&mut self) {
        self.drain_scheduled = false;
    }

    /// Schedules one `Drain` at the current instant, after the deliveries already queued for it.
    pub(super) fn schedule_drain(&mut self, ctx: &mut Ctx) {
        if !self.queue.is_empty() && !self.drain_scheduled {
            self.drain_scheduled = true;
            ctx.out
                .timer(ctx.now, &ACTOR, TimerKind::Controller(Timer::Drain));
        }
    }

    /// `queue.AddAfter(key, d)`.
    pub fn requeue_after(&mut self, ctx: &mut Ctx, key: &ObjectKey, d: SimDuration) {
        let kind = TimerKind::Controller(Timer::Requeue(key.clone()));
        ctx.out.timer(ctx.now + d, &ACTOR, kind);
    }

    /// Creates a pod for `owner`; the event is recorded when the answer arrives.
    pub fn create_pod(
        &mut self,
        ctx: &mut Ctx,
        owner: &Object,
        pod: Pod,
        who: &'static str,
        style: PodEvents,
    ) {
        let id = ctx.out.request(&ACTOR, Verb::Create(Object::Pod(pod)));
        let action = Action::CreatePod(who, style);
        self.pending.insert(
            id,
            Pending {
                owner: owner.key(),
                action,
            },
        );
    }

    /// Deletes one of `owner`'s pods with its default grace period.
    pub fn delete_pod(
        &mut self,
        ctx: &mut Ctx,
        owner: &Object,
        pod: &Pod,
        who: &'static str,
        style: PodEvents,
    ) {
        let key = ObjectKey::new(Kind::Pod, &pod.metadata.namespace, &pod.metadata.name);
        let verb = Verb::Delete {
            key: key.clone(),
            grace_period_seconds: None,
        };
        let id = ctx.out.request(&ACTOR, verb);
        let action = Action::DeletePod(who, style, key);
        self.pending.insert(
            id,
            Pending {
                owner: owner.key(),
                action,
            },
        );
    }

    /// Any other write (spec update, status update, delete of a non-pod); a failure re-queues
    /// `owner`.
    pub fn write(&mut self, ctx: &mut Ctx, owner: &ObjectKey, verb: Verb) {
        let id = ctx.out.request(&ACTOR, verb);
        let pending = Pending {
            owner: owner.clone(),
            action: Action::Write,
        };
        self.pending.insert(id, pending);
    }

    /// A write that records a Normal event `reason: message` on `owner` once it succeeded, as
    /// upstream records `ScalingReplicaSet` after the scale call returns.
    pub fn write_then_event(
        &mut self,
        ctx: &mut Ctx,
        owner: &ObjectKey,
        verb: Verb,
        event: (&'static str, &'static str, String),
    ) {
        let id = ctx.out.request(&ACTOR, verb);
        let (who, reason, message) = event;
        let action = Action::WriteThenEvent(who, reason, message);
        self.pending.insert(
            id,
            Pending {
                owner: owner.clone(),
                action,
            },
        );
    }

    /// Records an event about `involved` from controller `who`.
    pub fn event(
        &mut self,
        ctx: &mut Ctx,
        involved: &Object,
        type_: &str,
        reason: &str,
        message: String,
        who: &str,
    ) {
        let source = Source {
            actor: &ACTOR,
            component: who,
            host: "",
        };
        events::record(ctx, involved, "", type_, reason, message, source);
    }

    /// The API server's answer to one of our writes.
    pub(super) fn on_response(&mut self, ctx: &mut Ctx, resp: &Response) {
        let Some(p) = self.pending.remove(&resp.id) else {
            return;
        };
        let owner = ctx.store.get(&p.owner).cloned();
        match (&p.action, &resp.result) {
            (Action::CreatePod(who, style), Ok(pod)) => {
                if let Some(owner) = owner {
                    let msg = pod_message(*style, "create", &pod.meta().name, &owner, None);
                    self.event(ctx, &owner, events::NORMAL, "SuccessfulCreate", msg, who);
                }
            }
            (Action::CreatePod(who, style), Err(e)) => {
                self.expectations.creation_observed(&p.owner);
                if let Some(owner) = owner {
                    let msg = pod_message(*style, "create", "", &owner, Some(&e.message));
                    self.event(ctx, &owner, events::WARNING, "FailedCreate", msg, who);
                }
                self.enqueue(p.owner);
            }
            (Action::DeletePod(who, style, pod), Ok(_)) => {
                if let Some(owner) = owner {
                    let msg = pod_message(*style, "delete", &pod.name, &owner, None);
                    self.event(ctx, &owner, events::NORMAL, "SuccessfulDelete", msg, who);
                }
            }
            (Action::DeletePod(who, style, pod), Err(e)) => {
                self.expectations.deletion_observed(&p.owner, pod);
                if let Some(owner) = owner.filter(|_| e.reason.as_str() != "NotFound") {
                    let msg = pod_message(*style, "delete", &pod.name, &owner, Some(&e.message));
                    self.event(ctx, &owner, events::WARNING, "FailedDelete", msg, who);
                }
                self.enqueue(p.owner);
            }
            (Action::Write | Action::WriteThenEvent(..), Err(_)) => self.enqueue(p.owner),
            (Action::WriteThenEvent(who, reason, msg), Ok(_)) => {
                if let Some(owner) = owner {
                    self.event(ctx, &owner, events::NORMAL, reason, msg.clone(), who);
                }
            }
            (Action::Write, Ok(_)) => {}
        }
    }
}

/// The event text for a pod created or deleted by a controller.
fn pod_message(
    style: PodEvents,
    verb: &str,
    pod: &str,
    owner: &Object,
    err: Option<&str>,
) -> String {
    match (style, err) {
        (PodEvents::Plain, None) if verb == "create" => format!("Created pod: {pod}"),
        (PodEvents::Plain, None) => format!("Deleted pod: {pod}"),
        (PodEvents::Plain, Some(e)) if verb == "create" => format!("Error creating: {e}"),
        (PodEvents::Plain, Some(e)) => format!("Error deleting: {e}"),
        (PodEvents::StatefulSet, None) => format!(
            "{verb} Pod {pod} in StatefulSet {} successful",
            owner.meta().name
        ),
        (PodEvents::StatefulSet, Some(e)) => format!(
            "{verb} Pod {pod} in StatefulSet {} failed error: {e}",
            owner.meta().name
        ),
    }
}

/// The key of the object controlling `meta`, from its controller reference.
pub fn owner_key(meta: &ObjectMeta) -> Option<ObjectKey> {
    let r = meta.controller_ref()?;
    let kind = Kind::ALL.iter().find(|k| k.as_str() == r.kind)?;
    Some(ObjectKey::new(*kind, &meta.namespace, &r.name))
}

/// The pod handlers (`addPod`, `updatePod`, `deletePod`): observe expectations, enqueue the
/// owner, or, for an orphan, every controller whose selector matches it (adoption).
pub fn on_pod(ctx: &mut Ctx, sh: &mut Shared, type_: WatchType, pod: &Pod) {
    let pod_key = ObjectKey::new(Kind::Pod, &pod.metadata.namespace, &pod.metadata.name);
    if let Some(owner) = owner_key(&pod.metadata) {
        let deleting = pod.metadata.deletion_timestamp.is_some();
        match type_ {
            WatchType::Added if !deleting => sh.expectations.creation_observed(&owner),
            WatchType::Deleted => sh.expectations.deletion_observed(&owner, &pod_key),
            _ if deleting => sh.expectations.deletion_observed(&owner, &pod_key),
            _ => {}
        }
        sh.enqueue(owner);
        return;
    }
    if type_ == WatchType::Deleted {
        return;
    }
    for kind in [
        Kind::ReplicaSet,
        Kind::ReplicationController,
        Kind::StatefulSet,
        Kind::DaemonSet,
        Kind::Job,
    ] {
        for obj in ctx.store.list(kind, Some(&pod.metadata.namespace)) {
            if selector_of(obj).is_some_and(|s| !s.is_empty() && s.matches(&pod.metadata.labels)) {
                sh.enqueue(obj.key());
            }
        }
    }
}

/// The parsed pod selector of a workload; `None` for other kinds or a malformed selector.
pub fn selector_of(obj: &Object) -> Option<Selector> {
    let ls = match obj {
        Object::Deployment(d) => d.spec.selector.as_ref(),
        Object::ReplicaSet(rs) => rs.spec.selector.as_ref(),
        Object::DaemonSet(ds) => ds.spec.selector.as_ref(),
        Object::StatefulSet(s) => s.spec.selector.as_ref(),
        Object::Job(j) => j.spec.selector.as_ref(),
        Object::ReplicationController(rc) => return Some(Selector::from_map(&rc.spec.selector)),
        _ => None,
    }?;
    Selector::from_label_selector(ls).ok()
}
