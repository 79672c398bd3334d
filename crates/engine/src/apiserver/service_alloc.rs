//! Services on the create and update paths: defaults, validation, cluster IP and node ports.
//!
//! Mirrors `pkg/registry/core/service/storage/alloc.go` (`allocateCreate`, `txnAllocClusterIPs`,
//! `txnAllocNodePorts`), the bitmap allocators of `pkg/registry/core/service/ipallocator` and
//! `portallocator` (random offsets, preferring the upper "dynamic" band so that the lower
//! "static" band stays free for users who pick an address: KEP-3070), `patchAllocatedValues` of
//! `storage.go` for updates, and `SetDefaults_Service` of `pkg/apis/core/v1/defaults.go`.
//! Ranges are kubeadm's: service subnet `10.96.0.0/12`, node ports `30000-32767`.
//! Simplified: what is allocated is read from the stored Services (no separate bitmap or
//! IPAddress objects), so two creates in flight in the same millisecond could draw the same
//! random address (one chance in a million); IPv4 single-stack only.

pub mod kubernetes_service;
mod validation;

use super::errors::{ApiError, Cause};
use crate::api::service::{
    ClientIpConfig, Service, SessionAffinityConfig, CLUSTER_IP_NONE,
    DEFAULT_CLIENT_IP_TIMEOUT_SECONDS, TYPE_CLUSTER_IP, TYPE_EXTERNAL_NAME, TYPE_LOAD_BALANCER,
    TYPE_NODE_PORT,
};
use crate::api::{Kind, Object};
use crate::cluster::Ctx;
use crate::rng::Rng;
use crate::store::Store;
use std::collections::BTreeSet;

/// kubeadm's `DefaultServicesSubnet`.
pub const SERVICE_CIDR: &str = "10.96.0.0/12";
const SERVICE_BASE: u32 = 10 << 24 | 96 << 16;
const SERVICE_PREFIX: u32 = 12;
/// The `kubernetes` Service's address: the first of the range.
pub const KUBERNETES_SERVICE_IP: &str = "10.96.0.1";
/// kubeadm's `DefaultClusterDNSIP`: the tenth address, kube-dns.
pub const CLUSTER_DNS_IP: &str = "10.96.0.10";
/// `DefaultServiceNodePortRange`: base 30000, size 2768.
pub const NODE_PORT_MIN: i32 = 30000;
pub const NODE_PORT_MAX: i32 = 32767;

/// Defaults, validates and allocates a Service being created; other kinds pass through.
pub fn prepare(ctx: &mut Ctx, obj: &mut Object) -> Result<(), ApiError> {
    let Object::Service(svc) = obj else {
        return Ok(());
    };
    set_defaults(svc);
    let causes = validation::validate(svc);
    if !causes.is_empty() {
        return Err(ApiError::invalid(Kind::Service, &svc.metadata.name, causes));
    }
    allocate_cluster_ip(ctx.store, ctx.rng, svc)?;
    allocate_node_ports(ctx.store, ctx.rng, svc, None)
}

/// Mirrors `patchAllocatedValues` and the immutability checks of `ValidateServiceUpdate`: an
/// update that leaves `clusterIP` or a `nodePort` empty keeps the allocated one; one that
/// changes the cluster IP is refused.
pub fn prepare_update(
    store: &Store,
    rng: &mut Rng,
    current: &Object,
    next: &mut Object,
) -> Result<(), ApiError> {
    let (Object::Service(old), Object::Service(svc)) = (current, next) else {
        return Ok(());
    };
    set_defaults(svc);
    let needs_ip = svc.type_or_default() != TYPE_EXTERNAL_NAME;
    if needs_ip && svc.spec.cluster_ip.is_empty() && svc.spec.cluster_ips.is_empty() {
        svc.spec.cluster_ip = old.spec.cluster_ip.clone();
        svc.spec.cluster_ips = old.spec.cluster_ips.clone();
    }
    if svc.spec.ip_families.is_empty() {
        svc.spec.ip_families = old.spec.ip_families.clone();
        svc.spec.ip_family_policy = old.spec.ip_family_policy.clone();
    }
    let mut causes = validation::validate(svc);
    if !old.spec.cluster_ip.is_empty() && svc.spec.cluster_ip != old.spec.cluster_ip {
        causes.push(Cause::new(
            "spec.clusterIPs[0]",
            format!(
                "Invalid value: {:?}: may not change once set",
                svc.spec.cluster_ip
            ),
        ));
    }
    if !causes.is_empty() {
        return Err(ApiError::invalid(Kind::Service, &svc.metadata.name, causes));
    }
    allocate_node_ports(store, rng, svc, Some(old))
}

