//! Validation of the workload kinds, with upstream's field paths and messages.
//!
//! Mirrors `pkg/apis/apps/validation/validation.go` (ValidateDeploymentSpec,
//! ValidateReplicaSetSpec, ValidatePodTemplateSpecForReplicaSet, ValidateDaemonSetSpec,
//! ValidateStatefulSetSpec), `pkg/apis/batch/validation/validation.go` (validateJobSpec) and
//! the ReplicationController part of `pkg/apis/core/validation/validation.go`. The pod template
//! is validated by running the pod validation on it and prefixing the paths with
//! `spec.template.`. Left out: label-key syntax checks inside selectors, Job template
//! immutability, and the StatefulSet's volumeClaimTemplates.

use super::errors::Cause;
use super::validation;
use crate::api::apps::PodTemplateSpec;
use crate::api::labels::{LabelSelector, Selector};
use crate::api::meta::StringMap;
use crate::api::{Object, ObjectMeta, Pod};

/// Errors of a new workload; empty for valid objects and other kinds.
pub fn validate_create(obj: &Object) -> Vec<Cause> {
    let mut c = Vec::new();
    match obj {
        Object::Deployment(d) => {
            non_negative(&mut c, "spec.replicas", d.spec.replicas);
            replica_set_like(
                &mut c,
                d.spec.selector.as_ref(),
                &d.spec.template,
                "deployment",
            );
            min_ready(&mut c, d.spec.min_ready_seconds);
        }
        Object::ReplicaSet(rs) => {
            non_negative(&mut c, "spec.replicas", rs.spec.replicas);
            // Upstream's ValidateReplicaSetSpec says "deployment" here too.
            replica_set_like(
                &mut c,
                rs.spec.selector.as_ref(),
                &rs.spec.template,
                "deployment",
            );
            min_ready(&mut c, rs.spec.min_ready_seconds);
        }
        Object::DaemonSet(ds) => {
            replica_set_like(
                &mut c,
                ds.spec.selector.as_ref(),
                &ds.spec.template,
                "daemonset",
            );
        }
        Object::StatefulSet(s) => {
            non_negative(&mut c, "spec.replicas", s.spec.replicas);
            replica_set_like(
                &mut c,
                s.spec.selector.as_ref(),
                &s.spec.template,
                "statefulset",
            );
        }
        Object::Job(job) => validate_job(&mut c, job),
        Object::ReplicationController(rc) => validate_rc(&mut c, rc),
        _ => {}
    }
    c
}

/// Errors an update adds to the create rules: apps/v1's selector is immutable.
pub fn validate_update_extra(old: &Object, new: &Object) -> Vec<Cause> {
    let mut c = Vec::new();
    let selectors = match (old, new) {
        (Object::Deployment(o), Object::Deployment(n)) => {
            Some((&o.spec.selector, &n.spec.selector))
        }
        (Object::ReplicaSet(o), Object::ReplicaSet(n)) => {
            Some((&o.spec.selector, &n.spec.selector))
        }
        (Object::DaemonSet(o), Object::DaemonSet(n)) => Some((&o.spec.selector, &n.spec.selector)),
        (Object::StatefulSet(o), Object::StatefulSet(n)) => {
            Some((&o.spec.selector, &n.spec.selector))
        }
        _ => None,
    };
    if let Some((o, n)) = selectors {
        if o != n {
            let shown = n.as_ref().map_or_else(|| "null".to_string(), go_selector);
            c.push(Cause::new(
                "spec.selector",
                format!("Invalid value: {shown}: field is immutable"),
            ));
        }
    }
    c
}

fn non_negative(c: &mut Vec<Cause>, field: &str, v: Option<i32>) {
    if let Some(v) = v.filter(|v| *v < 0) {
        c.push(Cause::new(
            field,
            format!("Invalid value: {v}: must be greater than or equal to 0"),
        ));
    }
}

fn min_ready(c: &mut Vec<Cause>, v: i32) {
    non_negative(c, "spec.minReadySeconds", Some(v));
}

