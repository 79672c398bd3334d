//! Containers: names, image, ports, resources, pull policy, probes, volume mounts.
//!
//! Mirrors `pkg/apis/core/validation/validation.go`: validateContainers,
//! validateInitContainers, validateContainerCommon, validateContainerPorts,
//! ValidateContainerResourceRequirements, validatePullPolicy, ValidateVolumeMounts and
//! validateContainerOnlyForPod (probes and hooks are in `probe.rs`). Left out: env var name syntax, envFrom, security context,
//! resize policy, restartable init containers' extra rules, host port conflicts.

use super::field::{self, Path};
use super::{names, probe};
use crate::api::pod::{Container, Volume};
use crate::apiserver::errors::Cause;
use std::collections::BTreeSet;

const PULL_POLICIES: [&str; 3] = ["Always", "IfNotPresent", "Never"];
const STANDARD_CONTAINER_RESOURCES: [&str; 3] = ["cpu", "memory", "ephemeral-storage"];

/// Regular containers; `names` collects their names for the init containers' duplicate check.
pub fn containers(
    list: &[Container],
    volumes: &[Volume],
    path: &Path,
    names: &mut BTreeSet<String>,
) -> Vec<Cause> {
    let mut c = Vec::new();
    if list.is_empty() {
        c.push(field::required(path, ""));
    }
    for (i, ctr) in list.iter().enumerate() {
        let p = path.index(i);
        c.extend(common(ctr, volumes, &p));
        if !names.insert(ctr.name.clone()) {
            c.push(field::duplicate(&p.child("name"), &ctr.name));
        }
        c.extend(probe::lifecycle(ctr, &p));
        c.extend(probe::probes(ctr, &p));
    }
    c
}

/// Init containers: same common rules; names must differ from all containers'.
pub fn init_containers(
    list: &[Container],
    volumes: &[Volume],
    path: &Path,
    names: &mut BTreeSet<String>,
) -> Vec<Cause> {
    let mut c = Vec::new();
    for (i, ctr) in list.iter().enumerate() {
        let p = path.index(i);
        c.extend(common(ctr, volumes, &p));
        if names.contains(&ctr.name) {
            c.push(field::duplicate(&p.child("name"), &ctr.name));
        } else if !ctr.name.is_empty() {
            names.insert(ctr.name.clone());
        }
        let restartable = ctr.restart_policy.as_deref() == Some("Always");
        if !restartable {
            let msg = "may not be set for init containers without restartPolicy=Always";
            for (probe, name) in [
                (&ctr.liveness_probe, "livenessProbe"),
                (&ctr.readiness_probe, "readinessProbe"),
                (&ctr.startup_probe, "startupProbe"),
            ] {
                if probe.is_some() {
                    c.push(field::forbidden(&p.child(name), msg));
                }
            }
        }
    }
    c
}

/// Mirrors validateContainerCommon.
fn common(ctr: &Container, volumes: &[Volume], p: &Path) -> Vec<Cause> {
    let mut c = Vec::new();
    let name = p.child("name");
    if ctr.name.is_empty() {
        c.push(field::required(&name, ""));
    } else {
        c.extend(names::each(
            &name,
            &ctr.name,
            names::dns1123_label(&ctr.name),
        ));
    }
    if ctr.image.is_empty() {
        c.push(field::required(&p.child("image"), ""));
    }
    match ctr.termination_message_policy.as_str() {
        "File" | "FallbackToLogsOnError" => {}
        "" => c.push(field::required(&p.child("terminationMessagePolicy"), "")),
        other => c.push(field::not_supported(
            &p.child("terminationMessagePolicy"),
            other,
            &["File", "FallbackToLogsOnError"],
        )),
    }
    c.extend(ports(ctr, &p.child("ports")));
    for (i, env) in ctr.env.iter().enumerate() {
        if env.name.is_empty() {
            c.push(field::required(&p.child("env").index(i).child("name"), ""));
        }
    }
    c.extend(volume_mounts(ctr, volumes, &p.child("volumeMounts")));
    match ctr.image_pull_policy.as_str() {
        "Always" | "IfNotPresent" | "Never" => {}
        "" => c.push(field::required(&p.child("imagePullPolicy"), "")),
        other => c.push(field::not_supported(
            &p.child("imagePullPolicy"),
            other,
            &PULL_POLICIES,
        )),
    }
    c.extend(resources(ctr, &p.child("resources")));
    c
}

