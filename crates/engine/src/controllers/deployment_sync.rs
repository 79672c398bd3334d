//! Deployment status, progress conditions, history clean-up and proportional scaling.
//!
//! Mirrors `pkg/controller/deployment/sync.go` (calculateStatus, cleanupDeployment, the
//! proportional part of scale), `progress.go` (syncRolloutStatus) and DeploymentComplete,
//! DeploymentProgressing, DeploymentTimedOut, GetReplicaSetProportion of
//! `util/deployment_util.go`. Left out: the ReplicaFailure condition copied from ReplicaSets.

use super::client::Shared;
use super::deployment::Rollout;
use super::deployment_rolling::scale_rs;
use super::deployment_util as util;
use crate::api::apps::{DeploymentStatus, ReplicaSet};
use crate::api::{Deployment, Object};
use crate::clock::SimDuration;
use crate::cluster::Ctx;
use crate::network::Verb;
use std::collections::BTreeMap;

fn spec_replicas(rs: &ReplicaSet) -> i32 {
    rs.spec.replicas.unwrap_or(0)
}

/// Mirrors calculateStatus, including the Available condition.
pub fn calculate_status(ctx: &Ctx, ro: &Rollout) -> DeploymentStatus {
    let d = &ro.d;
    let available: i32 = ro.all().map(|rs| rs.status.available_replicas).sum();
    let total: i32 = ro.all().map(spec_replicas).sum();
    let mut status = DeploymentStatus {
        observed_generation: d.metadata.generation,
        replicas: ro.all().map(|rs| rs.status.replicas).sum(),
        updated_replicas: ro.new_rs.as_ref().map_or(0, |rs| rs.status.replicas),
        ready_replicas: ro.all().map(|rs| rs.status.ready_replicas).sum(),
        available_replicas: available,
        unavailable_replicas: (total - available).max(0),
        conditions: d.status.conditions.clone(),
        collision_count: d.status.collision_count,
    };
    let c = if available >= util::replicas(d) - util::max_unavailable(d) {
        let msg = "Deployment has minimum availability.".to_string();
        util::condition("Available", "True", util::MIN_AVAILABLE, msg, ctx.now)
    } else {
        let msg = "Deployment does not have minimum availability.".to_string();
        util::condition("Available", "False", util::MIN_UNAVAILABLE, msg, ctx.now)
    };
    util::set_condition(&mut status.conditions, c);
    status
}

/// Mirrors DeploymentComplete.
pub fn deployment_complete(d: &Deployment, s: &DeploymentStatus) -> bool {
    let r = util::replicas(d);
    s.updated_replicas == r
        && s.replicas == r
        && s.available_replicas == r
        && s.observed_generation >= d.metadata.generation
}

/// Mirrors DeploymentProgressing: more updated, ready or available pods, or fewer old ones.
fn deployment_progressing(d: &Deployment, s: &DeploymentStatus) -> bool {
    let old = &d.status;
    s.updated_replicas > old.updated_replicas
        || (s.replicas - s.updated_replicas) < (old.replicas - old.updated_replicas)
        || s.ready_replicas > old.ready_replicas
        || s.available_replicas > old.available_replicas
}

/// Mirrors DeploymentTimedOut.
fn deployment_timed_out(ctx: &Ctx, d: &Deployment, s: &DeploymentStatus) -> bool {
    let Some(deadline) = d.spec.progress_deadline_seconds else {
        return false;
    };
    let Some(c) = util::get_condition(&s.conditions, "Progressing") else {
        return false;
    };
    match c.reason.as_str() {
        util::NEW_RS_AVAILABLE_REASON => false,
        util::TIMED_OUT_REASON => true,
        _ => {
            let from = c.last_update_time.map_or(ctx.now, |t| t.0);
            let secs = u64::try_from(deadline).unwrap_or(0);
            (from + SimDuration::from_secs(secs)).0 < ctx.now.0
        }
    }
}

/// Mirrors syncRolloutStatus: the status plus the Progressing condition.
pub fn sync_rollout_status(ctx: &Ctx, ro: &Rollout) -> DeploymentStatus {
    let mut s = calculate_status(ctx, ro);
    let d = &ro.d;
    if d.spec.progress_deadline_seconds.is_none() {
        return s;
    }
    let name = ro.new_rs.as_ref().map(|rs| rs.metadata.name.clone());
    let current = util::get_condition(&s.conditions, "Progressing").cloned();
    let done = s.replicas == s.updated_replicas
        && current
            .as_ref()
            .is_some_and(|c| c.reason == util::NEW_RS_AVAILABLE_REASON);
    if done {
        return s;
    }
    if deployment_complete(d, &s) {
        let msg = format!(
            "ReplicaSet \"{}\" has successfully progressed.",
            name.unwrap_or_default()
        );
        let c = util::condition(
            "Progressing",
            "True",
            util::NEW_RS_AVAILABLE_REASON,
            msg,
            ctx.now,
        );
        util::set_condition(&mut s.conditions, c);
    } else if deployment_progressing(d, &s) {
        let msg = match name {
            Some(n) => format!("ReplicaSet \"{n}\" is progressing."),
            None => "Deployment is progressing.".to_string(),
        };
        let mut c = util::condition("Progressing", "True", util::RS_UPDATED_REASON, msg, ctx.now);
        if let Some(cur) = current.filter(|c| c.status == "True") {
            c.last_transition_time = cur.last_transition_time;
        }
        s.conditions.retain(|c| c.type_ != "Progressing");
        s.conditions.push(c);
    } else if deployment_timed_out(ctx, d, &s) {
        let msg = format!(
            "ReplicaSet \"{}\" has timed out progressing.",
            name.unwrap_or_default()
        );
        let c = util::condition("Progressing", "False", util::TIMED_OUT_REASON, msg, ctx.now);
        util::set_condition(&mut s.conditions, c);
    }
    s
}

