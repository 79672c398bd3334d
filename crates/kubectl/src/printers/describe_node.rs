//! `kubectl describe node`.
//!
//! Mirrors `describe.go` `describeNode`, `describeNodeLease` and `describeNodeResource`.
//! The Lease section reads the node's Lease in `kube-node-lease`. Quantities are summed and printed in the unit of the first
//! operand's kind (`m` for CPU, binary suffixes for memory), as `Quantity.String()` would for
//! the values learners use.

use super::describe::{rfc1123z, Describe};
use podflow_engine::api::coordination::{MicroTime, NAMESPACE_NODE_LEASE};
use podflow_engine::api::derived;
use podflow_engine::api::node::Node;
use podflow_engine::api::quantity::Quantity;
use podflow_engine::api::{Kind, Object};
use podflow_engine::Cluster;

// Mirrors describe.go describeNode.
pub fn describe_node(node: &Node, cluster: &Cluster) -> String {
    let mut d = Describe::new();
    header(&mut d, node, cluster);
    status(&mut d, node);
    node_resource(&mut d, node, cluster);
    let obj = Object::Node(node.clone());
    let events = podflow_engine::events::for_object(cluster.store(), &obj);
    d.events(&events, cluster.now());
    d.finish()
}

/// Mirrors `describeNodeLease`: the holder and times of the node's Lease, each `<unset>` when
/// absent (a missing Lease prints as one with nothing set).
fn lease(d: &mut Describe, node: &Node, cluster: &Cluster) {
    let name = &node.metadata.name;
    let found = cluster
        .store()
        .get_by(Kind::Lease, NAMESPACE_NODE_LEASE, name);
    let spec = match found.map(|o| &**o) {
        Some(Object::Lease(lease)) => lease.spec.clone(),
        _ => Default::default(),
    };
    let unset = |t: Option<MicroTime>| t.map_or("<unset>".into(), |t| t.0.rfc1123z());
    let holder = spec.holder_identity.as_deref().unwrap_or("<unset>");
    d.w(0, "Lease:\n");
    d.w(1, &format!("HolderIdentity:\t{holder}\n"));
    d.w(1, &format!("AcquireTime:\t{}\n", unset(spec.acquire_time)));
    d.w(1, &format!("RenewTime:\t{}\n", unset(spec.renew_time)));
}

/// Name to the lease and the conditions table.
fn header(d: &mut Describe, node: &Node, cluster: &Cluster) {
    let m = &node.metadata;
    d.w(0, &format!("Name:\t{}\n", m.name));
    d.w(0, &format!("Roles:\t{}\n", derived::node_roles(node)));
    d.labels("Labels", &m.labels);
    d.annotations(&m.annotations);
    d.w(
        0,
        &format!("CreationTimestamp:\t{}\n", rfc1123z(m.creation_timestamp)),
    );
    d.taints(&node.spec.taints);
    d.w(0, &format!("Unschedulable:\t{}\n", node.spec.unschedulable));
    lease(d, node, cluster);
    if !node.status.conditions.is_empty() {
        d.w(
            0,
            "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n",
        );
        d.w(
            1,
            "----\t------\t-----------------\t------------------\t------\t-------\n",
        );
        for c in &node.status.conditions {
            d.w(
                1,
                &format!(
                    "{} \t{} \t{} \t{} \t{} \t{}\n",
                    c.type_,
                    c.status,
                    rfc1123z(c.last_heartbeat_time),
                    rfc1123z(c.last_transition_time),
                    c.reason,
                    c.message
                ),
            );
        }
    }
}

/// Addresses, capacity, allocatable, system info and pod CIDRs.
fn status(d: &mut Describe, node: &Node) {
    d.w(0, "Addresses:\n");
    for a in &node.status.addresses {
        d.w(1, &format!("{}:\t{}\n", a.type_, a.address));
    }
    for (title, list) in [
        ("Capacity", &node.status.capacity),
        ("Allocatable", &node.status.allocatable),
    ] {
        if !list.is_empty() {
            d.w(0, &format!("{title}:\n"));
            for (k, q) in list {
                d.w(0, &format!("  {k}:\t{}\n", q.0));
            }
        }
    }
    let i = &node.status.node_info;
    d.w(0, "System Info:\n");
    for (k, v) in [
        ("Machine ID", &i.machine_id),
        ("System UUID", &i.system_uuid),
        ("Boot ID", &i.boot_id),
        ("Kernel Version", &i.kernel_version),
        ("OS Image", &i.os_image),
        ("Operating System", &i.operating_system),
        ("Architecture", &i.architecture),
        ("Container Runtime Version", &i.container_runtime_version),
        ("Kubelet Version", &i.kubelet_version),
    ] {
        d.w(0, &format!("  {k}:\t{v}\n"));
    }
    if !node.spec.pod_cidr.is_empty() {
        d.w(0, &format!("PodCIDR:\t{}\n", node.spec.pod_cidr));
    }
    if !node.spec.pod_cidrs.is_empty() {
        d.w(
            0,
            &format!("PodCIDRs:\t{}\n", node.spec.pod_cidrs.join(",")),
        );
    }
}

