//! The EndpointSlice controller: `discovery.k8s.io/v1` slices for each Service with a selector.
//!
//! Mirrors `pkg/controller/endpointslice/endpointslice_controller.go` (`syncService`) and the
//! reconciler of `staging/src/k8s.io/endpointslice/reconciler.go` with `podToEndpoint` of
//! `staging/src/k8s.io/endpointslice/utils.go`: one endpoint per pod with an IP (terminating
//! pods included), `serving` = pod Ready, `terminating` = deletion timestamp, `ready` =
//! serving and not terminating (always true with `publishNotReadyAddresses`); slices named
//! from `generateName: <service>-`, labelled `kubernetes.io/service-name` and
//! `endpointslice.kubernetes.io/managed-by`, owned by the Service (the garbage collector removes
//! them with it). Simplified: one slice per distinct port mapping with no 100-endpoint limit;
//! endpoints ordered by IP; no topology hints or zones.

use super::client::Shared;
use super::endpoints::{hostname_for, is_pod_ready, selected_pods, should_pod_be_in_endpoints};
use crate::api::endpoints::{
    Endpoint, EndpointConditions, EndpointSlice, EndpointSlicePort, LABEL_HEADLESS,
    LABEL_MANAGED_BY, LABEL_SERVICE_NAME, MANAGED_BY_CONTROLLER,
};
use crate::api::meta::OwnerReference;
use crate::api::service::{find_port, pod_reference, Service, TYPE_EXTERNAL_NAME};
use crate::api::{Kind, Object, ObjectKey, ObjectMeta};
use crate::clock::{SimDuration, SimTime};
use crate::cluster::Ctx;
use crate::network::Verb;
use std::collections::BTreeMap;

const IN_FLIGHT: SimDuration = SimDuration::from_secs(1);

#[derive(Clone, Debug, Default)]
pub struct EndpointSliceController {
    /// Slices asked for per Service and port mapping, so one is not created twice while the
    /// first create is in flight.
    sent: BTreeMap<(ObjectKey, Vec<EndpointSlicePort>), (SimTime, Vec<Endpoint>)>,
}

/// Slices this controller manages for a Service.
pub fn slices_of<'a>(ctx: &'a Ctx, ns: &'a str, service: &str) -> Vec<&'a EndpointSlice> {
    ctx.store
        .list(Kind::EndpointSlice, Some(ns))
        .filter_map(|o| match &**o {
            Object::EndpointSlice(s) => Some(s),
            _ => None,
        })
        .filter(|s| {
            let l = &s.metadata.labels;
            l.get(LABEL_SERVICE_NAME).map(String::as_str) == Some(service)
                && l.get(LABEL_MANAGED_BY).map(String::as_str) == Some(MANAGED_BY_CONTROLLER)
        })
        .collect()
}

impl EndpointSliceController {
    /// Mirrors `syncService` + `reconciler.Reconcile`: update slices whose port mapping still
    /// exists, create missing ones, delete the rest.
    pub fn sync(&mut self, ctx: &mut Ctx, sh: &mut Shared, key: &ObjectKey) {
        let Some(Object::Service(svc)) = ctx.store.get(key).map(|o| (**o).clone()) else {
            self.sent.retain(|(k, _), _| k != key);
            return;
        };
        if svc.spec.selector.is_none() || svc.spec.type_ == TYPE_EXTERNAL_NAME {
            return;
        }
        let desired = desired_endpoints(ctx, &svc);
        let existing: Vec<EndpointSlice> = slices_of(ctx, &key.namespace, &key.name)
            .into_iter()
            .cloned()
            .collect();
        let labels = slice_labels(&svc);
        for (ports, endpoints) in &desired {
            let found = existing.iter().find(|s| s.ports == *ports);
            if let Some(s) = found {
                if s.endpoints == *endpoints && s.metadata.labels == labels {
                    continue;
                }
            }
            let sent_key = (key.clone(), ports.clone());
            if self
                .sent
                .get(&sent_key)
                .is_some_and(|(at, e)| e == endpoints && ctx.now.saturating_sub(*at) < IN_FLIGHT)
            {
                continue;
            }
            self.sent.insert(sent_key, (ctx.now, endpoints.clone()));
            let verb = match found {
                Some(s) => {
                    let mut next = s.clone();
                    next.endpoints = endpoints.clone();
                    next.metadata.labels = labels.clone();
                    next.metadata.resource_version.clear();
                    Verb::Update(Object::EndpointSlice(next))
                }
                None => Verb::Create(Object::EndpointSlice(new_slice(&svc, ports, endpoints))),
            };
            sh.write(ctx, key, verb);
        }
        for s in existing.iter().filter(|s| !desired.contains_key(&s.ports)) {
            let verb = Verb::Delete {
                key: ObjectKey::new(Kind::EndpointSlice, &key.namespace, &s.metadata.name),
                grace_period_seconds: None,
            };
            sh.write(ctx, key, verb);
        }
    }
}

