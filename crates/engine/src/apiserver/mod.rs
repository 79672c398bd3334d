//! The API server: decode, default, validate, admit, persist through etcd, fan out watches.
//!
//! Mirrors the request path of `staging/src/k8s.io/apiserver/pkg/endpoints/handlers`
//! (create.go, update.go, delete.go) and the pod registry's binding and graceful deletion
//! (`pkg/registry/core/pod/storage/storage.go`, `pkg/registry/core/pod/strategy.go`).
//! Watches are modelled as the API server pushing each committed change to the components
//! that watch that kind; a component's informer cache is its read of the store when a watch
//! event arrives. Left out: authentication, RBAC, API priority and fairness, patch types.

pub mod admission;
pub mod decode;
pub mod decode_errors;
pub mod defaults;
pub mod defaults_apps;
pub mod errors;
pub mod service_alloc;
pub mod validation;
pub mod validation_apps;

use crate::api::{Kind, Object, ObjectKey, Time};
use crate::cluster::Ctx;
use crate::network::{Body, EtcdOp, Response, Verb};
use crate::store::WatchType;
use crate::trace::Actor;
use errors::{ApiError, Cause};
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Clone, Debug, Default)]
pub struct ApiServer {
    /// Event correlation key → the name of the Event that first carried it, so a repeat is
    /// found without scanning every Event (upstream's EventCorrelator keeps such a cache).
    event_names: BTreeMap<EventKey, String>,
}

/// What makes two events "the same" for correlation.
type EventKey = (String, String, String, String, String, String, String);

fn event_key(ev: &crate::api::Event) -> EventKey {
    (
        ev.metadata.namespace.clone(),
        ev.involved_object.uid.clone(),
        ev.involved_object.field_path.clone(),
        ev.reason.clone(),
        ev.message.clone(),
        ev.source.component.clone(),
        ev.source.host.clone(),
    )
}

impl ApiServer {
    /// Handles a client's request: on success an etcd transaction goes out; on failure the
    /// error goes straight back to the client.
    pub fn handle_request(&mut self, ctx: &mut Ctx, client: &Actor, id: u64, verb: Verb) {
        match self.prepare(ctx, verb) {
            Ok(op) => {
                let txn = Body::EtcdTxn {
                    id,
                    client: client.clone(),
                    op,
                };
                ctx.out.send(&Actor::ApiServer, &Actor::Etcd, txn);
            }
            Err(e) => {
                let resp = Body::Response(Response { id, result: Err(e) });
                ctx.out.send(&Actor::ApiServer, client, resp);
            }
        }
    }

    /// After etcd committed (or refused): answer the client and notify the watchers.
    pub fn handle_etcd_result(
        &mut self,
        ctx: &mut Ctx,
        id: u64,
        client: &Actor,
        result: Result<Arc<Object>, ApiError>,
        type_: WatchType,
    ) {
        if let Ok(obj) = &result {
            for watcher in watchers(ctx, obj) {
                let body = Body::Watch {
                    type_,
                    object: obj.clone(),
                };
                ctx.out.send(&Actor::ApiServer, &watcher, body);
            }
        }
        ctx.out.send(
            &Actor::ApiServer,
            client,
            Body::Response(Response { id, result }),
        );
    }

    fn prepare(&mut self, ctx: &mut Ctx, verb: Verb) -> Result<EtcdOp, ApiError> {
        match verb {
            Verb::CreateRaw(value) => self.create(ctx, decode::decode(&value)?),
            Verb::Create(obj) => self.create(ctx, obj),
            Verb::UpdateRaw(value) => self.update(ctx, decode::decode(&value)?, false),
            Verb::Update(obj) => self.update(ctx, obj, false),
            Verb::UpdateStatus(obj) => self.update(ctx, obj, true),
            Verb::Delete {
                key,
                grace_period_seconds,
            } => self.delete(ctx, &key, grace_period_seconds),
            Verb::Bind { pod, node } => bind(ctx, &pod, node),
        }
    }

    fn create(&mut self, ctx: &mut Ctx, mut obj: Object) -> Result<EtcdOp, ApiError> {
        prepare_for_create(ctx, &mut obj)?;
        if let Object::Event(ev) = &obj {
            let key = event_key(ev);
            let known = self.event_names.get(&key);
            if let Some(op) = known.and_then(|name| correlate_event(ctx, ev, name)) {
                return Ok(op);
            }
            self.event_names.insert(key, ev.metadata.name.clone());
        }
        Ok(EtcdOp::Create(obj))
    }

