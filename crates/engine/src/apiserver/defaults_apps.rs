//! Defaulting for the workload kinds: Deployment, ReplicaSet, DaemonSet, StatefulSet, Job and
//! ReplicationController.
//!
//! Mirrors `pkg/apis/apps/v1/defaults.go`, `pkg/apis/batch/v1/defaults.go`,
//! `pkg/apis/core/v1/defaults.go` (SetDefaults_ReplicationController) and the Job registry's
//! selector generation (`pkg/registry/batch/job/strategy.go` generateSelector). The pod template
//! gets the same defaults a pod gets, by running the pod defaulting on it. `generation` is 1 on
//! create; `prepare_for_update` (the strategies' PrepareForUpdate) bumps it on spec changes.

use super::defaults;
use crate::api::apps::{
    DeploymentStrategy, PodTemplateSpec, RollingUpdateDaemonSet, RollingUpdateDeployment,
    RollingUpdateStatefulSetStrategy,
};
use crate::api::labels::LabelSelector;
use crate::api::pod::IntOrString;
use crate::api::{Object, ObjectMeta, Pod};

/// The Job labels and selector key since v1.27 (`batch.kubernetes.io/...`), plus the legacy
/// keys upstream still writes.
pub const CONTROLLER_UID_LABEL: &str = "batch.kubernetes.io/controller-uid";
pub const JOB_NAME_LABEL: &str = "batch.kubernetes.io/job-name";
pub const LEGACY_CONTROLLER_UID_LABEL: &str = "controller-uid";
pub const LEGACY_JOB_NAME_LABEL: &str = "job-name";

/// Applies the workload defaults; other kinds are left alone.
pub fn apply(obj: &mut Object) {
    match obj {
        Object::Deployment(d) => {
            let s = &mut d.spec;
            s.replicas.get_or_insert(1);
            default_strategy(&mut s.strategy);
            s.revision_history_limit.get_or_insert(10);
            s.progress_deadline_seconds.get_or_insert(600);
            template_defaults(&mut s.template);
        }
        Object::ReplicaSet(rs) => {
            rs.spec.replicas.get_or_insert(1);
            template_defaults(&mut rs.spec.template);
        }
        Object::DaemonSet(ds) => {
            let u = &mut ds.spec.update_strategy;
            if u.type_.is_empty() {
                u.type_ = "RollingUpdate".into();
            }
            if u.type_ == "RollingUpdate" {
                let ru = u
                    .rolling_update
                    .get_or_insert_with(RollingUpdateDaemonSet::default);
                ru.max_unavailable.get_or_insert(IntOrString::Int(1));
                ru.max_surge.get_or_insert(IntOrString::Int(0));
            }
            ds.spec.revision_history_limit.get_or_insert(10);
            template_defaults(&mut ds.spec.template);
        }
        Object::StatefulSet(sts) => statefulset_defaults(sts),
        Object::Job(job) => job_defaults(job),
        Object::ReplicationController(rc) => rc_defaults(rc),
        _ => return,
    }
    let meta = obj.meta_mut();
    if meta.generation == 0 {
        meta.generation = 1;
    }
}

/// Mirrors the workload strategies' PrepareForUpdate (`pkg/registry/apps/deployment/strategy.go`
/// and friends): an update through the main resource keeps the stored status, and
/// `metadata.generation` goes up by one when the spec changed.
pub fn prepare_for_update(old: &Object, new: &mut Object) {
    macro_rules! keep {
        ($o:expr, $n:expr) => {{
            $n.status = $o.status.clone();
            $n.metadata.generation = $o.metadata.generation + i64::from($n.spec != $o.spec);
        }};
    }
    match (old, new) {
        (Object::Deployment(o), Object::Deployment(n)) => keep!(o, n),
        (Object::ReplicaSet(o), Object::ReplicaSet(n)) => keep!(o, n),
        (Object::DaemonSet(o), Object::DaemonSet(n)) => keep!(o, n),
        (Object::StatefulSet(o), Object::StatefulSet(n)) => keep!(o, n),
        (Object::Job(o), Object::Job(n)) => keep!(o, n),
        (Object::ReplicationController(o), Object::ReplicationController(n)) => keep!(o, n),
        _ => {}
    }
}

/// Mirrors SetDefaults_Deployment's strategy part: RollingUpdate with 25%/25%.
fn default_strategy(s: &mut DeploymentStrategy) {
    if s.type_.is_empty() {
        s.type_ = "RollingUpdate".into();
    }
    if s.type_ == "RollingUpdate" {
        let ru = s
            .rolling_update
            .get_or_insert_with(RollingUpdateDeployment::default);
        ru.max_unavailable
            .get_or_insert(IntOrString::String("25%".into()));
        ru.max_surge
            .get_or_insert(IntOrString::String("25%".into()));
    }
}

fn statefulset_defaults(sts: &mut crate::api::StatefulSet) {
    let s = &mut sts.spec;
    s.replicas.get_or_insert(1);
    if s.pod_management_policy.is_empty() {
        s.pod_management_policy = "OrderedReady".into();
    }
    if s.update_strategy.type_.is_empty() {
        s.update_strategy.type_ = "RollingUpdate".into();
    }
    if s.update_strategy.type_ == "RollingUpdate" {
        let ru = s
            .update_strategy
            .rolling_update
            .get_or_insert_with(RollingUpdateStatefulSetStrategy::default);
        ru.partition.get_or_insert(0);
    }
    s.revision_history_limit.get_or_insert(10);
    if s.persistent_volume_claim_retention_policy.is_none() {
        s.persistent_volume_claim_retention_policy =
            Some(serde_json::json!({"whenDeleted": "Retain", "whenScaled": "Retain"}));
    }
    template_defaults(&mut s.template);
}

