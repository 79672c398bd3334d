//! Defaulting, as the API server applies it while decoding, before admission and validation.
//!
//! Mirrors `pkg/apis/core/v1/defaults.go`: SetDefaults_Pod (requests from limits,
//! enableServiceLinks), SetDefaults_PodSpec, SetDefaults_Container, SetDefaults_ContainerPort,
//! SetDefaults_Probe, SetDefaults_HTTPGetAction, SetDefaults_Volume and the volume sources'
//! `defaultMode`, SetDefaults_ObjectFieldSelector, SetDefaults_NodeStatus. What admission plugins
//! add to a new pod (service account, priority, default tolerations) is in `admission.rs`.
//! Left out: defaults of fields Podflow keeps as opaque JSON beyond the ones listed.

use crate::api::pod::{Container, HttpGetAction, Pod, PodSpec, Probe, Volume};
use crate::api::Object;
use serde_json::Value;

/// Applies every defaulting rule for the object's kind.
pub fn apply(obj: &mut Object) {
    super::defaults_apps::apply(obj);
    match obj {
        Object::Pod(pod) => pod_defaults(pod),
        // Mirrors SetDefaults_NodeStatus: allocatable defaults to capacity.
        Object::Node(node) if node.status.allocatable.is_empty() => {
            node.status.allocatable = node.status.capacity.clone();
        }
        _ => {}
    }
}

/// Mirrors SetDefaults_Pod, then the spec defaults. Only pods get these two: a pod template
/// (Deployment, Job, ...) gets `pod_spec` alone.
pub fn pod_defaults(pod: &mut Pod) {
    let spec = &mut pod.spec;
    for c in spec
        .containers
        .iter_mut()
        .chain(spec.init_containers.iter_mut())
    {
        let r = &mut c.resources;
        for (name, q) in &r.limits {
            r.requests.entry(name.clone()).or_insert_with(|| q.clone());
        }
    }
    spec.enable_service_links.get_or_insert(true);
    pod_spec(spec);
}

/// Mirrors SetDefaults_PodSpec and the defaulting of everything inside a pod spec.
pub fn pod_spec(spec: &mut PodSpec) {
    if spec.dns_policy.is_empty() {
        spec.dns_policy = "ClusterFirst".into();
    }
    if spec.restart_policy.is_empty() {
        spec.restart_policy = "Always".into();
    }
    if spec.security_context.is_none() {
        spec.security_context = Some(Value::Object(Default::default()));
    }
    spec.termination_grace_period_seconds.get_or_insert(30);
    if spec.scheduler_name.is_empty() {
        spec.scheduler_name = "default-scheduler".into();
    }
    let host_network = spec.host_network;
    for c in spec
        .containers
        .iter_mut()
        .chain(spec.init_containers.iter_mut())
    {
        container(c, host_network);
    }
    spec.volumes.iter_mut().for_each(volume);
}

/// Mirrors SetDefaults_Container, SetDefaults_ContainerPort and the probe/handler defaults.
pub fn container(c: &mut Container, host_network: bool) {
    if c.image_pull_policy.is_empty() {
        c.image_pull_policy = default_pull_policy(&c.image).into();
    }
    if c.termination_message_path.is_empty() {
        c.termination_message_path = "/dev/termination-log".into();
    }
    if c.termination_message_policy.is_empty() {
        c.termination_message_policy = "File".into();
    }
    for p in &mut c.ports {
        if p.protocol.is_empty() {
            p.protocol = "TCP".into();
        }
        // defaultHostNetworkPorts: a host-network pod's ports are its host ports.
        if host_network && p.host_port.is_none() {
            p.host_port = Some(p.container_port);
        }
    }
    for probe in [
        &mut c.liveness_probe,
        &mut c.readiness_probe,
        &mut c.startup_probe,
    ]
    .into_iter()
    .flatten()
    {
        probe_defaults(probe);
    }
    if let Some(l) = &mut c.lifecycle {
        for h in [&mut l.post_start, &mut l.pre_stop].into_iter().flatten() {
            if let Some(g) = &mut h.http_get {
                http_get(g);
            }
        }
    }
    for env in &mut c.env {
        if let Some(Value::Object(vf)) = &mut env.value_from {
            if let Some(Value::Object(field_ref)) = vf.get_mut("fieldRef") {
                field_ref
                    .entry("apiVersion")
                    .or_insert_with(|| Value::String("v1".into()));
            }
        }
    }
}