    fn update(
        &mut self,
        ctx: &mut Ctx,
        mut obj: Object,
        status_only: bool,
    ) -> Result<EtcdOp, ApiError> {
        let key = complete_key(&mut obj);
        let current = ctx
            .store
            .get(&key)
            .ok_or_else(|| ApiError::not_found(key.kind, &key.name))?;
        // Mirrors the store's GuaranteedUpdate: a stale resourceVersion is a Conflict before
        // any defaulting or validation, so a write built on an old read never lands. Status
        // writes stay unconditional (they replace only `.status`, as the kubelet's patch does).
        let sent_rv = &obj.meta().resource_version;
        if !status_only && !sent_rv.is_empty() && *sent_rv != current.meta().resource_version {
            return Err(ApiError::conflict(key.kind, &key.name));
        }
        let mut next = if status_only {
            with_status_of(current, obj)
        } else {
            obj
        };
        carry_system_meta(current, &mut next);
        if !status_only {
            defaults::apply(&mut next);
            admission::prepare_for_update(current, &mut next);
            service_alloc::prepare_update(ctx.store, ctx.rng, current, &mut next)?;
            let causes = validation::validate_update(current, &next);
            if !causes.is_empty() {
                return Err(ApiError::invalid(key.kind, &key.name, causes));
            }
        }
        Ok(EtcdOp::Update(next))
    }

    fn delete(
        &mut self,
        ctx: &mut Ctx,
        key: &ObjectKey,
        grace: Option<i64>,
    ) -> Result<EtcdOp, ApiError> {
        let current = ctx
            .store
            .get(key)
            .ok_or_else(|| ApiError::not_found(key.kind, &key.name))?;
        let Object::Pod(pod) = &**current else {
            return Ok(EtcdOp::Delete(key.clone()));
        };
        // Mirrors pod strategy CheckGracefulDelete: an unbound pod or a zero grace period goes
        // at once; a bound pod gets a deletionTimestamp and the kubelet finishes the job.
        let default_grace = pod.spec.termination_grace_period_seconds.unwrap_or(30);
        let grace = grace.unwrap_or(default_grace).max(0);
        if pod.spec.node_name.is_empty() || grace == 0 {
            return Ok(EtcdOp::Delete(key.clone()));
        }
        let mut next = (**current).clone();
        let meta = next.meta_mut();
        if let Some(existing) = meta.deletion_grace_period_seconds {
            if existing <= grace {
                return Ok(EtcdOp::Update(next));
            }
        }
        meta.deletion_timestamp = Some(Time(
            ctx.now + crate::clock::SimDuration::from_secs(grace as u64),
        ));
        meta.deletion_grace_period_seconds = Some(grace);
        Ok(EtcdOp::Update(next))
    }
}

/// `--dry-run=server` for a create: decode, default, admit and validate, but write nothing.
pub fn dry_run_create(ctx: &mut Ctx, value: &serde_json::Value) -> Result<Object, ApiError> {
    let mut obj = decode::decode(value)?;
    prepare_for_create(ctx, &mut obj)?;
    Ok(obj)
}

/// Fills namespace, name, uid and timestamps, then defaults, validates and admits.
fn prepare_for_create(ctx: &mut Ctx, obj: &mut Object) -> Result<(), ApiError> {
    let kind = obj.kind();
    complete_key(obj);
    let meta = obj.meta_mut();
    if meta.name.is_empty() && !meta.generate_name.is_empty() {
        meta.name = format!("{}{}", meta.generate_name, ctx.rng.suffix(5));
    }
    if meta.name.is_empty() {
        let cause = Cause::new(
            "metadata.name",
            "Required value: name or generateName is required",
        );
        return Err(ApiError::invalid(kind, "", vec![cause]));
    }
    meta.uid = ctx.rng.uuid();
    meta.creation_timestamp = Some(Time(ctx.now));
    meta.resource_version.clear();
    meta.deletion_timestamp = None;
    defaults::apply(obj);
    // NamespaceLifecycle is a mutating plugin: it runs before validation.
    admit_namespace(ctx, obj)?;
    admission::admit_create(ctx.rng, obj)?;
    let causes = validation::validate_create(obj);
    if !causes.is_empty() {
        return Err(ApiError::invalid(kind, &obj.meta().name, causes));
    }
    service_alloc::prepare(ctx, obj)?;
    let key = obj.key();
    if ctx.store.get(&key).is_some() {
        return Err(ApiError::already_exists(kind, &key.name));
    }
    obj.set_type_meta();
    Ok(())
}

/// NamespaceLifecycle admission: objects go only into namespaces that exist.
fn admit_namespace(ctx: &Ctx, obj: &Object) -> Result<(), ApiError> {
    let ns = &obj.meta().namespace;
    if ns.is_empty() || ctx.store.get_by(Kind::Namespace, "", ns).is_some() {
        return Ok(());
    }
    Err(ApiError::not_found(Kind::Namespace, ns))
}

