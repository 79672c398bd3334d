//! The Deployment strategies and scaling: RollingUpdate, Recreate, proportional scaling.
//!
//! Mirrors `pkg/controller/deployment/rolling.go` (rolloutRolling, reconcileNewReplicaSet,
//! reconcileOldReplicaSets, cleanupUnhealthyReplicas, scaleDownOldReplicaSetsForRollingUpdate),
//! `recreate.go` (rolloutRecreate, oldPodsRunning), `sync.go` (isScalingEvent, scale,
//! scaleReplicaSet) and NewRSNewReplicas/GetReplicaSetProportion of `util/deployment_util.go`.
//! ReplicaSets are changed on the sync's local copies as each write goes out, as upstream
//! continues with the updated object a scale call returns.

use super::client::Shared;
use super::deployment::{self, Rollout, COMPONENT};
use super::deployment_sync;
use super::deployment_util as util;
use crate::api::apps::ReplicaSet;
use crate::api::{Deployment, Kind, Object};
use crate::cluster::Ctx;
use crate::network::Verb;

fn spec_replicas(rs: &ReplicaSet) -> i32 {
    rs.spec.replicas.unwrap_or(0)
}

/// Mirrors NewRSNewReplicas: how big the new ReplicaSet may be now. `all` includes `new`.
pub fn new_rs_new_replicas(d: &Deployment, all: &[&ReplicaSet], new: Option<&ReplicaSet>) -> i32 {
    let new_replicas = new.map_or(0, spec_replicas);
    let desired = util::replicas(d);
    if !util::is_rolling_update(d) {
        return desired;
    }
    let current: i32 = all.iter().map(|rs| spec_replicas(rs)).sum();
    let max_total = desired + util::max_surge(d);
    if current >= max_total {
        return new_replicas;
    }
    let up = (max_total - current).min(desired - new_replicas);
    new_replicas + up.max(0)
}

/// Mirrors scaleReplicaSet: sets replicas and the replica annotations; records
/// `Scaled up replica set NAME from A to B` once the write succeeded. True when the size changed.
pub fn scale_rs(
    ctx: &mut Ctx,
    sh: &mut Shared,
    obj: &Object,
    d: &Deployment,
    rs: &mut ReplicaSet,
    to: i32,
) -> bool {
    let from = spec_replicas(rs);
    let desired = util::replicas(d);
    let annotations = util::set_replicas_annotations(rs, desired, desired + util::max_surge(d));
    if from == to && !annotations {
        return false;
    }
    rs.spec.replicas = Some(to);
    let verb = Verb::Update(Object::ReplicaSet(rs.clone()));
    if from == to {
        sh.write(ctx, &obj.key(), verb);
        return false;
    }
    let op = if from < to { "up" } else { "down" };
    let msg = format!(
        "Scaled {op} replica set {} from {from} to {to}",
        rs.metadata.name
    );
    sh.write_then_event(ctx, &obj.key(), verb, (COMPONENT, "ScalingReplicaSet", msg));
    true
}

/// Mirrors rolloutRolling.
pub fn rollout_rolling(ctx: &mut Ctx, sh: &mut Shared, ro: &mut Rollout) {
    deployment::get_new_replica_set(ctx, sh, ro, true);
    if reconcile_new(ctx, sh, ro) || reconcile_old(ctx, sh, ro) {
        return;
    }
    cleanup_if_complete(ctx, sh, ro);
}

/// Mirrors reconcileNewReplicaSet.
fn reconcile_new(ctx: &mut Ctx, sh: &mut Shared, ro: &mut Rollout) -> bool {
    let Some(new) = ro.new_rs.as_ref() else {
        return false;
    };
    let desired = util::replicas(&ro.d);
    let to = match spec_replicas(new).cmp(&desired) {
        std::cmp::Ordering::Equal => return false,
        std::cmp::Ordering::Greater => desired,
        std::cmp::Ordering::Less => {
            let all: Vec<&ReplicaSet> = ro.all().collect();
            new_rs_new_replicas(&ro.d, &all, Some(new))
        }
    };
    let Rollout { obj, d, new_rs, .. } = ro;
    new_rs
        .as_mut()
        .is_some_and(|rs| scale_rs(ctx, sh, obj, d, rs, to))
}

/// Mirrors reconcileOldReplicaSets.
fn reconcile_old(ctx: &mut Ctx, sh: &mut Shared, ro: &mut Rollout) -> bool {
    let old_count: i32 = ro.old_rss.iter().map(spec_replicas).sum();
    if old_count == 0 {
        return false;
    }
    let all_count: i32 = ro.all().map(spec_replicas).sum();
    let min_available = util::replicas(&ro.d) - util::max_unavailable(&ro.d);
    let new_unavailable = ro
        .new_rs
        .as_ref()
        .map_or(0, |rs| spec_replicas(rs) - rs.status.available_replicas);
    let max_scaled_down = all_count - min_available - new_unavailable;
    if max_scaled_down <= 0 {
        return false;
    }
    let cleaned = cleanup_unhealthy(ctx, sh, ro, max_scaled_down);
    let scaled = scale_down_old_for_rolling(ctx, sh, ro);
    cleaned + scaled > 0
}

