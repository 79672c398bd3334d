//! `kubectl explain`: field documentation for the fields Podflow simulates.
//!
//! Mirrors the layout of `kubectl/pkg/explain/v2` templates (`KIND:`, `VERSION:`, `FIELD:`,
//! `DESCRIPTION:`, `FIELDS:`). The texts are short paraphrases of the OpenAPI descriptions,
//! limited to the paths in `FIELDS` below; other paths answer with upstream's error.

use crate::Output;

/// (path, type, description, children as (name, type)).
type Entry = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const FIELDS: &[Entry] = &[
    ("pods", "Pod", "Pod is a collection of containers that can run on a host. This resource is\n    created by clients and scheduled onto hosts.", &[("apiVersion", "<string>"), ("kind", "<string>"), ("metadata", "<ObjectMeta>"), ("spec", "<PodSpec>"), ("status", "<PodStatus>")]),
    ("pods.spec", "PodSpec", "Specification of the desired behavior of the pod.", &[("affinity", "<Affinity>"), ("containers", "<[]Container> -required-"), ("initContainers", "<[]Container>"), ("nodeName", "<string>"), ("nodeSelector", "<map[string]string>"), ("restartPolicy", "<string>"), ("terminationGracePeriodSeconds", "<integer>"), ("tolerations", "<[]Toleration>"), ("volumes", "<[]Volume>")]),
    ("pods.spec.containers", "Container", "List of containers belonging to the pod. Containers cannot currently be\n    added or removed. There must be at least one container in a Pod.", &[("args", "<[]string>"), ("command", "<[]string>"), ("env", "<[]EnvVar>"), ("image", "<string>"), ("imagePullPolicy", "<string>"), ("livenessProbe", "<Probe>"), ("name", "<string> -required-"), ("ports", "<[]ContainerPort>"), ("readinessProbe", "<Probe>"), ("resources", "<ResourceRequirements>"), ("startupProbe", "<Probe>"), ("volumeMounts", "<[]VolumeMount>")]),
    ("pods.spec.restartPolicy", "string", "Restart policy for all containers within the pod. One of Always, OnFailure,\n    Never. In some contexts, only a subset of those values may be permitted.\n    Default to Always.\n    \n    Possible enum values:\n     - `\"Always\"`\n     - `\"Never\"`\n     - `\"OnFailure\"`", &[]),
    ("pods.spec.nodeSelector", "map[string]string", "NodeSelector is a selector which must be true for the pod to fit on a node.\n    Selector which must match a node's labels for the pod to be scheduled on that\n    node.", &[]),
    ("pods.spec.tolerations", "[]Toleration", "If specified, the pod's tolerations.\n    The pod this Toleration is attached to tolerates any taint that matches the\n    triple <key,value,effect> using the matching operator <operator>.", &[("effect", "<string>"), ("key", "<string>"), ("operator", "<string>"), ("tolerationSeconds", "<integer>"), ("value", "<string>")]),
    ("pods.spec.affinity", "Affinity", "If specified, the pod's scheduling constraints", &[("nodeAffinity", "<NodeAffinity>"), ("podAffinity", "<PodAffinity>"), ("podAntiAffinity", "<PodAntiAffinity>")]),
    ("pods.spec.affinity.nodeAffinity", "NodeAffinity", "Describes node affinity scheduling rules for the pod.", &[("preferredDuringSchedulingIgnoredDuringExecution", "<[]PreferredSchedulingTerm>"), ("requiredDuringSchedulingIgnoredDuringExecution", "<NodeSelector>")]),
    ("pods.spec.containers.imagePullPolicy", "string", "Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if\n    :latest tag is specified, or IfNotPresent otherwise. Cannot be updated.\n    \n    Possible enum values:\n     - `\"Always\"` means that kubelet always attempts to pull the latest image.\n    Container will fail If the pull fails.\n     - `\"IfNotPresent\"` means that kubelet pulls if the image isn't present on\n    disk. Container will fail if the image isn't present and the pull fails.\n     - `\"Never\"` means that kubelet never pulls an image, but only uses a local\n    image. Container will fail if the image isn't present", &[]),
    ("pods.spec.containers.livenessProbe", "Probe", "Periodic probe of container liveness. Container will be restarted if the probe\n    fails. Cannot be updated.", &[("exec", "<ExecAction>"), ("failureThreshold", "<integer>"), ("grpc", "<GRPCAction>"), ("httpGet", "<HTTPGetAction>"), ("initialDelaySeconds", "<integer>"), ("periodSeconds", "<integer>"), ("successThreshold", "<integer>"), ("tcpSocket", "<TCPSocketAction>"), ("terminationGracePeriodSeconds", "<integer>"), ("timeoutSeconds", "<integer>")]),
    ("pods.spec.containers.readinessProbe", "Probe", "Periodic probe of container service readiness. Container will be removed from\n    service endpoints if the probe fails. Cannot be updated.", &[("exec", "<ExecAction>"), ("failureThreshold", "<integer>"), ("grpc", "<GRPCAction>"), ("httpGet", "<HTTPGetAction>"), ("initialDelaySeconds", "<integer>"), ("periodSeconds", "<integer>"), ("successThreshold", "<integer>"), ("tcpSocket", "<TCPSocketAction>"), ("terminationGracePeriodSeconds", "<integer>"), ("timeoutSeconds", "<integer>")]),
    ("pods.spec.containers.resources", "ResourceRequirements", "Compute Resources required by this container. Cannot be updated.", &[("claims", "<[]ResourceClaim>"), ("limits", "<map[string]Quantity>"), ("requests", "<map[string]Quantity>")]),
    ("nodes", "Node", "Node is a worker node in Kubernetes. Each node will have a unique\n    identifier in the cache (i.e. in etcd).", &[("apiVersion", "<string>"), ("kind", "<string>"), ("metadata", "<ObjectMeta>"), ("spec", "<NodeSpec>"), ("status", "<NodeStatus>")]),
    ("deployments", "Deployment", "Deployment enables declarative updates for Pods and ReplicaSets.", &[("apiVersion", "<string>"), ("kind", "<string>"), ("metadata", "<ObjectMeta>"), ("spec", "<DeploymentSpec>"), ("status", "<DeploymentStatus>")]),
    ("services", "Service", "Service is a named abstraction of software service (for example, mysql)\n    consisting of local port (for example 3306) that the proxy listens on, and the\n    selector that determines which pods will answer requests sent through the\n    proxy.", &[("apiVersion", "<string>"), ("kind", "<string>"), ("metadata", "<ObjectMeta>"), ("spec", "<ServiceSpec>"), ("status", "<ServiceStatus>")]),
];

