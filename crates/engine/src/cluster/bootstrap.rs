//! Building a cluster: the namespaces and `kubernetes` Service every cluster starts with, and
//! the seeds' three nodes with their Leases, written as if they existed before time began.

use super::Cluster;
use crate::api::{Kind, Object};
use crate::apiserver::ApiServer;
use crate::clock::SimTime;
use crate::controllers::ControllerManager;
use crate::rng::Rng;
use crate::runtime::shell::fs::NetworkShares;
use crate::scheduler::Scheduler;
use crate::store::{Store, WatchType};
use crate::trace::Trace;
use std::collections::BTreeMap;

impl Cluster {
    /// An empty cluster (no nodes) with the `default` and `kube-system` namespaces.
    // Components start as `default()` whether or not they are unit structs yet.
    #[allow(clippy::default_constructed_unit_structs)]
    pub fn empty(seed: u64) -> Self {
        let mut c = Cluster {
            now: SimTime::ZERO,
            seq: 0,
            queue: BTreeMap::new(),
            store: Store::default(),
            rng: Rng::new(seed),
            trace: Trace::default(),
            next_request_id: 0,
            apiserver: ApiServer::default(),
            scheduler: Scheduler::default(),
            controllers: ControllerManager::default(),
            nodes: BTreeMap::new(),
            shares: NetworkShares::new(),
            responses: BTreeMap::new(),
        };
        for ns in ["default", "kube-node-lease", "kube-public", "kube-system"] {
            c.bootstrap(crate::topology::namespace(ns));
        }
        for obj in crate::apiserver::service_alloc::kubernetes_service::objects() {
            c.bootstrap(obj);
        }
        c
    }

    /// The seeds' cluster: `k8s-master` (control plane, tainted) and two workers, each with the
    /// node Lease its kubelet keeps renewing.
    pub fn new(seed: u64) -> Self {
        let mut c = Cluster::empty(seed);
        for node in crate::topology::default_nodes() {
            c.bootstrap(Object::Node(node));
        }
        for node in crate::topology::default_nodes() {
            let name = &node.metadata.name;
            let uid = c
                .store
                .get_by(Kind::Node, "", name)
                .map(|n| n.meta().uid.clone());
            let lease = crate::kubelet::node_lease::node_lease(name, uid.as_deref(), c.now);
            c.bootstrap(Object::Lease(lease));
        }
        c
    }

    /// Writes an object as if it existed before the simulation began: no trace, no request.
    fn bootstrap(&mut self, mut obj: Object) {
        obj.set_type_meta();
        let meta = obj.meta_mut();
        meta.uid = self.rng.uuid();
        meta.creation_timestamp = Some(crate::api::Time(self.now));
        if let Ok(stored) = self.store.create(obj) {
            self.observe_commit(&stored, WatchType::Added);
        }
    }
}
