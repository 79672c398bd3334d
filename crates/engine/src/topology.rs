//! The starting cluster of the seeds' kubectl session, and node objects for new nodes.
//!
//! Not an upstream file: a kubeadm cluster of one control-plane node and two workers, as the
//! tutorials show it. Capacities are documented choices: the control plane has 2 CPUs and
//! 4 GiB, each worker 4 CPUs and 8 GiB, 110 pods; allocatable keeps 100 MiB back for the
//! system, as `--system-reserved` would.

use crate::api::event::{Namespace, NamespaceStatus};
use crate::api::node::{
    Node, NodeAddress, NodeCondition, NodeSpec, NodeStatus, NodeSystemInfo, Taint,
    TAINT_CONTROL_PLANE, TAINT_NO_SCHEDULE,
};
use crate::api::quantity::{Quantity, ResourceList};
use crate::api::{Object, ObjectMeta, Time};
use crate::clock::SimTime;

/// The Kubernetes version the engine models.
pub const KUBERNETES_VERSION: &str = "v1.36.0";

pub fn namespace(name: &str) -> Object {
    Object::Namespace(Namespace {
        metadata: ObjectMeta {
            name: name.to_string(),
            labels: [("kubernetes.io/metadata.name".to_string(), name.to_string())].into(),
            ..ObjectMeta::default()
        },
        status: NamespaceStatus {
            phase: "Active".into(),
        },
        ..Namespace::default()
    })
}

/// `k8s-master` (192.168.56.10), `k8s-node-1` (.11), `k8s-node-2` (.12).
pub fn default_nodes() -> Vec<Node> {
    let mut master = node("k8s-master", 0, "2", "4Gi", "3996Mi");
    master.metadata.labels.insert(
        "node-role.kubernetes.io/control-plane".into(),
        String::new(),
    );
    master.metadata.labels.insert(
        "node.kubernetes.io/exclude-from-external-load-balancers".into(),
        String::new(),
    );
    master.spec.taints.push(Taint {
        key: TAINT_CONTROL_PLANE.into(),
        value: String::new(),
        effect: TAINT_NO_SCHEDULE.into(),
        time_added: None,
    });
    vec![
        master,
        node("k8s-node-1", 1, "4", "8Gi", "8092Mi"),
        node("k8s-node-2", 2, "4", "8Gi", "8092Mi"),
    ]
}

/// A Ready node with the given index (for its IP and pod CIDR) and resources.
pub fn node(name: &str, index: u8, cpu: &str, memory: &str, allocatable_memory: &str) -> Node {
    let resources = |mem: &str| -> ResourceList {
        [
            ("cpu", Quantity::new(cpu)),
            ("ephemeral-storage", Quantity::new("50Gi")),
            ("memory", Quantity::new(mem)),
            ("pods", Quantity::new("110")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    };
    let labels = [
        ("beta.kubernetes.io/arch", "amd64"),
        ("beta.kubernetes.io/os", "linux"),
        ("kubernetes.io/arch", "amd64"),
        ("kubernetes.io/hostname", name),
        ("kubernetes.io/os", "linux"),
    ];
    let cidr = format!("10.244.{index}.0/24");
    Node {
        metadata: ObjectMeta {
            name: name.to_string(),
            labels: labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..ObjectMeta::default()
        },
        spec: NodeSpec {
            pod_cidr: cidr.clone(),
            pod_cidrs: vec![cidr],
            ..NodeSpec::default()
        },
        status: NodeStatus {
            capacity: resources(memory),
            allocatable: resources(allocatable_memory),
            conditions: ready_conditions(SimTime::ZERO),
            addresses: vec![
                NodeAddress {
                    type_: "InternalIP".into(),
                    address: format!("192.168.56.{}", 10 + index),
                },
                NodeAddress {
                    type_: "Hostname".into(),
                    address: name.to_string(),
                },
            ],
            node_info: system_info(),
            images: vec![],
        },
        ..Node::default()
    }
}

/// The four pressure conditions False and Ready True, with the kubelet's reasons and messages.
pub fn ready_conditions(now: SimTime) -> Vec<NodeCondition> {
    let cond = |type_: &str, status: &str, reason: &str, message: &str| NodeCondition {
        type_: type_.into(),
        status: status.into(),
        last_heartbeat_time: Some(Time(now)),
        last_transition_time: Some(Time(now)),
        reason: reason.into(),
        message: message.into(),
    };
    vec![
        cond(
            "MemoryPressure",
            "False",
            "KubeletHasSufficientMemory",
            "kubelet has sufficient memory available",
        ),
        cond(
            "DiskPressure",
            "False",
            "KubeletHasNoDiskPressure",
            "kubelet has no disk pressure",
        ),
        cond(
            "PIDPressure",
            "False",
            "KubeletHasSufficientPID",
            "kubelet has sufficient PID available",
        ),
        cond(
            "Ready",
            "True",
            "KubeletReady",
            "kubelet is posting ready status",
        ),
    ]
}

fn system_info() -> NodeSystemInfo {
    NodeSystemInfo {
        kernel_version: "6.8.0-51-generic".into(),
        os_image: "Ubuntu 24.04.1 LTS".into(),
        container_runtime_version: "containerd://2.1.4".into(),
        kubelet_version: KUBERNETES_VERSION.into(),
        kube_proxy_version: KUBERNETES_VERSION.into(),
        operating_system: "linux".into(),
        architecture: "amd64".into(),
        ..NodeSystemInfo::default()
    }
}
