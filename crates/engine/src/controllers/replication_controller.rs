//! The ReplicationController manager: the ReplicaSet controller run on ReplicationControllers.
//!
//! Mirrors `pkg/controller/replication/replication_controller.go` and `conversion.go`, which
//! convert each RC to a ReplicaSet and reuse the ReplicaSet controller; here the conversion is
//! a view of the fields the ReplicaSet code reads (a map selector becomes a `Selector`).

use super::replicaset::View;
use crate::api::labels::Selector;
use crate::api::ReplicationController;

/// The event source upstream's RC manager records with.
pub const COMPONENT: &str = "replication-controller";

/// The RC as the ReplicaSet code sees it; `None` without a template (validation forbids it).
pub fn view(rc: &ReplicationController) -> Option<View<'_>> {
    let template = rc.spec.template.as_ref()?;
    Some(View {
        replicas: rc.spec.replicas.unwrap_or(1),
        min_ready_seconds: rc.spec.min_ready_seconds,
        selector: Selector::from_map(&rc.spec.selector),
        template,
        status: &rc.status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rc_map_selector_becomes_a_selector() {
        let mut rc = ReplicationController::default();
        rc.spec.selector.insert("app".into(), "nginx".into());
        rc.spec.template = Some(Default::default());
        let v = view(&rc).unwrap();
        assert_eq!(v.replicas, 1);
        let labels = [("app".to_string(), "nginx".to_string())].into();
        assert!(v.selector.matches(&labels));
    }
}
