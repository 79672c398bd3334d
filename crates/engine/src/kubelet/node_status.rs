//! The kubelet's start-up and its node status.
//!
//! Mirrors `pkg/kubelet/kubelet_node_status.go` (`syncNodeStatus` every
//! `nodeStatusUpdateFrequency`, 10 s; `tryUpdateNodeStatus`, which with the node Lease as the
//! heartbeat sends the status only when `nodeStatusHasChanged` (any difference but the
//! conditions' `lastHeartbeatTime`) or `nodeStatusReportFrequency`, 5 min, has passed;
//! `setNodeStatus`: the Ready and pressure conditions with a fresh `lastHeartbeatTime`,
//! `status.images` sorted by size) and, for a start after the node was down, `kubelet.go`
//! `Run` + the first PLEG relist (every container that was running is gone: exited with code
//! 255, reason `Unknown`, so the pods restart with a new sandbox and their restart counts
//! continue). The Lease renewal is `node_lease.rs`. Left out: resource capacity discovery.

use super::{Kubelet, Timer, HEARTBEAT, NODE_STATUS_REPORT_FREQUENCY};
use crate::api::node::{ContainerImage, NodeCondition, NodeStatus};
use crate::api::{Kind, Object};
use crate::cluster::{Ctx, TimerKind};
use crate::kubelet::cri::ContainerState;
use crate::network::Verb;

/// `maxNamesPerImageInNodeStatus`'s sibling: at most 50 images are reported.
const MAX_IMAGES: usize = 50;

impl Kubelet {
    /// Stops the kubelet (the node went down): it ignores messages and timers until `start`.
    pub fn set_stopped(&mut self, stopped: bool) {
        self.stopped = stopped;
    }

    /// Starts (or restarts) the kubelet: relist, take every pod bound here, heartbeat.
    pub(super) fn start(&mut self, ctx: &mut Ctx) {
        self.epoch += 1;
        self.shared.host_ip = host_ip(ctx, &self.node);
        for w in self.workers.values_mut() {
            for c in w
                .runtime
                .containers
                .iter_mut()
                .filter(|c| c.state == ContainerState::Running)
            {
                c.state = ContainerState::Exited;
                c.exit_code = 255;
                c.reason = "Unknown".into();
                c.finished_at = Some(ctx.now);
            }
            w.runtime.sandbox_ip = None;
            // A new kubelet process has an empty status cache: its first status is sent
            // whatever the last one was (node lifecycle may have changed the stored one).
            w.sent_status = None;
            w.waiting = None;
            w.steps.clear();
            w.sync_due = None;
        }
        let pods: Vec<crate::api::Pod> = ctx
            .store
            .list(Kind::Pod, None)
            .filter_map(|o| o.as_pod())
            .filter(|p| p.spec.node_name == *self.node)
            .cloned()
            .collect();
        let uids: Vec<String> = self.workers.keys().cloned().collect();
        for uid in uids {
            if !pods.iter().any(|p| p.metadata.uid == uid) {
                if let Some(w) = self.workers.get_mut(&uid) {
                    w.removed = true;
                    w.sync(ctx, &mut self.shared);
                }
            }
        }
        for pod in &pods {
            match self.workers.get_mut(&pod.metadata.uid) {
                Some(w) => w.sync(ctx, &mut self.shared),
                None => self.on_pod(ctx, crate::store::WatchType::Added, pod),
            }
        }
        for key in self.shared.probes.keys() {
            let timer = TimerKind::Kubelet(Timer::Probe {
                epoch: self.epoch,
                key,
            });
            ctx.out.timer(ctx.now, &self.actor(), timer);
        }
        // A new kubelet process renews its Lease and has never reported its status.
        self.last_status_report = None;
        self.start_lease(ctx);
        // A node that just came up was registered Ready a moment ago; a restarted one posts
        // its status at once.
        if self.epoch > 1 {
            self.heartbeat(ctx);
        } else {
            let next = TimerKind::Kubelet(Timer::NodeStatus { epoch: self.epoch });
            ctx.out.timer(ctx.now + HEARTBEAT, &self.actor(), next);
        }
    }

