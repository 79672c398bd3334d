//! The trace's view of a message: a short kind, the object it concerns, an English summary.
//!
//! Pure functions of the message, so the UI and the CLI describe the same thing the same way.

use crate::api::ObjectKey;
use crate::network::{Body, EtcdOp, Verb};

/// `(kind, object, summary)` for one message body.
pub fn describe(body: &Body) -> (&'static str, Option<ObjectKey>, String) {
    match body {
        Body::Request(req) => {
            let key = verb_key(&req.verb);
            let what = key
                .as_ref()
                .map_or_else(|| "object".to_string(), |k| k.to_string());
            let summary = match &req.verb {
                Verb::Bind { node, .. } => format!("bind {what} to {node}"),
                v => format!("{} {what}", v.name()),
            };
            (req.verb.name(), key, summary)
        }
        Body::Response(resp) => match &resp.result {
            Ok(obj) => ("response", Some(obj.key()), format!("OK {}", obj.key())),
            Err(e) => ("error", None, format!("{} {}", e.reason.code(), e.message)),
        },
        Body::EtcdTxn { op, .. } => {
            let (verb, key) = match op {
                EtcdOp::Create(o) => ("put", o.key()),
                EtcdOp::Update(o) => ("put", o.key()),
                EtcdOp::Delete(k) => ("delete", k.clone()),
            };
            let summary = format!("{verb} /registry/{key}");
            ("etcd-txn", Some(key), summary)
        }
        Body::EtcdResult { result, .. } => match result {
            Ok(obj) => {
                let rv = &obj.meta().resource_version;
                (
                    "etcd-ok",
                    Some(obj.key()),
                    format!("committed {} at revision {rv}", obj.key()),
                )
            }
            Err(e) => ("etcd-error", None, e.message.clone()),
        },
        Body::Watch { type_, object } => (
            "watch",
            Some(object.key()),
            format!("{} {}", type_.as_str(), object.key()),
        ),
        Body::Node(msg) => {
            let (kind, summary) = msg.describe();
            (kind, None, summary)
        }
    }
}

fn verb_key(verb: &Verb) -> Option<ObjectKey> {
    match verb {
        Verb::Create(o) | Verb::Update(o) | Verb::UpdateStatus(o) => Some(o.key()),
        Verb::CreateRaw(v) | Verb::UpdateRaw(v) => raw_key(v),
        Verb::Delete { key, .. } => Some(key.clone()),
        Verb::Bind { pod, .. } => Some(pod.clone()),
    }
}

fn raw_key(v: &serde_json::Value) -> Option<ObjectKey> {
    let api_version = v.get("apiVersion")?.as_str()?;
    let kind = v.get("kind")?.as_str()?;
    let info = crate::api::registry::resolve(api_version, kind)?;
    let meta = v.get("metadata")?;
    let name = meta.get("name").and_then(|n| n.as_str()).unwrap_or("");
    let ns = meta.get("namespace").and_then(|n| n.as_str());
    let ns = if info.namespaced {
        ns.unwrap_or("default")
    } else {
        ""
    };
    Some(ObjectKey::new(info.kind, ns, name))
}