/// Mirrors `SetDefaults_Service` (and the registry's single-stack IP family defaults).
pub fn set_defaults(svc: &mut Service) {
    let spec = &mut svc.spec;
    if spec.session_affinity.is_empty() {
        spec.session_affinity = "None".into();
    }
    if spec.session_affinity == "ClientIP" && spec.session_affinity_config.is_none() {
        spec.session_affinity_config = Some(SessionAffinityConfig {
            client_ip: Some(ClientIpConfig {
                timeout_seconds: Some(DEFAULT_CLIENT_IP_TIMEOUT_SECONDS),
            }),
        });
    }
    if spec.type_.is_empty() {
        spec.type_ = TYPE_CLUSTER_IP.into();
    }
    for port in &mut spec.ports {
        if port.protocol.is_empty() {
            port.protocol = "TCP".into();
        }
        use crate::api::pod::IntOrString;
        let unset = match &port.target_port {
            None => true,
            Some(IntOrString::Int(0)) => true,
            Some(IntOrString::String(s)) => s.is_empty(),
            Some(IntOrString::Int(_)) => false,
        };
        if unset {
            port.target_port = Some(IntOrString::Int(port.port));
        }
    }
    let external = spec.type_ == TYPE_NODE_PORT || spec.type_ == TYPE_LOAD_BALANCER;
    if external && spec.external_traffic_policy.is_empty() {
        spec.external_traffic_policy = "Cluster".into();
    }
    if spec.internal_traffic_policy.is_none() && spec.type_ != TYPE_EXTERNAL_NAME {
        spec.internal_traffic_policy = Some("Cluster".into());
    }
    if spec.type_ == TYPE_LOAD_BALANCER && spec.allocate_load_balancer_node_ports.is_none() {
        spec.allocate_load_balancer_node_ports = Some(true);
    }
}

fn allocate_cluster_ip(store: &Store, rng: &mut Rng, svc: &mut Service) -> Result<(), ApiError> {
    if svc.type_or_default() == TYPE_EXTERNAL_NAME {
        return Ok(());
    }
    if svc.spec.cluster_ip.is_empty() {
        if let Some(first) = svc.spec.cluster_ips.first() {
            svc.spec.cluster_ip = first.clone();
        }
    }
    svc.spec.ip_families = vec!["IPv4".into()];
    svc.spec.ip_family_policy = Some("SingleStack".into());
    if svc.spec.cluster_ip == CLUSTER_IP_NONE {
        svc.spec.cluster_ips = vec![CLUSTER_IP_NONE.into()];
        return Ok(());
    }
    let used = used_cluster_ips(store);
    let ip = if svc.spec.cluster_ip.is_empty() {
        next_free_ip(rng, &used).ok_or_else(|| {
            ApiError::bad_request("failed to allocate a serviceIP: range is full", vec![])
        })?
    } else {
        let wanted = svc.spec.cluster_ip.clone();
        check_requested_ip(&wanted, &used).map_err(|detail| {
            let cause = Cause::new(
                "spec.clusterIPs",
                format!(
                    "Invalid value: []string{{{wanted:?}}}: failed to allocate IP {wanted}: {detail}"
                ),
            );
            ApiError::invalid(Kind::Service, &svc.metadata.name, vec![cause])
        })?;
        wanted
    };
    svc.spec.cluster_ip = ip.clone();
    svc.spec.cluster_ips = vec![ip];
    Ok(())
}