/// Mirrors cleanupDeployment: keep at most `revisionHistoryLimit` old ReplicaSets, deleting the
/// oldest revisions that are fully scaled down.
pub fn cleanup_deployment(ctx: &mut Ctx, sh: &mut Shared, ro: &Rollout) {
    let limit = ro.d.spec.revision_history_limit.unwrap_or(10);
    let mut alive: Vec<&ReplicaSet> = ro
        .old_rss
        .iter()
        .filter(|rs| rs.metadata.deletion_timestamp.is_none())
        .collect();
    let diff = alive.len() as i64 - i64::from(limit);
    if diff <= 0 {
        return;
    }
    crate::sort::by_key(&mut alive, |rs| {
        (util::revision(rs), rs.metadata.name.clone())
    });
    let mut deleted = 0;
    for rs in alive {
        if deleted >= diff {
            break;
        }
        if rs.status.replicas != 0
            || spec_replicas(rs) != 0
            || rs.metadata.generation > rs.status.observed_generation
        {
            continue;
        }
        let key = Object::ReplicaSet(rs.clone()).key();
        let verb = Verb::Delete {
            key,
            grace_period_seconds: None,
        };
        sh.write(ctx, &ro.obj.key(), verb);
        deleted += 1;
    }
}

/// Mirrors getReplicaSetFraction: this ReplicaSet's share of the change, from the
/// `max-replicas` annotation it was last sized for.
fn fraction(rs: &ReplicaSet, d: &Deployment) -> i32 {
    let desired = util::replicas(d);
    if desired == 0 {
        return -spec_replicas(rs);
    }
    let deployment_replicas = desired + util::max_surge(d);
    let annotated = rs
        .metadata
        .annotations
        .get(util::MAX_REPLICAS)
        .and_then(|v| v.parse::<i32>().ok())
        .unwrap_or(d.status.replicas);
    if annotated <= 0 {
        return 0;
    }
    let size = f64::from(spec_replicas(rs)) * f64::from(deployment_replicas) / f64::from(annotated);
    size.round() as i32 - spec_replicas(rs)
}

/// Mirrors the proportional branch of scale: spread the change over the active ReplicaSets,
/// largest first, the rounding leftover going to the largest.
pub fn scale_proportionally(ctx: &mut Ctx, sh: &mut Shared, ro: &mut Rollout) {
    let d = &ro.d;
    let allowed = util::replicas(d) + util::max_surge(d);
    let mut active: Vec<&ReplicaSet> = ro.all().filter(|rs| spec_replicas(rs) > 0).collect();
    let current: i32 = active.iter().map(|rs| spec_replicas(rs)).sum();
    let to_add = allowed - current;
    if to_add == 0 {
        return;
    }
    // ReplicaSetsBySizeNewer when growing, BySizeOlder when shrinking.
    crate::sort::by(&mut active, |a, b| {
        let by_size = spec_replicas(b).cmp(&spec_replicas(a));
        let by_age = a
            .metadata
            .creation_timestamp
            .cmp(&b.metadata.creation_timestamp);
        by_size.then(if to_add > 0 { by_age.reverse() } else { by_age })
    });
    let mut sizes: BTreeMap<String, i32> = BTreeMap::new();
    let mut added = 0;
    for rs in &active {
        let mut p = 0;
        if to_add != added {
            let f = fraction(rs, d);
            let left = to_add - added;
            p = if to_add > 0 { f.min(left) } else { f.max(left) };
        }
        sizes.insert(rs.metadata.name.clone(), spec_replicas(rs) + p);
        added += p;
    }
    if let Some(first) = active.first() {
        if let Some(v) = sizes.get_mut(&first.metadata.name) {
            *v = (*v + to_add - added).max(0);
        }
    }
    let Rollout {
        obj,
        d,
        new_rs,
        old_rss,
    } = ro;
    for rs in old_rss.iter_mut().chain(new_rs.iter_mut()) {
        if let Some(to) = sizes.get(&rs.metadata.name).copied() {
            scale_rs(ctx, sh, obj, d, rs, to);
        }
    }
}
