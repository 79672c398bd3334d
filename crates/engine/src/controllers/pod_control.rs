//! What every workload controller does with pods: stamp them from a template, tell active and
//! available ones apart, rank them for deletion, and claim the ones a selector matches.
//!
//! Mirrors `pkg/controller/controller_utils.go` (GetPodFromTemplate, FilterActivePods,
//! IsPodActive, ActivePodsWithRanks.Less) and `pkg/controller/controller_ref_manager.go`
//! (ClaimPods: adopt orphans, release pods that no longer match). Left out: the
//! pod-deletion-cost annotation feature and the logarithmic ready-time buckets' random
//! component (equal buckets fall back to the UID, as upstream does).

use crate::api::apps::PodTemplateSpec;
use crate::api::labels::Selector;
use crate::api::meta::OwnerReference;
use crate::api::{Object, ObjectMeta, Pod};
use crate::clock::SimTime;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// `metav1.NewControllerRef`: `controller: true`, `blockOwnerDeletion: true`.
pub fn controller_ref(owner: &Object) -> OwnerReference {
    let meta = owner.meta();
    OwnerReference {
        api_version: crate::api::registry::info(owner.kind())
            .api_version()
            .to_string(),
        kind: owner.kind().as_str().to_string(),
        name: meta.name.clone(),
        uid: meta.uid.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// The `generateName` of an owner's pods: `<owner>-`, shortened so the suffix still fits.
pub fn pods_prefix(owner_name: &str) -> String {
    let max = 63 - 5;
    let mut prefix = format!("{owner_name}-");
    if prefix.len() > max {
        prefix.truncate(max);
    }
    prefix
}

/// Mirrors GetPodFromTemplate: labels, annotations and spec from the template, the owner's
/// namespace and a controller reference.
pub fn pod_from_template(template: &PodTemplateSpec, owner: &Object, generate_name: &str) -> Pod {
    let meta = owner.meta();
    Pod {
        metadata: ObjectMeta {
            generate_name: generate_name.to_string(),
            namespace: meta.namespace.clone(),
            labels: template.metadata.labels.clone(),
            annotations: template.metadata.annotations.clone(),
            finalizers: template.metadata.finalizers.clone(),
            owner_references: vec![controller_ref(owner)],
            ..ObjectMeta::default()
        },
        spec: template.spec.clone(),
        ..Pod::default()
    }
}

/// Mirrors IsPodActive: not Succeeded, not Failed, not being deleted.
pub fn is_pod_active(pod: &Pod) -> bool {
    pod.status.phase != "Succeeded"
        && pod.status.phase != "Failed"
        && pod.metadata.deletion_timestamp.is_none()
}

/// Mirrors podutil.IsPodReady: the Ready condition is True.
pub fn is_pod_ready(pod: &Pod) -> bool {
    ready_since(pod).is_some()
}

/// When the pod became Ready, if it is.
pub fn ready_since(pod: &Pod) -> Option<SimTime> {
    let c = crate::api::pod_status::condition(&pod.status, "Ready")?;
    if c.status != "True" {
        return None;
    }
    Some(c.last_transition_time.map_or(SimTime::ZERO, |t| t.0))
}

/// Mirrors podutil.IsPodAvailable: Ready for at least `min_ready_seconds`.
pub fn is_pod_available(pod: &Pod, min_ready_seconds: i32, now: SimTime) -> bool {
    let Some(since) = ready_since(pod) else {
        return false;
    };
    let min_ms = u64::try_from(min_ready_seconds.max(0)).unwrap_or(0) * 1000;
    min_ready_seconds == 0 || since.0 + min_ms < now.0
}

/// Whether the object's controller reference points at `uid`.
pub fn is_controlled_by(meta: &ObjectMeta, uid: &str) -> bool {
    meta.controller_ref().is_some_and(|r| r.uid == uid)
}

/// The pods in a namespace that are not being deleted and not finished.
pub fn active_pods<'a>(store: &'a crate::store::Store, namespace: &str) -> Vec<&'a Pod> {
    store
        .list(crate::api::Kind::Pod, None)
        .filter_map(|o| o.as_pod())
        .filter(|p| p.metadata.namespace == namespace)
        .filter(|p| is_pod_active(p))
        .collect()
}

