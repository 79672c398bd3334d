//! The EndpointSlice mirroring controller: hand-written Endpoints become EndpointSlices.
//!
//! Mirrors `pkg/controller/endpointslicemirroring/endpointslicemirroring_controller.go`
//! (`syncEndpoints`) and its `reconciler.go` / `utils.go` (`newEndpointSlice`): for a Service
//! without a selector whose Endpoints were written by hand (and do not carry
//! `endpointslice.kubernetes.io/skip-mirror: "true"`), one slice per subset, named from
//! `generateName: <service>-`, labelled `kubernetes.io/service-name` and managed by
//! `endpointslicemirroring-controller.k8s.io`, owned by the Endpoints; `addresses` are ready,
//! `notReadyAddresses` are not. This is how kube-proxy, which reads only slices, reaches
//! endpoints a learner wrote. Left out: the 1000-address cap, IPv6, FQDN address types.

use super::client::Shared;
use crate::api::endpoints::{
    Endpoint, EndpointAddress, EndpointConditions, EndpointSlice, EndpointSlicePort,
    EndpointSubset, Endpoints, LABEL_MANAGED_BY, LABEL_SERVICE_NAME,
};
use crate::api::meta::OwnerReference;
use crate::api::{Kind, Object, ObjectKey, ObjectMeta};
use crate::clock::{SimDuration, SimTime};
use crate::cluster::Ctx;
use crate::network::Verb;
use std::collections::BTreeMap;

/// The mirroring controller's `LabelManagedBy` value.
pub const MANAGED_BY_MIRRORING: &str = "endpointslicemirroring-controller.k8s.io";
/// `discovery.LabelSkipMirror`.
pub const LABEL_SKIP_MIRROR: &str = "endpointslice.kubernetes.io/skip-mirror";
const IN_FLIGHT: SimDuration = SimDuration::from_secs(1);

#[derive(Clone, Debug, Default)]
pub struct EndpointSliceMirroringController {
    sent: BTreeMap<(ObjectKey, Vec<EndpointSlicePort>), (SimTime, Vec<Endpoint>)>,
}

/// The Endpoints to mirror for a Service key, if it should be mirrored.
fn mirrored_endpoints(ctx: &Ctx, key: &ObjectKey) -> Option<Endpoints> {
    let Object::Service(svc) = &**ctx.store.get(key)? else {
        return None;
    };
    if svc.spec.selector.is_some() {
        return None;
    }
    let ep = ctx
        .store
        .get_by(Kind::Endpoints, &key.namespace, &key.name)?;
    let Object::Endpoints(ep) = &**ep else {
        return None;
    };
    let skip = ep
        .metadata
        .labels
        .get(LABEL_SKIP_MIRROR)
        .map(String::as_str)
        == Some("true");
    (!skip).then(|| ep.clone())
}

impl EndpointSliceMirroringController {
    /// Mirrors `syncEndpoints`: one slice per subset's port list; stale slices go.
    pub fn sync(&mut self, ctx: &mut Ctx, sh: &mut Shared, key: &ObjectKey) {
        let desired: BTreeMap<Vec<EndpointSlicePort>, Vec<Endpoint>> =
            match mirrored_endpoints(ctx, key) {
                Some(ep) => ep
                    .subsets
                    .iter()
                    .map(|s| (slice_ports(s), endpoints_of(s)))
                    .collect(),
                None => BTreeMap::new(),
            };
        let existing: Vec<EndpointSlice> = ctx
            .store
            .list(Kind::EndpointSlice, Some(&key.namespace))
            .filter_map(|o| match &**o {
                Object::EndpointSlice(s) => Some(s.clone()),
                _ => None,
            })
            .filter(|s| {
                let l = &s.metadata.labels;
                l.get(LABEL_SERVICE_NAME) == Some(&key.name)
                    && l.get(LABEL_MANAGED_BY).map(String::as_str) == Some(MANAGED_BY_MIRRORING)
            })
            .collect();
        for (ports, endpoints) in &desired {
            let found = existing.iter().find(|s| s.ports == *ports);
            if found.is_some_and(|s| s.endpoints == *endpoints) {
                continue;
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
                    next.metadata.resource_version.clear();
                    Verb::Update(Object::EndpointSlice(next))
                }
                None => {
                    let Some(ep) = mirrored_endpoints(ctx, key) else {
                        continue;
                    };
                    Verb::Create(Object::EndpointSlice(new_slice(&ep, ports, endpoints)))
                }
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

fn slice_ports(s: &EndpointSubset) -> Vec<EndpointSlicePort> {
    s.ports
        .iter()
        .map(|p| EndpointSlicePort {
            name: Some(p.name.clone()),
            protocol: Some(if p.protocol.is_empty() {
                "TCP".into()
            } else {
                p.protocol.clone()
            }),
            port: Some(p.port),
            app_protocol: p.app_protocol.clone(),
        })
        .collect()
}

fn endpoints_of(s: &EndpointSubset) -> Vec<Endpoint> {
    let one = |a: &EndpointAddress, ready: bool| Endpoint {
        addresses: vec![a.ip.clone()],
        conditions: EndpointConditions {
            ready: Some(ready),
            ..EndpointConditions::default()
        },
        hostname: Some(a.hostname.clone()).filter(|h| !h.is_empty()),
        target_ref: a.target_ref.clone(),
        node_name: a.node_name.clone(),
        ..Endpoint::default()
    };
    let ready = s.addresses.iter().map(|a| one(a, true));
    ready
        .chain(s.not_ready_addresses.iter().map(|a| one(a, false)))
        .collect()
}

/// Mirrors `newEndpointSlice` of the mirroring controller's utils.go.
fn new_slice(ep: &Endpoints, ports: &[EndpointSlicePort], endpoints: &[Endpoint]) -> EndpointSlice {
    let mut labels = ep.metadata.labels.clone();
    labels.insert(LABEL_SERVICE_NAME.into(), ep.metadata.name.clone());
    labels.insert(LABEL_MANAGED_BY.into(), MANAGED_BY_MIRRORING.into());
    EndpointSlice {
        metadata: ObjectMeta {
            generate_name: format!("{}-", ep.metadata.name),
            namespace: ep.metadata.namespace.clone(),
            labels,
            owner_references: vec![OwnerReference {
                api_version: "v1".into(),
                kind: "Endpoints".into(),
                name: ep.metadata.name.clone(),
                uid: ep.metadata.uid.clone(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::endpoints::EndpointPort;

    #[test]
    fn a_subset_becomes_ready_and_not_ready_endpoints() {
        let addr = |ip: &str| EndpointAddress {
            ip: ip.into(),
            ..EndpointAddress::default()
        };
        let s = EndpointSubset {
            addresses: vec![addr("192.168.56.20")],
            not_ready_addresses: vec![addr("192.168.56.21")],
            ports: vec![EndpointPort {
                port: 5432,
                ..EndpointPort::default()
            }],
        };
        let e = endpoints_of(&s);
        assert_eq!(e[0].conditions.ready, Some(true));
        assert_eq!(e[1].conditions.ready, Some(false));
        assert_eq!(slice_ports(&s)[0].protocol.as_deref(), Some("TCP"));
    }
}
