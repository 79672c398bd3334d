//! The workloads strip: Deployments (ready of desired replicas) and Services (ClusterIP,
//! ready endpoints), and which pods answered a `podflow traffic` command.

use podflow_engine::api::{Kind, Object};
use podflow_engine::Cluster;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DeploymentView {
    pub namespace: String,
    pub name: String,
    /// `status.readyReplicas`.
    pub ready: i32,
    /// `spec.replicas` (1 when unset, as the API server defaults it).
    pub desired: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ServiceView {
    pub namespace: String,
    pub name: String,
    pub type_: String,
    /// `None` for a headless Service.
    pub cluster_ip: String,
    /// Ready addresses in the Service's Endpoints, as `kubectl describe service` lists them.
    pub endpoints: usize,
}

/// Deployments and Services of every namespace, in the store's order (namespace, name).
pub fn workloads(c: &Cluster) -> (Vec<DeploymentView>, Vec<ServiceView>) {
    let deployments = c
        .store()
        .list(Kind::Deployment, None)
        .filter_map(|o| match &**o {
            Object::Deployment(d) => Some(DeploymentView {
                namespace: d.metadata.namespace.clone(),
                name: d.metadata.name.clone(),
                ready: d.status.ready_replicas,
                desired: d.spec.replicas.unwrap_or(1),
            }),
            _ => None,
        })
        .collect();
    let services = c
        .store()
        .list(Kind::Service, None)
        .filter_map(|o| match &**o {
            Object::Service(s) => Some(ServiceView {
                namespace: s.metadata.namespace.clone(),
                name: s.metadata.name.clone(),
                type_: s.spec.type_.clone(),
                cluster_ip: s.spec.cluster_ip.clone(),
                endpoints: ready_endpoints(c, &s.metadata.namespace, &s.metadata.name),
            }),
            _ => None,
        })
        .collect();
    (deployments, services)
}

fn ready_endpoints(c: &Cluster, namespace: &str, name: &str) -> usize {
    match c
        .store()
        .get_by(Kind::Endpoints, namespace, name)
        .map(|o| &**o)
    {
        Some(Object::Endpoints(e)) => e.subsets.iter().map(|s| s.addresses.len()).sum(),
        _ => 0,
    }
}

/// `namespace/name` of each pod that answered in `podflow traffic`'s output, with how many
/// connections it answered (lines `N: answered by NS/POD (IP:PORT on NODE) STATUS`).
pub fn answered_pods(stdout: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for line in stdout.lines() {
        let Some((_, rest)) = line.split_once(": answered by ") else {
            continue;
        };
        let Some(pod) = rest.split_whitespace().next().filter(|p| p.contains('/')) else {
            continue;
        };
        *out.entry(pod.to_string()).or_insert(0) += 1;
    }
    out
}

/// The line that scales a Deployment to `replicas` (never below zero).
pub fn scale_line(d: &DeploymentView, replicas: i32) -> String {
    format!(
        "kubectl scale deployment {} --replicas={} -n {}",
        d.name,
        replicas.max(0),
        d.namespace
    )
}

/// The line that sends five connections to a Service.
pub fn traffic_line(s: &ServiceView) -> String {
    format!("podflow traffic {}/{} --count 5", s.namespace, s.name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use podflow_engine::SimDuration;
    use podflow_kubectl::{run, NoFiles};

    #[test]
    fn a_deployment_and_its_service_show_replicas_and_endpoints_then_answer() {
        let mut c = Cluster::new(1);
        for line in [
            "kubectl create deployment web --image=nginx --replicas=2",
            "kubectl expose deployment web --port=80",
        ] {
            assert_eq!(run(line, &mut c, &NoFiles).exit_code, 0, "{line}");
        }
        c.advance(SimDuration::from_secs(60));
        let (deployments, services) = workloads(&c);
        let web = deployments.iter().find(|d| d.name == "web").expect("web");
        assert_eq!((web.ready, web.desired), (2, 2));
        assert_eq!(
            scale_line(web, 3),
            "kubectl scale deployment web --replicas=3 -n default"
        );
        assert_eq!(
            scale_line(web, -1),
            "kubectl scale deployment web --replicas=0 -n default"
        );
        let svc = services.iter().find(|s| s.name == "web").expect("svc");
        assert_eq!(svc.endpoints, 2);
        assert!(svc.cluster_ip.starts_with("10."), "{}", svc.cluster_ip);
        let out = run(&traffic_line(svc), &mut c, &NoFiles);
        let answered = answered_pods(&out.stdout);
        assert_eq!(answered.values().sum::<usize>(), 5, "{}", out.stdout);
        assert!(answered.keys().all(|k| k.starts_with("default/web-")));
    }

    #[test]
    fn answers_are_read_from_the_traffic_output_only() {
        let text = "1: answered by default/web-1 (10.244.1.2:80 on k8s-node-1) 200\n\
                    2: web:80: connection refused\n\
                    3: answered by default/web-1 (10.244.1.2:80 on k8s-node-1) 200\n\
                    4: answered by ? (:80)\n";
        let answered = answered_pods(text);
        assert_eq!(answered.len(), 1);
        assert_eq!(answered.get("default/web-1"), Some(&2));
        assert!(answered_pods("").is_empty());
    }
}
