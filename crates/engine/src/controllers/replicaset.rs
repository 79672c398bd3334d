//! The ReplicaSet controller: keep `spec.replicas` pods matching the selector.
//!
//! Mirrors `pkg/controller/replicaset/replica_set.go` (syncReplicaSet, manageReplicas,
//! getPodsToDelete, getIndirectlyRelatedPods) and `replica_set_utils.go`
//! (calculateStatus). ReplicationControllers run through the same code, as upstream's
//! `pkg/controller/replication` does by conversion (see `replication_controller.rs`).
//! Left out: slow-start batches (all creations of one sync go out together; the API server
//! never fails half of them here), the ReplicaFailure condition and terminatingReplicas.

use super::client::{PodEvents, Shared};
use super::pod_control::{self, Claim};
use super::replication_controller;
use crate::api::apps::{PodTemplateSpec, ReplicaSetStatus};
use crate::api::labels::Selector;
use crate::api::{Kind, Object, ObjectKey, Pod};
use crate::clock::{SimDuration, SimTime};
use crate::cluster::Ctx;
use crate::network::Verb;
use std::collections::BTreeSet;

/// `BurstReplicas`: at most this many creations or deletions per sync.
pub const BURST_REPLICAS: usize = 500;

pub const COMPONENT: &str = "replicaset-controller";

/// The fields of a ReplicaSet (or ReplicationController) the controller works from.
pub struct View<'a> {
    pub replicas: i32,
    pub min_ready_seconds: i32,
    pub selector: Selector,
    pub template: &'a PodTemplateSpec,
    pub status: &'a ReplicaSetStatus,
}

fn view(obj: &Object) -> Option<View<'_>> {
    match obj {
        Object::ReplicaSet(rs) => Some(View {
            replicas: rs.spec.replicas.unwrap_or(1),
            min_ready_seconds: rs.spec.min_ready_seconds,
            selector: Selector::from_label_selector(rs.spec.selector.as_ref()?).ok()?,
            template: &rs.spec.template,
            status: &rs.status,
        }),
        Object::ReplicationController(rc) => replication_controller::view(rc),
        _ => None,
    }
}

fn component(kind: Kind) -> &'static str {
    if kind == Kind::ReplicationController {
        replication_controller::COMPONENT
    } else {
        COMPONENT
    }
}

#[derive(Clone, Debug, Default)]
pub struct ReplicaSetController;

impl ReplicaSetController {
    /// Mirrors syncReplicaSet.
    pub fn sync(&mut self, ctx: &mut Ctx, sh: &mut Shared, key: &ObjectKey) {
        let store = ctx.store;
        let Some(obj) = store.get(key) else {
            sh.expectations.forget(key);
            return;
        };
        let Some(v) = view(obj) else {
            return;
        };
        let needs_sync = sh.expectations.satisfied(key, ctx.now);
        let all = pod_control::active_pods(store, &key.namespace);
        let Claim { owned, updates } = pod_control::claim_pods(obj, &v.selector, &all);
        for pod in updates {
            sh.write(ctx, key, Verb::Update(Object::Pod(pod)));
        }
        if needs_sync && obj.meta().deletion_timestamp.is_none() {
            let related = related_pods(ctx, obj, &owned);
            manage_replicas(ctx, sh, obj, &v, &owned, &related);
        }
        let status = calculate_status(obj, &v, &owned, ctx.now);
        let min_ready = v.min_ready_seconds;
        if status.ready_replicas == v.replicas
            && status.available_replicas != v.replicas
            && min_ready > 0
        {
            let d = SimDuration::from_secs(min_ready as u64);
            sh.requeue_after(ctx, key, d);
        }
        if status != *v.status {
            let next = with_status(obj, status);
            sh.write(ctx, key, Verb::UpdateStatus(next));
        }
    }
}

