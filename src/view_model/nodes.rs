//! Nodes and pods as the stage draws them: status, labels, taints, requested against
//! allocatable resources, and the pods on each node or waiting for the scheduler.
//!
//! STATUS, READY and node status come from the engine's `api::derived`, exactly as kubectl
//! prints them; requests are summed with the scheduler's own `PodRequests`, as
//! `kubectl describe node` sums them under "Allocated resources".
//!
//! A node (and the pending lane) draws at most [`MAX_CHIPS`] pods: with hundreds of pods a
//! chip each would bury the stage (and cost the page a frame per tick); the rest are counted by
//! STATUS, and the node's inspector lists them all.

use podflow_engine::api::{derived, Kind, Node, Pod};
use podflow_engine::scheduler::plugins::node_resources_fit::pod_requests;
use podflow_engine::{Cluster, SimTime};
use podflow_kubectl::printers::describe_node::{cpu_string, memory_string};
use std::collections::BTreeMap;

use super::pod_list::{PodList, MAX_CHIPS};

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PodView {
    pub namespace: String,
    pub name: String,
    /// The STATUS column of `kubectl get pods`.
    pub status: String,
    pub ready: String,
    pub restarts: String,
    pub ip: String,
    /// A CSS modifier for the status colour; the text is always shown beside it.
    pub tone: &'static str,
    /// Seconds left of the grace period while the pod terminates (deletionTimestamp − now).
    pub grace_left: Option<u64>,
}

/// One resource of a node: the pods' summed requests against the node's allocatable.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct ResourceUse {
    /// Millicores for CPU, bytes for memory.
    pub requested: i64,
    pub allocatable: i64,
    /// As `kubectl describe node` prints them: `500m`, `4`, `256Mi`, `8092Mi`.
    pub requested_text: String,
    pub allocatable_text: String,
    /// Truncated, as kubectl's percentages are; may pass 100 when overcommitted.
    pub percent: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct NodeView {
    pub name: String,
    /// `Ready`, `NotReady,SchedulingDisabled`, ...: the STATUS column of `kubectl get nodes`.
    pub status: String,
    pub ready: bool,
    /// `spec.unschedulable`: `kubectl cordon`.
    pub cordoned: bool,
    /// Stopped with `podflow node stop` (the machine, not a Kubernetes state).
    pub powered_off: bool,
    pub roles: String,
    pub labels: Vec<(String, String)>,
    /// Each taint as `kubectl taint` writes it: `key=value:Effect`.
    pub taints: Vec<String>,
    pub cpu: ResourceUse,
    pub memory: ResourceUse,
    pub pods: PodList,
}

/// Nodes with their pods, and the pods no node has yet.
pub fn nodes_and_pending(c: &Cluster) -> (Vec<NodeView>, PodList) {
    let now = c.now();
    // One pass over the pods, grouped by node name ("" is not scheduled yet).
    let mut by_node: BTreeMap<&str, Vec<&Pod>> = BTreeMap::new();
    for pod in c.store().list(Kind::Pod, None).filter_map(|o| o.as_pod()) {
        by_node
            .entry(pod.spec.node_name.as_str())
            .or_default()
            .push(pod);
    }
    let views = |pods: &[&Pod]| pods.iter().map(|p| pod_view(p, now)).collect::<Vec<_>>();
    let nodes: Vec<NodeView> = c
        .store()
        .list(Kind::Node, None)
        .filter_map(|o| o.as_node())
        .map(|n| {
            let on_node = by_node.remove(n.metadata.name.as_str()).unwrap_or_default();
            let powered_off = c
                .node_agents()
                .get(n.metadata.name.as_str())
                .is_some_and(|a| a.runtime.stopped);
            let mut view = node_view(n, &on_node, powered_off);
            view.pods = PodList::summarise(views(&on_node), MAX_CHIPS);
            view
        })
        .collect();
    // What is left: not scheduled, or bound to a node that does not exist (any more).
    let pending: Vec<&Pod> = by_node.into_values().flatten().collect();
    let mut pending_views = views(&pending);
    pending_views.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    (nodes, PodList::summarise(pending_views, MAX_CHIPS))
}

fn node_view(n: &Node, pods: &[&Pod], powered_off: bool) -> NodeView {
    let status = derived::node_status(n);
    let (cpu, memory) = allocated(n, pods);
    NodeView {
        name: n.metadata.name.clone(),
        ready: status.split(',').next() == Some("Ready"),
        status,
        cordoned: n.spec.unschedulable,
        powered_off,
        roles: derived::node_roles(n),
        labels: n
            .metadata
            .labels
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        taints: n.spec.taints.iter().map(|t| t.to_string()).collect(),
        cpu,
        memory,
        pods: PodList::default(),
    }
}

