//! The garbage collector: when an owner goes, its dependents go too (background propagation).
//!
//! Mirrors `pkg/controller/garbagecollector/garbagecollector.go` (attemptToDeleteItem): an
//! object whose every owner reference points at an object that no longer exists is deleted.
//! Upstream builds a dependency graph from all informers; here the graph is read from the
//! store when an object is deleted, which gives the same result for the kinds Podflow stores.
//! Left out: foreground deletion (`foregroundDeletion` finalizer, blockOwnerDeletion waits) and
//! orphan propagation; every deletion cascades in the background, as `kubectl delete` does
//! by default.

use super::client::Shared;
use crate::api::{registry, Kind, Object};
use crate::cluster::Ctx;
use crate::network::Verb;
use crate::store::WatchType;

#[derive(Clone, Debug, Default)]
pub struct GarbageCollector;

impl GarbageCollector {
    /// On an owner's deletion, deletes the dependents left with no live owner.
    pub fn on_watch(&mut self, ctx: &mut Ctx, sh: &mut Shared, type_: WatchType, obj: &Object) {
        if type_ != WatchType::Deleted {
            return;
        }
        let owner = obj.meta();
        let store = ctx.store;
        // A cluster-scoped owner (a Node owns its Lease) has dependents in any namespace.
        let scope = registry::info(obj.kind())
            .namespaced
            .then_some(owner.namespace.as_str());
        for kind in Kind::ALL.iter().filter(|k| **k != Kind::Event) {
            for dep in store.list(*kind, scope) {
                let m = dep.meta();
                let owned = m.owner_references.iter().any(|r| r.uid == owner.uid);
                if !owned || m.deletion_timestamp.is_some() || has_live_owner(ctx, dep) {
                    continue;
                }
                let verb = Verb::Delete {
                    key: dep.key(),
                    grace_period_seconds: None,
                };
                sh.write(ctx, &dep.key(), verb);
            }
        }
    }
}

/// Whether any owner of `dep` still exists (with the same uid).
fn has_live_owner(ctx: &Ctx, dep: &Object) -> bool {
    let m = dep.meta();
    m.owner_references.iter().any(|r| {
        Kind::ALL
            .iter()
            .find(|k| k.as_str() == r.kind)
            .and_then(|k| {
                let ns = if registry::info(*k).namespaced {
                    m.namespace.as_str()
                } else {
                    ""
                };
                ctx.store.get_by(*k, ns, &r.name)
            })
            .is_some_and(|o| o.meta().uid == r.uid)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Pod;
    use crate::clock::SimTime;
    use crate::network::{Body, Outbox};
    use crate::rng::Rng;
    use crate::store::Store;

    #[test]
    fn deleting_an_owner_deletes_its_orphaned_dependents() {
        let mut store = Store::default();
        let mut rs = crate::api::ReplicaSet::default();
        rs.metadata.name = "web".into();
        rs.metadata.namespace = "default".into();
        rs.metadata.uid = "rs-1".into();
        let rs = Object::ReplicaSet(rs);
        let mut pod = Pod::default();
        pod.metadata.name = "web-abcde".into();
        pod.metadata.namespace = "default".into();
        pod.metadata.owner_references = vec![super::super::pod_control::controller_ref(&rs)];
        store.create(Object::Pod(pod)).unwrap();
        let (mut rng, mut out) = (Rng::new(1), Outbox::default());
        let mut ctx = Ctx {
            now: SimTime(0),
            store: &store,
            rng: &mut rng,
            out: &mut out,
        };
        let mut sh = Shared::default();
        GarbageCollector.on_watch(&mut ctx, &mut sh, WatchType::Deleted, &rs);
        let deletes = out
            .envelopes
            .iter()
            .filter(|e| matches!(&e.3, Body::Request(r) if r.verb.name() == "delete"))
            .count();
        assert_eq!(deletes, 1);
    }
}