fn check_requested_ip(ip: &str, used: &BTreeSet<u32>) -> Result<(), String> {
    let n = parse_ipv4(ip).ok_or_else(|| format!("failed to parse service IP {ip:?}"))?;
    let offset = n.wrapping_sub(SERVICE_BASE);
    if n >> (32 - SERVICE_PREFIX) != SERVICE_BASE >> (32 - SERVICE_PREFIX)
        || offset == 0
        || offset == range_size() - 1
    {
        return Err(format!(
            "the provided IP ({ip}) is not in the valid range. The range of valid IPs is {SERVICE_CIDR}"
        ));
    }
    if used.contains(&n) {
        return Err("provided IP is already allocated".into());
    }
    Ok(())
}

fn range_size() -> u32 {
    1 << (32 - SERVICE_PREFIX)
}

/// Mirrors the bitmap allocator's `AllocateNext` with the static sub-range: a random free
/// offset from the upper band, then from the lower one. The network and broadcast addresses
/// are never handed out.
fn next_free_ip(rng: &mut Rng, used: &BTreeSet<u32>) -> Option<String> {
    let max = range_size() - 2; // usable offsets 1..=max
    let static_band = (max / 16).clamp(16, 256);
    let pick = |rng: &mut Rng, lo: u32, hi: u32| -> Option<u32> {
        if hi < lo {
            return None;
        }
        let span = hi - lo + 1;
        let start = rng.below(span);
        (0..span)
            .map(|i| SERVICE_BASE + lo + (start + i) % span)
            .find(|ip| !used.contains(ip))
    };
    let ip = pick(rng, static_band + 1, max).or_else(|| pick(rng, 1, static_band))?;
    Some(format_ipv4(ip))
}

fn used_cluster_ips(store: &Store) -> BTreeSet<u32> {
    store
        .list(Kind::Service, None)
        .filter_map(|o| match &**o {
            Object::Service(s) => parse_ipv4(&s.spec.cluster_ip),
            _ => None,
        })
        .collect()
}

/// Mirrors `txnAllocNodePorts`: NodePort and LoadBalancer Services get a node port per port,
/// random from the upper band unless one is asked for, which must be in range and free.
fn allocate_node_ports(
    store: &Store,
    rng: &mut Rng,
    svc: &mut Service,
    old: Option<&Service>,
) -> Result<(), ApiError> {
    let wants = match svc.type_or_default() {
        TYPE_NODE_PORT => true,
        TYPE_LOAD_BALANCER => svc.spec.allocate_load_balancer_node_ports != Some(false),
        _ => false,
    };
    if !wants {
        return Ok(());
    }
    let own_uid = svc.metadata.uid.clone();
    let mut used = used_node_ports(store, &own_uid);
    for i in 0..svc.spec.ports.len() {
        let port = &mut svc.spec.ports[i];
        if port.node_port.is_none_or(|p| p == 0) {
            // An update that leaves the node port out keeps the one allocated before.
            port.node_port = old
                .and_then(|o| o.spec.ports.iter().find(|p| p.port == port.port))
                .and_then(|p| p.node_port);
        }
        let node_port = match port.node_port {
            Some(p) if p != 0 => check_node_port(p, &used).map_err(|detail| {
                let cause = Cause::new(
                    format!("spec.ports[{i}].nodePort"),
                    format!("Invalid value: {p}: {detail}"),
                );
                ApiError::invalid(Kind::Service, &svc.metadata.name, vec![cause])
            })?,
            _ => next_free_port(rng, &used).ok_or_else(|| {
                ApiError::bad_request("failed to allocate a nodePort: range is full", vec![])
            })?,
        };
        used.insert(node_port);
        svc.spec.ports[i].node_port = Some(node_port);
    }
    Ok(())
}

fn check_node_port(p: i32, used: &BTreeSet<i32>) -> Result<i32, String> {
    if !(NODE_PORT_MIN..=NODE_PORT_MAX).contains(&p) {
        return Err(format!(
            "provided port is not in the valid range. The range of valid ports is {NODE_PORT_MIN}-{NODE_PORT_MAX}"
        ));
    }
    if used.contains(&p) {
        return Err("provided port is already allocated".into());
    }
    Ok(p)
}

