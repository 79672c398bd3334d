//! The Deployment controller: one ReplicaSet per pod template, rolled from old to new.
//!
//! Mirrors `pkg/controller/deployment/deployment_controller.go` (syncDeployment,
//! getReplicaSetsForDeployment) and `sync.go` (getNewReplicaSet, calculateStatus,
//! syncRolloutStatus, cleanupDeployment); the strategies are in `deployment_rolling.rs`.
//! Left out: hash-collision handling (`collisionCount`), the revision-history annotation,
//! and copying the Deployment's own annotations onto its ReplicaSets.

use super::client::{self, Shared};
use super::deployment_rolling as rolling;
use super::deployment_sync;
use super::deployment_util as util;
use super::pod_control;
use crate::api::apps::ReplicaSet;
use crate::api::labels::Selector;
use crate::api::{Deployment, Kind, Object, ObjectKey, ObjectMeta, Pod};
use crate::clock::SimDuration;
use crate::cluster::Ctx;
use crate::network::Verb;
use crate::store::WatchType;

pub const COMPONENT: &str = "deployment-controller";

/// One sync's working state: the Deployment and its ReplicaSets as this sync has changed them.
pub struct Rollout<'s> {
    pub obj: &'s Object,
    pub d: Deployment,
    pub new_rs: Option<ReplicaSet>,
    /// Oldest first (ReplicaSetsByCreationTimestamp).
    pub old_rss: Vec<ReplicaSet>,
}

impl Rollout<'_> {
    pub fn all(&self) -> impl Iterator<Item = &ReplicaSet> {
        self.old_rss.iter().chain(self.new_rs.iter())
    }
}

#[derive(Clone, Debug, Default)]
pub struct DeploymentController;

impl DeploymentController {
    /// Mirrors syncDeployment.
    pub fn sync(&mut self, ctx: &mut Ctx, sh: &mut Shared, key: &ObjectKey) {
        let store = ctx.store;
        let Some(obj) = store.get(key) else {
            return;
        };
        let Object::Deployment(d) = &**obj else {
            return;
        };
        let Some(selector) = d
            .spec
            .selector
            .as_ref()
            .and_then(|s| Selector::from_label_selector(s).ok())
        else {
            return;
        };
        if selector.is_empty() {
            let msg = "This deployment is selecting all pods. A non-empty selector is required.";
            sh.event(
                ctx,
                obj,
                crate::events::WARNING,
                "SelectingAll",
                msg.into(),
                COMPONENT,
            );
            return;
        }
        let rss = claim_replica_sets(ctx, sh, obj, d, &selector);
        let mut ro = split(obj, d, rss);
        if d.metadata.deletion_timestamp.is_none() {
            // A paused Deployment still scales; it only does not roll out.
            if rolling::is_scaling_event(&ro) || d.spec.paused {
                rolling::scale(ctx, sh, &mut ro);
            } else if util::is_rolling_update(d) {
                rolling::rollout_rolling(ctx, sh, &mut ro);
            } else {
                rolling::rollout_recreate(ctx, sh, &mut ro);
            }
        }
        finish(ctx, sh, key, &mut ro);
    }
}

/// Mirrors the Deployment controller's deletePod handler: a Recreate rollout waits for the
/// last old pod to go, so a pod's deletion wakes its ReplicaSet's Deployment.
pub fn on_pod(ctx: &mut Ctx, sh: &mut Shared, type_: WatchType, pod: &Pod) {
    if type_ != WatchType::Deleted {
        return;
    }
    let rs = client::owner_key(&pod.metadata).and_then(|k| ctx.store.get(&k));
    if let Some(key) = rs.and_then(|rs| client::owner_key(rs.meta())) {
        if key.kind == Kind::Deployment {
            sh.enqueue(key);
        }
    }
}

