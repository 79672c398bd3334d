//! The endpoints and EndpointSlice controllers: ready and not-ready addresses, readiness
//! changes, terminating pods, publishNotReadyAddresses. Pods live in a cluster without nodes
//! and get their status written directly, as a kubelet would report it.

use podflow_engine::api::endpoints::{EndpointSlice, Endpoints};
use podflow_engine::api::pod::PodIp;
use podflow_engine::api::{Kind, Object, ObjectKey, Pod};
use podflow_engine::network::Verb;
use podflow_engine::{Cluster, SimDuration};
use serde_json::json;

fn create_pod(c: &mut Cluster, name: &str, ip: &str, ready: bool) {
    let manifest = json!({"apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "labels": {"app": "web"}},
        "spec": {"containers": [{"name": "nginx", "image": "nginx",
                                 "ports": [{"name": "http", "containerPort": 8080}]}]}});
    c.request(Verb::CreateRaw(manifest)).unwrap();
    set_status(c, name, ip, ready);
}

fn set_status(c: &mut Cluster, name: &str, ip: &str, ready: bool) {
    let mut pod = get_pod(c, name);
    pod.status.phase = "Running".into();
    pod.status.pod_ip = ip.into();
    pod.status.pod_ips = vec![PodIp { ip: ip.into() }];
    let value = if ready { "True" } else { "False" };
    podflow_engine::api::pod_status::set_condition(
        &mut pod.status,
        "Ready",
        value,
        "",
        "",
        c.now(),
    );
    c.request(Verb::UpdateStatus(Object::Pod(pod))).unwrap();
    c.advance(SimDuration::from_millis(100));
}

fn get_pod(c: &Cluster, name: &str) -> Pod {
    c.store()
        .get_by(Kind::Pod, "default", name)
        .and_then(|o| o.as_pod())
        .cloned()
        .unwrap()
}

fn create_service(c: &mut Cluster, extra: serde_json::Value) {
    let mut spec =
        json!({"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": "http"}]});
    if let (Some(s), Some(e)) = (spec.as_object_mut(), extra.as_object()) {
        s.extend(e.clone());
    }
    let svc =
        json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}, "spec": spec});
    c.request(Verb::CreateRaw(svc)).unwrap();
    c.advance(SimDuration::from_millis(100));
}

fn endpoints(c: &Cluster) -> Endpoints {
    match c
        .store()
        .get_by(Kind::Endpoints, "default", "web")
        .map(|o| &**o)
    {
        Some(Object::Endpoints(e)) => e.clone(),
        other => panic!("no endpoints: {other:?}"),
    }
}

fn split(c: &Cluster) -> (Vec<String>, Vec<String>) {
    let ep = endpoints(c);
    let ready = ep
        .subsets
        .iter()
        .flat_map(|s| &s.addresses)
        .map(|a| a.ip.clone())
        .collect();
    let not = ep
        .subsets
        .iter()
        .flat_map(|s| &s.not_ready_addresses)
        .map(|a| a.ip.clone())
        .collect();
    (ready, not)
}

