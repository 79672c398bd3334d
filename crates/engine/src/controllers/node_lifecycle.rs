//! The node lifecycle controller: silent nodes become `Unknown`, conditions become taints.
//!
//! Mirrors `pkg/controller/nodelifecycle/node_lifecycle_controller.go`: every
//! `--node-monitor-period` (5s) `monitorNodeHealth` runs `tryUpdateNodeHealth` for each node
//! (the probe timestamp moves when the controller sees a new `lastHeartbeatTime` or a newer
//! `renewTime` on the node's Lease in `kube-node-lease`, the kubelet's usual heartbeat; past
//! `--node-monitor-grace-period`, 50s, the Ready, MemoryPressure, DiskPressure and PIDPressure
//! conditions become `Unknown` with `NodeStatusUnknown` / `Kubelet stopped posting node
//! status.`), then `processTaintBaseEviction` (NoExecute `not-ready` for Ready=False,
//! `unreachable` for Unknown, none for True, decided from the status observed before this
//! pass), records `NodeNotReady` and runs `MarkPodsNotReady` when a Ready node stops being
//! Ready. `doNoScheduleTaintingPass` (condition and `unschedulable` NoSchedule taints) runs on
//! each node update. Left out: zones and their eviction rate limits (taints are applied at
//! once), large-cluster thresholds.

mod taints;

use crate::api::coordination::{MicroTime, NAMESPACE_NODE_LEASE};
use crate::api::node::{Node, NodeCondition, Taint};
use crate::api::{Kind, Object, Pod, Time};
use crate::clock::{SimDuration, SimTime};
use crate::cluster::{Ctx, TimerKind};
use crate::events::{self, Source};
use crate::network::Verb;
use crate::trace::Actor;
use std::collections::BTreeMap;
use taints::{desired_taints, same_taints};

/// `--node-monitor-period`.
pub const NODE_MONITOR_PERIOD: SimDuration = SimDuration::from_secs(5);
/// `--node-monitor-grace-period` (50s since v1.32).
pub const NODE_MONITOR_GRACE_PERIOD: SimDuration = SimDuration::from_secs(50);
/// `--node-startup-grace-period`: for a node that never posted a Ready condition.
pub const NODE_STARTUP_GRACE_PERIOD: SimDuration = SimDuration::from_secs(60);
const COMPONENT: &str = "node-controller";
const IN_FLIGHT: SimDuration = SimDuration::from_secs(1);

/// What the controller remembers of a node between passes (`nodeHealthData`).
#[derive(Clone, Debug, PartialEq)]
struct NodeHealth {
    /// When the controller last saw the heartbeat move.
    probe: SimTime,
    heartbeat: Option<Time>,
    /// The renewTime of the node's Lease when last observed.
    lease: Option<MicroTime>,
}

#[derive(Clone, Debug, Default)]
pub struct NodeLifecycleController {
    armed: bool,
    health: BTreeMap<String, NodeHealth>,
    /// Taints last written per node, so a burst of node events does not write twice.
    sent_taints: BTreeMap<String, (SimTime, Vec<Taint>)>,
}

impl NodeLifecycleController {
    /// Node events run the NoSchedule tainting pass; any event starts the monitor loop.
    pub fn on_watch(&mut self, ctx: &mut Ctx, obj: &Object) {
        self.arm(ctx);
        if let Object::Node(node) = obj {
            if let Some(Object::Node(current)) = ctx.store.get(&obj.key()).map(|o| &**o) {
                let taints = desired_taints(current, None, ctx.now);
                self.write_taints(ctx, current.clone(), taints);
            } else if self.health.remove(&node.metadata.name).is_some() {
                record_node_event(ctx, node, "RemovingNode", "Removing");
            }
        }
    }

    fn arm(&mut self, ctx: &mut Ctx) {
        if !self.armed {
            self.armed = true;
            let kind = TimerKind::Controller(super::Timer::NodeMonitor);
            ctx.out.timer(
                ctx.now + NODE_MONITOR_PERIOD,
                &Actor::ControllerManager,
                kind,
            );
        }
    }

    /// Mirrors `monitorNodeHealth`.
    pub fn monitor(&mut self, ctx: &mut Ctx) {
        let kind = TimerKind::Controller(super::Timer::NodeMonitor);
        ctx.out.timer(
            ctx.now + NODE_MONITOR_PERIOD,
            &Actor::ControllerManager,
            kind,
        );
        self.armed = true;
        let nodes: Vec<Node> = ctx
            .store
            .list(Kind::Node, None)
            .filter_map(|o| o.as_node().cloned())
            .collect();
        for node in nodes {
            self.monitor_node(ctx, node);
        }
    }