/// Mirrors getReplicaSetsForDeployment (ClaimReplicaSets): owned ReplicaSets that match, plus
/// matching orphans, which are adopted.
fn claim_replica_sets(
    ctx: &mut Ctx,
    sh: &mut Shared,
    obj: &Object,
    d: &Deployment,
    sel: &Selector,
) -> Vec<ReplicaSet> {
    let mut owned = Vec::new();
    for o in ctx
        .store
        .list(Kind::ReplicaSet, Some(&d.metadata.namespace))
    {
        let Object::ReplicaSet(rs) = &**o else {
            continue;
        };
        let matches = sel.matches(&rs.metadata.labels);
        match rs.metadata.controller_ref() {
            Some(r) if r.uid == d.metadata.uid && matches => owned.push(rs.clone()),
            None if matches && d.metadata.deletion_timestamp.is_none() => {
                let mut adopted = rs.clone();
                adopted
                    .metadata
                    .owner_references
                    .push(pod_control::controller_ref(obj));
                sh.write(
                    ctx,
                    &obj.key(),
                    Verb::Update(Object::ReplicaSet(adopted.clone())),
                );
                owned.push(adopted);
            }
            _ => {}
        }
    }
    crate::sort::by(&mut owned, |a, b| {
        let key = |r: &ReplicaSet| (r.metadata.creation_timestamp, r.metadata.name.clone());
        key(a).cmp(&key(b))
    });
    owned
}

/// Mirrors FindNewReplicaSet and FindOldReplicaSets: the oldest ReplicaSet whose template
/// equals the Deployment's is the new one.
fn split<'s>(obj: &'s Object, d: &Deployment, rss: Vec<ReplicaSet>) -> Rollout<'s> {
    let mut ro = Rollout {
        obj,
        d: d.clone(),
        new_rs: None,
        old_rss: Vec::new(),
    };
    for rs in rss {
        if ro.new_rs.is_none() && util::equal_ignore_hash(&rs.spec.template, &d.spec.template) {
            ro.new_rs = Some(rs);
        } else {
            ro.old_rss.push(rs);
        }
    }
    ro
}

/// Mirrors getNewReplicaSet: syncs the existing new ReplicaSet's revision, or creates it.
pub fn get_new_replica_set(ctx: &mut Ctx, sh: &mut Shared, ro: &mut Rollout, create: bool) {
    let new_revision = (util::max_revision(&ro.old_rss) + 1).to_string();
    let key = ro.obj.key();
    if let Some(rs) = ro.new_rs.as_mut() {
        let old = rs.clone();
        if util::revision(rs) < util::max_revision(&ro.old_rss) + 1 {
            rs.metadata
                .annotations
                .insert(util::REVISION.into(), new_revision);
        }
        let desired = util::replicas(&ro.d);
        util::set_replicas_annotations(rs, desired, desired + util::max_surge(&ro.d));
        rs.spec.min_ready_seconds = ro.d.spec.min_ready_seconds;
        if *rs != old {
            sh.write(ctx, &key, Verb::Update(Object::ReplicaSet(rs.clone())));
        }
        let revision = rs.metadata.annotations.get(util::REVISION).cloned();
        let name = rs.metadata.name.clone();
        set_deployment_revision(&mut ro.d, revision);
        if util::get_condition(&ro.d.status.conditions, "Progressing").is_none() {
            let msg = format!("Found new replica set \"{name}\"");
            let c = util::condition(
                "Progressing",
                "True",
                util::FOUND_NEW_RS_REASON,
                msg,
                ctx.now,
            );
            util::set_condition(&mut ro.d.status.conditions, c);
        }
        return;
    }
    if create {
        create_new_replica_set(ctx, sh, ro, new_revision);
    }
}