/// Mirrors the selector part of ValidateDeploymentSpec and ValidatePodTemplateSpecForReplicaSet.
fn replica_set_like(
    c: &mut Vec<Cause>,
    selector: Option<&LabelSelector>,
    template: &PodTemplateSpec,
    what: &str,
) {
    match selector {
        None => c.push(Cause::new("spec.selector", "Required value")),
        Some(s) if s.match_labels.is_empty() && s.match_expressions.is_empty() => {
            c.push(Cause::new(
                "spec.selector",
                format!(
                    "Invalid value: {}: empty selector is invalid for {what}",
                    go_selector(s)
                ),
            ));
        }
        Some(_) => {}
    }
    let parsed = selector.map(Selector::from_label_selector);
    if let Some(Err(_)) = parsed {
        let shown = selector.map_or_else(String::new, go_selector);
        c.push(Cause::new(
            "spec.selector",
            format!("Invalid value: {shown}: invalid label selector"),
        ));
    }
    if let Some(Ok(sel)) = parsed {
        if !sel.is_empty() && !sel.matches(&template.metadata.labels) {
            c.push(Cause::new(
                "spec.template.metadata.labels",
                format!(
                    "Invalid value: {}: `selector` does not match template `labels`",
                    go_map(&template.metadata.labels)
                ),
            ));
        }
    }
    c.extend(template_causes(template));
    restart_policy_always(c, template);
}

fn restart_policy_always(c: &mut Vec<Cause>, template: &PodTemplateSpec) {
    let policy = &template.spec.restart_policy;
    if policy != "Always" {
        c.push(Cause::new(
            "spec.template.spec.restartPolicy",
            format!("Unsupported value: \"{policy}\": supported values: \"Always\""),
        ));
    }
}

/// Mirrors validateJobSpec's template rules.
fn validate_job(c: &mut Vec<Cause>, job: &crate::api::Job) {
    let s = &job.spec;
    non_negative(c, "spec.parallelism", s.parallelism);
    non_negative(c, "spec.completions", s.completions);
    non_negative(c, "spec.backoffLimit", s.backoff_limit);
    if let Some(sel) = &s.selector {
        if let Ok(parsed) = Selector::from_label_selector(sel) {
            if !parsed.matches(&s.template.metadata.labels) {
                c.push(Cause::new(
                    "spec.template.metadata.labels",
                    format!(
                        "Invalid value: {}: `selector` does not match template `labels`",
                        go_map(&s.template.metadata.labels)
                    ),
                ));
            }
        }
    } else {
        c.push(Cause::new("spec.selector", "Required value"));
    }
    c.extend(template_causes(&s.template));
    let policy = s.template.spec.restart_policy.as_str();
    if policy != "OnFailure" && policy != "Never" {
        c.push(Cause::new(
            "spec.template.spec.restartPolicy",
            "Required value: valid values: \"OnFailure\", \"Never\"",
        ));
    }
}

/// Mirrors ValidateReplicationControllerSpec and ValidatePodTemplateSpecForRC.
fn validate_rc(c: &mut Vec<Cause>, rc: &crate::api::ReplicationController) {
    if rc.spec.selector.is_empty() {
        c.push(Cause::new("spec.selector", "Required value"));
    }
    non_negative(c, "spec.replicas", rc.spec.replicas);
    let Some(t) = &rc.spec.template else {
        c.push(Cause::new("spec.template", "Required value"));
        return;
    };
    let sel = Selector::from_map(&rc.spec.selector);
    if !sel.is_empty() && !sel.matches(&t.metadata.labels) {
        c.push(Cause::new(
            "spec.template.metadata.labels",
            format!(
                "Invalid value: {}: selector does not match labels in spec.template",
                go_map(&t.metadata.labels)
            ),
        ));
    }
    c.extend(template_causes(t));
    restart_policy_always(c, t);
}

