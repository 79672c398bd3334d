//! The node lifecycle controller: silent nodes become `Unknown`, conditions become taints.
//!
//! Mirrors `pkg/controller/nodelifecycle/node_lifecycle_controller.go`: every
//! `--node-monitor-period` (5s) `monitorNodeHealth` runs `tryUpdateNodeHealth` for each node
//! (the probe timestamp moves when the controller sees a new `lastHeartbeatTime`; past
//! `--node-monitor-grace-period`, 50s, the Ready, MemoryPressure, DiskPressure and PIDPressure
//! conditions become `Unknown` with `NodeStatusUnknown` / `Kubelet stopped posting node
//! status.`), then `processTaintBaseEviction` (NoExecute `not-ready` for Ready=False,
//! `unreachable` for Unknown, none for True, decided from the status observed before this
//! pass), records `NodeNotReady` and runs `MarkPodsNotReady` when a Ready node stops being
//! Ready. `doNoScheduleTaintingPass` (condition and `unschedulable` NoSchedule taints) runs on
//! each node update. Left out: zones and their eviction rate limits (taints are applied at
//! once), the Lease (the kubelet's status update is its heartbeat here), large-cluster
//! thresholds.

use crate::api::node::{
    Node, NodeCondition, Taint, TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE,
    TAINT_NODE_UNSCHEDULABLE, TAINT_NO_EXECUTE, TAINT_NO_SCHEDULE,
};
use crate::api::{Kind, Object, Pod, Time};
use crate::clock::{SimDuration, SimTime};
use crate::cluster::{Ctx, TimerKind};
use crate::events::{self, Source};
use crate::network::Verb;
use crate::trace::Actor;
use std::collections::BTreeMap;

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
            } else {
                self.health.remove(&node.metadata.name);
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
            });
        if health.heartbeat != heartbeat {
            health.probe = ctx.now;
            health.heartbeat = heartbeat;
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

fn condition<'a>(node: &'a Node, type_: &str) -> Option<&'a NodeCondition> {
    node.status.conditions.iter().find(|c| c.type_ == type_)
}

/// The Ready status, `Unknown` when the kubelet never posted one.
fn ready_status(node: &Node) -> String {
    condition(node, "Ready").map_or_else(|| "Unknown".into(), |c| c.status.clone())
}

/// Taints equal by key and effect (`timeAdded` does not count, as `Taint.MatchTaint`).
fn same_taints(a: &[Taint], b: &[Taint]) -> bool {
    a.len() == b.len()
        && a.iter()
            .all(|t| b.iter().any(|u| u.key == t.key && u.effect == t.effect))
}

/// `nodeConditionToTaintKeyStatusMap`: the NoSchedule taint a condition status calls for.
fn condition_taint(type_: &str, status: &str) -> Option<&'static str> {
    Some(match (type_, status) {
        ("Ready", "False") => TAINT_NODE_NOT_READY,
        ("Ready", "Unknown") => TAINT_NODE_UNREACHABLE,
        ("MemoryPressure", "True") => "node.kubernetes.io/memory-pressure",
        ("DiskPressure", "True") => "node.kubernetes.io/disk-pressure",
        ("PIDPressure", "True") => "node.kubernetes.io/pid-pressure",
        ("NetworkUnavailable", "True") => "node.kubernetes.io/network-unavailable",
        _ => return None,
    })
}

fn is_controller_no_schedule(t: &Taint) -> bool {
    t.effect == TAINT_NO_SCHEDULE
        && (t.key == TAINT_NODE_UNSCHEDULABLE
            || t.key.starts_with("node.kubernetes.io/")
                && [
                    "Ready",
                    "MemoryPressure",
                    "DiskPressure",
                    "PIDPressure",
                    "NetworkUnavailable",
                ]
                .iter()
                .flat_map(|c| ["True", "False", "Unknown"].map(|s| condition_taint(c, s)))
                .any(|k| k == Some(t.key.as_str())))
}

