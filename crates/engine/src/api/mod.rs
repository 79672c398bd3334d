//! Kubernetes object types with their real field names, and the `Object` sum of them.
//!
//! Each kind lives in a file named after its API group's types. `Object` is what the store
//! holds and what watch events carry (behind an `Arc`, so fan-out never clones an object).

pub mod apps;
pub mod batch;
pub mod config;
pub mod coordination;
pub mod derived;
pub mod endpoints;
pub mod event;
pub mod labels;
pub mod meta;
pub mod node;
pub mod pod;
pub mod pod_status;
pub mod quantity;
pub mod registry;
pub mod replication_controller;
pub mod service;
pub mod strict;

pub use apps::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
pub use batch::Job;
pub use config::{ConfigMap, Secret};
pub use coordination::Lease;
pub use endpoints::{EndpointSlice, Endpoints};
pub use event::{Event, Namespace};
pub use meta::{ObjectMeta, Time};
pub use node::Node;
pub use pod::Pod;
pub use replication_controller::ReplicationController;
pub use service::Service;

use serde::Serialize;
use std::fmt;

/// Declares `Object` and `Kind` from one list, so adding a kind is one line here plus its
/// entry in `registry.rs`.
macro_rules! kinds {
    ($($variant:ident($ty:ty)),* $(,)?) => {
        /// Every kind the engine stores.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum Kind { $($variant),* }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$variant),*];

            /// The kind's name as in `kind:` (`Pod`, `ReplicaSet`).
            pub fn as_str(self) -> &'static str {
                match self { $(Kind::$variant => stringify!($variant)),* }
            }
        }

        /// A stored object of any kind. Variants differ in size; objects live behind `Arc`
        /// in the store and in watch events, so the enum is rarely moved.
        #[allow(clippy::large_enum_variant)]
        #[derive(Clone, Debug, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum Object { $($variant($ty)),* }

        impl Object {
            pub fn kind(&self) -> Kind {
                match self { $(Object::$variant(_) => Kind::$variant),* }
            }

            pub fn meta(&self) -> &ObjectMeta {
                match self { $(Object::$variant(o) => &o.metadata),* }
            }

            pub fn meta_mut(&mut self) -> &mut ObjectMeta {
                match self { $(Object::$variant(o) => &mut o.metadata),* }
            }

            /// Decodes a manifest of this kind, collecting the paths of unknown fields instead of
            /// failing on them (strict decoding reports them all at once).
            pub fn decode_strict(
                kind: Kind,
                value: &serde_json::Value,
                unknown: &mut Vec<String>,
            ) -> Result<Object, String> {
                match kind {
                    $(Kind::$variant => strict::<$ty>(value, unknown).map(Object::$variant)),*
                }
            }

            /// Sets `apiVersion` and `kind` as the API server returns them.
            pub fn set_type_meta(&mut self) {
                let api_version = registry::info(self.kind()).api_version().to_string();
                match self {
                    $(Object::$variant(o) => {
                        o.api_version = api_version;
                        o.kind = stringify!($variant).to_string();
                    }),*
                }
            }
        }

        $(impl From<$ty> for Object {
            fn from(o: $ty) -> Object { Object::$variant(o) }
        })*
    };
}

kinds! {
    Namespace(Namespace),
    Node(Node),
    Pod(Pod),
    Event(Event),
    Deployment(Deployment),
    ReplicaSet(ReplicaSet),
    DaemonSet(DaemonSet),
    StatefulSet(StatefulSet),
    Job(Job),
    ReplicationController(ReplicationController),
    Service(Service),
    Endpoints(Endpoints),
    EndpointSlice(EndpointSlice),
    ConfigMap(ConfigMap),
    Secret(Secret),
    Lease(Lease),
}

fn strict<T: serde::de::DeserializeOwned>(
    value: &serde_json::Value,
    unknown: &mut Vec<String>,
) -> Result<T, String> {
    // The failing field's path leads the message (`spec.containers[0].image: ...`), so the API
    // server can word type errors as Go's encoding/json does.
    strict::decode(value, unknown)
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an object lives: kind, namespace (empty for cluster-scoped kinds) and name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ObjectKey {
    pub kind: Kind,
    pub namespace: String,
    pub name: String,
}

impl ObjectKey {
    pub fn new(kind: Kind, namespace: &str, name: &str) -> Self {
        ObjectKey {
            kind,
            namespace: namespace.to_string(),
            name: name.to_string(),
        }
    }

    pub fn of(obj: &Object) -> Self {
        let m = obj.meta();
        ObjectKey::new(obj.kind(), &m.namespace, &m.name)
    }
}

impl fmt::Display for ObjectKey {
    /// `pods/default/nginx` style, as etcd keys read (`/registry/pods/default/nginx`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let resource = registry::info(self.kind).resource;
        if self.namespace.is_empty() {
            write!(f, "{resource}/{}", self.name)
        } else {
            write!(f, "{resource}/{}/{}", self.namespace, self.name)
        }
    }
}

impl Object {
    pub fn key(&self) -> ObjectKey {
        ObjectKey::of(self)
    }

    pub fn as_pod(&self) -> Option<&Pod> {
        match self {
            Object::Pod(p) => Some(p),
            _ => None,
        }
    }

    pub fn as_node(&self) -> Option<&Node> {
        match self {
            Object::Node(n) => Some(n),
            _ => None,
        }
    }
}
