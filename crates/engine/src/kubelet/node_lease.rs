//! The kubelet's node Lease: its heartbeat since Kubernetes 1.17.
//!
//! Mirrors the lease controller the kubelet runs
//! (`staging/src/k8s.io/component-helpers/apimachinery/lease/controller.go`: `sync`,
//! `backoffEnsureLease`, `retryUpdateLease`, `newLease`) with the kubelet's owner hook
//! (`pkg/kubelet/util/nodelease.go` `SetNodeOwnerFunc`): a Lease named after the node in
//! `kube-node-lease`, held by the node, `leaseDurationSeconds: 40`, renewed every
//! `nodeLeaseRenewIntervalFraction` (0.25) × 40 s = 10 s by an update that moves
//! `spec.renewTime`. The controller keeps the last Lease it wrote and updates that copy; here
//! the kubelet reads its informer view instead, which holds the same object since only the
//! kubelet writes it. When the Lease is missing (never created, or deleted by a learner) it is
//! created again, as `backoffEnsureLease` does. Left out: the retry back-off on API errors
//! (the simulated API server does not fail these requests).

use super::{Kubelet, Timer};
use crate::api::coordination::{Lease, MicroTime, NAMESPACE_NODE_LEASE};
use crate::api::meta::OwnerReference;
use crate::api::{Kind, Object};
use crate::clock::{SimDuration, SimTime};
use crate::cluster::{Ctx, TimerKind};
use crate::network::Verb;

/// The kubelet's `nodeLeaseDurationSeconds` default.
pub const LEASE_DURATION_SECONDS: i32 = 40;
/// `nodeLeaseRenewIntervalFraction` × the lease duration: 0.25 × 40 s.
pub const LEASE_RENEW_INTERVAL: SimDuration = SimDuration::from_secs(10);

impl Kubelet {
    /// One `sync` of the lease controller: renew (or create) the Lease, then wait a renew
    /// interval. A stopped kubelet never gets here, so its Lease goes stale.
    pub(super) fn renew_lease(&mut self, ctx: &mut Ctx) {
        let next = TimerKind::Kubelet(Timer::Lease { epoch: self.epoch });
        ctx.out
            .timer(ctx.now + LEASE_RENEW_INTERVAL, &self.actor(), next);
        let current = ctx
            .store
            .get_by(Kind::Lease, NAMESPACE_NODE_LEASE, &self.node);
        let verb = match current.map(|o| &**o) {
            Some(Object::Lease(lease)) => {
                let mut lease = lease.clone();
                lease.spec.renew_time = Some(MicroTime(ctx.now));
                if lease.metadata.owner_references.is_empty() {
                    lease.metadata.owner_references = node_owner(ctx, &self.node);
                }
                Verb::Update(Object::Lease(lease))
            }
            _ => Verb::Create(Object::Lease(self.new_lease(ctx))),
        };
        ctx.out.request(&self.actor(), verb);
    }

    /// The first sync of a kubelet whose node was in the cluster from the start: its Lease was
    /// renewed a moment ago (see `Cluster::new`), so it waits a renew interval; any other
    /// start renews (or creates) at once.
    pub(super) fn start_lease(&mut self, ctx: &mut Ctx) {
        let bootstrapped = ctx
            .store
            .get_by(Kind::Lease, NAMESPACE_NODE_LEASE, &self.node)
            .and_then(|o| match &**o {
                Object::Lease(l) => l.spec.renew_time,
                _ => None,
            })
            .is_some_and(|t| t.0 == ctx.now);
        if self.epoch == 1 && bootstrapped {
            let next = TimerKind::Kubelet(Timer::Lease { epoch: self.epoch });
            ctx.out
                .timer(ctx.now + LEASE_RENEW_INTERVAL, &self.actor(), next);
        } else {
            self.renew_lease(ctx);
        }
    }

