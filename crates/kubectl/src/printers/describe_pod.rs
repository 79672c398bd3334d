//! `kubectl describe pod`.
//!
//! Mirrors `describe.go` `describePod`, `describePodIPs`, `describeVolumes` for the volume
//! types Podflow simulates (emptyDir, hostPath, nfs, projected; other sources print
//! `<unknown>`) and QoS; the containers section is `describe_container.rs`. Events are those
//! whose involved object has the pod's UID.

use super::describe::Describe;
use super::describe_container::containers;
use podflow_engine::api::derived;
use podflow_engine::api::pod::{Pod, Volume};
use podflow_engine::api::Object;
use podflow_engine::Cluster;

// Mirrors describe.go describePod.
pub fn describe_pod(pod: &Pod, cluster: &Cluster) -> String {
    let now = cluster.now();
    let mut d = Describe::new();
    header(&mut d, pod);
    status(&mut d, pod, now);
    if !pod.spec.init_containers.is_empty() {
        containers(
            &mut d,
            "Init Containers",
            &pod.spec.init_containers,
            &pod.status.init_container_statuses,
            "",
        );
    }
    containers(
        &mut d,
        "Containers",
        &pod.spec.containers,
        &pod.status.container_statuses,
        "",
    );
    if !pod.status.conditions.is_empty() {
        d.w(0, "Conditions:\n  Type\tStatus\n");
        for c in &pod.status.conditions {
            d.w(1, &format!("{} \t{} \n", c.type_, c.status));
        }
    }
    volumes(&mut d, &pod.spec.volumes, "");
    d.w(0, &format!("QoS Class:\t{}\n", qos_class(pod)));
    d.labels("Node-Selectors", &pod.spec.node_selector);
    d.tolerations(&pod.spec.tolerations);
    let obj = Object::Pod(pod.clone());
    let events = podflow_engine::events::for_object(cluster.store(), &obj);
    d.events(&events, now);
    d.finish()
}

/// Name to start time, labels and annotations.
fn header(d: &mut Describe, pod: &Pod) {
    let m = &pod.metadata;
    d.w(0, &format!("Name:\t{}\n", m.name));
    d.w(0, &format!("Namespace:\t{}\n", m.namespace));
    if let Some(p) = pod.spec.priority {
        d.w(0, &format!("Priority:\t{p}\n"));
    }
    if !pod.spec.priority_class_name.is_empty() {
        d.w(
            0,
            &format!("Priority Class Name:\t{}\n", pod.spec.priority_class_name),
        );
    }
    if !pod.spec.service_account_name.is_empty() {
        d.w(
            0,
            &format!("Service Account:\t{}\n", pod.spec.service_account_name),
        );
    }
    if pod.spec.node_name.is_empty() {
        d.w(0, "Node:\t<none>\n");
    } else {
        d.w(
            0,
            &format!("Node:\t{}/{}\n", pod.spec.node_name, pod.status.host_ip),
        );
    }
    if let Some(t) = pod.status.start_time {
        d.w(0, &format!("Start Time:\t{}\n", t.0.rfc1123z()));
    }
    d.labels("Labels", &m.labels);
    d.annotations(&m.annotations);
}

/// Status (or Terminating), reason, message, IPs, controller, nominated node.
fn status(d: &mut Describe, pod: &Pod, now: podflow_engine::SimTime) {
    let m = &pod.metadata;
    let phase = pod.status.phase.as_str();
    match m.deletion_timestamp {
        Some(t) if phase != "Failed" && phase != "Succeeded" => {
            d.w(
                0,
                &format!(
                    "Status:\tTerminating (lasts {})\n",
                    derived::age(Some(t), now)
                ),
            );
            let grace = m.deletion_grace_period_seconds.unwrap_or(0);
            d.w(0, &format!("Termination Grace Period:\t{grace}s\n"));
        }
        _ => d.w(0, &format!("Status:\t{phase}\n")),
    }
    if !pod.status.reason.is_empty() {
        d.w(0, &format!("Reason:\t{}\n", pod.status.reason));
    }
    if !pod.status.message.is_empty() {
        d.w(0, &format!("Message:\t{}\n", pod.status.message));
    }
    d.w(0, &format!("IP:\t{}\n", pod.status.pod_ip));
    if pod.status.pod_ips.is_empty() {
        d.w(0, "IPs:\t<none>\n");
    } else {
        d.w(0, "IPs:\n");
        for ip in &pod.status.pod_ips {
            d.w(1, &format!("IP:\t{}\n", ip.ip));
        }
    }
    if let Some(r) = m.controller_ref() {
        d.w(0, &format!("Controlled By:\t{}/{}\n", r.kind, r.name));
    }
    if !pod.status.nominated_node_name.is_empty() {
        d.w(
            0,
            &format!("NominatedNodeName:\t{}\n", pod.status.nominated_node_name),
        );
    }
}