/// Mirrors SetDefaults_Job and generateSelector: the Job's own uid becomes its selector unless
/// `manualSelector` is set.
fn job_defaults(job: &mut crate::api::Job) {
    let s = &mut job.spec;
    if s.completions.is_none() && s.parallelism.is_none() {
        s.completions = Some(1);
    }
    s.parallelism.get_or_insert(1);
    s.backoff_limit.get_or_insert(6);
    s.completion_mode.get_or_insert_with(|| "NonIndexed".into());
    s.suspend.get_or_insert(false);
    s.pod_replacement_policy
        .get_or_insert_with(|| "TerminatingOrFailed".into());
    let uid = job.metadata.uid.clone();
    if s.manual_selector != Some(true) && !uid.is_empty() {
        let labels = &mut s.template.metadata.labels;
        labels.insert(CONTROLLER_UID_LABEL.into(), uid.clone());
        labels.insert(JOB_NAME_LABEL.into(), job.metadata.name.clone());
        labels.insert(LEGACY_CONTROLLER_UID_LABEL.into(), uid.clone());
        labels.insert(LEGACY_JOB_NAME_LABEL.into(), job.metadata.name.clone());
        if s.selector.is_none() {
            let mut sel = LabelSelector::default();
            sel.match_labels.insert(CONTROLLER_UID_LABEL.into(), uid);
            s.selector = Some(sel);
        }
    }
    template_defaults(&mut s.template);
}

/// Mirrors SetDefaults_ReplicationController: selector and labels come from the template.
fn rc_defaults(rc: &mut crate::api::ReplicationController) {
    let s = &mut rc.spec;
    s.replicas.get_or_insert(1);
    if let Some(t) = s.template.as_mut() {
        if s.selector.is_empty() {
            s.selector = t.metadata.labels.clone();
        }
        if rc.metadata.labels.is_empty() {
            rc.metadata.labels = t.metadata.labels.clone();
        }
        template_defaults(t);
    }
}

/// Applies pod defaulting to a template's spec. Tolerations are restored afterwards: the
/// DefaultTolerationSeconds admission plugin acts on pods only, never on templates.
pub fn template_defaults(t: &mut PodTemplateSpec) {
    let tolerations = t.spec.tolerations.clone();
    let mut pod = Object::Pod(Pod {
        metadata: ObjectMeta {
            name: "template".into(),
            labels: t.metadata.labels.clone(),
            ..ObjectMeta::default()
        },
        spec: std::mem::take(&mut t.spec),
        ..Pod::default()
    });
    defaults::apply(&mut pod);
    if let Object::Pod(p) = pod {
        t.spec = p.spec;
    }
    t.spec.tolerations = tolerations;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Deployment, Job};

    #[test]
    fn deployment_gets_upstream_defaults() {
        let mut obj = Object::Deployment(Deployment::default());
        apply(&mut obj);
        let Object::Deployment(d) = obj else {
            panic!("kind changed")
        };
        assert_eq!(d.spec.replicas, Some(1));
        assert_eq!(d.spec.revision_history_limit, Some(10));
        assert_eq!(d.spec.progress_deadline_seconds, Some(600));
        assert_eq!(d.spec.strategy.type_, "RollingUpdate");
        let ru = d.spec.strategy.rolling_update.unwrap();
        assert_eq!(ru.max_surge, Some(IntOrString::String("25%".into())));
        assert_eq!(d.spec.template.spec.restart_policy, "Always");
        assert_eq!(d.metadata.generation, 1);
    }

    #[test]
    fn spec_changes_bump_generation_and_status_is_kept() {
        let mut old = Deployment::default();
        old.metadata.generation = 3;
        old.status.replicas = 2;
        let mut new = Object::Deployment(old.clone());
        if let Object::Deployment(d) = &mut new {
            d.status = Default::default();
            d.metadata.generation = 0;
        }
        prepare_for_update(&Object::Deployment(old.clone()), &mut new);
        assert_eq!(new.meta().generation, 3);
        if let Object::Deployment(d) = &mut new {
            assert_eq!(d.status.replicas, 2);
            d.spec.replicas = Some(5);
        }
        prepare_for_update(&Object::Deployment(old), &mut new);
        assert_eq!(new.meta().generation, 4);
    }

    #[test]
    fn job_selector_is_generated_from_its_uid() {
        let mut job = Job::default();
        job.metadata.name = "pi".into();
        job.metadata.uid = "u-1".into();
        let mut obj = Object::Job(job);
        apply(&mut obj);
        let Object::Job(j) = obj else {
            panic!("kind changed")
        };
        assert_eq!((j.spec.completions, j.spec.parallelism), (Some(1), Some(1)));
        assert_eq!(j.spec.backoff_limit, Some(6));
        let sel = j.spec.selector.unwrap();
        assert_eq!(sel.match_labels[CONTROLLER_UID_LABEL], "u-1");
        assert_eq!(j.spec.template.metadata.labels[JOB_NAME_LABEL], "pi");
        assert_eq!(j.spec.template.metadata.labels["job-name"], "pi");
    }
}
