//! The scheduler's cache: one `NodeInfo` per node, kept current from watch events, plus the
//! pods the scheduler has assumed onto a node before the API server confirmed the binding.
//!
//! Mirrors `pkg/scheduler/backend/cache/cache.go` (`AddPod`, `UpdatePod`, `RemovePod`,
//! `AssumePod`, `ForgetPod`, `AddNode`, `RemoveNode`) and the image-state bookkeeping of
//! `addNodeImageStates`. Totals are updated incrementally, never recomputed from all pods.
//! Left out: the assumed-pod expiry timer (bindings here always answer) and snapshot
//! generations (the cycle reads the cache directly; it runs between deliveries).

use super::framework::{NodeInfo, PodSummary};
use super::plugins::{node_ports, node_resources_fit};
use crate::api::{Object, ObjectKey, Pod};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What the scheduler keeps of an assigned pod's whereabouts.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PodState {
    node: String,
    /// Sent a binding, not yet seen bound through the watch.
    assumed: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Cache {
    /// Slots are never reordered, so indices stay valid; `order` lists the slots holding a
    /// node, sorted by node name.
    slots: Vec<NodeInfo>,
    index: BTreeMap<String, usize>,
    order: Vec<usize>,
    order_dirty: bool,
    pods: BTreeMap<ObjectKey, PodState>,
    /// Normalized image name → number of nodes that report it.
    image_nodes: BTreeMap<String, usize>,
}

/// The scheduler's view of a pod's resource use (what `NodeInfo.AddPod` aggregates).
pub fn summarize(pod: &Pod) -> PodSummary {
    PodSummary {
        requests: node_resources_fit::pod_requests(pod, false),
        non_zero: node_resources_fit::pod_requests(pod, true),
        host_ports: node_ports::host_ports(pod),
        priority: pod.spec.priority.unwrap_or(0),
        labels: pod.metadata.labels.clone(),
        terminating: pod.metadata.deletion_timestamp.is_some(),
        preempted: pod.metadata.deletion_timestamp.is_some()
            && pod.status.conditions.iter().any(|c| {
                c.type_ == "DisruptionTarget"
                    && c.status == "True"
                    && c.reason == "PreemptionByScheduler"
            }),
    }
}

impl Cache {
    fn slot_mut(&mut self, name: &str) -> &mut NodeInfo {
        let i = match self.index.get(name) {
            Some(i) => *i,
            None => {
                self.slots.push(NodeInfo::new(name));
                self.index.insert(name.to_string(), self.slots.len() - 1);
                self.slots.len() - 1
            }
        };
        &mut self.slots[i]
    }

    /// Number of nodes the scheduler knows (the `N` of "0/N nodes are available").
    pub fn num_nodes(&self) -> usize {
        self.slots.iter().filter(|n| n.node().is_some()).count()
    }

