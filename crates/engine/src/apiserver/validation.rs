//! Field validation with upstream's field paths and messages.
//!
//! Mirrors `pkg/apis/core/validation/validation.go` (ValidatePod, ValidatePodUpdate,
//! ValidateNode, ValidateNamespace, ...) and `staging/src/k8s.io/apimachinery/pkg/util/validation`.
//! The rules live in `validation/`: `field.rs` (error wording), `names.rs`, `pod.rs`,
//! `container.rs`, `probe.rs`, `scheduling.rs`, `volumes.rs`, `update.rs`. Other kinds' rules are one-line
//! calls into their owners' files.

pub mod container;
pub mod field;
pub mod names;
pub mod pod;
pub mod probe;
pub mod scheduling;
pub mod update;
pub mod volumes;

use super::errors::Cause;
use crate::api::Object;

/// Errors of a new object; empty when it is valid.
pub fn validate_create(obj: &Object) -> Vec<Cause> {
    let mut causes = super::validation_apps::validate_create(obj);
    match obj {
        Object::Pod(p) => causes.extend(pod::pod(p)),
        Object::Node(n) => causes.extend(update::node(n)),
        Object::Namespace(ns) => causes.extend(update::namespace(ns)),
        _ => {}
    }
    dedup(causes)
}

/// Errors of an update of `old` into `new`; empty when it is allowed.
pub fn validate_update(old: &Object, new: &Object) -> Vec<Cause> {
    let mut causes = match (old, new) {
        (Object::Pod(o), Object::Pod(n)) => update::pod_update(o, n),
        (Object::Node(o), Object::Node(n)) => update::node_update(o, n),
        _ => validate_create(new),
    };
    causes.extend(super::validation_apps::validate_update_extra(old, new));
    dedup(causes)
}

/// `ErrorList.ToAggregate` drops repeated messages.
fn dedup(causes: Vec<Cause>) -> Vec<Cause> {
    let mut seen = std::collections::BTreeSet::new();
    causes
        .into_iter()
        .filter(|c| seen.insert(c.to_string()))
        .collect()
}