fn slices(c: &Cluster) -> Vec<EndpointSlice> {
    c.store()
        .list(Kind::EndpointSlice, Some("default"))
        .filter_map(|o| match &**o {
            Object::EndpointSlice(s)
                if s.metadata
                    .labels
                    .get("kubernetes.io/service-name")
                    .map(String::as_str)
                    == Some("web") =>
            {
                Some(s.clone())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn ready_and_not_ready_pods_are_split_and_sorted_like_upstream() {
    let mut c = Cluster::empty(31);
    create_pod(&mut c, "a", "10.244.1.5", true);
    create_pod(&mut c, "b", "10.244.1.10", true);
    create_pod(&mut c, "c", "10.244.2.3", false);
    create_service(&mut c, json!({}));
    let (ready, not) = split(&c);
    assert_eq!(ready, vec!["10.244.1.10", "10.244.1.5"], "sorted as bytes");
    assert_eq!(not, vec!["10.244.2.3"]);
    let ep = endpoints(&c);
    assert_eq!(
        ep.subsets[0].ports[0].port, 8080,
        "named targetPort resolved"
    );
    let target = ep.subsets[0].addresses[0].target_ref.clone().unwrap();
    assert_eq!((target.kind.as_str(), target.name.as_str()), ("Pod", "b"));
    let s = slices(&c);
    assert_eq!(s.len(), 1);
    assert!(s[0].metadata.name.starts_with("web-"));
    assert_eq!(s[0].ports[0].port, Some(8080));
    let ready: Vec<bool> = s[0]
        .endpoints
        .iter()
        .map(|e| e.conditions.ready == Some(true))
        .collect();
    assert_eq!(ready, vec![true, true, false]);
}

#[test]
fn a_pod_that_becomes_unready_leaves_the_addresses() {
    let mut c = Cluster::empty(32);
    create_pod(&mut c, "a", "10.244.1.5", true);
    create_pod(&mut c, "b", "10.244.2.6", true);
    create_service(&mut c, json!({}));
    assert_eq!(split(&c).0.len(), 2);
    set_status(&mut c, "a", "10.244.1.5", false);
    assert_eq!(
        split(&c),
        (
            vec!["10.244.2.6".to_string()],
            vec!["10.244.1.5".to_string()]
        )
    );
    set_status(&mut c, "b", "10.244.2.6", false);
    let (ready, not) = split(&c);
    assert!(ready.is_empty());
    assert_eq!(not.len(), 2);
    set_status(&mut c, "a", "10.244.1.5", true);
    assert_eq!(split(&c).0, vec!["10.244.1.5"]);
}

#[test]
fn publish_not_ready_addresses_puts_every_pod_in_addresses() {
    let mut c = Cluster::empty(33);
    create_pod(&mut c, "a", "10.244.1.5", false);
    create_service(&mut c, json!({"publishNotReadyAddresses": true}));
    assert_eq!(split(&c), (vec!["10.244.1.5".to_string()], vec![]));
}

#[test]
fn terminating_pods_leave_endpoints_but_stay_in_slices_as_terminating() {
    let mut c = Cluster::empty(34);
    create_pod(&mut c, "a", "10.244.1.5", true);
    create_service(&mut c, json!({}));
    // Bind the pod so that deletion is graceful (an unbound pod goes at once).
    c.request(Verb::Bind {
        pod: ObjectKey::new(Kind::Pod, "default", "a"),
        node: "ghost".into(),
    })
    .unwrap();
    c.request(Verb::Delete {
        key: ObjectKey::new(Kind::Pod, "default", "a"),
        grace_period_seconds: Some(30),
    })
    .unwrap();
    c.advance(SimDuration::from_millis(100));
    let (ready, not) = split(&c);
    assert!(ready.is_empty() && not.is_empty(), "{ready:?} {not:?}");
    let e = &slices(&c)[0].endpoints[0];
    assert_eq!(e.conditions.ready, Some(false));
    assert_eq!(e.conditions.serving, Some(true));
    assert_eq!(e.conditions.terminating, Some(true));
}

#[test]
fn deleting_the_service_deletes_its_endpoints() {
    let mut c = Cluster::empty(35);
    create_pod(&mut c, "a", "10.244.1.5", true);
    create_service(&mut c, json!({}));
    let key = ObjectKey::new(Kind::Service, "default", "web");
    c.request(Verb::Delete {
        key,
        grace_period_seconds: None,
    })
    .unwrap();
    c.advance(SimDuration::from_secs(1));
    assert!(c
        .store()
        .get_by(Kind::Endpoints, "default", "web")
        .is_none());
    assert!(
        slices(&c).is_empty(),
        "the garbage collector follows the owner reference"
    );
}

#[test]
fn hand_written_endpoints_of_a_selectorless_service_are_mirrored_into_a_slice() {
    let mut c = Cluster::new(36);
    let svc = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "db"},
                     "spec": {"ports": [{"port": 5432}]}});
    c.request(Verb::CreateRaw(svc)).unwrap();
    let ep = json!({"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": "db"},
                    "subsets": [{"addresses": [{"ip": "192.168.56.11"}],
                                 "ports": [{"port": 5432}]}]});
    c.request(Verb::CreateRaw(ep)).unwrap();
    c.advance(SimDuration::from_secs(1));
    let mirrored: Vec<EndpointSlice> = c
        .store()
        .list(Kind::EndpointSlice, Some("default"))
        .filter_map(|o| match &**o {
            Object::EndpointSlice(s) if s.metadata.name.starts_with("db-") => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(mirrored.len(), 1);
    let s = &mirrored[0];
    assert_eq!(
        s.metadata
            .labels
            .get("endpointslice.kubernetes.io/managed-by")
            .map(String::as_str),
        Some("endpointslicemirroring-controller.k8s.io")
    );
    assert_eq!(s.endpoints[0].addresses, vec!["192.168.56.11".to_string()]);
    assert_eq!(s.metadata.owner_references[0].kind, "Endpoints");
    // The controller leaves the hand-written Endpoints alone (no selector).
    let ep = c.store().get_by(Kind::Endpoints, "default", "db").unwrap();
    assert!(ep.meta().annotations.is_empty());
}