    /// Node infos with a node, sorted by name. Call `refresh_order` first after changes.
    pub fn nodes(&self) -> impl Iterator<Item = &NodeInfo> + '_ {
        self.order.iter().map(|i| &self.slots[*i])
    }

    pub fn node_at(&self, i: usize) -> Option<&NodeInfo> {
        self.order.get(i).map(|s| &self.slots[*s])
    }

    pub fn get(&self, name: &str) -> Option<&NodeInfo> {
        self.index
            .get(name)
            .map(|i| &self.slots[*i])
            .filter(|n| n.node().is_some())
    }

    pub fn refresh_order(&mut self) {
        if !self.order_dirty {
            return;
        }
        let mut order: Vec<usize> = (0..self.slots.len())
            .filter(|i| self.slots[*i].node().is_some())
            .collect();
        crate::sort::by(&mut order, |a, b| {
            self.slots[*a].name.cmp(&self.slots[*b].name)
        });
        self.order = order;
        self.order_dirty = false;
    }

    pub fn image_nodes(&self, image: &str) -> usize {
        self.image_nodes.get(image).copied().unwrap_or(0)
    }

    /// Mirrors cache.go AddNode/UpdateNode; `obj` is the Node as the watch delivered it.
    pub fn set_node(&mut self, obj: &Arc<Object>) {
        let Some(node) = obj.as_node() else {
            return;
        };
        let name = node.metadata.name.clone();
        let old_images: Vec<String> = self.slot_mut(&name).images.keys().cloned().collect();
        let was_known = self.slot_mut(&name).node().is_some();
        self.slot_mut(&name).set_node(obj.clone());
        let new_images: Vec<String> = self.slot_mut(&name).images.keys().cloned().collect();
        self.adjust_images(&old_images, -1);
        self.adjust_images(&new_images, 1);
        if !was_known {
            self.order_dirty = true;
        }
    }

    /// Mirrors cache.go RemoveNode: the info stays while pods still point at it.
    pub fn remove_node(&mut self, name: &str) {
        let Some(i) = self.index.get(name).copied() else {
            return;
        };
        let old_images: Vec<String> = self.slots[i].images.keys().cloned().collect();
        self.adjust_images(&old_images, -1);
        self.slots[i].clear_node();
        self.order_dirty = true;
    }

    fn adjust_images(&mut self, images: &[String], delta: i64) {
        for img in images {
            let e = self.image_nodes.entry(img.clone()).or_default();
            *e = (*e as i64 + delta).max(0) as usize;
            if *e == 0 {
                self.image_nodes.remove(img);
            }
        }
    }

    /// A pod seen bound through the watch (cache.go AddPod/UpdatePod; confirms an assumed pod).
    pub fn add_pod(&mut self, key: ObjectKey, pod: &Pod) {
        self.remove_pod(&key);
        let node = pod.spec.node_name.clone();
        self.slot_mut(&node).add_pod(key.clone(), summarize(pod));
        let state = PodState {
            node,
            assumed: false,
        };
        self.pods.insert(key, state);
    }

    /// Mirrors cache.go AssumePod: counts the pod on `node` before the binding is confirmed.
    pub fn assume_pod(&mut self, key: ObjectKey, pod: &Pod, node: &str) {
        self.remove_pod(&key);
        self.slot_mut(node).add_pod(key.clone(), summarize(pod));
        let state = PodState {
            node: node.to_string(),
            assumed: true,
        };
        self.pods.insert(key, state);
    }

    pub fn is_assumed(&self, key: &ObjectKey) -> bool {
        self.pods.get(key).is_some_and(|p| p.assumed)
    }

    /// Whether the cache counts this pod on a node (assumed or bound).
    pub fn has_pod(&self, key: &ObjectKey) -> bool {
        self.pods.contains_key(key)
    }

    /// Mirrors cache.go RemovePod and ForgetPod.
    pub fn remove_pod(&mut self, key: &ObjectKey) {
        let Some(state) = self.pods.remove(key) else {
            return;
        };
        if let Some(i) = self.index.get(&state.node).copied() {
            self.slots[i].remove_pod(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::framework::{HostPort, NodeInfo, PodSummary, Resource};
    use crate::scheduler::testing::{make_node, make_pod};

    #[test]
    fn assumed_pods_count_until_forgotten_and_confirmation_replaces_them() {
        let mut c = Cache::default();
        c.set_node(&make_node("b").shared());
        c.set_node(&make_node("a").image("nginx:1.27", 100).shared());
        c.refresh_order();
        let names: Vec<&str> = c.nodes().map(|n| n.name.as_str()).collect();
        assert_eq!(names, vec!["a", "b"]);
        assert_eq!(c.image_nodes("nginx:1.27"), 1);
        let p = make_pod("p").req(&[("cpu", "1")]);
        c.assume_pod(p.key(), &p.0, "a");
        assert!(c.is_assumed(&p.key()));
        assert_eq!(c.get("a").map(|n| n.requested.milli_cpu), Some(1000));
        let bound = p.clone().node("a").obj();
        c.add_pod(p.key(), &bound);
        assert!(!c.is_assumed(&p.key()));
        assert_eq!(c.get("a").map(|n| n.requested.milli_cpu), Some(1000));
        c.remove_pod(&p.key());
        assert_eq!(c.get("a").map(|n| n.requested.milli_cpu), Some(0));
        c.remove_node("a");
        c.refresh_order();
        assert_eq!(c.num_nodes(), 1);
        assert_eq!(c.image_nodes("nginx:1.27"), 0);
    }

    #[test]
    fn node_info_add_remove_is_symmetric() {
        let mut ni = NodeInfo::new("n");
        let key = ObjectKey::new(crate::api::Kind::Pod, "default", "p");
        let pod = PodSummary {
            requests: Resource {
                milli_cpu: 250,
                ..Resource::default()
            },
            non_zero: Resource {
                milli_cpu: 250,
                memory: 200,
                ..Resource::default()
            },
            host_ports: vec![HostPort {
                ip: String::new(),
                protocol: "TCP".into(),
                port: 80,
            }],
            priority: 0,
            labels: Default::default(),
            terminating: false,
            preempted: false,
        };
        ni.add_pod(key.clone(), pod.clone());
        ni.add_pod(key.clone(), pod);
        assert_eq!(ni.requested.milli_cpu, 250);
        assert_eq!(ni.used_ports.len(), 1);
        assert!(ni.remove_pod(&key));
        assert_eq!(ni.requested, Resource::default());
        assert!(ni.used_ports.is_empty());
    }
}
