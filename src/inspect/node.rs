//! The Allocation tab of a node: what kube-scheduler counts as requested on it against its
//! allocatable cpu, memory and pod slots, pod by pod, with the taints and cordon that filter.
//!
//! The figures are the scheduler's own accounting (`Scheduler::node_info`: the requests of
//! the pods it bound or saw bound there, assumed pods included), which is what its
//! NodeResourcesFit filter compares; quantities are printed as `kubectl describe node` does.

use podflow_engine::api::derived;
use podflow_engine::api::Kind;
use podflow_engine::scheduler::resource::Resource;
use podflow_engine::Cluster;
use podflow_kubectl::printers::describe_node::{cpu_string, memory_string};

/// One resource: requested of allocatable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceUse {
    /// `cpu`, `memory`, `pods`.
    pub resource: &'static str,
    pub requested: String,
    pub allocatable: String,
    /// Whole percent, as describe rounds down; 0 when nothing is allocatable.
    pub percent: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllocationView {
    pub status: String,
    pub unschedulable: bool,
    pub taints: Vec<String>,
    pub resources: Vec<ResourceUse>,
    /// `(namespace/name, cpu request, memory request)` of every pod the scheduler counts here.
    pub pods: Vec<(String, String, String)>,
}

/// The Allocation tab for a node; `None` when the node does not exist.
pub fn allocation(c: &Cluster, name: &str) -> Option<AllocationView> {
    let node = c.store().get_by(Kind::Node, "", name)?.as_node()?;
    let info = c.scheduler().node_info(name);
    let zero = Resource::default();
    let (alloc, req) = info.map_or((&zero, &zero), |i| (&i.allocatable, &i.requested));
    let pod_count = info.map_or(0, |i| i.pods.len() as i64);
    let resources = vec![
        ResourceUse {
            resource: "cpu",
            requested: cpu_string(req.milli_cpu),
            allocatable: cpu_string(alloc.milli_cpu),
            percent: pct(req.milli_cpu, alloc.milli_cpu),
        },
        ResourceUse {
            resource: "memory",
            requested: memory_string(req.memory),
            allocatable: memory_string(alloc.memory),
            percent: pct(req.memory, alloc.memory),
        },
        ResourceUse {
            resource: "pods",
            requested: pod_count.to_string(),
            allocatable: alloc.allowed_pods.to_string(),
            percent: pct(pod_count, alloc.allowed_pods),
        },
    ];
    let pods = info
        .map(|i| {
            i.pods
                .iter()
                .map(|(k, p)| {
                    (
                        format!("{}/{}", k.namespace, k.name),
                        cpu_string(p.requests.milli_cpu),
                        memory_string(p.requests.memory),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    Some(AllocationView {
        status: derived::node_status(node),
        unschedulable: node.spec.unschedulable,
        taints: node.spec.taints.iter().map(|t| t.to_string()).collect(),
        resources,
        pods,
    })
}

fn pct(part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        0
    } else {
        (part as f64 / whole as f64 * 100.0) as i64
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{advance_secs, run};
    use super::*;

    #[test]
    fn a_pod_with_requests_counts_against_its_node() {
        let mut c = Cluster::new(1);
        let before = allocation(&c, "k8s-node-1").expect("node");
        assert_eq!(before.resources[0].requested, "0");
        assert!(before.pods.is_empty());
        let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: req\nspec:\n  nodeName: k8s-node-1\n  containers:\n  - name: c\n    image: nginx\n    resources:\n      requests:\n        cpu: 500m\n        memory: 256Mi\n";
        run(&mut c, "kubectl apply -f -", Some(yaml));
        run(&mut c, "kubectl cordon k8s-node-1", None);
        advance_secs(&mut c, 10);
        let v = allocation(&c, "k8s-node-1").expect("node");
        assert_eq!(v.resources[0].requested, "500m");
        assert_eq!(v.resources[1].requested, "256Mi");
        assert_eq!(v.resources[2].requested, "1");
        assert!(v.resources[0].percent > 0);
        assert_eq!(
            v.pods,
            vec![("default/req".into(), "500m".into(), "256Mi".into())]
        );
        assert!(v.unschedulable);
        assert_eq!(v.status, "Ready,SchedulingDisabled");
        assert_eq!(allocation(&c, "nope"), None);
    }
}