    fn monitor_node(&mut self, ctx: &mut Ctx, node: Node) {
        if !self.health.contains_key(&node.metadata.name) {
            record_node_event(ctx, &node, "RegisteredNode", "Registered");
        }
        let observed = ready_status(&node);
        let next = self.try_update_node_health(ctx, &node);
        let current = ready_status(&next);
        if next.status != node.status {
            let verb = Verb::UpdateStatus(Object::Node(next.clone()));
            ctx.out.request(&Actor::ControllerManager, verb);
        }
        let taints = desired_taints(&next, Some(&observed), ctx.now);
        self.write_taints(ctx, next.clone(), taints);
        if current != "True" && observed == "True" {
            record_node_not_ready(ctx, &next);
            mark_pods_not_ready(ctx, &next.metadata.name);
        }
    }

    /// Mirrors `tryUpdateNodeHealth`: the node with its conditions set to Unknown when the
    /// kubelet has been silent for longer than the grace period.
    fn try_update_node_health(&mut self, ctx: &Ctx, node: &Node) -> Node {
        let ready = condition(node, "Ready");
        let heartbeat = ready.and_then(|c| c.last_heartbeat_time);
        let grace = if ready.is_some() {
            NODE_MONITOR_GRACE_PERIOD
        } else {
            NODE_STARTUP_GRACE_PERIOD
        };
        let health = self
            .health
            .entry(node.metadata.name.clone())
            .or_insert(NodeHealth {
                probe: ctx.now,
                heartbeat,
                lease: None,
            });
        if health.heartbeat != heartbeat {
            health.probe = ctx.now;
            health.heartbeat = heartbeat;
        }
        // "Always update the probe time if node lease is renewed."
        let renewed = lease_renew_time(ctx, &node.metadata.name);
        if renewed.is_some() && health.lease.is_none_or(|saved| Some(saved) < renewed) {
            health.probe = ctx.now;
            health.lease = renewed;
        }
        let mut next = node.clone();
        if ctx.now <= health.probe + grace {
            return next;
        }
        for type_ in ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"] {
            let conds = &mut next.status.conditions;
            match conds.iter_mut().find(|c| c.type_ == type_) {
                None => conds.push(NodeCondition {
                    type_: type_.into(),
                    status: "Unknown".into(),
                    reason: "NodeStatusNeverUpdated".into(),
                    message: "Kubelet never posted node status.".into(),
                    last_heartbeat_time: node.metadata.creation_timestamp,
                    last_transition_time: Some(Time(ctx.now)),
                }),
                Some(c) if c.status != "Unknown" => {
                    c.status = "Unknown".into();
                    c.reason = "NodeStatusUnknown".into();
                    c.message = "Kubelet stopped posting node status.".into();
                    c.last_transition_time = Some(Time(ctx.now));
                }
                Some(_) => {}
            }
        }
        next
    }

    /// Writes the node's taints if they differ (`SwapNodeControllerTaint`).
    fn write_taints(&mut self, ctx: &mut Ctx, mut node: Node, taints: Vec<Taint>) {
        if same_taints(&node.spec.taints, &taints) {
            return;
        }
        let name = node.metadata.name.clone();
        if self.sent_taints.get(&name).is_some_and(|(at, t)| {
            same_taints(t, &taints) && ctx.now.saturating_sub(*at) < IN_FLIGHT
        }) {
            return;
        }
        self.sent_taints.insert(name, (ctx.now, taints.clone()));
        node.spec.taints = taints;
        node.metadata.resource_version.clear();
        ctx.out
            .request(&Actor::ControllerManager, Verb::Update(Object::Node(node)));
    }
}

/// The node Lease's `spec.renewTime`, from the lease informer.
fn lease_renew_time(ctx: &Ctx, node: &str) -> Option<MicroTime> {
    match ctx
        .store
        .get_by(Kind::Lease, NAMESPACE_NODE_LEASE, node)?
        .as_ref()
    {
        Object::Lease(l) => l.spec.renew_time,
        _ => None,
    }
}

fn condition<'a>(node: &'a Node, type_: &str) -> Option<&'a NodeCondition> {
    node.status.conditions.iter().find(|c| c.type_ == type_)
}

/// The Ready status, `Unknown` when the kubelet never posted one.
fn ready_status(node: &Node) -> String {
    condition(node, "Ready").map_or_else(|| "Unknown".into(), |c| c.status.clone())
}

fn source() -> Source<'static> {
    Source {
        actor: &Actor::ControllerManager,
        component: COMPONENT,
        host: "",
    }
}

/// Mirrors `RecordNodeStatusChange`.
fn record_node_not_ready(ctx: &mut Ctx, node: &Node) {
    let mut n = node.clone();
    n.metadata.uid = n.metadata.name.clone();
    let msg = format!("Node {} status is now: NodeNotReady", node.metadata.name);
    events::record(
        ctx,
        &Object::Node(n),
        "",
        events::NORMAL,
        "NodeNotReady",
        msg,
        source(),
    );
}