    /// Mirrors `syncNodeStatus` / `tryUpdateNodeStatus`: conditions with a new heartbeat time
    /// and the images, sent when they changed or the report frequency has passed.
    pub(super) fn heartbeat(&mut self, ctx: &mut Ctx) {
        let next = TimerKind::Kubelet(Timer::NodeStatus { epoch: self.epoch });
        ctx.out.timer(ctx.now + HEARTBEAT, &self.actor(), next);
        let Some(node) = ctx
            .store
            .get_by(Kind::Node, "", &self.node)
            .and_then(|o| o.as_node())
        else {
            return;
        };
        let mut node = node.clone();
        let old = node.status.clone();
        node.status.conditions = heartbeat_conditions(&node.status.conditions, ctx.now);
        node.status.images = self.node_images();
        if self.shared.host_ip.is_empty() {
            self.shared.host_ip = host_ip(ctx, &self.node);
        }
        let report_due = self
            .last_status_report
            .is_none_or(|at| ctx.now >= at + NODE_STATUS_REPORT_FREQUENCY);
        if !report_due && !status_changed(&old, &node.status) {
            return;
        }
        self.last_status_report = Some(ctx.now);
        ctx.out
            .request(&self.actor(), Verb::UpdateStatus(Object::Node(node)));
    }

    /// `status.images`: largest first, names `repo@sha256:…` then `repo:tag`.
    fn node_images(&self) -> Vec<ContainerImage> {
        let mut by_ref: std::collections::BTreeMap<&str, (Vec<String>, u64)> = Default::default();
        for (name, (image_ref, size)) in &self.shared.images {
            let e = by_ref
                .entry(image_ref.as_str())
                .or_insert_with(|| (vec![image_ref.clone()], *size));
            e.0.push(name.clone());
        }
        let mut images: Vec<ContainerImage> = by_ref
            .into_values()
            .map(|(names, size)| ContainerImage {
                names,
                size_bytes: size as i64,
            })
            .collect();
        images.sort_by_key(|i| std::cmp::Reverse(i.size_bytes));
        images.truncate(MAX_IMAGES);
        images
    }
}

/// The kubelet's conditions, keeping each transition time while its status holds.
fn heartbeat_conditions(old: &[NodeCondition], now: crate::clock::SimTime) -> Vec<NodeCondition> {
    let mut fresh = crate::topology::ready_conditions(now);
    for c in &mut fresh {
        if let Some(prev) = old
            .iter()
            .find(|o| o.type_ == c.type_ && o.status == c.status)
        {
            c.last_transition_time = prev.last_transition_time;
        }
    }
    fresh
}

/// Mirrors `nodeStatusHasChanged`: any difference but the conditions' heartbeat times.
fn status_changed(old: &NodeStatus, new: &NodeStatus) -> bool {
    let strip = |s: &NodeStatus| {
        let mut s = s.clone();
        for c in &mut s.conditions {
            c.last_heartbeat_time = None;
        }
        s
    };
    strip(old) != strip(new)
}

/// The node's InternalIP, which becomes its pods' `hostIP`.
pub(super) fn host_ip(ctx: &Ctx, node: &str) -> String {
    ctx.store
        .get_by(Kind::Node, "", node)
        .and_then(|o| o.as_node())
        .and_then(|n| n.status.addresses.iter().find(|a| a.type_ == "InternalIP"))
        .map(|a| a.address.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SimTime;

    #[test]
    fn heartbeats_keep_transition_times() {
        let old = crate::topology::ready_conditions(SimTime(0));
        let new = heartbeat_conditions(&old, SimTime(10_000));
        let ready = new.iter().find(|c| c.type_ == "Ready").expect("Ready");
        assert_eq!(ready.last_transition_time.map(|t| t.0), Some(SimTime(0)));
        assert_eq!(
            ready.last_heartbeat_time.map(|t| t.0),
            Some(SimTime(10_000))
        );
    }

    #[test]
    fn only_a_new_heartbeat_time_is_no_change() {
        let mut old = NodeStatus {
            conditions: crate::topology::ready_conditions(SimTime(0)),
            ..NodeStatus::default()
        };
        let mut new = old.clone();
        new.conditions = heartbeat_conditions(&old.conditions, SimTime(10_000));
        assert!(!status_changed(&old, &new));
        old.conditions[0].status = "Unknown".into();
        assert!(status_changed(&old, &new));
    }
}
