//! `kubectl cluster-info`: mirrors `kubectl/pkg/cmd/clusterinfo/clusterinfo.go`: the API
//! server's address, then each kube-system Service labelled
//! `kubernetes.io/cluster-service=true` as a proxy URL. The address is the `kubernetes`
//! Service's endpoint (the control plane node's IP and the API server's port), as a kubeadm
//! kubeconfig names it. Colour codes kubectl adds on a terminal are left out; `dump` is not
//! simulated.

use crate::Output;
use podflow_engine::api::{Kind, Object};
use podflow_engine::Cluster;

pub fn run(words: &[String], cluster: &Cluster) -> Output {
    if words.first().is_some_and(|w| w == "dump") {
        return Output::error("podflow does not support \"kubectl cluster-info dump\" yet");
    }
    if let Some(w) = words.first() {
        return Output::error(format!(
            "unknown command \"{w}\" for \"kubectl cluster-info\""
        ));
    }
    let server = api_server(cluster);
    let mut text = format!("Kubernetes control plane is running at {server}\n");
    for o in cluster.store().list(Kind::Service, Some("kube-system")) {
        let meta = o.meta();
        if meta
            .labels
            .get("kubernetes.io/cluster-service")
            .map(String::as_str)
            != Some("true")
        {
            continue;
        }
        let name = meta
            .labels
            .get("kubernetes.io/name")
            .cloned()
            .unwrap_or_else(|| meta.name.clone());
        text.push_str(&format!(
            "{name} is running at {server}/api/v1/namespaces/kube-system/services/{}/proxy\n",
            meta.name
        ));
    }
    text.push_str(
        "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    );
    Output::ok(text)
}

/// `https://IP:PORT` of the `kubernetes` Service's endpoint.
fn api_server(cluster: &Cluster) -> String {
    let endpoint = cluster
        .store()
        .list(Kind::Endpoints, Some("default"))
        .find(|o| o.meta().name == "kubernetes")
        .and_then(|o| match &**o {
            Object::Endpoints(e) => e.subsets.first().and_then(|s| {
                let ip = s.addresses.first()?.ip.clone();
                let port = s.ports.first()?.port;
                Some(format!("{ip}:{port}"))
            }),
            _ => None,
        });
    format!(
        "https://{}",
        endpoint.unwrap_or_else(|| "127.0.0.1:6443".into())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_api_server_at_the_kubernetes_endpoint() {
        let mut c = Cluster::new(1);
        let out = crate::run_line(&mut c, "kubectl cluster-info");
        assert_eq!(
            out.combined(),
            "Kubernetes control plane is running at https://192.168.56.10:6443\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n"
        );
    }
}
