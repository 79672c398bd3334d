//! The DaemonSet controller: one pod on every node the pod may run on.
//!
//! Mirrors `pkg/controller/daemon/daemon_controller.go` (syncDaemonSet, manage,
//! podsShouldBeOnNode, nodeShouldRunDaemonPod, updateDaemonSetStatus), `update.go`
//! (rollingUpdate with maxUnavailable) and `util/daemonset_util.go` (the default tolerations and
//! the `metadata.name` node affinity that lets the default scheduler place the pod, as since
//! v1.12). Eligibility uses the scheduler's own NodeAffinity and TaintToleration predicates.
//! Left out: ControllerRevision objects (the template hash is the `controller-revision-hash`
//! label), maxSurge, and the failed-pod back-off.

use super::client::{PodEvents, Shared};
use super::deployment_util::compute_hash;
use super::pod_control;
use crate::api::apps::scaled_value;
use crate::api::labels::Selector;
use crate::api::pod::{
    Affinity, NodeAffinity, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, Toleration,
};
use crate::api::{DaemonSet, Kind, Node, Object, ObjectKey, Pod};
use crate::cluster::Ctx;
use crate::network::Verb;
use crate::scheduler::plugins::{node_affinity, taint_toleration};
use std::collections::BTreeMap;

pub const COMPONENT: &str = "daemonset-controller";
pub const REVISION_LABEL: &str = "controller-revision-hash";

#[derive(Clone, Debug, Default)]
pub struct DaemonSetsController;

impl DaemonSetsController {
    /// A node came, went or changed: every DaemonSet looks again.
    pub fn on_node(&mut self, ctx: &mut Ctx, sh: &mut Shared) {
        for ds in ctx.store.list(Kind::DaemonSet, None) {
            sh.enqueue(ds.key());
        }
    }

    /// Mirrors syncDaemonSet.
    pub fn sync(&mut self, ctx: &mut Ctx, sh: &mut Shared, key: &ObjectKey) {
        let store = ctx.store;
        let Some(obj) = store.get(key) else {
            sh.expectations.forget(key);
            return;
        };
        let Object::DaemonSet(ds) = &**obj else {
            return;
        };
        let Some(sel) = ds
            .spec
            .selector
            .as_ref()
            .and_then(|s| Selector::from_label_selector(s).ok())
        else {
            return;
        };
        let all = pod_control::active_pods(store, &key.namespace);
        let claim = pod_control::claim_pods(obj, &sel, &all);
        for pod in claim.updates {
            sh.write(ctx, key, Verb::Update(Object::Pod(pod)));
        }
        let by_node = pods_by_node(&claim.owned);
        let nodes: Vec<&Node> = store
            .list(Kind::Node, None)
            .filter_map(|o| o.as_node())
            .collect();
        let hash = compute_hash(&ds.spec.template, ds.status.collision_count);
        if sh.expectations.satisfied(key, ctx.now) && ds.metadata.deletion_timestamp.is_none() {
            manage(ctx, sh, obj, ds, &nodes, &by_node, &hash);
        }
        let status = status(ctx, ds, &nodes, &by_node, &hash);
        if status != ds.status {
            let mut next = ds.clone();
            next.status = status;
            sh.write(ctx, key, Verb::UpdateStatus(Object::DaemonSet(next)));
        }
    }
}

/// Pods grouped by the node they are bound to or targeted at (GetTargetNodeName).
fn pods_by_node<'a>(pods: &[&'a Pod]) -> BTreeMap<String, Vec<&'a Pod>> {
    let mut map: BTreeMap<String, Vec<&Pod>> = BTreeMap::new();
    for pod in pods {
        if let Some(node) = target_node(pod) {
            map.entry(node).or_default().push(pod);
        }
    }
    map
}

fn target_node(pod: &Pod) -> Option<String> {
    if !pod.spec.node_name.is_empty() {
        return Some(pod.spec.node_name.clone());
    }
    let required = pod.spec.affinity.as_ref()?.node_affinity.as_ref()?;
    let terms = &required
        .required_during_scheduling_ignored_during_execution
        .as_ref()?
        .node_selector_terms;
    terms.iter().flat_map(|t| &t.match_fields).find_map(|r| {
        (r.key == "metadata.name" && r.operator == "In" && r.values.len() == 1)
            .then(|| r.values[0].clone())
    })
}