/// Mirrors SetDefaults_Probe.
pub fn probe_defaults(p: &mut Probe) {
    p.timeout_seconds.get_or_insert(1);
    p.period_seconds.get_or_insert(10);
    p.success_threshold.get_or_insert(1);
    p.failure_threshold.get_or_insert(3);
    if let Some(g) = &mut p.http_get {
        http_get(g);
    }
}

/// Mirrors SetDefaults_HTTPGetAction.
fn http_get(g: &mut HttpGetAction) {
    if g.path.is_empty() {
        g.path = "/".into();
    }
    if g.scheme.is_empty() {
        g.scheme = "HTTP".into();
    }
}

/// Mirrors SetDefaults_Volume (no source → emptyDir), SetDefaults_HostPathVolumeSource and
/// the `defaultMode: 420` (0644) of configMap, secret, projected and downwardAPI sources.
fn volume(v: &mut Volume) {
    let has_source = v.empty_dir.is_some()
        || v.host_path.is_some()
        || v.config_map.is_some()
        || v.secret.is_some()
        || v.persistent_volume_claim.is_some()
        || v.nfs.is_some()
        || v.downward_api.is_some()
        || v.projected.is_some()
        || v.rbd.is_some()
        || v.cephfs.is_some();
    if !has_source {
        v.empty_dir = Some(Default::default());
    }
    if let Some(h) = &mut v.host_path {
        h.type_.get_or_insert_with(String::new);
    }
    for src in [
        &mut v.config_map,
        &mut v.secret,
        &mut v.projected,
        &mut v.downward_api,
    ]
    .into_iter()
    .flatten()
    {
        if let Value::Object(m) = src {
            m.entry("defaultMode").or_insert_with(|| Value::from(420));
        }
    }
}

/// `Always` for `:latest` or an untagged, undigested image; `IfNotPresent` otherwise, including
/// images that do not parse as a reference (`ParseImageName` fails and the tag is empty).
/// Mirrors the tag check in SetDefaults_Container and `pkg/util/parsers.ParseImageName`.
pub fn default_pull_policy(image: &str) -> &'static str {
    if image.is_empty() || !reference_parses(image) {
        return "IfNotPresent";
    }
    let (name, digest) = match image.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (image, None),
    };
    let last = name.rsplit('/').next().unwrap_or(name);
    let tag = last.split_once(':').map(|(_, t)| t);
    match (tag, digest) {
        (Some("latest"), _) => "Always",
        (None, None) => "Always",
        _ => "IfNotPresent",
    }
}

