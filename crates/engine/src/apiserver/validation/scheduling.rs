//! Tolerations, node affinity and node selectors of a pod spec, and node taints.
//!
//! Mirrors `pkg/apis/core/validation/validation.go`: ValidateTolerations, validateTaintEffect,
//! validateAffinity/validateNodeAffinity, ValidateNodeSelector,
//! validateNodeSelectorRequirement, ValidatePreferredSchedulingTerms, validateNodeTaints.
//! The `operator: Exists` with a value error prints the operator as its value, as the v1.35+
//! rewrite for the Lt/Gt operators does. Left out: pod (anti-)affinity, topology spread.

use super::field::{self, Path};
use super::names;
use crate::api::node::Taint;
use crate::api::pod::{Affinity, NodeSelectorRequirement, NodeSelectorTerm, Toleration};
use crate::apiserver::errors::Cause;
use std::collections::BTreeSet;

const TAINT_EFFECTS: [&str; 3] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/// Mirrors ValidateTolerations.
pub fn tolerations(list: &[Toleration], path: &Path) -> Vec<Cause> {
    let mut c = Vec::new();
    for (i, t) in list.iter().enumerate() {
        let p = path.index(i);
        if !t.key.is_empty() {
            c.extend(names::each(
                &p.child("key"),
                &t.key,
                names::qualified_name(&t.key),
            ));
        }
        if t.key.is_empty() && t.operator != "Exists" {
            c.push(field::invalid(
                &p.child("operator"),
                &t.operator,
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            ));
        }
        if t.toleration_seconds.is_some() && t.effect != "NoExecute" {
            c.push(field::invalid(
                &p.child("effect"),
                &t.effect,
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            ));
        }
        match t.operator.as_str() {
            "Equal" | "" => {
                let errs = names::label_value(&t.value);
                if !errs.is_empty() {
                    c.push(field::invalid(
                        &p.child("operator"),
                        &t.value,
                        &errs.join(";"),
                    ));
                }
            }
            "Exists" if !t.value.is_empty() => c.push(field::invalid(
                &p.child("operator"),
                &t.operator,
                "value must be empty when `operator` is 'Exists'",
            )),
            "Exists" => {}
            other => c.push(field::not_supported(
                &p.child("operator"),
                other,
                &["Equal", "Exists"],
            )),
        }
        if !t.effect.is_empty() && !TAINT_EFFECTS.contains(&t.effect.as_str()) {
            c.push(field::not_supported(
                &p.child("effect"),
                &t.effect,
                &TAINT_EFFECTS,
            ));
        }
    }
    c
}

/// Mirrors validateAffinity for the node affinity part.
pub fn affinity(a: &Affinity, path: &Path) -> Vec<Cause> {
    let Some(na) = &a.node_affinity else {
        return vec![];
    };
    let mut c = Vec::new();
    let p = path.child("nodeAffinity");
    if let Some(req) = &na.required_during_scheduling_ignored_during_execution {
        let rp = p.child("requiredDuringSchedulingIgnoredDuringExecution");
        if req.node_selector_terms.is_empty() {
            c.push(field::required(
                &rp.child("nodeSelectorTerms"),
                "must have at least one node selector term",
            ));
        }
        for (i, term) in req.node_selector_terms.iter().enumerate() {
            c.extend(selector_term(term, &rp.child("nodeSelectorTerms").index(i)));
        }
    }
    let pp = p.child("preferredDuringSchedulingIgnoredDuringExecution");
    for (i, pref) in na
        .preferred_during_scheduling_ignored_during_execution
        .iter()
        .enumerate()
    {
        let ip = pp.index(i);
        if pref.weight <= 0 || pref.weight > 100 {
            c.push(field::invalid(
                &ip.child("weight"),
                pref.weight,
                "must be in the range 1-100",
            ));
        }
        c.extend(selector_term(&pref.preference, &ip.child("preference")));
    }
    c
}

fn selector_term(term: &NodeSelectorTerm, p: &Path) -> Vec<Cause> {
    let mut c = Vec::new();
    for (i, r) in term.match_expressions.iter().enumerate() {
        c.extend(requirement(r, &p.child("matchExpressions").index(i), true));
    }
    for (i, r) in term.match_fields.iter().enumerate() {
        c.extend(requirement(r, &p.child("matchFields").index(i), false));
    }
    c
}