fn create_new_replica_set(ctx: &mut Ctx, sh: &mut Shared, ro: &mut Rollout, revision: String) {
    let d = &ro.d;
    let hash = util::compute_hash(&d.spec.template, d.status.collision_count);
    let mut template = d.spec.template.clone();
    template
        .metadata
        .labels
        .insert(util::DEFAULT_LABEL.into(), hash.clone());
    let mut selector = d.spec.selector.clone().unwrap_or_default();
    selector
        .match_labels
        .insert(util::DEFAULT_LABEL.into(), hash.clone());
    let name = format!("{}-{hash}", d.metadata.name);
    let mut rs = ReplicaSet {
        metadata: ObjectMeta {
            name: name.clone(),
            namespace: d.metadata.namespace.clone(),
            labels: template.metadata.labels.clone(),
            owner_references: vec![pod_control::controller_ref(ro.obj)],
            ..ObjectMeta::default()
        },
        ..ReplicaSet::default()
    };
    rs.metadata
        .annotations
        .insert(util::REVISION.into(), revision.clone());
    let desired = util::replicas(d);
    util::set_replicas_annotations(&mut rs, desired, desired + util::max_surge(d));
    rs.spec.selector = Some(selector);
    rs.spec.template = template;
    rs.spec.min_ready_seconds = d.spec.min_ready_seconds;
    let all: Vec<&ReplicaSet> = ro.old_rss.iter().collect();
    let replicas = rolling::new_rs_new_replicas(d, &all, None);
    rs.spec.replicas = Some(replicas);
    let verb = Verb::Create(Object::ReplicaSet(rs.clone()));
    if replicas > 0 {
        let msg = format!("Scaled up replica set {name} from 0 to {replicas}");
        sh.write_then_event(
            ctx,
            &ro.obj.key(),
            verb,
            (COMPONENT, "ScalingReplicaSet", msg),
        );
    } else {
        sh.write(ctx, &ro.obj.key(), verb);
    }
    set_deployment_revision(&mut ro.d, Some(revision));
    let msg = format!("Created new replica set \"{name}\"");
    let c = util::condition("Progressing", "True", util::NEW_RS_REASON, msg, ctx.now);
    util::set_condition(&mut ro.d.status.conditions, c);
    ro.new_rs = Some(rs);
}

fn set_deployment_revision(d: &mut Deployment, revision: Option<String>) {
    if let Some(r) = revision {
        d.metadata.annotations.insert(util::REVISION.into(), r);
    }
}

/// Writes what the sync changed: the Deployment's annotations, then its status.
fn finish(ctx: &mut Ctx, sh: &mut Shared, key: &ObjectKey, ro: &mut Rollout) {
    let Object::Deployment(stored) = ro.obj else {
        return;
    };
    let status = deployment_sync::sync_rollout_status(ctx, ro);
    if ro.d.metadata.annotations != stored.metadata.annotations {
        let mut next = stored.clone();
        next.metadata.annotations = ro.d.metadata.annotations.clone();
        sh.write(ctx, key, Verb::Update(Object::Deployment(next)));
    }
    if status != stored.status {
        let mut next = stored.clone();
        next.status = status;
        sh.write(ctx, key, Verb::UpdateStatus(Object::Deployment(next)));
    }
    requeue_stuck(ctx, sh, key, ro);
}

/// Mirrors requeueStuckDeployment: look again when the progress deadline would pass.
fn requeue_stuck(ctx: &mut Ctx, sh: &mut Shared, key: &ObjectKey, ro: &Rollout) {
    let Some(deadline) = ro.d.spec.progress_deadline_seconds else {
        return;
    };
    let Some(c) = util::get_condition(&ro.d.status.conditions, "Progressing") else {
        return;
    };
    if c.reason == util::NEW_RS_AVAILABLE_REASON || c.reason == util::TIMED_OUT_REASON {
        return;
    }
    let since = c.last_update_time.map_or(ctx.now, |t| t.0);
    let due = since + SimDuration::from_secs(u64::try_from(deadline).unwrap_or(600));
    let after = SimDuration(due.0.saturating_sub(ctx.now.0).max(1000));
    sh.requeue_after(ctx, key, after);
}
