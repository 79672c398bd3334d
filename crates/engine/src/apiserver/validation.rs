//! Field validation with upstream's field paths and messages.
//!
//! Mirrors `pkg/apis/core/validation/validation.go` (ValidatePod, ValidatePodUpdate, ...) and
//! `staging/src/k8s.io/apimachinery/pkg/util/validation`.

use super::errors::Cause;
use crate::api::Object;

/// Errors of a new object; empty when it is valid.
pub fn validate_create(obj: &Object) -> Vec<Cause> {
    let mut causes = super::validation_apps::validate_create(obj);
    if let Object::Pod(pod) = obj {
        if pod.spec.containers.is_empty() {
            causes.push(Cause::new("spec.containers", "Required value"));
        }
        for (i, c) in pod.spec.containers.iter().enumerate() {
            if c.image.is_empty() {
                causes.push(Cause::new(
                    format!("spec.containers[{i}].image"),
                    "Required value",
                ));
            }
        }
    }
    causes
}

/// Errors of an update of `old` into `new`; empty when it is allowed.
pub fn validate_update(old: &Object, new: &Object) -> Vec<Cause> {
    let mut causes = validate_create(new);
    causes.extend(super::validation_apps::validate_update_extra(old, new));
    causes
}
