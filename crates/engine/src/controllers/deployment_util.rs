//! Deployment helpers: the pod-template-hash, revisions, replica annotations, conditions, the
//! surge/unavailable fenceposts and rollback.
//!
//! Mirrors `pkg/controller/deployment/util/deployment_util.go` and `controller_utils.go`
//! (ComputeHash). Upstream hashes the template with `DeepHashObject` (a spew dump of the Go
//! struct); Podflow hashes the template's JSON with the same FNV-32a and the same
//! `SafeEncodeString`, so hashes have upstream's shape (`7d4f8b9c6b`) but not its exact values.

use crate::api::apps::{scaled_value, Condition, PodTemplateSpec, ReplicaSet};
use crate::api::{Deployment, Time};
use crate::clock::SimTime;

pub const DEFAULT_LABEL: &str = "pod-template-hash";
pub const REVISION: &str = "deployment.kubernetes.io/revision";
pub const DESIRED_REPLICAS: &str = "deployment.kubernetes.io/desired-replicas";
pub const MAX_REPLICAS: &str = "deployment.kubernetes.io/max-replicas";

/// Condition reasons (`deployment_util.go`).
pub const NEW_RS_REASON: &str = "NewReplicaSetCreated";
pub const FOUND_NEW_RS_REASON: &str = "FoundNewReplicaSet";
pub const RS_UPDATED_REASON: &str = "ReplicaSetUpdated";
pub const NEW_RS_AVAILABLE_REASON: &str = "NewReplicaSetAvailable";
pub const TIMED_OUT_REASON: &str = "ProgressDeadlineExceeded";
pub const MIN_AVAILABLE: &str = "MinimumReplicasAvailable";
pub const MIN_UNAVAILABLE: &str = "MinimumReplicasUnavailable";

const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// FNV-32a.
fn fnv32a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}

/// `rand.SafeEncodeString`: each byte mapped onto the no-vowel alphabet.
pub fn safe_encode(s: &str) -> String {
    s.bytes()
        .map(|b| ALPHANUMS[usize::from(b) % ALPHANUMS.len()] as char)
        .collect()
}

/// Mirrors ComputeHash: FNV-32a of the template (and the collision count), printed in decimal,
/// then safe-encoded.
pub fn compute_hash(template: &PodTemplateSpec, collision_count: Option<i32>) -> String {
    let mut bytes = serde_json::to_vec(template).unwrap_or_default();
    if let Some(c) = collision_count {
        let mut extra = [0u8; 8];
        extra[..4].copy_from_slice(&(c as u32).to_le_bytes());
        bytes.extend_from_slice(&extra);
    }
    safe_encode(&fnv32a(&bytes).to_string())
}

/// Mirrors EqualIgnoreHash: templates equal once the pod-template-hash label is removed.
pub fn equal_ignore_hash(a: &PodTemplateSpec, b: &PodTemplateSpec) -> bool {
    let strip = |t: &PodTemplateSpec| {
        let mut t = t.clone();
        t.metadata.labels.remove(DEFAULT_LABEL);
        t
    };
    strip(a) == strip(b)
}

/// The `deployment.kubernetes.io/revision` of a ReplicaSet (0 when missing or malformed).
pub fn revision(rs: &ReplicaSet) -> i64 {
    rs.metadata
        .annotations
        .get(REVISION)
        .and_then(|r| r.parse().ok())
        .unwrap_or(0)
}

pub fn max_revision(rss: &[ReplicaSet]) -> i64 {
    rss.iter().map(revision).max().unwrap_or(0)
}

pub fn replicas(d: &Deployment) -> i32 {
    d.spec.replicas.unwrap_or(1)
}

pub fn is_rolling_update(d: &Deployment) -> bool {
    d.spec.strategy.type_ != "Recreate"
}

/// Mirrors ResolveFenceposts: `(maxSurge, maxUnavailable)`, never both zero.
pub fn resolve_fenceposts(d: &Deployment) -> (i32, i32) {
    let desired = replicas(d);
    let ru = d.spec.strategy.rolling_update.as_ref();
    let surge = scaled_value(ru.and_then(|r| r.max_surge.as_ref()), desired, true);
    let unavailable = scaled_value(ru.and_then(|r| r.max_unavailable.as_ref()), desired, false);
    if surge == 0 && unavailable == 0 {
        return (0, 1);
    }
    (surge, unavailable)
}

/// Mirrors MaxUnavailable: capped at the replica count; zero for Recreate.
pub fn max_unavailable(d: &Deployment) -> i32 {
    if !is_rolling_update(d) || replicas(d) == 0 {
        return 0;
    }
    resolve_fenceposts(d).1.min(replicas(d))
}

/// Mirrors MaxSurge: zero for Recreate.
pub fn max_surge(d: &Deployment) -> i32 {
    if !is_rolling_update(d) {
        return 0;
    }
    resolve_fenceposts(d).0
}

/// Mirrors SetReplicasAnnotations; true when something changed.
pub fn set_replicas_annotations(rs: &mut ReplicaSet, desired: i32, max: i32) -> bool {
    let a = &mut rs.metadata.annotations;
    let mut changed = false;
    for (k, v) in [(DESIRED_REPLICAS, desired), (MAX_REPLICAS, max)] {
        let v = v.to_string();
        if a.get(k) != Some(&v) {
            a.insert(k.to_string(), v);
            changed = true;
        }
    }
    changed
}