/// Mirrors nodeShouldRunDaemonPod: the pod's node affinity and selector match and every
/// NoSchedule/NoExecute taint is tolerated, with the DaemonSet tolerations added.
pub fn node_should_run(ds: &DaemonSet, node: &Node) -> bool {
    let pod = new_pod(ds, None);
    node_affinity::required_matches(&pod, node)
        && taint_toleration::find_untolerated_do_not_schedule(
            &node.spec.taints,
            &pod.spec.tolerations,
        )
        .is_none()
}

/// Mirrors NewPod plus AddOrUpdateDaemonPodTolerations and, for a target node,
/// ReplaceDaemonSetPodNodeNameNodeAffinity.
fn new_pod(ds: &DaemonSet, node: Option<&str>) -> Pod {
    let mut pod = Pod {
        spec: ds.spec.template.spec.clone(),
        ..Pod::default()
    };
    pod.metadata.labels = ds.spec.template.metadata.labels.clone();
    let mut extra = vec![
        ("node.kubernetes.io/not-ready", "NoExecute"),
        ("node.kubernetes.io/unreachable", "NoExecute"),
        ("node.kubernetes.io/disk-pressure", "NoSchedule"),
        ("node.kubernetes.io/memory-pressure", "NoSchedule"),
        ("node.kubernetes.io/pid-pressure", "NoSchedule"),
        ("node.kubernetes.io/unschedulable", "NoSchedule"),
    ];
    if pod.spec.host_network {
        extra.push(("node.kubernetes.io/network-unavailable", "NoSchedule"));
    }
    for (key, effect) in extra {
        let present = pod
            .spec
            .tolerations
            .iter()
            .any(|t| t.key == key && t.effect == effect);
        if !present {
            pod.spec.tolerations.push(Toleration {
                key: key.into(),
                operator: "Exists".into(),
                effect: effect.into(),
                ..Toleration::default()
            });
        }
    }
    if let Some(node) = node {
        let term = NodeSelectorTerm {
            match_fields: vec![NodeSelectorRequirement {
                key: "metadata.name".into(),
                operator: "In".into(),
                values: vec![node.into()],
            }],
            ..NodeSelectorTerm::default()
        };
        let affinity = pod.spec.affinity.get_or_insert_with(Affinity::default);
        let na = affinity
            .node_affinity
            .get_or_insert_with(NodeAffinity::default);
        na.required_during_scheduling_ignored_during_execution = Some(NodeSelector {
            node_selector_terms: vec![term],
        });
    }
    pod
}

/// Mirrors manage and rollingUpdate: create missing pods, delete misplaced, extra and failed
/// ones, and replace out-of-date pods at most `maxUnavailable` at a time.
fn manage(
    ctx: &mut Ctx,
    sh: &mut Shared,
    obj: &Object,
    ds: &DaemonSet,
    nodes: &[&Node],
    by_node: &BTreeMap<String, Vec<&Pod>>,
    hash: &str,
) {
    let mut create = Vec::new();
    let mut delete: Vec<&Pod> = Vec::new();
    let mut outdated: Vec<&Pod> = Vec::new();
    let mut unavailable = 0;
    for node in nodes {
        let name = node.metadata.name.as_str();
        let pods = by_node.get(name).cloned().unwrap_or_default();
        if !node_should_run(ds, node) {
            delete.extend(pods);
            continue;
        }
        if pods.is_empty() {
            create.push(name.to_string());
            unavailable += 1;
            continue;
        }
        let mut sorted = pods.clone();
        crate::sort::by_key(&mut sorted, |p| {
            (p.metadata.creation_timestamp, p.metadata.name.clone())
        });
        delete.extend(sorted.iter().skip(1));
        let pod = sorted[0];
        if !pod_control::is_pod_available(pod, ds.spec.min_ready_seconds, ctx.now) {
            unavailable += 1;
        } else if pod.metadata.labels.get(REVISION_LABEL).map(String::as_str) != Some(hash) {
            outdated.push(pod);
        }
    }
    let max_unavailable = max_unavailable(ds, nodes.len() as i32);
    let room = (max_unavailable - unavailable).max(0) as usize;
    delete.extend(outdated.into_iter().take(room));
    let key = obj.key();
    if !create.is_empty() {
        sh.expectations
            .expect_creations(&key, create.len(), ctx.now);
    }
    for node in &create {
        let mut pod = pod_control::pod_from_template(
            &ds.spec.template,
            obj,
            &pod_control::pods_prefix(&ds.metadata.name),
        );
        pod.spec = new_pod(ds, Some(node)).spec;
        pod.metadata
            .labels
            .insert(REVISION_LABEL.into(), hash.into());
        pod.metadata.labels.insert(
            "pod-template-generation".into(),
            ds.metadata.generation.to_string(),
        );
        sh.create_pod(ctx, obj, pod, super::daemonset::COMPONENT, PodEvents::Plain);
    }
    for pod in delete {
        sh.delete_pod(ctx, obj, pod, COMPONENT, PodEvents::Plain);
    }
}