/// Mirrors validateContainerPorts.
fn ports(ctr: &Container, path: &Path) -> Vec<Cause> {
    let mut c = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, port) in ctr.ports.iter().enumerate() {
        let p = path.index(i);
        if !port.name.is_empty() {
            c.extend(names::each(
                &p.child("name"),
                &port.name,
                names::port_name(&port.name),
            ));
            if !seen.insert(port.name.clone()) {
                c.push(field::duplicate(&p.child("name"), &port.name));
            }
        }
        if port.container_port == 0 {
            c.push(field::required(&p.child("containerPort"), ""));
        } else {
            for m in names::port_num(i64::from(port.container_port)) {
                c.push(field::invalid(
                    &p.child("containerPort"),
                    port.container_port,
                    &m,
                ));
            }
        }
        if let Some(hp) = port.host_port.filter(|hp| *hp != 0) {
            for m in names::port_num(i64::from(hp)) {
                c.push(field::invalid(&p.child("hostPort"), hp, &m));
            }
        }
        match port.protocol.as_str() {
            "TCP" | "UDP" | "SCTP" => {}
            "" => c.push(field::required(&p.child("protocol"), "")),
            other => c.push(field::not_supported(
                &p.child("protocol"),
                other,
                &["SCTP", "TCP", "UDP"],
            )),
        }
    }
    c
}

/// Mirrors ValidateVolumeMounts: each mount names a volume of the pod, once per path.
fn volume_mounts(ctr: &Container, volumes: &[Volume], path: &Path) -> Vec<Cause> {
    let mut c = Vec::new();
    let mut mountpoints = BTreeSet::new();
    for (i, m) in ctr.volume_mounts.iter().enumerate() {
        let p = path.index(i);
        if m.name.is_empty() {
            c.push(field::required(&p.child("name"), ""));
        }
        if !volumes.iter().any(|v| v.name == m.name) {
            c.push(field::not_found(&p.child("name"), &m.name));
        }
        if m.mount_path.is_empty() {
            c.push(field::required(&p.child("mountPath"), ""));
        }
        if !mountpoints.insert(m.mount_path.clone()) {
            c.push(field::invalid(
                &p.child("mountPath"),
                &m.mount_path,
                "must be unique",
            ));
        }
    }
    c
}

/// Mirrors ValidateContainerResourceRequirements.
fn resources(ctr: &Container, path: &Path) -> Vec<Cause> {
    let mut c = Vec::new();
    let r = &ctr.resources;
    let lim_path = path.child("limits");
    for (name, q) in &r.limits {
        c.extend(resource_name(name, &lim_path.key(name)));
        c.extend(non_negative(q, &lim_path.key(name)));
    }
    let req_path = path.child("requests");
    for (name, q) in &r.requests {
        c.extend(resource_name(name, &req_path.key(name)));
        c.extend(non_negative(q, &req_path.key(name)));
        if let (Some(limit), Ok(req)) = (r.limits.get(name), q.milli_value()) {
            if limit.milli_value().is_ok_and(|l| req > l) {
                c.push(field::invalid(
                    &req_path,
                    q.canonical().as_str(),
                    &format!(
                        "must be less than or equal to {name} limit of {}",
                        limit.canonical()
                    ),
                ));
            }
        }
    }
    c
}

fn non_negative(q: &crate::api::quantity::Quantity, path: &Path) -> Vec<Cause> {
    match q.milli_value() {
        Ok(v) if v < 0 => vec![field::invalid(
            path,
            q.canonical().as_str(),
            "must be greater than or equal to 0",
        )],
        _ => vec![],
    }
}

/// Mirrors validateContainerResourceName (with validateResourceName).
fn resource_name(name: &str, path: &Path) -> Vec<Cause> {
    let mut c = names::each(path, name, names::qualified_name(name));
    if !name.contains('/') {
        if !is_standard_resource(name) {
            c.push(field::invalid(
                path,
                name,
                "must be a standard resource type or fully qualified",
            ));
        }
        if !STANDARD_CONTAINER_RESOURCES.contains(&name) && !name.starts_with("hugepages-") {
            c.push(field::invalid(
                path,
                name,
                "must be a standard resource for containers",
            ));
        }
    }
    c
}

fn is_standard_resource(name: &str) -> bool {
    const STANDARD: [&str; 14] = [
        "cpu",
        "memory",
        "ephemeral-storage",
        "requests.cpu",
        "requests.memory",
        "requests.ephemeral-storage",
        "limits.cpu",
        "limits.memory",
        "limits.ephemeral-storage",
        "pods",
        "services",
        "replicationcontrollers",
        "resourcequotas",
        "secrets",
    ];
    STANDARD.contains(&name) || name.starts_with("hugepages-")
}

/// Mirrors validateContainerOnlyForPod: images of a pod's containers have no outer spaces.
pub fn image_whitespace(list: &[Container], path: &Path) -> Vec<Cause> {
    list.iter()
        .enumerate()
        .filter(|(_, c)| c.image.trim() != c.image)
        .map(|(i, c)| {
            field::invalid(
                &path.index(i).child("image"),
                &c.image,
                "must not have leading or trailing whitespace",
            )
        })
        .collect()
}