/// What ClaimPods decided: the pods the owner keeps, and pod updates to send.
#[derive(Debug, Default)]
pub struct Claim<'a> {
    pub owned: Vec<&'a Pod>,
    /// Orphans to adopt and pods to release, as whole updated pods.
    pub updates: Vec<Pod>,
}

/// Mirrors PodControllerRefManager.ClaimPods: keep owned pods that match, adopt matching
/// orphans, release owned pods that stopped matching. A deleting owner adopts nothing.
pub fn claim_pods<'a>(owner: &Object, selector: &Selector, pods: &[&'a Pod]) -> Claim<'a> {
    let meta = owner.meta();
    let deleting = meta.deletion_timestamp.is_some();
    let mut claim = Claim::default();
    for pod in pods {
        let matches = !selector.is_empty() && selector.matches(&pod.metadata.labels);
        match pod.metadata.controller_ref() {
            Some(r) if r.uid == meta.uid => {
                if matches || deleting {
                    claim.owned.push(pod);
                } else {
                    let mut p = (*pod).clone();
                    p.metadata.owner_references.retain(|r| r.uid != meta.uid);
                    claim.updates.push(p);
                }
            }
            Some(_) => {}
            None if matches && !deleting && pod.metadata.deletion_timestamp.is_none() => {
                let mut p = (*pod).clone();
                p.metadata.owner_references.push(controller_ref(owner));
                claim.updates.push(p);
                claim.owned.push(pod);
            }
            None => {}
        }
    }
    claim
}

fn phase_ordinal(phase: &str) -> u8 {
    match phase {
        "Pending" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 0,
    }
}

/// `floor(log2(age in seconds))`, the LogarithmicScaleDown bucket of a timestamp.
fn log_bucket(since: SimTime, now: SimTime) -> i64 {
    let secs = now.0.saturating_sub(since.0) / 1000;
    if secs == 0 {
        -1
    } else {
        i64::from(63 - secs.leading_zeros())
    }
}

fn restarts(pod: &Pod) -> i32 {
    pod.status
        .container_statuses
        .iter()
        .map(|c| c.restart_count)
        .max()
        .unwrap_or(0)
}

/// Mirrors ActivePodsWithRanks.Less: `Less` means "delete this one first".
/// `rank` is the number of related active pods on the pod's node (doubled up first).
pub fn deletion_order(a: (&Pod, usize), b: (&Pod, usize), now: SimTime) -> Ordering {
    let (pa, ra) = a;
    let (pb, rb) = b;
    let (na, nb) = (&pa.spec.node_name, &pb.spec.node_name);
    if na != nb && (na.is_empty() || nb.is_empty()) {
        return nb.is_empty().cmp(&na.is_empty());
    }
    let (oa, ob) = (
        phase_ordinal(&pa.status.phase),
        phase_ordinal(&pb.status.phase),
    );
    if oa != ob {
        return oa.cmp(&ob);
    }
    let (ready_a, ready_b) = (ready_since(pa), ready_since(pb));
    if ready_a.is_some() != ready_b.is_some() {
        return ready_a.is_some().cmp(&ready_b.is_some());
    }
    if ra != rb {
        return rb.cmp(&ra);
    }
    if let (Some(a), Some(b)) = (ready_a, ready_b) {
        let (ba, bb) = (log_bucket(a, now), log_bucket(b, now));
        if ba != bb {
            return ba.cmp(&bb);
        }
    }
    let (ca, cb) = (restarts(pa), restarts(pb));
    if ca != cb {
        return cb.cmp(&ca);
    }
    let created = |p: &Pod| p.metadata.creation_timestamp.map_or(now, |t| t.0);
    let (ba, bb) = (log_bucket(created(pa), now), log_bucket(created(pb), now));
    if ba != bb {
        return ba.cmp(&bb);
    }
    pa.metadata.uid.cmp(&pb.metadata.uid)
}