fn max_unavailable(ds: &DaemonSet, desired: i32) -> i32 {
    let ru = ds.spec.update_strategy.rolling_update.as_ref();
    let v = scaled_value(ru.and_then(|r| r.max_unavailable.as_ref()), desired, true);
    if ds.spec.update_strategy.type_ == "OnDelete" {
        0
    } else {
        v.max(1)
    }
}

/// Mirrors updateDaemonSetStatus.
fn status(
    ctx: &Ctx,
    ds: &DaemonSet,
    nodes: &[&Node],
    by_node: &BTreeMap<String, Vec<&Pod>>,
    hash: &str,
) -> crate::api::apps::DaemonSetStatus {
    let mut s = crate::api::apps::DaemonSetStatus {
        observed_generation: ds.metadata.generation,
        collision_count: ds.status.collision_count,
        conditions: ds.status.conditions.clone(),
        ..Default::default()
    };
    for node in nodes {
        let should = node_should_run(ds, node);
        let pods = by_node.get(node.metadata.name.as_str());
        let Some(pod) = pods.and_then(|p| p.first()) else {
            s.desired_number_scheduled += i32::from(should);
            continue;
        };
        if !should {
            s.number_misscheduled += 1;
            continue;
        }
        s.desired_number_scheduled += 1;
        s.current_number_scheduled += 1;
        s.number_ready += i32::from(pod_control::is_pod_ready(pod));
        s.number_available += i32::from(pod_control::is_pod_available(
            pod,
            ds.spec.min_ready_seconds,
            ctx.now,
        ));
        s.updated_number_scheduled +=
            i32::from(pod.metadata.labels.get(REVISION_LABEL).map(String::as_str) == Some(hash));
    }
    s.number_unavailable = s.desired_number_scheduled - s.number_available;
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::node::Taint;

    fn node(name: &str, taint: Option<(&str, &str)>) -> Node {
        let mut n = Node::default();
        n.metadata.name = name.into();
        if let Some((key, effect)) = taint {
            n.spec.taints.push(Taint {
                key: key.into(),
                effect: effect.into(),
                ..Taint::default()
            });
        }
        n
    }

    #[test]
    fn daemon_pods_tolerate_node_problems_but_not_the_control_plane() {
        let ds = DaemonSet::default();
        assert!(node_should_run(&ds, &node("a", None)));
        assert!(node_should_run(
            &ds,
            &node(
                "b",
                Some(("node.kubernetes.io/unschedulable", "NoSchedule"))
            )
        ));
        assert!(node_should_run(
            &ds,
            &node("c", Some(("node.kubernetes.io/not-ready", "NoExecute")))
        ));
        assert!(!node_should_run(
            &ds,
            &node(
                "m",
                Some(("node-role.kubernetes.io/control-plane", "NoSchedule"))
            )
        ));
    }

    #[test]
    fn daemon_pod_targets_its_node_by_name() {
        let pod = new_pod(&DaemonSet::default(), Some("k8s-node-1"));
        assert_eq!(target_node(&pod).as_deref(), Some("k8s-node-1"));
        assert_eq!(pod.spec.tolerations.len(), 6);
    }
}