/// Mirrors manageReplicas: create or delete the difference, with expectations set first.
fn manage_replicas(
    ctx: &mut Ctx,
    sh: &mut Shared,
    obj: &Object,
    v: &View,
    owned: &[&Pod],
    related: &[&Pod],
) {
    let key = obj.key();
    let who = component(key.kind);
    let diff = owned.len() as i64 - i64::from(v.replicas);
    if diff < 0 {
        let n = (diff.unsigned_abs() as usize).min(BURST_REPLICAS);
        sh.expectations.expect_creations(&key, n, ctx.now);
        let prefix = pod_control::pods_prefix(&obj.meta().name);
        for _ in 0..n {
            let pod = pod_control::pod_from_template(v.template, obj, &prefix);
            sh.create_pod(ctx, obj, pod, who, PodEvents::Plain);
        }
    } else if diff > 0 {
        let n = (diff as usize).min(BURST_REPLICAS);
        let victims = pod_control::pods_to_delete(owned, related, n, ctx.now);
        let keys: BTreeSet<ObjectKey> = victims
            .iter()
            .map(|p| ObjectKey::new(Kind::Pod, &p.metadata.namespace, &p.metadata.name))
            .collect();
        sh.expectations.expect_deletions(&key, keys, ctx.now);
        for pod in victims {
            sh.delete_pod(ctx, obj, pod, who, PodEvents::Plain);
        }
    }
}

/// Mirrors getIndirectlyRelatedPods: the active pods of every ReplicaSet that shares this one's
/// controller (its Deployment), so pods doubled up with their siblings go first.
fn related_pods<'a>(ctx: &Ctx<'a>, obj: &Object, owned: &[&'a Pod]) -> Vec<&'a Pod> {
    let Some(controller) = obj.meta().controller_ref() else {
        return owned.to_vec();
    };
    let ns = obj.meta().namespace.as_str();
    let siblings: BTreeSet<&str> = ctx
        .store
        .list(Kind::ReplicaSet, Some(ns))
        .filter(|rs| pod_control::is_controlled_by(rs.meta(), &controller.uid))
        .map(|rs| rs.meta().uid.as_str())
        .collect();
    pod_control::active_pods(ctx.store, ns)
        .into_iter()
        .filter(|p| {
            p.metadata
                .controller_ref()
                .is_some_and(|r| siblings.contains(r.uid.as_str()))
        })
        .collect()
}

/// Mirrors calculateStatus.
pub fn calculate_status(obj: &Object, v: &View, owned: &[&Pod], now: SimTime) -> ReplicaSetStatus {
    let labels = &v.template.metadata.labels;
    let fully_labeled = owned
        .iter()
        .filter(|p| {
            labels
                .iter()
                .all(|(k, val)| p.metadata.labels.get(k) == Some(val))
        })
        .count();
    let ready = owned
        .iter()
        .filter(|p| pod_control::is_pod_ready(p))
        .count();
    let available = owned
        .iter()
        .filter(|p| pod_control::is_pod_available(p, v.min_ready_seconds, now))
        .count();
    ReplicaSetStatus {
        replicas: owned.len() as i32,
        fully_labeled_replicas: fully_labeled as i32,
        ready_replicas: ready as i32,
        available_replicas: available as i32,
        observed_generation: obj.meta().generation,
        conditions: v.status.conditions.clone(),
    }
}

fn with_status(obj: &Object, status: ReplicaSetStatus) -> Object {
    let mut next = obj.clone();
    match &mut next {
        Object::ReplicaSet(rs) => rs.status = status,
        Object::ReplicationController(rc) => rc.status = status,
        _ => {}
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::apps::ReplicaSetSpec;
    use crate::api::labels::LabelSelector;

    fn rs(replicas: i32) -> Object {
        let mut r = crate::api::ReplicaSet::default();
        r.metadata.name = "web".into();
        r.metadata.namespace = "default".into();
        r.metadata.uid = "rs-uid".into();
        r.metadata.generation = 2;
        let mut sel = LabelSelector::default();
        sel.match_labels.insert("app".into(), "web".into());
        r.spec = ReplicaSetSpec {
            replicas: Some(replicas),
            selector: Some(sel),
            ..ReplicaSetSpec::default()
        };
        r.spec
            .template
            .metadata
            .labels
            .insert("app".into(), "web".into());
        Object::ReplicaSet(r)
    }

    #[test]
    fn status_counts_ready_and_available_pods() {
        let obj = rs(2);
        let v = view(&obj).unwrap();
        let mut a = pod_control::tests::pod("a", "n1", "Running", Some(0));
        a.metadata.labels.insert("app".into(), "web".into());
        let b = pod_control::tests::pod("b", "n1", "Pending", None);
        let status = calculate_status(&obj, &v, &[&a, &b], SimTime(10));
        assert_eq!(status.replicas, 2);
        assert_eq!(status.fully_labeled_replicas, 1);
        assert_eq!(status.ready_replicas, 1);
        assert_eq!(status.available_replicas, 1);
        assert_eq!(status.observed_generation, 2);
    }
}