/// Mirrors getPodsToDelete: the `n` pods to delete first, ranked by colocation with `related`.
pub fn pods_to_delete<'a>(
    pods: &[&'a Pod],
    related: &[&Pod],
    n: usize,
    now: SimTime,
) -> Vec<&'a Pod> {
    let mut on_node: BTreeMap<&str, usize> = BTreeMap::new();
    for p in related.iter().filter(|p| is_pod_active(p)) {
        *on_node.entry(p.spec.node_name.as_str()).or_default() += 1;
    }
    let mut ranked: Vec<(&Pod, usize)> = pods
        .iter()
        .map(|p| {
            (
                *p,
                on_node.get(p.spec.node_name.as_str()).copied().unwrap_or(0),
            )
        })
        .collect();
    crate::sort::by(&mut ranked, |a, b| deletion_order(*a, *b, now));
    ranked.into_iter().take(n).map(|(p, _)| p).collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::api::Time;

    pub(crate) fn pod(name: &str, node: &str, phase: &str, ready_at: Option<u64>) -> Pod {
        let mut p = Pod::default();
        p.metadata.name = name.into();
        p.metadata.uid = format!("uid-{name}");
        p.metadata.creation_timestamp = Some(Time(SimTime(0)));
        p.spec.node_name = node.into();
        p.status.phase = phase.into();
        if let Some(t) = ready_at {
            crate::api::pod_status::set_condition(
                &mut p.status,
                "Ready",
                "True",
                "",
                "",
                SimTime(t),
            );
        }
        p
    }

    #[test]
    fn unscheduled_then_pending_then_not_ready_go_first() {
        let now = SimTime(1_000_000);
        let running_ready = pod("a", "n1", "Running", Some(1000));
        let running = pod("b", "n1", "Running", None);
        let pending = pod("c", "n1", "Pending", None);
        let unscheduled = pod("d", "", "Pending", None);
        let pods = vec![&running_ready, &running, &pending, &unscheduled];
        let order: Vec<&str> = pods_to_delete(&pods, &pods, 4, now)
            .iter()
            .map(|p| p.metadata.name.as_str())
            .collect();
        assert_eq!(order, vec!["d", "c", "b", "a"]);
    }

    #[test]
    fn doubled_up_pods_go_before_lonely_ones() {
        let now = SimTime(1_000_000);
        let a = pod("a", "n1", "Running", Some(1000));
        let b = pod("b", "n2", "Running", Some(1000));
        let c = pod("c", "n2", "Running", Some(1000));
        let pods = vec![&a, &b, &c];
        let first = pods_to_delete(&pods, &pods, 1, now);
        assert_eq!(first[0].spec.node_name, "n2");
    }

    #[test]
    fn claim_adopts_orphans_and_releases_mismatches() {
        let mut owner = crate::api::ReplicaSet::default();
        owner.metadata.uid = "rs-1".into();
        owner.metadata.name = "web".into();
        let owner = Object::ReplicaSet(owner);
        let sel = Selector::parse("app=web").unwrap();
        let mut orphan = pod("o", "", "Pending", None);
        orphan.metadata.labels.insert("app".into(), "web".into());
        let mut relabeled = pod("r", "", "Pending", None);
        relabeled
            .metadata
            .owner_references
            .push(controller_ref(&owner));
        let claim = claim_pods(&owner, &sel, &[&orphan, &relabeled]);
        assert_eq!(claim.owned.len(), 1);
        assert_eq!(claim.updates.len(), 2);
        assert!(claim.updates[1].metadata.owner_references.is_empty());
    }
}
