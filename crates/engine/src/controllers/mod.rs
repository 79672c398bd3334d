//! kube-controller-manager: one reconcile loop per controller, fed by watch deliveries.
//!
//! Mirrors `cmd/kube-controller-manager/app/controllermanager.go` and the informer/workqueue
//! pattern of `client-go`: watch handlers only turn deliveries into keys (`namespace/name` of
//! the controlling object) on one de-duplicating queue; a `Drain` timer at the same instant
//! then runs `sync(key)` once per key, reading the informer view (`ctx.store`), and sends
//! writes to the API server. A key's kind says which controller syncs it. Left out: leader
//! election, worker goroutines (keys are processed one after another, in key order), and
//! rate-limited retries (a failed write re-queues its owner at once).
//!
//! Adding a controller: a field on `ControllerManager`, one line in `on_watch` (or in `handle`
//! for a controller with its own loop), one line in `sync` for the kinds it owns, and one
//! `Timer` variant and `on_timer` line if it has periodic work.

pub mod client;
pub mod daemonset;
pub mod deployment;
pub mod deployment_rolling;
pub mod deployment_sync;
pub mod deployment_util;
pub mod endpoints;
pub mod endpointslice;
pub mod endpointslice_mirroring;
pub mod expectations;
pub mod garbage_collector;
pub mod job;
pub mod node_lifecycle;
pub mod pod_control;
pub mod replicaset;
pub mod replication_controller;
pub mod statefulset;
pub mod taint_eviction;

use crate::api::{Kind, Object, ObjectKey};
use crate::cluster::Ctx;
use crate::network::{Body, Envelope};
use crate::store::WatchType;
pub use client::Shared;

/// The controller-manager's wake-ups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Timer {
    /// The node lifecycle controller's monitor period.
    NodeMonitor,
    /// Process every queued key (scheduled once per burst of deliveries).
    Drain,
    /// `queue.AddAfter(key, d)`: look at an object again later (minReadySeconds, progress
    /// deadlines, Job back-off).
    Requeue(ObjectKey),
    /// The taint eviction controller's scheduled deletion of a pod.
    TaintEviction(ObjectKey),
}

#[derive(Clone, Debug, Default)]
pub struct ControllerManager {
    shared: Shared,
    deployment: deployment::DeploymentController,
    replicaset: replicaset::ReplicaSetController,
    job: job::JobController,
    daemonset: daemonset::DaemonSetsController,
    statefulset: statefulset::StatefulSetController,
    garbage_collector: garbage_collector::GarbageCollector,
    endpoints: endpoints::EndpointsController,
    endpointslice: endpointslice::EndpointSliceController,
    endpointslice_mirroring: endpointslice_mirroring::EndpointSliceMirroringController,
    node_lifecycle: node_lifecycle::NodeLifecycleController,
    taint_eviction: taint_eviction::TaintEvictionController,
}

impl ControllerManager {
    pub fn handle(&mut self, ctx: &mut Ctx, env: &Envelope) {
        match &env.body {
            Body::Watch { type_, object } => self.on_watch(ctx, *type_, object),
            Body::Response(resp) => {
                self.taint_eviction.on_response(ctx, resp);
                self.shared.on_response(ctx, resp);
            }
            _ => {}
        }
        self.shared.schedule_drain(ctx);
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, timer: Timer) {
        match timer {
            Timer::NodeMonitor => self.node_lifecycle.monitor(ctx),
            Timer::TaintEviction(key) => self.taint_eviction.fire(ctx, &key),
            Timer::Drain => self.drain(ctx),
            Timer::Requeue(key) => {
                self.shared.enqueue(key);
                self.drain(ctx);
            }
        }
    }

    /// The informers' event handlers: map a change to the keys of the objects to reconcile.
    fn on_watch(&mut self, ctx: &mut Ctx, type_: WatchType, obj: &Object) {
        let sh = &mut self.shared;
        self.garbage_collector.on_watch(ctx, sh, type_, obj);
        endpoints::on_watch(ctx, sh, obj);
        self.node_lifecycle.on_watch(ctx, obj);
        self.taint_eviction.on_watch(ctx, type_, obj);
        match obj {
            Object::Pod(pod) => {
                client::on_pod(ctx, sh, type_, pod);
                deployment::on_pod(ctx, sh, type_, pod);
            }
            Object::Node(_) => self.daemonset.on_node(ctx, sh),
            Object::Deployment(_) | Object::Job(_) | Object::DaemonSet(_) => sh.enqueue(obj.key()),
            Object::StatefulSet(_) | Object::ReplicationController(_) => sh.enqueue(obj.key()),
            Object::ReplicaSet(rs) => {
                sh.enqueue(obj.key());
                if let Some(key) = client::owner_key(&rs.metadata) {
                    sh.enqueue(key);
                }
            }
            _ => {}
        }
    }

    /// Runs `sync` for every queued key, in key order.
    fn drain(&mut self, ctx: &mut Ctx) {
        self.shared.drain_fired();
        for key in self.shared.take_queue() {
            self.sync(ctx, &key);
        }
        self.shared.schedule_drain(ctx);
    }

    fn sync(&mut self, ctx: &mut Ctx, key: &ObjectKey) {
        let sh = &mut self.shared;
        match key.kind {
            Kind::Deployment => self.deployment.sync(ctx, sh, key),
            Kind::ReplicaSet | Kind::ReplicationController => self.replicaset.sync(ctx, sh, key),
            Kind::Job => self.job.sync(ctx, sh, key),
            Kind::DaemonSet => self.daemonset.sync(ctx, sh, key),
            Kind::StatefulSet => self.statefulset.sync(ctx, sh, key),
            Kind::Service => {
                self.endpoints.sync(ctx, sh, key);
                self.endpointslice.sync(ctx, sh, key);
                self.endpointslice_mirroring.sync(ctx, sh, key);
            }
            _ => {}
        }
    }
}