fn slice_labels(svc: &Service) -> BTreeMap<String, String> {
    let mut labels = svc.metadata.labels.clone();
    labels.insert(LABEL_SERVICE_NAME.into(), svc.metadata.name.clone());
    labels.insert(LABEL_MANAGED_BY.into(), MANAGED_BY_CONTROLLER.into());
    if !svc.is_ip_set() {
        labels.insert(LABEL_HEADLESS.into(), String::new());
    }
    labels
}

fn new_slice(svc: &Service, ports: &[EndpointSlicePort], endpoints: &[Endpoint]) -> EndpointSlice {
    EndpointSlice {
        metadata: ObjectMeta {
            generate_name: format!("{}-", svc.metadata.name),
            namespace: svc.metadata.namespace.clone(),
            labels: slice_labels(svc),
            owner_references: vec![OwnerReference {
                api_version: "v1".into(),
                kind: "Service".into(),
                name: svc.metadata.name.clone(),
                uid: svc.metadata.uid.clone(),
                controller: Some(true),
                block_owner_deletion: Some(true),
            }],
            ..ObjectMeta::default()
        },
        address_type: "IPv4".into(),
        endpoints: endpoints.to_vec(),
        ports: ports.to_vec(),
        ..EndpointSlice::default()
    }
}

/// Endpoints grouped by the ports their pod resolves the Service's ports to.
fn desired_endpoints(ctx: &Ctx, svc: &Service) -> BTreeMap<Vec<EndpointSlicePort>, Vec<Endpoint>> {
    let mut out: BTreeMap<Vec<EndpointSlicePort>, Vec<Endpoint>> = BTreeMap::new();
    for pod in selected_pods(ctx, svc) {
        if !should_pod_be_in_endpoints(pod, true) {
            continue;
        }
        let ports: Vec<EndpointSlicePort> = svc
            .spec
            .ports
            .iter()
            .filter_map(|sp| {
                Some(EndpointSlicePort {
                    name: Some(sp.name.clone()),
                    protocol: Some(sp.protocol_or_default().to_string()),
                    port: Some(find_port(pod, sp)?),
                    app_protocol: sp.app_protocol.clone(),
                })
            })
            .collect();
        let serving = is_pod_ready(pod);
        let terminating = pod.metadata.deletion_timestamp.is_some();
        let ready = svc.spec.publish_not_ready_addresses || (serving && !terminating);
        let hostname = hostname_for(pod, svc);
        out.entry(ports).or_default().push(Endpoint {
            addresses: vec![pod.status.pod_ip.clone()],
            conditions: EndpointConditions {
                ready: Some(ready),
                serving: Some(serving),
                terminating: Some(terminating),
            },
            hostname: Some(hostname).filter(|h| !h.is_empty()),
            target_ref: Some(pod_reference(pod)),
            node_name: Some(pod.spec.node_name.clone()).filter(|n| !n.is_empty()),
            zone: None,
            hints: None,
        });
    }
    for endpoints in out.values_mut() {
        crate::sort::by(endpoints, |a, b| a.addresses.cmp(&b.addresses));
    }
    if out.is_empty() {
        // The reconciler keeps one placeholder slice for a Service without endpoints.
        out.insert(vec![], vec![]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_labels_name_the_service_and_the_manager() {
        let mut svc = Service::default();
        svc.metadata.name = "web".into();
        svc.metadata.labels.insert("app".into(), "web".into());
        let l = slice_labels(&svc);
        assert_eq!(l.get(LABEL_SERVICE_NAME).map(String::as_str), Some("web"));
        assert_eq!(
            l.get(LABEL_MANAGED_BY).map(String::as_str),
            Some(MANAGED_BY_CONTROLLER)
        );
        assert!(
            l.contains_key(LABEL_HEADLESS),
            "no cluster IP yet: headless"
        );
        let s = new_slice(&svc, &[], &[]);
        assert_eq!(s.metadata.generate_name, "web-");
        assert_eq!(s.metadata.owner_references[0].kind, "Service");
    }
}