/// Mirrors validateNodeSelectorRequirement (and validateNodeFieldSelectorRequirement).
fn requirement(r: &NodeSelectorRequirement, p: &Path, label: bool) -> Vec<Cause> {
    let mut c = Vec::new();
    let values = p.child("values");
    match r.operator.as_str() {
        "In" | "NotIn" if r.values.is_empty() => c.push(field::required(
            &values,
            "must be specified when `operator` is 'In' or 'NotIn'",
        )),
        "Exists" | "DoesNotExist" if !r.values.is_empty() => c.push(field::forbidden(
            &values,
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        )),
        "Gt" | "Lt" if r.values.len() != 1 => c.push(field::required(
            &values,
            "must be specified single value when `operator` is 'Lt' or 'Gt'",
        )),
        "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt" => {}
        other => c.push(field::invalid(
            &p.child("operator"),
            other,
            "not a valid selector operator",
        )),
    }
    if label {
        c.extend(names::each(
            &p.child("key"),
            &r.key,
            names::qualified_name(&r.key),
        ));
    }
    c
}

/// Mirrors validateNodeTaints.
pub fn taints(list: &[Taint], path: &Path) -> Vec<Cause> {
    let mut c = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, t) in list.iter().enumerate() {
        let p = path.index(i);
        c.extend(names::each(
            &p.child("key"),
            &t.key,
            names::qualified_name(&t.key),
        ));
        let errs = names::label_value(&t.value);
        c.extend(names::each(&p.child("value"), &t.value, errs));
        if t.effect.is_empty() {
            c.push(field::required(&p.child("effect"), ""));
        } else if !TAINT_EFFECTS.contains(&t.effect.as_str()) {
            c.push(field::not_supported(
                &p.child("effect"),
                &t.effect,
                &TAINT_EFFECTS,
            ));
        }
        if !seen.insert((t.key.clone(), t.effect.clone())) {
            c.push(field::duplicate(
                &p,
                crate::apiserver::validation::field::Value::Raw(format!(
                    "core.Taint{{Key:{}, Value:{}, Effect:{}, TimeAdded:<nil>}}",
                    field::go_quote(&t.key),
                    field::go_quote(&t.value),
                    field::go_quote(&t.effect)
                )),
            ));
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tol(key: &str, op: &str, value: &str, effect: &str) -> Toleration {
        Toleration {
            key: key.into(),
            operator: op.into(),
            value: value.into(),
            effect: effect.into(),
            toleration_seconds: None,
        }
    }

    fn texts(c: Vec<Cause>) -> Vec<String> {
        c.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn toleration_rules() {
        let p = Path::new("spec.tolerations");
        assert_eq!(
            texts(tolerations(&[tol("env", "Exists", "dev", "NoSchedule")], &p)),
            ["spec.tolerations[0].operator: Invalid value: \"Exists\": value must be empty when `operator` is 'Exists'"]
        );
        assert_eq!(
            texts(tolerations(&[tol("env", "Equal", "dev", "NoSchedul")], &p)),
            ["spec.tolerations[0].effect: Unsupported value: \"NoSchedul\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""]
        );
        let mut t = tol("env", "Equal", "dev", "NoSchedule");
        t.toleration_seconds = Some(10);
        assert_eq!(
            texts(tolerations(&[t], &p)),
            ["spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"]
        );
        assert_eq!(
            texts(tolerations(&[tol("", "Equal", "", "")], &p)),
            ["spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\""]
        );
        assert!(tolerations(&[tol("env", "", "dev", "NoSchedule")], &p).is_empty());
    }

    #[test]
    fn node_affinity_operators() {
        let r = NodeSelectorRequirement {
            key: "env".into(),
            operator: "in".into(),
            values: vec!["dev".into()],
        };
        assert_eq!(
            texts(requirement(&r, &Path::new("x"), true)),
            ["x.operator: Invalid value: \"in\": not a valid selector operator"]
        );
        let r = NodeSelectorRequirement {
            key: "env".into(),
            operator: "In".into(),
            values: vec![],
        };
        assert_eq!(
            texts(requirement(&r, &Path::new("x"), true)),
            ["x.values: Required value: must be specified when `operator` is 'In' or 'NotIn'"]
        );
    }
}