/// Mirrors `describeVolumes`.
pub fn volumes(d: &mut Describe, volumes: &[Volume], space: &str) {
    if volumes.is_empty() {
        d.w(0, &format!("{space}Volumes:\t<none>\n"));
        return;
    }
    d.w(0, &format!("{space}Volumes:\n"));
    let name_indent = if space.is_empty() { "" } else { " " };
    for v in volumes {
        d.w(1, &format!("{name_indent}{}:\n", v.name));
        if let Some(h) = &v.host_path {
            let t = h.type_.clone().unwrap_or_else(|| "<none>".into());
            d.w(2, &format!("Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{t}\n", h.path));
        } else if let Some(e) = &v.empty_dir {
            let limit = e
                .size_limit
                .as_ref()
                .map_or("<unset>".to_string(), |q| q.0.clone());
            d.w(2, &format!("Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{}\n    SizeLimit:\t{limit}\n", e.medium));
        } else if let Some(n) = &v.nfs {
            let s = |k: &str| {
                n.get(k)
                    .map(|v| v.to_string().trim_matches('"').to_string())
                    .unwrap_or_default()
            };
            let ro = n.get("readOnly").and_then(|v| v.as_bool()).unwrap_or(false);
            d.w(2, &format!("Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t{}\n    Path:\t{}\n    ReadOnly:\t{ro}\n", s("server"), s("path")));
        } else if let Some(p) = &v.projected {
            projected(d, p);
        } else {
            d.w(1, "<unknown>\n");
        }
    }
}

// Mirrors describe.go printProjectedVolumeSource.
fn projected(d: &mut Describe, p: &serde_json::Value) {
    d.w(
        2,
        "Type:\tProjected (a volume that contains injected data from multiple sources)\n",
    );
    let optional = |s: &serde_json::Value| s["optional"].as_bool().unwrap_or(false);
    for src in p["sources"].as_array().into_iter().flatten() {
        if let Some(sec) = src.get("secret") {
            let name = sec["name"].as_str().unwrap_or("");
            d.w(
                2,
                &format!("SecretName:\t{name}\n    Optional:\t{}\n", optional(sec)),
            );
        } else if src.get("downwardAPI").is_some() {
            d.w(2, "DownwardAPI:\ttrue\n");
        } else if let Some(cm) = src.get("configMap") {
            let name = cm["name"].as_str().unwrap_or("");
            d.w(
                2,
                &format!("ConfigMapName:\t{name}\n    Optional:\t{}\n", optional(cm)),
            );
        } else if let Some(t) = src.get("serviceAccountToken") {
            let secs = t["expirationSeconds"].as_i64().unwrap_or(3600);
            d.w(2, &format!("TokenExpirationSeconds:\t{secs}\n"));
        }
    }
}

