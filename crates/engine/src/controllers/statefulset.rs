//! The StatefulSet controller: pods with stable names `<set>-<ordinal>`, made in order.
//!
//! Mirrors `pkg/controller/statefulset/stateful_set_control.go` (updateStatefulSet with the
//! `OrderedReady` policy: `web-1` is created only once `web-0` is Running and Ready, scale-down
//! removes the highest ordinal first, one at a time; `Parallel` does all at once; RollingUpdate
//! replaces pods from the highest ordinal down to `partition`), `stateful_set_utils.go`
//! (newStatefulSetPod: hostname, subdomain, the `statefulset.kubernetes.io/pod-name`,
//! `apps.kubernetes.io/pod-index` and `controller-revision-hash` labels) and
//! `stateful_pod_control.go` (event texts). Left out: PersistentVolumeClaims from
//! `volumeClaimTemplates`, ControllerRevision objects, `ordinals.start`, minReadySeconds.

use super::client::{PodEvents, Shared};
use super::deployment_util::compute_hash;
use super::pod_control;
use crate::api::apps::StatefulSetStatus;
use crate::api::labels::Selector;
use crate::api::{Kind, Object, ObjectKey, Pod, StatefulSet};
use crate::cluster::Ctx;
use crate::network::Verb;
use std::collections::BTreeMap;

pub const COMPONENT: &str = "statefulset-controller";

#[derive(Clone, Debug, Default)]
pub struct StatefulSetController;

impl StatefulSetController {
    /// Mirrors syncStatefulSet and updateStatefulSet.
    pub fn sync(&mut self, ctx: &mut Ctx, sh: &mut Shared, key: &ObjectKey) {
        let store = ctx.store;
        let Some(obj) = store.get(key) else {
            return;
        };
        let Object::StatefulSet(sts) = &**obj else {
            return;
        };
        let Some(sel) = sts
            .spec
            .selector
            .as_ref()
            .and_then(|s| Selector::from_label_selector(s).ok())
        else {
            return;
        };
        let all: Vec<&Pod> = store
            .list(Kind::Pod, None)
            .filter_map(|o| o.as_pod())
            .filter(|p| p.metadata.namespace == key.namespace)
            .collect();
        let claim = pod_control::claim_pods(obj, &sel, &all);
        for pod in claim.updates {
            sh.write(ctx, key, Verb::Update(Object::Pod(pod)));
        }
        let pods = by_ordinal(&sts.metadata.name, &claim.owned);
        let revision = format!(
            "{}-{}",
            sts.metadata.name,
            compute_hash(&sts.spec.template, sts.status.collision_count)
        );
        if sts.metadata.deletion_timestamp.is_none() {
            update(ctx, sh, obj, sts, &pods, &revision);
        }
        let status = status(sts, &pods, &revision);
        if status != sts.status {
            let mut next = sts.clone();
            next.status = status;
            sh.write(ctx, key, Verb::UpdateStatus(Object::StatefulSet(next)));
        }
    }
}

/// The set's pods by ordinal (`getOrdinal` parses the name's last `-N`).
fn by_ordinal<'a>(set: &str, pods: &[&'a Pod]) -> BTreeMap<i32, &'a Pod> {
    pods.iter()
        .filter_map(|p| {
            let rest = p.metadata.name.strip_prefix(set)?.strip_prefix('-')?;
            Some((rest.parse::<i32>().ok()?, *p))
        })
        .collect()
}

fn running_and_ready(p: &Pod) -> bool {
    p.status.phase == "Running" && pod_control::is_pod_ready(p)
}

fn revision_of(p: &Pod) -> Option<&str> {
    p.metadata
        .labels
        .get("controller-revision-hash")
        .map(String::as_str)
}

/// Mirrors updateStatefulSet's three passes: create or repair `[0, replicas)` in order, delete
/// condemned ordinals from the top, then roll out the new revision from the top down.
fn update(
    ctx: &mut Ctx,
    sh: &mut Shared,
    obj: &Object,
    sts: &StatefulSet,
    pods: &BTreeMap<i32, &Pod>,
    revision: &str,
) {
    let replicas = sts.spec.replicas.unwrap_or(1);
    let monotonic = sts.spec.pod_management_policy != "Parallel";
    if !create_or_repair(ctx, sh, obj, sts, pods, revision, monotonic) {
        return;
    }
    if !condemn(ctx, sh, obj, pods, replicas, monotonic) {
        return;
    }
    if sts.spec.update_strategy.type_ != "OnDelete" {
        roll(ctx, sh, obj, sts, pods, revision);
    }
}

/// The first pass over `[0, replicas)`: create missing pods and replace finished ones. Under
/// OrderedReady it stops at the first pod that is not Running and Ready; false means "stop".
fn create_or_repair(
    ctx: &mut Ctx,
    sh: &mut Shared,
    obj: &Object,
    sts: &StatefulSet,
    pods: &BTreeMap<i32, &Pod>,
    revision: &str,
    monotonic: bool,
) -> bool {
    for ordinal in 0..sts.spec.replicas.unwrap_or(1) {
        match pods.get(&ordinal) {
            None => {
                let pod = new_pod(obj, sts, ordinal, revision);
                sh.create_pod(ctx, obj, pod, COMPONENT, PodEvents::StatefulSet);
                if monotonic {
                    return false;
                }
            }
            Some(p) if p.status.phase == "Failed" || p.status.phase == "Succeeded" => {
                if p.metadata.deletion_timestamp.is_none() {
                    sh.delete_pod(ctx, obj, p, COMPONENT, PodEvents::StatefulSet);
                }
                if monotonic {
                    return false;
                }
            }
            Some(p)
                if monotonic
                    && (p.metadata.deletion_timestamp.is_some() || !running_and_ready(p)) =>
            {
                return false
            }
            Some(_) => {}
        }
    }
    true
}