/// CPU and memory requested by the node's non-terminated pods (Succeeded and Failed pods hold
/// nothing, as in `describe node`) against its allocatable (capacity when none is reported).
pub fn allocated(n: &Node, pods: &[&Pod]) -> (ResourceUse, ResourceUse) {
    let (mut cpu, mut mem) = (0i64, 0i64);
    for p in pods {
        if p.status.phase == "Succeeded" || p.status.phase == "Failed" {
            continue;
        }
        let r = pod_requests(p, false);
        cpu = cpu.saturating_add(r.milli_cpu);
        mem = mem.saturating_add(r.memory);
    }
    let (acpu, amem) = n.allocatable_cpu_memory();
    (
        resource_use(cpu, acpu, cpu_string),
        resource_use(mem, amem, memory_string),
    )
}

fn resource_use(requested: i64, allocatable: i64, text: fn(i64) -> String) -> ResourceUse {
    let percent = if allocatable <= 0 {
        0
    } else {
        (requested as f64 / allocatable as f64 * 100.0) as i64
    };
    ResourceUse {
        requested,
        allocatable,
        requested_text: text(requested),
        allocatable_text: text(allocatable),
        percent,
    }
}

pub(crate) fn pod_view(pod: &Pod, now: SimTime) -> PodView {
    let row = derived::pod_row(pod, now);
    let tone = match row.status.as_str() {
        "Running" if row.ready.split('/').next() == row.ready.split('/').nth(1) => "ok",
        "Running" | "ContainerCreating" | "PodInitializing" | "Pending" | "Terminating" => "busy",
        "Completed" => "done",
        s if s.starts_with("Init:") && !s.contains("Err") && !s.contains("BackOff") => "busy",
        _ => "bad",
    };
    let grace_left = match pod.metadata.deletion_timestamp {
        Some(t) if row.status == "Terminating" => Some(
            t.0.as_millis()
                .saturating_sub(now.as_millis())
                .div_ceil(1000),
        ),
        _ => None,
    };
    PodView {
        namespace: pod.metadata.namespace.clone(),
        name: pod.metadata.name.clone(),
        status: row.status,
        ready: row.ready,
        restarts: row.restarts,
        ip: pod.status.pod_ip.clone(),
        tone,
        grace_left,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use podflow_engine::SimDuration;
    use podflow_kubectl::{run, MapFiles, NoFiles};

    const REQUESTING: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n  nodeName: k8s-node-1\n  containers:\n  - name: app\n    image: nginx\n    resources:\n      requests:\n        cpu: 500m\n        memory: 256Mi\n  initContainers:\n  - name: init\n    image: busybox\n    resources:\n      requests:\n        cpu: \"1\"\n";

    fn node<'a>(nodes: &'a [NodeView], name: &str) -> &'a NodeView {
        nodes.iter().find(|n| n.name == name).expect("node exists")
    }

    #[test]
    fn requested_sums_the_pods_requests_with_the_init_container_maximum() {
        let mut c = Cluster::new(1);
        let files = MapFiles {
            stdin: Some(REQUESTING.into()),
            ..MapFiles::default()
        };
        assert_eq!(run("kubectl apply -f -", &mut c, &files).exit_code, 0);
        c.advance(SimDuration::from_secs(1));
        let (nodes, _) = nodes_and_pending(&c);
        let n1 = node(&nodes, "k8s-node-1");
        // The init container's 1 CPU is more than the app's 500m: the pod requests 1.
        assert_eq!(n1.cpu.requested, 1000);
        assert_eq!(n1.cpu.requested_text, "1");
        assert_eq!(n1.cpu.allocatable_text, "4");
        assert_eq!(n1.cpu.percent, 25);
        assert_eq!(n1.memory.requested_text, "256Mi");
        assert_eq!(n1.memory.allocatable_text, "8092Mi");
        assert_eq!(n1.memory.percent, 3);
        let n2 = node(&nodes, "k8s-node-2");
        assert_eq!((n2.cpu.requested, n2.cpu.requested_text.as_str()), (0, "0"));
    }

    #[test]
    fn a_pod_no_node_fits_waits_in_the_pending_lane() {
        let mut c = Cluster::new(1);
        let files = MapFiles {
            stdin: Some(REQUESTING.replace(
                "  nodeName: k8s-node-1\n",
                "  nodeSelector: {disktype: ssd}\n",
            )),
            ..MapFiles::default()
        };
        assert_eq!(run("kubectl apply -f -", &mut c, &files).exit_code, 0);
        c.advance(SimDuration::from_secs(5));
        let (nodes, pending) = nodes_and_pending(&c);
        assert_eq!(pending.shown.len(), 1);
        assert_eq!(
            (
                pending.shown[0].name.as_str(),
                pending.shown[0].status.as_str()
            ),
            ("big", "Pending")
        );
        assert_eq!(pending.shown[0].tone, "busy");
        // A pending pod requests nothing from any node yet.
        assert!(nodes
            .iter()
            .all(|n| n.cpu.requested == 0 && n.pods.is_empty()));
    }

    #[test]
    fn a_cordoned_tainted_node_shows_it() {
        let mut c = Cluster::new(1);
        for line in [
            "kubectl cordon k8s-node-1",
            "kubectl taint nodes k8s-node-1 env=dev:NoSchedule",
        ] {
            assert_eq!(run(line, &mut c, &NoFiles).exit_code, 0, "{line}");
        }
        let (nodes, _) = nodes_and_pending(&c);
        let n1 = node(&nodes, "k8s-node-1");
        assert!(n1.cordoned && n1.ready && !n1.powered_off);
        assert_eq!(n1.status, "Ready,SchedulingDisabled");
        assert!(n1.taints.contains(&"env=dev:NoSchedule".to_string()));
        assert!(n1
            .labels
            .contains(&("kubernetes.io/hostname".into(), "k8s-node-1".into())));
        assert_eq!(node(&nodes, "k8s-master").roles, "control-plane");
    }

    #[test]
    fn a_stopped_node_is_powered_off_then_not_ready() {
        let mut c = Cluster::new(1);
        run("podflow node stop k8s-node-2", &mut c, &NoFiles);
        assert!(node(&nodes_and_pending(&c).0, "k8s-node-2").powered_off);
        c.advance(SimDuration::from_secs(90));
        let (nodes, _) = nodes_and_pending(&c);
        assert!(!node(&nodes, "k8s-node-2").ready);
        assert!(node(&nodes, "k8s-node-2").status.starts_with("NotReady"));
    }

    #[test]
    fn a_terminating_pod_counts_its_grace_period_down() {
        let mut c = Cluster::new(1);
        // `sleep` as PID 1 ignores SIGTERM: the pod lives out its whole grace period.
        run(
            "kubectl run web --image=busybox -- sleep 3600",
            &mut c,
            &NoFiles,
        );
        c.advance(SimDuration::from_secs(20));
        let out = run("kubectl delete pod web --wait=false", &mut c, &NoFiles);
        assert_eq!(out.exit_code, 0, "{out:?}");
        c.advance(SimDuration::from_millis(200));
        let find = |c: &Cluster| {
            let (nodes, pending) = nodes_and_pending(c);
            nodes
                .into_iter()
                .flat_map(|n| n.pods.shown)
                .chain(pending.shown)
                .find(|p| p.name == "web")
        };
        let pod = find(&c).expect("still there while terminating");
        assert_eq!(pod.status, "Terminating");
        assert_eq!(pod.grace_left, Some(30));
        c.advance(SimDuration::from_secs(10));
        assert_eq!(find(&c).and_then(|p| p.grace_left), Some(20));
        c.advance(SimDuration::from_secs(25));
        assert_eq!(find(&c), None);
    }

    #[test]
    fn many_pods_on_a_node_are_a_few_chips_and_a_count() {
        let mut c = Cluster::new(1);
        let line = "kubectl create deployment web --image=nginx --replicas=30";
        assert_eq!(run(line, &mut c, &NoFiles).exit_code, 0);
        c.advance(SimDuration::from_secs(60));
        let (nodes, pending) = nodes_and_pending(&c);
        assert!(pending.is_empty());
        let total: usize = nodes
            .iter()
            .map(|n| n.pods.shown.len() + n.pods.hidden_count())
            .sum();
        assert_eq!(total, 30);
        let n1 = node(&nodes, "k8s-node-1");
        assert_eq!(n1.pods.shown.len(), MAX_CHIPS);
        assert_eq!(
            n1.pods.hidden,
            vec![("Running".to_string(), n1.pods.hidden_count())]
        );
        // The requests still count every pod, drawn or not.
        assert_eq!(n1.cpu.requested, 0);
    }
}
