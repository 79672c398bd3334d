//! Helpers over pod status conditions.
//!
//! Mirrors `pkg/api/v1/pod/util.go` (`UpdatePodCondition`, `GetPodCondition`): the transition
//! time moves only when the status changes.

use super::meta::Time;
use super::pod::{PodCondition, PodStatus};
use crate::clock::SimTime;

/// The condition of a type, if present.
pub fn condition<'a>(status: &'a PodStatus, type_: &str) -> Option<&'a PodCondition> {
    status.conditions.iter().find(|c| c.type_ == type_)
}

/// Sets a condition; returns whether anything changed.
pub fn set_condition(
    status: &mut PodStatus,
    type_: &str,
    value: &str,
    reason: &str,
    message: &str,
    now: SimTime,
) -> bool {
    if let Some(c) = status.conditions.iter_mut().find(|c| c.type_ == type_) {
        let changed = c.status != value || c.reason != reason || c.message != message;
        if c.status != value {
            c.last_transition_time = Some(Time(now));
        }
        c.status = value.to_string();
        c.reason = reason.to_string();
        c.message = message.to_string();
        return changed;
    }
    status.conditions.push(PodCondition {
        type_: type_.to_string(),
        status: value.to_string(),
        last_probe_time: None,
        last_transition_time: Some(Time(now)),
        reason: reason.to_string(),
        message: message.to_string(),
    });
    true
}