fn next_free_port(rng: &mut Rng, used: &BTreeSet<i32>) -> Option<i32> {
    let size = (NODE_PORT_MAX - NODE_PORT_MIN + 1) as u32;
    let static_band = (size / 16).clamp(16, 128);
    let pick = |rng: &mut Rng, lo: u32, hi: u32| -> Option<i32> {
        let span = hi - lo;
        let start = rng.below(span);
        (0..span)
            .map(|i| NODE_PORT_MIN + (lo + (start + i) % span) as i32)
            .find(|p| !used.contains(p))
    };
    pick(rng, static_band, size).or_else(|| pick(rng, 0, static_band))
}

/// Node ports held by other Services (an update keeps its own).
fn used_node_ports(store: &Store, own_uid: &str) -> BTreeSet<i32> {
    store
        .list(Kind::Service, None)
        .filter_map(|o| match &**o {
            Object::Service(s) if own_uid.is_empty() || s.metadata.uid != own_uid => Some(s),
            _ => None,
        })
        .flat_map(|s| s.spec.ports.iter().filter_map(|p| p.node_port))
        .collect()
}

pub fn parse_ipv4(text: &str) -> Option<u32> {
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut n: u32 = 0;
    for p in parts {
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        n = (n << 8) | u32::from(p.parse::<u8>().ok()?);
    }
    Some(n)
}

pub fn format_ipv4(n: u32) -> String {
    format!(
        "{}.{}.{}.{}",
        n >> 24,
        (n >> 16) & 255,
        (n >> 8) & 255,
        n & 255
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dynamic_allocation_stays_in_the_upper_band() {
        let mut rng = Rng::new(1);
        let used = BTreeSet::new();
        for _ in 0..50 {
            let ip = parse_ipv4(&next_free_ip(&mut rng, &used).unwrap()).unwrap();
            assert!(ip > SERVICE_BASE + 256 && ip < SERVICE_BASE + range_size() - 1);
            let port = next_free_port(&mut rng, &BTreeSet::new()).unwrap();
            assert!((NODE_PORT_MIN + 128..=NODE_PORT_MAX).contains(&port));
        }
    }

    #[test]
    fn requested_addresses_are_checked_against_range_and_use() {
        let used: BTreeSet<u32> = [parse_ipv4("10.96.0.10").unwrap()].into();
        assert_eq!(check_requested_ip("10.96.0.5", &used), Ok(()));
        assert_eq!(
            check_requested_ip("10.96.0.10", &used).unwrap_err(),
            "provided IP is already allocated"
        );
        assert_eq!(
            check_requested_ip("10.0.0.5", &used).unwrap_err(),
            "the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12"
        );
        assert!(check_requested_ip("10.111.255.254", &used).is_ok());
        assert!(check_requested_ip("10.112.0.1", &used).is_err());
        assert_eq!(
            check_node_port(80, &BTreeSet::new()).unwrap_err(),
            "provided port is not in the valid range. The range of valid ports is 30000-32767"
        );
    }

    #[test]
    fn defaults_match_set_defaults_service() {
        let mut svc: Service = serde_json::from_value(serde_json::json!({
            "spec": {"type": "NodePort", "sessionAffinity": "ClientIP", "ports": [{"port": 80}]}
        }))
        .unwrap();
        set_defaults(&mut svc);
        let p = &svc.spec.ports[0];
        assert_eq!(p.protocol, "TCP");
        assert_eq!(p.target_port, Some(crate::api::pod::IntOrString::Int(80)));
        assert_eq!(svc.spec.external_traffic_policy, "Cluster");
        assert_eq!(svc.spec.internal_traffic_policy.as_deref(), Some("Cluster"));
        let timeout = svc.spec.session_affinity_config.and_then(|c| c.client_ip);
        assert_eq!(timeout.and_then(|c| c.timeout_seconds), Some(10800));
    }
}