fn is_controller_no_execute(t: &Taint) -> bool {
    t.effect == TAINT_NO_EXECUTE
        && (t.key == TAINT_NODE_NOT_READY || t.key == TAINT_NODE_UNREACHABLE)
}

/// Mirrors `doNoScheduleTaintingPass` and, when `ready` is given, `processTaintBaseEviction`:
/// the node's taints with the controller's own ones recomputed. Taints the controller does
/// not manage are kept, in place; kept ones keep their `timeAdded`.
fn desired_taints(node: &Node, ready: Option<&str>, now: SimTime) -> Vec<Taint> {
    let mut wanted: Vec<(&str, &str)> = node
        .status
        .conditions
        .iter()
        .filter_map(|c| condition_taint(&c.type_, &c.status))
        .map(|k| (k, TAINT_NO_SCHEDULE))
        .collect();
    if node.spec.unschedulable {
        wanted.push((TAINT_NODE_UNSCHEDULABLE, TAINT_NO_SCHEDULE));
    }
    match ready {
        Some("False") => wanted.push((TAINT_NODE_NOT_READY, TAINT_NO_EXECUTE)),
        Some("Unknown") => wanted.push((TAINT_NODE_UNREACHABLE, TAINT_NO_EXECUTE)),
        Some(_) => {}
        // Outside a monitor pass the NoExecute taints stay as they are.
        None => wanted.extend(
            node.spec
                .taints
                .iter()
                .filter(|t| is_controller_no_execute(t))
                .map(|t| (t.key.as_str(), t.effect.as_str())),
        ),
    }
    let mut out: Vec<Taint> = node
        .spec
        .taints
        .iter()
        .filter(|t| {
            let managed = is_controller_no_schedule(t) || is_controller_no_execute(t);
            !managed || wanted.contains(&(t.key.as_str(), t.effect.as_str()))
        })
        .cloned()
        .collect();
    for (key, effect) in wanted {
        if !out.iter().any(|t| t.key == key && t.effect == effect) {
            out.push(Taint {
                key: key.into(),
                value: String::new(),
                effect: effect.into(),
                time_added: Some(Time(now)),
            });
        }
    }
    out
}

fn source() -> Source<'static> {
    Source {
        actor: &Actor::ControllerManager,
        component: COMPONENT,
        host: "",
    }
}

/// Mirrors `RecordNodeStatusChange`: the event's object reference uses the node's name as
/// its UID, as upstream does.
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

    fn node_with(ready: &str) -> Node {
        let mut n = crate::topology::node("n", 1, "4", "8Gi", "8Gi");
        n.status.conditions.iter_mut().for_each(|c| {
            if c.type_ == "Ready" {
                c.status = ready.into();
            }
        });
        n
    }

    #[test]
    fn unknown_ready_means_unreachable_taints() {
        let n = node_with("Unknown");
        let t = desired_taints(&n, Some("Unknown"), SimTime(5000));
        let keys: Vec<String> = t.iter().map(|t| t.to_string()).collect();
        assert_eq!(
            keys,
            vec![
                "node.kubernetes.io/unreachable:NoSchedule",
                "node.kubernetes.io/unreachable:NoExecute"
            ]
        );
        assert_eq!(t[1].time_added, Some(Time(SimTime(5000))));
    }

    #[test]
    fn ready_again_clears_only_controller_taints() {
        let mut n = node_with("True");
        let mine = desired_taints(&node_with("False"), Some("False"), SimTime(0));
        n.spec.taints = mine;
        n.spec.taints.push(Taint {
            key: "dedicated".into(),
            value: "gpu".into(),
            effect: TAINT_NO_SCHEDULE.into(),
            time_added: None,
        });
        n.spec.unschedulable = true;
        let t = desired_taints(&n, Some("True"), SimTime(0));
        let keys: Vec<String> = t.iter().map(|t| t.to_string()).collect();
        assert_eq!(
            keys,
            vec![
                "dedicated=gpu:NoSchedule",
                "node.kubernetes.io/unschedulable:NoSchedule"
            ]
        );
    }
}
