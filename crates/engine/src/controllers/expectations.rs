//! Expectations: how many pod creations and which pod deletions a controller is still waiting
//! to see in its informer, so it does not act twice on a stale cache.
//!
//! Mirrors `pkg/controller/controller_utils.go` (ControlleeExpectations,
//! UIDTrackingControllerExpectations): creations are counted, deletions tracked by pod key,
//! and expectations older than `ExpectationsTimeout` (5 minutes) count as satisfied.

use crate::api::ObjectKey;
use crate::clock::{SimDuration, SimTime};
use std::collections::{BTreeMap, BTreeSet};

/// `ExpectationsTimeout`.
pub const TIMEOUT: SimDuration = SimDuration::from_secs(5 * 60);

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Expectation {
    add: i64,
    deletes: BTreeSet<ObjectKey>,
    set_at: SimTime,
}

/// Expectations of every controller, keyed by the controller object's key.
#[derive(Clone, Debug, Default)]
pub struct Expectations {
    by_owner: BTreeMap<ObjectKey, Expectation>,
}

impl Expectations {
    /// Mirrors SatisfiedExpectations: nothing pending, expired, or never set.
    pub fn satisfied(&self, owner: &ObjectKey, now: SimTime) -> bool {
        match self.by_owner.get(owner) {
            None => true,
            Some(e) => (e.add <= 0 && e.deletes.is_empty()) || now.0 >= e.set_at.0 + TIMEOUT.0,
        }
    }

    pub fn expect_creations(&mut self, owner: &ObjectKey, n: usize, now: SimTime) {
        self.by_owner.insert(
            owner.clone(),
            Expectation {
                add: n as i64,
                deletes: BTreeSet::new(),
                set_at: now,
            },
        );
    }

    pub fn expect_deletions(&mut self, owner: &ObjectKey, pods: BTreeSet<ObjectKey>, now: SimTime) {
        self.by_owner.insert(
            owner.clone(),
            Expectation {
                add: 0,
                deletes: pods,
                set_at: now,
            },
        );
    }

    pub fn creation_observed(&mut self, owner: &ObjectKey) {
        if let Some(e) = self.by_owner.get_mut(owner) {
            e.add -= 1;
        }
    }

    pub fn deletion_observed(&mut self, owner: &ObjectKey, pod: &ObjectKey) {
        if let Some(e) = self.by_owner.get_mut(owner) {
            e.deletes.remove(pod);
        }
    }

    /// DeleteExpectations: the owner is gone.
    pub fn forget(&mut self, owner: &ObjectKey) {
        self.by_owner.remove(owner);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Kind;

    #[test]
    fn creations_are_counted_down_and_expire() {
        let rs = ObjectKey::new(Kind::ReplicaSet, "default", "web");
        let mut e = Expectations::default();
        assert!(e.satisfied(&rs, SimTime(0)));
        e.expect_creations(&rs, 2, SimTime(0));
        e.creation_observed(&rs);
        assert!(!e.satisfied(&rs, SimTime(1)));
        e.creation_observed(&rs);
        assert!(e.satisfied(&rs, SimTime(1)));
        e.expect_creations(&rs, 1, SimTime(0));
        assert!(e.satisfied(&rs, SimTime(TIMEOUT.0)));
    }

    #[test]
    fn deletions_are_tracked_by_pod() {
        let rs = ObjectKey::new(Kind::ReplicaSet, "default", "web");
        let pod = ObjectKey::new(Kind::Pod, "default", "web-x");
        let mut e = Expectations::default();
        e.expect_deletions(&rs, [pod.clone()].into(), SimTime(0));
        e.deletion_observed(&rs, &pod);
        e.deletion_observed(&rs, &pod);
        assert!(e.satisfied(&rs, SimTime(1)));
    }
}