    /// Mirrors `newLease` plus `SetNodeOwnerFunc`.
    fn new_lease(&self, ctx: &Ctx) -> Lease {
        let owner = ctx.store.get_by(Kind::Node, "", &self.node);
        node_lease(&self.node, owner.map(|n| n.meta().uid.as_str()), ctx.now)
    }
}

/// A node's Lease as its kubelet first writes it: held by the node, 40 s, renewed `now`, owned
/// by the Node when its uid is known.
pub fn node_lease(node: &str, node_uid: Option<&str>, now: SimTime) -> Lease {
    let mut lease = Lease::default();
    lease.metadata.name = node.to_string();
    lease.metadata.namespace = NAMESPACE_NODE_LEASE.to_string();
    lease.metadata.owner_references = node_uid.map(|uid| owner(node, uid)).into_iter().collect();
    lease.spec.holder_identity = Some(node.to_string());
    lease.spec.lease_duration_seconds = Some(LEASE_DURATION_SECONDS);
    lease.spec.renew_time = Some(MicroTime(now));
    lease
}

fn owner(node: &str, uid: &str) -> OwnerReference {
    OwnerReference {
        api_version: "v1".into(),
        kind: "Node".into(),
        name: node.to_string(),
        uid: uid.to_string(),
        controller: None,
        block_owner_deletion: None,
    }
}

/// The owner reference to the Node, which needs the Node's uid: none while the Node cannot be
/// read (`SetNodeOwnerFunc` then leaves it for a later renewal).
fn node_owner(ctx: &Ctx, node: &str) -> Vec<OwnerReference> {
    let found = ctx.store.get_by(Kind::Node, "", node);
    found
        .map(|n| owner(node, &n.meta().uid))
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{Body, Outbox};
    use crate::rng::Rng;
    use crate::store::Store;

    fn renew(store: &Store, ms: u64) -> Outbox {
        let mut kubelet = Kubelet::new("n1".into());
        let (mut rng, mut out) = (Rng::new(1), Outbox::default());
        let mut ctx = Ctx {
            now: SimTime(ms),
            store,
            rng: &mut rng,
            out: &mut out,
        };
        kubelet.renew_lease(&mut ctx);
        out
    }

    fn sent_lease(out: &Outbox) -> (&'static str, Lease) {
        match &out.envelopes[0].3 {
            Body::Request(r) => match &r.verb {
                Verb::Create(Object::Lease(l)) => ("create", l.clone()),
                Verb::Update(Object::Lease(l)) => ("update", l.clone()),
                v => panic!("unexpected request {}", v.name()),
            },
            _ => panic!("not a request"),
        }
    }

    #[test]
    fn first_sync_creates_a_lease_owned_by_the_node() {
        let mut store = Store::default();
        let mut node = crate::topology::node("n1", 1, "4", "8Gi", "8Gi");
        node.metadata.uid = "node-uid".into();
        store.create(Object::Node(node)).expect("node");
        let out = renew(&store, 0);
        let (verb, lease) = sent_lease(&out);
        assert_eq!(verb, "create");
        assert_eq!(lease.metadata.namespace, "kube-node-lease");
        assert_eq!(lease.spec.holder_identity.as_deref(), Some("n1"));
        assert_eq!(lease.spec.lease_duration_seconds, Some(40));
        let owner = &lease.metadata.owner_references[0];
        assert_eq!(
            (owner.kind.as_str(), owner.uid.as_str()),
            ("Node", "node-uid")
        );
        assert_eq!(out.timers[0].0, SimTime(10_000));
    }

    #[test]
    fn later_syncs_move_only_the_renew_time() {
        let mut store = Store::default();
        let out = renew(&store, 0);
        let (_, lease) = sent_lease(&out);
        store.create(Object::Lease(lease.clone())).expect("lease");
        let out = renew(&store, 10_000);
        let (verb, renewed) = sent_lease(&out);
        assert_eq!(verb, "update");
        assert_eq!(renewed.spec.renew_time, Some(MicroTime(SimTime(10_000))));
        assert_eq!(renewed.spec.holder_identity, lease.spec.holder_identity);
    }
}
