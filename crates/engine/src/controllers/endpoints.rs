//! The endpoints controller: one `Endpoints` object per Service with a selector.
//!
//! Mirrors `pkg/controller/endpoint/endpoints_controller.go` (`syncService`,
//! `addEndpointSubset`, the pod → services mapping), `ShouldPodBeInEndpoints` of
//! `staging/src/k8s.io/endpointslice/util/controller_utils.go` and `RepackSubsets` /
//! `SortSubsets` of `pkg/api/v1/endpoints/util.go`: addresses sorted by IP (as bytes, so
//! `10.244.1.10` sorts before `10.244.1.5`) then pod UID; not-ready wins over ready when a pod
//! appears twice. Simplified: ports inside a subset and subsets among themselves are ordered
//! by value where upstream orders them by an md5 hash; the pod handler enqueues every Service
//! of the pod's namespace instead of only those whose selector matched the old or new labels;
//! no over-capacity truncation (1000 addresses).

use super::client::Shared;
use crate::api::endpoints::{
    EndpointAddress, EndpointPort, EndpointSubset, Endpoints, LABEL_HEADLESS, LABEL_SERVICE_NAME,
};
use crate::api::labels::Selector;
use crate::api::service::{find_port, pod_reference, Service, TYPE_EXTERNAL_NAME};
use crate::api::{Kind, Object, ObjectKey, ObjectMeta, Pod};
use crate::clock::{SimDuration, SimTime};
use crate::cluster::Ctx;
use crate::network::Verb;
use std::collections::BTreeMap;

/// `v1.EndpointsLastChangeTriggerTime`.
pub const TRIGGER_TIME_ANNOTATION: &str = "endpoints.kubernetes.io/last-change-trigger-time";
/// How long a write we sent counts as in flight: its watch event arrives within milliseconds.
const IN_FLIGHT: SimDuration = SimDuration::from_secs(1);

/// Per endpoint port: each address by (IP, pod UID), and whether it is ready.
type AddressesByPort = BTreeMap<EndpointPort, BTreeMap<(String, String), (EndpointAddress, bool)>>;

#[derive(Clone, Debug, Default)]
pub struct EndpointsController {
    /// Subsets last written per Service, so a burst of pod changes does not write twice.
    sent: BTreeMap<ObjectKey, (SimTime, Vec<EndpointSubset>)>,
}

/// The informers' handlers of both endpoint controllers: which Service keys a change concerns.
/// A pod change enqueues every Service of its namespace; an Endpoints or EndpointSlice change
/// (e.g. one deleted by a user) enqueues its Service.
pub fn on_watch(ctx: &Ctx, sh: &mut Shared, obj: &Object) {
    let m = obj.meta();
    match obj {
        Object::Pod(_) => {
            for svc in ctx.store.list(Kind::Service, Some(&m.namespace)) {
                sh.enqueue(svc.key());
            }
        }
        Object::Service(_) | Object::Endpoints(_) => {
            sh.enqueue(ObjectKey::new(Kind::Service, &m.namespace, &m.name));
        }
        Object::EndpointSlice(s) => {
            if let Some(svc) = s.metadata.labels.get(LABEL_SERVICE_NAME) {
                sh.enqueue(ObjectKey::new(Kind::Service, &m.namespace, svc));
            }
        }
        _ => {}
    }
}

/// Mirrors `ShouldPodBeInEndpoints`: an IP, not terminal for its restart policy, and not
/// terminating unless terminating pods are included.
pub fn should_pod_be_in_endpoints(pod: &Pod, include_terminating: bool) -> bool {
    if pod.status.pod_ip.is_empty() && pod.status.pod_ips.is_empty() {
        return false;
    }
    if !include_terminating && pod.metadata.deletion_timestamp.is_some() {
        return false;
    }
    let phase = pod.status.phase.as_str();
    match pod.spec.restart_policy.as_str() {
        "Never" => phase != "Failed" && phase != "Succeeded",
        "OnFailure" => phase != "Succeeded",
        _ => true,
    }
}