/// Per-pod (requests, limits) as (cpu milli, memory bytes) pairs.
type Usage = (i64, i64, i64, i64);

fn pod_usage(pod: &podflow_engine::api::Pod) -> Usage {
    let sum = |get: &dyn Fn(&podflow_engine::api::pod::Container) -> Option<i64>| -> i64 {
        let regular: i64 = pod.spec.containers.iter().filter_map(get).sum();
        let init = pod
            .spec
            .init_containers
            .iter()
            .filter_map(get)
            .max()
            .unwrap_or(0);
        regular.max(init)
    };
    let q = |q: Option<&Quantity>, milli: bool| {
        q.and_then(|q| {
            if milli {
                q.milli_value().ok()
            } else {
                q.value().ok()
            }
        })
    };
    (
        sum(&|c| {
            q(
                c.resources
                    .requests
                    .get("cpu")
                    .or(c.resources.limits.get("cpu")),
                true,
            )
        }),
        sum(&|c| q(c.resources.limits.get("cpu"), true)),
        sum(&|c| {
            q(
                c.resources
                    .requests
                    .get("memory")
                    .or(c.resources.limits.get("memory")),
                false,
            )
        }),
        sum(&|c| q(c.resources.limits.get("memory"), false)),
    )
}

/// `Quantity.String()` for a CPU amount in millicores.
pub fn cpu_string(milli: i64) -> String {
    if milli % 1000 == 0 {
        format!("{}", milli / 1000)
    } else {
        format!("{milli}m")
    }
}

/// `Quantity.String()` for a memory amount in bytes (binary suffixes when exact).
pub fn memory_string(bytes: i64) -> String {
    for (suffix, unit) in [("Gi", 1i64 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10)] {
        if bytes != 0 && bytes % unit == 0 {
            return format!("{}{suffix}", bytes / unit);
        }
    }
    bytes.to_string()
}

fn pct(part: i64, whole: i64) -> i64 {
    if whole == 0 {
        0
    } else {
        (part as f64 / whole as f64 * 100.0) as i64
    }
}

// Mirrors describe.go describeNodeResource.
fn node_resource(d: &mut Describe, node: &Node, cluster: &Cluster) {
    let now = cluster.now();
    let pods: Vec<&podflow_engine::api::Pod> = cluster
        .store()
        .list(Kind::Pod, None)
        .filter_map(|o| o.as_pod())
        .filter(|p| p.spec.node_name == node.metadata.name)
        .filter(|p| p.status.phase != "Succeeded" && p.status.phase != "Failed")
        .collect();
    let (acpu, amem) = node.allocatable_cpu_memory();
    d.w(
        0,
        &format!("Non-terminated Pods:\t({} in total)\n", pods.len()),
    );
    d.w(
        1,
        "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n",
    );
    d.w(
        1,
        "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n",
    );
    let mut total: Usage = (0, 0, 0, 0);
    for p in &pods {
        let u = pod_usage(p);
        total = (total.0 + u.0, total.1 + u.1, total.2 + u.2, total.3 + u.3);
        d.w(
            1,
            &format!(
                "{}\t{}\t\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{}\n",
                p.metadata.namespace,
                p.metadata.name,
                cpu_string(u.0),
                pct(u.0, acpu),
                cpu_string(u.1),
                pct(u.1, acpu),
                memory_string(u.2),
                pct(u.2, amem),
                memory_string(u.3),
                pct(u.3, amem),
                derived::age(p.metadata.creation_timestamp, now)
            ),
        );
    }
    allocated(d, total, acpu, amem);
}

/// The `Allocated resources` table: summed requests and limits against allocatable.
fn allocated(d: &mut Describe, total: Usage, acpu: i64, amem: i64) {
    d.w(
        0,
        "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n",
    );
    d.w(1, "Resource\tRequests\tLimits\n");
    d.w(1, "--------\t--------\t------\n");
    d.w(
        1,
        &format!(
            "cpu\t{} ({}%)\t{} ({}%)\n",
            cpu_string(total.0),
            pct(total.0, acpu),
            cpu_string(total.1),
            pct(total.1, acpu)
        ),
    );
    d.w(
        1,
        &format!(
            "memory\t{} ({}%)\t{} ({}%)\n",
            memory_string(total.2),
            pct(total.2, amem),
            memory_string(total.3),
            pct(total.3, amem)
        ),
    );
    d.w(1, "ephemeral-storage\t0 (0%)\t0 (0%)\n");
}