/// Mirrors NewDeploymentCondition with `now` for both timestamps.
pub fn condition(
    type_: &str,
    status: &str,
    reason: &str,
    message: String,
    now: SimTime,
) -> Condition {
    Condition {
        type_: type_.into(),
        status: status.into(),
        last_update_time: Some(Time(now)),
        last_transition_time: Some(Time(now)),
        reason: reason.into(),
        message,
        ..Condition::default()
    }
}

/// Mirrors SetDeploymentCondition: no-op on the same status and reason; otherwise the
/// condition moves to the end, keeping its transition time when the status is unchanged.
pub fn set_condition(conds: &mut Vec<Condition>, mut c: Condition) {
    if let Some(cur) = conds.iter().find(|x| x.type_ == c.type_) {
        if cur.status == c.status && cur.reason == c.reason {
            return;
        }
        if cur.status == c.status {
            c.last_transition_time = cur.last_transition_time;
        }
    }
    conds.retain(|x| x.type_ != c.type_);
    conds.push(c);
}

pub fn get_condition<'a>(conds: &'a [Condition], type_: &str) -> Option<&'a Condition> {
    conds.iter().find(|c| c.type_ == type_)
}

/// The template to roll back to: `to_revision` 0 means the previous one. What `kubectl rollout
/// undo` does (`kubectl/pkg/polymorphichelpers/rollback.go`): find that revision's ReplicaSet
/// and copy its template, without the hash label, into the Deployment.
pub fn rollback_template(rss: &[ReplicaSet], to_revision: i64) -> Result<PodTemplateSpec, String> {
    let mut revisions: Vec<i64> = rss.iter().map(revision).filter(|r| *r > 0).collect();
    crate::sort::ord(&mut revisions);
    revisions.dedup();
    let target = if to_revision == 0 {
        if revisions.len() < 2 {
            return Err("no rollout history found".into());
        }
        revisions[revisions.len() - 2]
    } else {
        to_revision
    };
    let rs = rss
        .iter()
        .find(|rs| revision(rs) == target)
        .ok_or_else(|| format!("unable to find specified revision {target} in history"))?;
    let mut t = rs.spec.template.clone();
    t.metadata.labels.remove(DEFAULT_LABEL);
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::apps::RollingUpdateDeployment;
    use crate::api::pod::IntOrString;

    #[test]
    fn safe_encoding_maps_digits_as_upstream() {
        assert_eq!(safe_encode("0123456789"), "456789bcdf");
        let h = compute_hash(&PodTemplateSpec::default(), None);
        assert!(h.chars().all(|c| "456789bcdf".contains(c)) && h.len() <= 10);
        assert_ne!(h, compute_hash(&PodTemplateSpec::default(), Some(1)));
    }

    #[test]
    fn fenceposts_never_both_zero() {
        let mut d = Deployment::default();
        d.spec.replicas = Some(3);
        d.spec.strategy.rolling_update = Some(RollingUpdateDeployment {
            max_surge: Some(IntOrString::String("25%".into())),
            max_unavailable: Some(IntOrString::String("25%".into())),
        });
        assert_eq!(resolve_fenceposts(&d), (1, 0));
        d.spec.replicas = Some(1);
        d.spec.strategy.rolling_update = Some(RollingUpdateDeployment {
            max_surge: Some(IntOrString::Int(0)),
            max_unavailable: Some(IntOrString::Int(0)),
        });
        assert_eq!(resolve_fenceposts(&d), (0, 1));
    }

    #[test]
    fn conditions_move_to_the_end_when_they_change() {
        let mut conds = vec![];
        set_condition(
            &mut conds,
            condition("Progressing", "True", NEW_RS_REASON, "a".into(), SimTime(0)),
        );
        set_condition(
            &mut conds,
            condition("Available", "True", MIN_AVAILABLE, "b".into(), SimTime(1)),
        );
        set_condition(
            &mut conds,
            condition(
                "Progressing",
                "True",
                NEW_RS_AVAILABLE_REASON,
                "c".into(),
                SimTime(2),
            ),
        );
        assert_eq!(conds[1].type_, "Progressing");
        assert_eq!(conds[1].last_transition_time, Some(Time(SimTime(0))));
    }

    #[test]
    fn rollback_finds_the_previous_revision() {
        let mut a = ReplicaSet::default();
        a.metadata.annotations.insert(REVISION.into(), "1".into());
        a.spec
            .template
            .metadata
            .labels
            .insert(DEFAULT_LABEL.into(), "x".into());
        a.spec
            .template
            .metadata
            .labels
            .insert("app".into(), "web".into());
        let mut b = ReplicaSet::default();
        b.metadata.annotations.insert(REVISION.into(), "2".into());
        let t = rollback_template(&[a, b.clone()], 0).unwrap();
        assert_eq!(t.metadata.labels.len(), 1);
        assert!(rollback_template(&[b], 0).is_err());
    }
}
