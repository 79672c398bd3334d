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
    text.push_str(&format!("DESCRIPTION:\n    {desc}\n    \nFIELDS:\n"));
    for (name, t) in *fields {
        text.push_str(&format!("  {name}\t{t}\n\n"));
    }
    Output::ok(text)
}