/// Mirrors `pkg/apis/core/v1/helper/qos` `ComputePodQOS` when the status does not carry it.
pub fn qos_class(pod: &Pod) -> String {
    if !pod.status.qos_class.is_empty() {
        return pod.status.qos_class.clone();
    }
    let all = pod.spec.init_containers.iter().chain(&pod.spec.containers);
    let (mut any, mut guaranteed) = (false, true);
    for c in all {
        for res in ["cpu", "memory"] {
            let req = c
                .resources
                .requests
                .get(res)
                .or(c.resources.limits.get(res));
            let lim = c.resources.limits.get(res);
            if req.is_some() || lim.is_some() {
                any = true;
            }
            if lim.is_none() || req.map(|q| &q.0) != lim.map(|q| &q.0) {
                guaranteed = false;
            }
        }
    }
    match (any, guaranteed) {
        (false, _) => "BestEffort".into(),
        (true, true) => "Guaranteed".into(),
        _ => "Burstable".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use podflow_engine::network::Verb;
    use serde_json::json;

    /// A running pod as the kubelet reports it, described with kubectl v1.36's layout.
    #[test]
    fn running_pod_layout() {
        let mut c = Cluster::new(1);
        let pod = json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "nginx", "namespace": "default", "labels": {"run": "nginx"}},
            "spec": {
                "containers": [{"name": "nginx", "image": "nginx:1.27",
                    "ports": [{"containerPort": 80, "protocol": "TCP"}],
                    "volumeMounts": [{"name": "kube-api-access-abcde", "readOnly": true,
                                      "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}]}],
                "priority": 0, "serviceAccountName": "default", "nodeName": "k8s-node-1",
                "volumes": [{"name": "kube-api-access-abcde", "projected": {"sources": [
                    {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                    {"configMap": {"name": "kube-root-ca.crt"}},
                    {"downwardAPI": {}}]}}],
                "tolerations": [
                    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
                    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}]
            },
            "status": {
                "phase": "Running", "hostIP": "192.168.56.11", "podIP": "10.244.1.5",
                "podIPs": [{"ip": "10.244.1.5"}], "startTime": "2026-12-01T09:00:01Z",
                "qosClass": "BestEffort",
                "conditions": [
                    {"type": "PodReadyToStartContainers", "status": "True"},
                    {"type": "Initialized", "status": "True"},
                    {"type": "Ready", "status": "True"},
                    {"type": "ContainersReady", "status": "True"},
                    {"type": "PodScheduled", "status": "True"}],
                "containerStatuses": [{"name": "nginx", "ready": true, "restartCount": 0,
                    "image": "docker.io/library/nginx:1.27",
                    "imageID": "docker.io/library/nginx@sha256:aaaa",
                    "containerID": "containerd://bbbb", "started": true,
                    "state": {"running": {"startedAt": "2026-12-01T09:00:05Z"}}}]
            }
        });
        let created = c.request(Verb::CreateRaw(pod)).expect("created");
        let Object::Pod(p) = &*created else {
            panic!("not a pod")
        };
        let mut p = p.clone();
        p.status = serde_json::from_value(json!({
                "phase": "Running", "hostIP": "192.168.56.11", "podIP": "10.244.1.5",
                "podIPs": [{"ip": "10.244.1.5"}], "startTime": "2026-12-01T09:00:01Z",
                "qosClass": "BestEffort",
                "conditions": [
                    {"type": "PodReadyToStartContainers", "status": "True"},
                    {"type": "Initialized", "status": "True"},
                    {"type": "Ready", "status": "True"},
                    {"type": "ContainersReady", "status": "True"},
                    {"type": "PodScheduled", "status": "True"}],
                "containerStatuses": [{"name": "nginx", "ready": true, "restartCount": 0,
                    "image": "docker.io/library/nginx:1.27",
                    "imageID": "docker.io/library/nginx@sha256:aaaa",
                    "containerID": "containerd://bbbb", "started": true,
                    "state": {"running": {"startedAt": "2026-12-01T09:00:05Z"}}}]
        }))
        .expect("status");
        let text = describe_pod(&p, &c);
        let want = "\
Name:             nginx
Namespace:        default
Priority:         0
Service Account:  default
Node:             k8s-node-1/192.168.56.11
Start Time:       Tue, 01 Dec 2026 09:00:01 +0000
Labels:           run=nginx
Annotations:      <none>
Status:           Running
IP:               10.244.1.5
IPs:
  IP:  10.244.1.5
Containers:
  nginx:
    Container ID:   containerd://bbbb
    Image:          nginx:1.27
    Image ID:       docker.io/library/nginx@sha256:aaaa
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Tue, 01 Dec 2026 09:00:05 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-abcde (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:
  kube-api-access-abcde:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    Optional:                false
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:                      <none>
";
        assert_eq!(text, want);
    }
}
