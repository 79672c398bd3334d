//! The Service environment variables every container gets (`WEB_SERVICE_HOST`,
//! `WEB_PORT_80_TCP_ADDR`, ...).
//!
//! Mirrors `pkg/kubelet/kubelet_pods.go` `getServiceEnvVarMap` (the `kubernetes` Service of
//! the default namespace always; the pod's own namespace's Services unless
//! `enableServiceLinks: false`; only Services with a cluster IP) and
//! `pkg/kubelet/envvars/envvars.go` `FromServices` and `makeLinkVariables` (the Docker link
//! variables). As upstream, only Services that exist when the container starts are seen.

use crate::api::pod::Pod;
use crate::api::{Kind, Object};
use crate::store::Store;
use std::collections::BTreeMap;

/// The API server's Services, given to every pod whatever `enableServiceLinks` says.
const MASTER_SERVICES: &[&str] = &["kubernetes"];

pub fn service_env(pod: &Pod, store: &Store) -> BTreeMap<String, String> {
    let links = pod.spec.enable_service_links.unwrap_or(true);
    let ns = pod.metadata.namespace.as_str();
    let mut chosen = BTreeMap::new();
    for o in store.list(Kind::Service, None) {
        let Object::Service(s) = &**o else {
            continue;
        };
        let ip = s.spec.cluster_ip.as_str();
        if ip.is_empty() || ip == "None" || s.spec.ports.is_empty() {
            continue;
        }
        let name = s.metadata.name.as_str();
        let master = s.metadata.namespace == "default" && MASTER_SERVICES.contains(&name);
        if master {
            chosen.entry(name).or_insert(s);
        } else if s.metadata.namespace == ns && links {
            chosen.insert(name, s);
        }
    }
    let mut env = BTreeMap::new();
    for (name, s) in chosen {
        let prefix = name.replace('-', "_").to_uppercase();
        let ip = &s.spec.cluster_ip;
        env.insert(format!("{prefix}_SERVICE_HOST"), ip.clone());
        let first = format!("{prefix}_SERVICE_PORT");
        env.insert(first.clone(), s.spec.ports[0].port.to_string());
        for (i, p) in s.spec.ports.iter().enumerate() {
            if !p.name.is_empty() {
                let port_name = p.name.replace('-', "_").to_uppercase();
                env.insert(format!("{first}_{port_name}"), p.port.to_string());
            }
            let protocol = if p.protocol.is_empty() {
                "TCP"
            } else {
                p.protocol.as_str()
            };
            let url = format!("{}://{ip}:{}", protocol.to_lowercase(), p.port);
            if i == 0 {
                env.insert(format!("{prefix}_PORT"), url.clone());
            }
            let port_prefix = format!("{prefix}_PORT_{}_{}", p.port, protocol.to_uppercase());
            env.insert(format!("{port_prefix}_PROTO"), protocol.to_lowercase());
            env.insert(format!("{port_prefix}_PORT"), p.port.to_string());
            env.insert(format!("{port_prefix}_ADDR"), ip.clone());
            env.insert(port_prefix, url);
        }
    }
    env
}