/// Puts namespaced objects in `default` when none is given and clears it on cluster-scoped ones.
fn complete_key(obj: &mut Object) -> ObjectKey {
    let namespaced = crate::api::registry::info(obj.kind()).namespaced;
    let meta = obj.meta_mut();
    if !namespaced {
        meta.namespace.clear();
    } else if meta.namespace.is_empty() {
        meta.namespace = "default".to_string();
    }
    obj.key()
}

/// The stored object with its `status` replaced by the one sent, as the status subresource does.
fn with_status_of(current: &Arc<Object>, sent: Object) -> Object {
    let mut next = (**current).clone();
    match (&mut next, sent) {
        (Object::Pod(n), Object::Pod(s)) => n.status = s.status,
        (Object::Node(n), Object::Node(s)) => n.status = s.status,
        (Object::Namespace(n), Object::Namespace(s)) => n.status = s.status,
        (n, s) => crate::api::apps::take_status(n, s),
    }
    next.meta_mut().resource_version = String::new();
    next
}

/// Fields only the server sets survive a client's update.
fn carry_system_meta(current: &Object, next: &mut Object) {
    let cur = current.meta();
    let kind_info = crate::api::registry::info(current.kind());
    let meta = next.meta_mut();
    meta.uid = cur.uid.clone();
    meta.creation_timestamp = cur.creation_timestamp;
    meta.generate_name = cur.generate_name.clone();
    if meta.deletion_timestamp.is_none() {
        meta.deletion_timestamp = cur.deletion_timestamp;
        meta.deletion_grace_period_seconds = cur.deletion_grace_period_seconds;
    }
    if kind_info.namespaced && meta.namespace.is_empty() {
        meta.namespace = cur.namespace.clone();
    }
    next.set_type_meta();
}

/// `POST pods/<name>/binding`: sets `spec.nodeName` and the PodScheduled condition.
fn bind(ctx: &mut Ctx, key: &ObjectKey, node: String) -> Result<EtcdOp, ApiError> {
    let current = ctx
        .store
        .get(key)
        .ok_or_else(|| ApiError::not_found(key.kind, &key.name))?;
    let Object::Pod(pod) = &**current else {
        return Err(ApiError::not_found(key.kind, &key.name));
    };
    if !pod.spec.node_name.is_empty() {
        let msg = format!(
            "pod {} is already assigned to node \"{}\"",
            key.name, pod.spec.node_name
        );
        return Err(ApiError {
            reason: errors::Reason::Conflict,
            message: msg,
            causes: vec![],
        });
    }
    if pod.metadata.deletion_timestamp.is_some() {
        let msg = format!(
            "pod {} is being deleted, cannot be assigned to a host",
            key.name
        );
        return Err(ApiError {
            reason: errors::Reason::Conflict,
            message: msg,
            causes: vec![],
        });
    }
    let mut next = pod.clone();
    next.spec.node_name = node;
    crate::api::pod_status::set_condition(
        &mut next.status,
        "PodScheduled",
        "True",
        "",
        "",
        ctx.now,
    );
    Ok(EtcdOp::Update(Object::Pod(next)))
}

/// Mirrors `client-go/tools/record/events_cache.go` EventCorrelator, done server-side here: a
/// repeat of the same event bumps `count` and `lastTimestamp` of the stored one.
fn correlate_event(ctx: &Ctx, ev: &crate::api::Event, name: &str) -> Option<EtcdOp> {
    let stored = ctx
        .store
        .get_by(Kind::Event, &ev.metadata.namespace, name)?;
    let Object::Event(same) = &**stored else {
        return None;
    };
    let mut next = same.clone();
    next.count += 1;
    next.last_timestamp = Some(Time(ctx.now));
    Some(EtcdOp::Update(Object::Event(next)))
}

/// Which components watch an object's kind (and, for pods, which kubelet).
fn watchers(ctx: &Ctx, obj: &Object) -> Vec<Actor> {
    match obj {
        Object::Pod(p) => {
            let mut w = vec![Actor::Scheduler, Actor::ControllerManager];
            if !p.spec.node_name.is_empty() {
                w.push(Actor::Kubelet(p.spec.node_name.as_str().into()));
            }
            w
        }
        Object::Node(_) => vec![Actor::Scheduler, Actor::ControllerManager],
        Object::Event(_) => vec![],
        Object::Service(_) | Object::EndpointSlice(_) => crate::proxy::watchers(ctx.store),
        _ => vec![Actor::ControllerManager],
    }
    .into_iter()
    .filter(|a| {
        a.node()
            .is_none_or(|n| ctx.store.get_by(Kind::Node, "", n).is_some())
    })
    .collect()
}