/// Mirrors `RecordNodeEvent`: `RegisteredNode` when the controller first sees a node,
/// `RemovingNode` when it goes.
fn record_node_event(ctx: &mut Ctx, node: &Node, reason: &str, what: &str) {
    let name = &node.metadata.name;
    let msg = format!(
        "Node {name} event: {what} Node {name} {}",
        match reason {
            "RegisteredNode" => "in Controller",
            _ => "from Controller",
        }
    );
    let obj = Object::Node(node.clone());
    events::record(ctx, &obj, "", events::NORMAL, reason, msg, source());
}

/// Mirrors `MarkPodsNotReady`: the Ready condition of every pod on the node becomes False.
fn mark_pods_not_ready(ctx: &mut Ctx, node: &str) {
    let pods: Vec<Pod> = ctx
        .store
        .list(Kind::Pod, None)
        .filter_map(|o| o.as_pod())
        .filter(|p| p.spec.node_name == node)
        .cloned()
        .collect();
    for mut pod in pods {
        let Some(ready) = crate::api::pod_status::condition(&pod.status, "Ready").cloned() else {
            continue;
        };
        let status = &mut pod.status;
        let changed = crate::api::pod_status::set_condition(
            status,
            "Ready",
            "False",
            &ready.reason,
            &ready.message,
            ctx.now,
        );
        if !changed {
            continue;
        }
        let obj = Object::Pod(pod);
        ctx.out
            .request(&Actor::ControllerManager, Verb::UpdateStatus(obj.clone()));
        let msg = "Node is not ready";
        events::record(
            ctx,
            &obj,
            "",
            events::WARNING,
            "NodeNotReady",
            msg,
            source(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::Outbox;
    use crate::rng::Rng;
    use crate::store::Store;

    fn health_at(c: &mut NodeLifecycleController, node: &Node, ms: u64) -> Node {
        health_with(c, node, ms, &Store::default())
    }

    fn health_with(c: &mut NodeLifecycleController, node: &Node, ms: u64, store: &Store) -> Node {
        let (mut rng, mut out) = (Rng::new(1), Outbox::default());
        let ctx = Ctx {
            now: SimTime(ms),
            store,
            rng: &mut rng,
            out: &mut out,
        };
        c.try_update_node_health(&ctx, node)
    }

    fn lease_renewed_at(ms: u64) -> Store {
        let mut lease = crate::api::Lease::default();
        lease.metadata.name = "n".into();
        lease.metadata.namespace = NAMESPACE_NODE_LEASE.into();
        lease.spec.renew_time = Some(MicroTime(SimTime(ms)));
        let mut store = Store::default();
        store.create(Object::Lease(lease)).expect("lease");
        store
    }

    #[test]
    fn a_renewed_lease_is_a_heartbeat() {
        let mut c = NodeLifecycleController::default();
        let node = crate::topology::node("n", 1, "4", "8Gi", "8Gi");
        health_with(&mut c, &node, 0, &lease_renewed_at(0));
        let at_40s = lease_renewed_at(40_000);
        let next = health_with(&mut c, &node, 40_000, &at_40s);
        assert_eq!(ready_status(&next), "True");
        // The Ready condition's heartbeat is 90 s old, the Lease's 50 s: still Ready.
        assert_eq!(
            ready_status(&health_with(&mut c, &node, 90_000, &at_40s)),
            "True"
        );
        let late = health_with(&mut c, &node, 90_001, &at_40s);
        assert_eq!(ready_status(&late), "Unknown");
    }

    #[test]
    fn silence_longer_than_the_grace_period_means_unknown() {
        let mut c = NodeLifecycleController::default();
        let node = crate::topology::node("n", 1, "4", "8Gi", "8Gi");
        assert_eq!(ready_status(&health_at(&mut c, &node, 0)), "True");
        assert_eq!(ready_status(&health_at(&mut c, &node, 50_000)), "True");
        let next = health_at(&mut c, &node, 50_001);
        let ready = condition(&next, "Ready").cloned().unwrap_or_default();
        assert_eq!(
            (
                ready.status.as_str(),
                ready.reason.as_str(),
                ready.message.as_str()
            ),
            (
                "Unknown",
                "NodeStatusUnknown",
                "Kubelet stopped posting node status."
            )
        );
        assert_eq!(ready.last_heartbeat_time, Some(Time(SimTime::ZERO)));
        let pressure = condition(&next, "MemoryPressure").map(|c| c.status.as_str());
        assert_eq!(pressure, Some("Unknown"));
    }
}