/// Mirrors cleanupUnhealthyReplicas: first remove old pods that are not available anyway.
fn cleanup_unhealthy(ctx: &mut Ctx, sh: &mut Shared, ro: &mut Rollout, max: i32) -> i32 {
    let Rollout {
        obj, d, old_rss, ..
    } = ro;
    let mut total = 0;
    for rs in old_rss.iter_mut() {
        if total >= max {
            break;
        }
        let replicas = spec_replicas(rs);
        let available = rs.status.available_replicas;
        if replicas == 0 || replicas == available {
            continue;
        }
        let n = (max - total).min(replicas - available);
        scale_rs(ctx, sh, obj, d, rs, replicas - n);
        total += n;
    }
    total
}

/// Mirrors scaleDownOldReplicaSetsForRollingUpdate: never below `replicas - maxUnavailable`
/// available pods.
fn scale_down_old_for_rolling(ctx: &mut Ctx, sh: &mut Shared, ro: &mut Rollout) -> i32 {
    let min_available = util::replicas(&ro.d) - util::max_unavailable(&ro.d);
    let available: i32 = ro.all().map(|rs| rs.status.available_replicas).sum();
    if available <= min_available {
        return 0;
    }
    let wanted = available - min_available;
    let Rollout {
        obj, d, old_rss, ..
    } = ro;
    let mut total = 0;
    for rs in old_rss.iter_mut() {
        if total >= wanted {
            break;
        }
        let replicas = spec_replicas(rs);
        if replicas == 0 {
            continue;
        }
        let n = replicas.min(wanted - total);
        scale_rs(ctx, sh, obj, d, rs, replicas - n);
        total += n;
    }
    total
}

/// Mirrors rolloutRecreate: all old pods gone before the new ReplicaSet scales up.
pub fn rollout_recreate(ctx: &mut Ctx, sh: &mut Shared, ro: &mut Rollout) {
    deployment::get_new_replica_set(ctx, sh, ro, false);
    let Rollout {
        obj, d, old_rss, ..
    } = &mut *ro;
    let mut scaled_down = false;
    for rs in old_rss.iter_mut().filter(|rs| spec_replicas(rs) > 0) {
        scaled_down |= scale_rs(ctx, sh, obj, d, rs, 0);
    }
    if scaled_down || old_pods_running(ctx, ro) {
        return;
    }
    if ro.new_rs.is_none() {
        deployment::get_new_replica_set(ctx, sh, ro, true);
    }
    let Rollout { obj, d, new_rs, .. } = &mut *ro;
    if let Some(rs) = new_rs.as_mut() {
        let desired = util::replicas(d);
        scale_rs(ctx, sh, obj, d, rs, desired);
    }
    cleanup_if_complete(ctx, sh, ro);
}

/// Mirrors oldPodsRunning: any old pod not yet Succeeded or Failed (terminating ones count).
fn old_pods_running(ctx: &Ctx, ro: &Rollout) -> bool {
    if ro.old_rss.iter().any(|rs| rs.status.replicas > 0) {
        return true;
    }
    let uids: Vec<&str> = ro
        .old_rss
        .iter()
        .map(|rs| rs.metadata.uid.as_str())
        .collect();
    ctx.store
        .list(Kind::Pod, Some(&ro.d.metadata.namespace))
        .filter_map(|o| o.as_pod())
        .filter(|p| {
            p.metadata
                .controller_ref()
                .is_some_and(|r| uids.contains(&r.uid.as_str()))
        })
        .any(|p| p.status.phase != "Failed" && p.status.phase != "Succeeded")
}

fn cleanup_if_complete(ctx: &mut Ctx, sh: &mut Shared, ro: &mut Rollout) {
    let status = deployment_sync::calculate_status(ctx, ro);
    if deployment_sync::deployment_complete(&ro.d, &status) {
        deployment_sync::cleanup_deployment(ctx, sh, ro);
    }
}

/// Mirrors isScalingEvent: an active ReplicaSet was sized for a different replica count.
pub fn is_scaling_event(ro: &Rollout) -> bool {
    let desired = util::replicas(&ro.d);
    ro.all().filter(|rs| spec_replicas(rs) > 0).any(|rs| {
        rs.metadata
            .annotations
            .get(util::DESIRED_REPLICAS)
            .and_then(|v| v.parse::<i32>().ok())
            .is_some_and(|v| v != desired)
    })
}

/// Mirrors scale (the `sync` path): resize without rolling out.
pub fn scale(ctx: &mut Ctx, sh: &mut Shared, ro: &mut Rollout) {
    deployment::get_new_replica_set(ctx, sh, ro, false);
    let desired = util::replicas(&ro.d);
    let active = ro.all().filter(|rs| spec_replicas(rs) > 0).count();
    let Rollout {
        obj,
        d,
        new_rs,
        old_rss,
    } = &mut *ro;
    if active <= 1 {
        let target = if active == 1 {
            old_rss
                .iter_mut()
                .chain(new_rs.iter_mut())
                .find(|rs| spec_replicas(rs) > 0)
        } else {
            new_rs.as_mut().or(old_rss.last_mut())
        };
        if let Some(rs) = target {
            scale_rs(ctx, sh, obj, d, rs, desired);
        }
        return;
    }
    let saturated = new_rs
        .as_ref()
        .is_some_and(|rs| spec_replicas(rs) == desired && rs.status.available_replicas == desired);
    if saturated {
        for rs in old_rss.iter_mut().filter(|rs| spec_replicas(rs) > 0) {
            scale_rs(ctx, sh, obj, d, rs, 0);
        }
        return;
    }
    if util::is_rolling_update(d) {
        super::deployment_sync::scale_proportionally(ctx, sh, ro);
    }
}