pub fn run(words: &[String]) -> Output {
    let Some(target) = words.iter().find(|w| !w.starts_with('-')) else {
        return Output::error("You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.");
    };
    let mut parts = target.splitn(2, '.');
    let res = parts.next().unwrap_or("");
    let info = match super::common::resolve(res) {
        Ok(i) => i,
        Err(o) => return o,
    };
    let path = match parts.next() {
        Some(rest) => format!("{}.{rest}", info.resource),
        None => info.resource.to_string(),
    };
    let Some((_, type_, desc, fields)) = FIELDS.iter().find(|e| e.0 == path) else {
        let field = path.rsplit('.').next().unwrap_or("");
        return Output::error(format!("field \"{field}\" does not exist"));
    };
    let mut text = format!(
        "KIND:       {}\nVERSION:    {}\n\n",
        info.kind,
        info.api_version()
    );
    if path.contains('.') {
        let name = path.rsplit('.').next().unwrap_or("");
        text.push_str(&format!("FIELD: {name} <{type_}>\n\n"));
    }
    text.push_str(&format!("DESCRIPTION:\n    {desc}\n    \n"));
    if !fields.is_empty() {
        text.push_str("FIELDS:\n");
        for (name, t) in *fields {
            text.push_str(&format!("  {name}\t{t}\n\n"));
        }
    }
    Output::ok(text)
}
