//! Recording Kubernetes Events (`kubectl describe`'s Events table) through the API server.
//!
//! Mirrors `client-go/tools/record/event.go` (`recorder.generateEvent`, `makeEvent`): an Event
//! named `<object>.<16 hex digits>` in the object's namespace, with the involved object's
//! reference, reason, message, type and source. Repeats are folded by the API server
//! (see `apiserver::correlate_event`), where upstream's recorder does it client-side.

use crate::api::event::{EventSource, ObjectReference};
use crate::api::{Event, Object, ObjectMeta, Time};
use crate::cluster::Ctx;
use crate::network::Verb;
use crate::trace::Actor;

pub const NORMAL: &str = "Normal";
pub const WARNING: &str = "Warning";

/// Who reports an event: `default-scheduler`, `kubelet` on `k8s-node-1`, `replicaset-controller`.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    /// The actor that sends the create request.
    pub actor: &'a Actor,
    pub component: &'a str,
    pub host: &'a str,
}

/// Sends a `create Event` request from `source.actor` about `involved`.
pub fn record(
    ctx: &mut Ctx,
    involved: &Object,
    field_path: &str,
    type_: &str,
    reason: &str,
    message: impl Into<String>,
    source: Source,
) {
    let meta = involved.meta();
    let info = crate::api::registry::info(involved.kind());
    let name = format!("{}.{:016x}", meta.name, ctx.rng.next_u64());
    let event = Event {
        metadata: ObjectMeta {
            name,
            namespace: if meta.namespace.is_empty() {
                "default".into()
            } else {
                meta.namespace.clone()
            },
            ..ObjectMeta::default()
        },
        involved_object: ObjectReference {
            kind: involved.kind().as_str().to_string(),
            namespace: meta.namespace.clone(),
            name: meta.name.clone(),
            uid: meta.uid.clone(),
            api_version: info.api_version().to_string(),
            field_path: field_path.to_string(),
        },
        reason: reason.to_string(),
        message: message.into(),
        source: EventSource {
            component: source.component.into(),
            host: source.host.into(),
        },
        first_timestamp: Some(Time(ctx.now)),
        last_timestamp: Some(Time(ctx.now)),
        count: 1,
        type_: type_.to_string(),
        reporting_component: source.component.to_string(),
        reporting_instance: source.host.to_string(),
        ..Event::default()
    };
    ctx.out
        .request(source.actor, Verb::Create(Object::Event(event)));
}

/// Events about one object, oldest first, as `kubectl describe` lists them.
pub fn for_object<'a>(store: &'a crate::store::Store, obj: &'a Object) -> Vec<&'a Event> {
    let meta = obj.meta();
    let ns = if meta.namespace.is_empty() {
        "default"
    } else {
        meta.namespace.as_str()
    };
    let mut events: Vec<&Event> = store
        .list(crate::api::Kind::Event, Some(ns))
        .filter_map(|o| match &**o {
            Object::Event(e) if e.involved_object.uid == meta.uid => Some(e),
            _ => None,
        })
        .collect();
    crate::sort::by_key(&mut events, |e| {
        (
            e.first_timestamp,
            e.metadata.resource_version.parse::<u64>().unwrap_or(0),
        )
    });
    events
}