/// The second pass: delete ordinals at or above `replicas`, highest first; under OrderedReady
/// one at a time, waiting for the previous one to be gone. False means "stop".
fn condemn(
    ctx: &mut Ctx,
    sh: &mut Shared,
    obj: &Object,
    pods: &BTreeMap<i32, &Pod>,
    replicas: i32,
    monotonic: bool,
) -> bool {
    for (_, p) in pods.range(replicas..).rev() {
        if p.metadata.deletion_timestamp.is_none() {
            sh.delete_pod(ctx, obj, p, COMPONENT, PodEvents::StatefulSet);
        }
        if monotonic {
            return false;
        }
    }
    true
}

/// The RollingUpdate pass: from the highest ordinal down to `partition`, replace the first pod
/// of an old revision once every pod above it is updated, Running and Ready.
fn roll(
    ctx: &mut Ctx,
    sh: &mut Shared,
    obj: &Object,
    sts: &StatefulSet,
    pods: &BTreeMap<i32, &Pod>,
    revision: &str,
) {
    let ru = sts.spec.update_strategy.rolling_update.as_ref();
    let partition = ru.and_then(|r| r.partition).unwrap_or(0).max(0);
    for ordinal in (partition..sts.spec.replicas.unwrap_or(1)).rev() {
        let Some(p) = pods.get(&ordinal) else {
            return;
        };
        if revision_of(p) != Some(revision) {
            if p.metadata.deletion_timestamp.is_none() {
                sh.delete_pod(ctx, obj, p, COMPONENT, PodEvents::StatefulSet);
            }
            return;
        }
        if !running_and_ready(p) {
            return;
        }
    }
}

/// Mirrors newStatefulSetPod: a fixed name, the identity labels, hostname and subdomain.
fn new_pod(obj: &Object, sts: &StatefulSet, ordinal: i32, revision: &str) -> Pod {
    let name = format!("{}-{ordinal}", sts.metadata.name);
    let mut pod = pod_control::pod_from_template(&sts.spec.template, obj, "");
    pod.metadata.name = name.clone();
    let labels = &mut pod.metadata.labels;
    labels.insert("statefulset.kubernetes.io/pod-name".into(), name.clone());
    labels.insert("apps.kubernetes.io/pod-index".into(), ordinal.to_string());
    labels.insert("controller-revision-hash".into(), revision.into());
    pod.spec.hostname = name;
    if !sts.spec.service_name.is_empty() {
        pod.spec.subdomain = sts.spec.service_name.clone();
    }
    pod
}

/// Mirrors computeReplicaStatus and the revision bookkeeping of updateStatefulSetStatus.
fn status(sts: &StatefulSet, pods: &BTreeMap<i32, &Pod>, revision: &str) -> StatefulSetStatus {
    let live: Vec<&Pod> = pods
        .values()
        .copied()
        .filter(|p| p.metadata.deletion_timestamp.is_none())
        .collect();
    let ready = live.iter().filter(|p| running_and_ready(p)).count() as i32;
    let updated = live
        .iter()
        .filter(|p| revision_of(p) == Some(revision))
        .count() as i32;
    let mut current_revision = sts.status.current_revision.clone();
    let replicas = sts.spec.replicas.unwrap_or(1);
    if current_revision.is_empty() || (updated == replicas && ready == replicas) {
        current_revision = revision.to_string();
    }
    let current = live
        .iter()
        .filter(|p| revision_of(p) == Some(current_revision.as_str()))
        .count() as i32;
    StatefulSetStatus {
        observed_generation: sts.metadata.generation,
        replicas: live.len() as i32,
        ready_replicas: ready,
        current_replicas: current,
        updated_replicas: updated,
        current_revision,
        update_revision: revision.to_string(),
        collision_count: sts.status.collision_count,
        conditions: sts.status.conditions.clone(),
        available_replicas: ready,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_are_parsed_from_names() {
        let mut a = Pod::default();
        a.metadata.name = "web-0".into();
        let mut b = Pod::default();
        b.metadata.name = "web-12".into();
        let mut other = Pod::default();
        other.metadata.name = "webby-1".into();
        let m = by_ordinal("web", &[&a, &b, &other]);
        assert_eq!(m.keys().copied().collect::<Vec<_>>(), vec![0, 12]);
    }

    #[test]
    fn new_pod_has_stable_identity() {
        let mut sts = StatefulSet::default();
        sts.metadata.name = "web".into();
        sts.spec.service_name = "nginx".into();
        let obj = Object::StatefulSet(sts.clone());
        let p = new_pod(&obj, &sts, 1, "web-abc");
        assert_eq!(p.metadata.name, "web-1");
        assert_eq!(
            (p.spec.hostname.as_str(), p.spec.subdomain.as_str()),
            ("web-1", "nginx")
        );
        assert_eq!(p.metadata.labels["apps.kubernetes.io/pod-index"], "1");
    }
}