/// `podutil.IsPodReady`: the Ready condition is True.
pub fn is_pod_ready(pod: &Pod) -> bool {
    crate::api::pod_status::condition(&pod.status, "Ready").is_some_and(|c| c.status == "True")
}

/// The pods a Service's selector picks in its namespace, in name order.
pub fn selected_pods<'a>(ctx: &'a Ctx, svc: &'a Service) -> Vec<&'a Pod> {
    let Some(selector) = &svc.spec.selector else {
        return vec![];
    };
    let selector = Selector::from_map(selector);
    ctx.store
        .list(Kind::Pod, Some(&svc.metadata.namespace))
        .filter_map(|o| o.as_pod())
        .filter(|p| selector.matches(&p.metadata.labels))
        .collect()
}

/// `ShouldSetHostname`: the pod names this Service as its subdomain.
pub fn hostname_for(pod: &Pod, svc: &Service) -> String {
    let sets = !pod.spec.hostname.is_empty()
        && pod.spec.subdomain == svc.metadata.name
        && pod.metadata.namespace == svc.metadata.namespace;
    if sets {
        pod.spec.hostname.clone()
    } else {
        String::new()
    }
}

impl EndpointsController {
    /// Mirrors `syncService`.
    pub fn sync(&mut self, ctx: &mut Ctx, sh: &mut Shared, key: &ObjectKey) {
        let ep_key = ObjectKey::new(Kind::Endpoints, &key.namespace, &key.name);
        let current = ctx.store.get(&ep_key).cloned();
        let Some(Object::Service(svc)) = ctx.store.get(key).map(|o| (**o).clone()) else {
            // The Service is gone: its Endpoints go too.
            self.sent.remove(key);
            if current.is_some() {
                let verb = Verb::Delete {
                    key: ep_key,
                    grace_period_seconds: None,
                };
                sh.write(ctx, key, verb);
            }
            return;
        };
        if svc.spec.selector.is_none() || svc.spec.type_ == TYPE_EXTERNAL_NAME {
            return;
        }
        let subsets = desired_subsets(ctx, &svc);
        let mut labels = svc.metadata.labels.clone();
        if !svc.is_ip_set() {
            labels.insert(LABEL_HEADLESS.into(), String::new());
        }
        let current = current.and_then(|o| match &*o {
            Object::Endpoints(e) => Some(e.clone()),
            _ => None,
        });
        if let Some(cur) = &current {
            if cur.subsets == subsets && cur.metadata.labels == labels {
                return;
            }
        }
        if self
            .sent
            .get(key)
            .is_some_and(|(at, s)| *s == subsets && ctx.now.saturating_sub(*at) < IN_FLIGHT)
        {
            return;
        }
        self.sent.insert(key.clone(), (ctx.now, subsets.clone()));
        let verb = write_verb(ctx, &svc, current, subsets, labels);
        sh.write(ctx, key, verb);
    }
}

fn write_verb(
    ctx: &Ctx,
    svc: &Service,
    current: Option<Endpoints>,
    subsets: Vec<EndpointSubset>,
    labels: BTreeMap<String, String>,
) -> Verb {
    let create = current.is_none();
    let mut ep = current.unwrap_or_else(|| Endpoints {
        metadata: ObjectMeta {
            name: svc.metadata.name.clone(),
            namespace: svc.metadata.namespace.clone(),
            ..ObjectMeta::default()
        },
        ..Endpoints::default()
    });
    ep.subsets = subsets;
    ep.metadata.labels = labels;
    // The trigger time is when the change that caused this write happened: here, now.
    ep.metadata
        .annotations
        .insert(TRIGGER_TIME_ANNOTATION.into(), ctx.now.rfc3339());
    // Unconditional: the controller is the only writer and reads the latest view.
    ep.metadata.resource_version.clear();
    if create {
        Verb::Create(Object::Endpoints(ep))
    } else {
        Verb::Update(Object::Endpoints(ep))
    }
}