/// A rough `reference.ParseNormalizedNamed`: repository path components must be lowercase.
fn reference_parses(image: &str) -> bool {
    let name = image.split('@').next().unwrap_or(image);
    let (domain, path) = match name.split_once('/') {
        Some((d, p)) if d.contains(['.', ':']) || d == "localhost" => (Some(d), p),
        _ => (None, name),
    };
    let path = path
        .rsplit_once(':')
        .map_or(path, |(p, t)| if t.contains('/') { path } else { p });
    let ok_path = !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-/".contains(c));
    ok_path && domain.is_none_or(|d| !d.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::{ContainerPort, HostPathVolumeSource};
    use crate::api::quantity::Quantity;

    fn pod_with(c: Container) -> Pod {
        let mut pod = Pod::default();
        pod.spec.containers.push(c);
        pod
    }

    #[test]
    fn pull_policy_follows_the_tag() {
        assert_eq!(default_pull_policy("nginx"), "Always");
        assert_eq!(default_pull_policy("nginx:latest"), "Always");
        assert_eq!(default_pull_policy("nginx:1.14"), "IfNotPresent");
        assert_eq!(default_pull_policy("busybox:1.28.4"), "IfNotPresent");
        assert_eq!(default_pull_policy("nginx@sha256:abc"), "IfNotPresent");
        assert_eq!(default_pull_policy("nginx:latest@sha256:abc"), "Always");
        assert_eq!(default_pull_policy("localhost:5000/web"), "Always");
        assert_eq!(default_pull_policy("localhost:5000/web:v2"), "IfNotPresent");
        assert_eq!(default_pull_policy("Nginx"), "IfNotPresent");
    }

    #[test]
    fn pod_spec_defaults() {
        let mut pod = pod_with(Container {
            name: "a".into(),
            image: "nginx".into(),
            ports: vec![ContainerPort {
                container_port: 80,
                ..Default::default()
            }],
            ..Default::default()
        });
        pod_defaults(&mut pod);
        let s = &pod.spec;
        assert_eq!(s.restart_policy, "Always");
        assert_eq!(s.dns_policy, "ClusterFirst");
        assert_eq!(s.scheduler_name, "default-scheduler");
        assert_eq!(s.termination_grace_period_seconds, Some(30));
        assert_eq!(s.enable_service_links, Some(true));
        assert_eq!(s.security_context, Some(serde_json::json!({})));
        let c = &s.containers[0];
        assert_eq!(c.image_pull_policy, "Always");
        assert_eq!(c.termination_message_path, "/dev/termination-log");
        assert_eq!(c.termination_message_policy, "File");
        assert_eq!(c.ports[0].protocol, "TCP");
    }

    #[test]
    fn requests_default_to_limits_for_pods_only() {
        let mut c = Container::default();
        c.resources
            .limits
            .insert("cpu".into(), Quantity::from("500m"));
        c.resources
            .requests
            .insert("memory".into(), Quantity::from("64Mi"));
        let mut pod = pod_with(c.clone());
        pod_defaults(&mut pod);
        let r = &pod.spec.containers[0].resources.requests;
        assert_eq!(r.get("cpu"), Some(&Quantity::from("500m")));
        assert_eq!(r.get("memory"), Some(&Quantity::from("64Mi")));
        let mut spec = PodSpec {
            containers: vec![c],
            ..Default::default()
        };
        pod_spec(&mut spec);
        assert_eq!(spec.containers[0].resources.requests.get("cpu"), None);
    }

    #[test]
    fn probe_and_handler_defaults() {
        let mut p = Probe {
            http_get: Some(HttpGetAction::default()),
            ..Default::default()
        };
        probe_defaults(&mut p);
        assert_eq!(
            (
                p.timeout_seconds,
                p.period_seconds,
                p.success_threshold,
                p.failure_threshold
            ),
            (Some(1), Some(10), Some(1), Some(3))
        );
        assert_eq!(p.initial_delay_seconds, None);
        let g = p.http_get.unwrap_or_default();
        assert_eq!((g.path.as_str(), g.scheme.as_str()), ("/", "HTTP"));
    }

    #[test]
    fn volume_defaults() {
        let mut spec = PodSpec {
            volumes: vec![
                Volume {
                    name: "a".into(),
                    ..Default::default()
                },
                Volume {
                    name: "b".into(),
                    host_path: Some(HostPathVolumeSource {
                        path: "/data".into(),
                        type_: None,
                    }),
                    ..Default::default()
                },
                Volume {
                    name: "c".into(),
                    config_map: Some(serde_json::json!({"name": "cfg"})),
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        pod_spec(&mut spec);
        assert!(spec.volumes[0].empty_dir.is_some());
        assert_eq!(
            spec.volumes[1]
                .host_path
                .as_ref()
                .and_then(|h| h.type_.clone()),
            Some(String::new())
        );
        assert_eq!(
            spec.volumes[2].config_map,
            Some(serde_json::json!({"name": "cfg", "defaultMode": 420}))
        );
    }
}