/// The pod validation's errors about a template's spec, under `spec.template.`.
fn template_causes(t: &PodTemplateSpec) -> Vec<Cause> {
    let pod = Object::Pod(Pod {
        metadata: ObjectMeta {
            name: "template".into(),
            namespace: "default".into(),
            labels: t.metadata.labels.clone(),
            ..ObjectMeta::default()
        },
        spec: t.spec.clone(),
        ..Pod::default()
    });
    validation::validate_create(&pod)
        .into_iter()
        .filter(|cause| cause.field.starts_with("spec.") && cause.field != "spec.restartPolicy")
        .map(|cause| Cause::new(format!("spec.template.{}", cause.field), cause.message))
        .collect()
}

/// Go's `%#v` of a `map[string]string`, as field errors print bad values.
pub fn go_map(m: &StringMap) -> String {
    if m.is_empty() {
        return "map[string]string(nil)".into();
    }
    let pairs: Vec<String> = m.iter().map(|(k, v)| format!("{k:?}:{v:?}")).collect();
    format!("map[string]string{{{}}}", pairs.join(", "))
}

/// Go's `%#v` of a `metav1.LabelSelector`.
fn go_selector(s: &LabelSelector) -> String {
    let exprs = if s.match_expressions.is_empty() {
        "[]v1.LabelSelectorRequirement(nil)".to_string()
    } else {
        let items: Vec<String> = s
            .match_expressions
            .iter()
            .map(|e| {
                let values: Vec<String> = e.values.iter().map(|v| format!("{v:?}")).collect();
                format!(
                    "v1.LabelSelectorRequirement{{Key:{:?}, Operator:{:?}, Values:[]string{{{}}}}}",
                    e.key,
                    e.operator,
                    values.join(", ")
                )
            })
            .collect();
        format!("[]v1.LabelSelectorRequirement{{{}}}", items.join(", "))
    };
    format!(
        "v1.LabelSelector{{MatchLabels:{}, MatchExpressions:{exprs}}}",
        go_map(&s.match_labels)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn causes(v: serde_json::Value) -> Vec<String> {
        let mut obj = crate::apiserver::decode::decode(&v).expect("decodes");
        obj.meta_mut().uid = "u-1".into();
        crate::apiserver::defaults::apply(&mut obj);
        super::super::defaults_apps::apply(&mut obj);
        validate_create(&obj).iter().map(Cause::to_string).collect()
    }

    #[test]
    fn deployment_selector_must_match_template_labels() {
        let c = causes(json!({"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web"},
            "spec": {"selector": {"matchLabels": {"app": "web"}},
                     "template": {"metadata": {"labels": {"app": "api"}},
                                  "spec": {"containers": [{"name": "a", "image": "nginx"}]}}}}));
        assert_eq!(c, vec!["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"api\"}: `selector` does not match template `labels`"]);
    }

    #[test]
    fn replicaset_template_must_restart_always() {
        let c = causes(json!({"apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {"name": "web"},
            "spec": {"selector": {"matchLabels": {"app": "web"}},
                     "template": {"metadata": {"labels": {"app": "web"}},
                                  "spec": {"restartPolicy": "Never",
                                           "containers": [{"name": "a", "image": "nginx"}]}}}}));
        assert_eq!(c, vec!["spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""]);
    }

    #[test]
    fn job_template_needs_on_failure_or_never() {
        let c = causes(json!({"apiVersion": "batch/v1", "kind": "Job",
            "metadata": {"name": "pi"},
            "spec": {"template": {"spec": {"containers": [{"name": "pi", "image": "perl"}]}}}}));
        assert_eq!(c, vec!["spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""]);
    }

    #[test]
    fn missing_selector_and_empty_selector() {
        let c = causes(json!({"apiVersion": "apps/v1", "kind": "DaemonSet",
            "metadata": {"name": "d"},
            "spec": {"selector": {},
                     "template": {"spec": {"containers": [{"name": "a", "image": "x"}]}}}}));
        assert_eq!(c, vec!["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset"]);
    }
}