/// Mirrors the pod loop of `syncService` plus `RepackSubsets`.
pub fn desired_subsets(ctx: &Ctx, svc: &Service) -> Vec<EndpointSubset> {
    let publish = svc.spec.publish_not_ready_addresses;
    // Per port (as the endpoint port is written), each address and whether it is ready.
    let mut by_port = AddressesByPort::new();
    for pod in selected_pods(ctx, svc) {
        if !should_pod_be_in_endpoints(pod, publish) {
            continue;
        }
        let addr = EndpointAddress {
            ip: pod.status.pod_ip.clone(),
            hostname: hostname_for(pod, svc),
            node_name: Some(pod.spec.node_name.clone()).filter(|n| !n.is_empty()),
            target_ref: Some(pod_reference(pod)),
        };
        let ready = publish || is_pod_ready(pod);
        for sp in &svc.spec.ports {
            let Some(number) = find_port(pod, sp) else {
                continue;
            };
            let port = EndpointPort {
                name: sp.name.clone(),
                port: number,
                protocol: sp.protocol_or_default().to_string(),
                app_protocol: sp.app_protocol.clone(),
            };
            let id = (addr.ip.clone(), pod.metadata.uid.clone());
            let entry = by_port.entry(port).or_default();
            let e = entry.entry(id).or_insert_with(|| (addr.clone(), ready));
            // Not ready always trumps ready.
            e.1 = e.1 && ready;
        }
    }
    repack(by_port)
}

/// Groups ports that share the same set of (address, ready) into one subset.
fn repack(by_port: AddressesByPort) -> Vec<EndpointSubset> {
    let mut groups: BTreeMap<Vec<(String, String, bool)>, EndpointSubset> = BTreeMap::new();
    for (port, addrs) in by_port {
        let sig: Vec<(String, String, bool)> = addrs
            .iter()
            .map(|((ip, uid), (_, ready))| (ip.clone(), uid.clone(), *ready))
            .collect();
        let subset = groups.entry(sig).or_insert_with(|| {
            let mut s = EndpointSubset::default();
            for (addr, ready) in addrs.values() {
                if *ready {
                    s.addresses.push(addr.clone());
                } else {
                    s.not_ready_addresses.push(addr.clone());
                }
            }
            s
        });
        subset.ports.push(port);
    }
    groups.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_and_ip_less_pods_are_left_out() {
        let mut pod = Pod::default();
        assert!(!should_pod_be_in_endpoints(&pod, false));
        pod.status.pod_ip = "10.244.1.5".into();
        assert!(should_pod_be_in_endpoints(&pod, false));
        pod.spec.restart_policy = "Never".into();
        pod.status.phase = "Succeeded".into();
        assert!(!should_pod_be_in_endpoints(&pod, false));
        pod.spec.restart_policy = "Always".into();
        pod.metadata.deletion_timestamp = Some(crate::api::Time(SimTime::ZERO));
        assert!(!should_pod_be_in_endpoints(&pod, false));
        assert!(should_pod_be_in_endpoints(&pod, true));
    }

    #[test]
    fn repack_sorts_addresses_by_ip_bytes_and_splits_ready() {
        let addr = |ip: &str| EndpointAddress {
            ip: ip.into(),
            ..EndpointAddress::default()
        };
        let port = EndpointPort {
            port: 80,
            protocol: "TCP".into(),
            ..EndpointPort::default()
        };
        let mut addrs = BTreeMap::new();
        for (ip, ready) in [
            ("10.244.1.5", true),
            ("10.244.1.10", true),
            ("10.244.2.3", false),
        ] {
            addrs.insert((ip.to_string(), String::new()), (addr(ip), ready));
        }
        let subsets = repack([(port, addrs)].into());
        assert_eq!(subsets.len(), 1);
        let ips: Vec<&str> = subsets[0].addresses.iter().map(|a| a.ip.as_str()).collect();
        assert_eq!(ips, vec!["10.244.1.10", "10.244.1.5"]);
        assert_eq!(subsets[0].not_ready_addresses[0].ip, "10.244.2.3");
    }
}
