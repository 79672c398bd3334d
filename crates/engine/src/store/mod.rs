//! The etcd-like store: objects by key, one global revision, a change log for watchers.
//!
//! Mirrors the contract of `staging/src/k8s.io/apiserver/pkg/storage/interface.go` over etcd3:
//! every write bumps the revision, the object's `resourceVersion` is the revision of its last
//! write, a write with a stale `resourceVersion` is a conflict. Left out: compaction, leases,
//! transactions beyond single-key preconditions.

use crate::api::{Kind, Object, ObjectKey};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The three watch event types of `watch.EventType` the engine produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum WatchType {
    #[serde(rename = "ADDED")]
    Added,
    #[serde(rename = "MODIFIED")]
    Modified,
    #[serde(rename = "DELETED")]
    Deleted,
}

impl WatchType {
    pub fn as_str(self) -> &'static str {
        match self {
            WatchType::Added => "ADDED",
            WatchType::Modified => "MODIFIED",
            WatchType::Deleted => "DELETED",
        }
    }
}

/// One committed change, as a watch stream delivers it.
#[derive(Clone, Debug)]
pub struct Change {
    pub revision: u64,
    pub type_: WatchType,
    pub object: Arc<Object>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    AlreadyExists,
    NotFound,
    /// The caller's `resourceVersion` is not the stored one.
    Conflict,
}

#[derive(Clone, Debug, Default)]
pub struct Store {
    revision: u64,
    objects: BTreeMap<ObjectKey, Arc<Object>>,
    log: Vec<Change>,
}

impl Store {
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn get(&self, key: &ObjectKey) -> Option<&Arc<Object>> {
        self.objects.get(key)
    }

    pub fn get_by(&self, kind: Kind, namespace: &str, name: &str) -> Option<&Arc<Object>> {
        self.objects.get(&ObjectKey::new(kind, namespace, name))
    }

    /// All objects of a kind, optionally in one namespace, in key order.
    pub fn list<'a>(
        &'a self,
        kind: Kind,
        namespace: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Arc<Object>> + 'a {
        let start = ObjectKey::new(kind, namespace.unwrap_or(""), "");
        self.objects
            .range(start..)
            .take_while(move |(k, _)| {
                k.kind == kind && namespace.is_none_or(|ns| k.namespace == ns)
            })
            .map(|(_, v)| v)
    }

    /// Changes committed after `revision`, oldest first: what a watch from there delivers.
    pub fn changes_since(&self, revision: u64) -> &[Change] {
        let start = self.log.partition_point(|c| c.revision <= revision);
        &self.log[start..]
    }

    /// Creates an object; its `resourceVersion` becomes the new revision.
    pub fn create(&mut self, mut obj: Object) -> Result<Arc<Object>, StoreError> {
        let key = obj.key();
        if self.objects.contains_key(&key) {
            return Err(StoreError::AlreadyExists);
        }
        self.revision += 1;
        obj.meta_mut().resource_version = self.revision.to_string();
        Ok(self.commit(key, obj, WatchType::Added))
    }

    /// Replaces an object. An empty `resourceVersion` means "unconditionally", as an update
    /// without precondition does upstream.
    pub fn update(&mut self, mut obj: Object) -> Result<Arc<Object>, StoreError> {
        let key = obj.key();
        let current = self.objects.get(&key).ok_or(StoreError::NotFound)?;
        let wanted = &obj.meta().resource_version;
        if !wanted.is_empty() && *wanted != current.meta().resource_version {
            return Err(StoreError::Conflict);
        }
        self.revision += 1;
        obj.meta_mut().resource_version = self.revision.to_string();
        Ok(self.commit(key, obj, WatchType::Modified))
    }

    pub fn delete(&mut self, key: &ObjectKey) -> Result<Arc<Object>, StoreError> {
        let old = self.objects.remove(key).ok_or(StoreError::NotFound)?;
        self.revision += 1;
        let mut last = (*old).clone();
        last.meta_mut().resource_version = self.revision.to_string();
        let last = Arc::new(last);
        self.log.push(Change {
            revision: self.revision,
            type_: WatchType::Deleted,
            object: last.clone(),
        });
        Ok(last)
    }

    fn commit(&mut self, key: ObjectKey, obj: Object, type_: WatchType) -> Arc<Object> {
        let obj = Arc::new(obj);
        self.objects.insert(key, obj.clone());
        self.log.push(Change {
            revision: self.revision,
            type_,
            object: obj.clone(),
        });
        obj
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Pod;

    fn pod(name: &str) -> Object {
        let mut p = Pod::default();
        p.metadata.name = name.into();
        p.metadata.namespace = "default".into();
        Object::Pod(p)
    }

    #[test]
    fn revisions_strictly_increase_and_conflicts_are_detected() {
        let mut s = Store::default();
        let a = s.create(pod("a")).unwrap();
        assert_eq!(a.meta().resource_version, "1");
        assert_eq!(s.create(pod("a")), Err(StoreError::AlreadyExists));
        let mut stale = (*a).clone();
        s.update((*a).clone()).unwrap();
        stale.meta_mut().labels.insert("x".into(), "y".into());
        assert_eq!(s.update(stale), Err(StoreError::Conflict));
        s.delete(&a.key()).unwrap();
        let revs: Vec<u64> = s.changes_since(0).iter().map(|c| c.revision).collect();
        assert_eq!(revs, vec![1, 2, 3]);
        assert_eq!(s.changes_since(2).len(), 1);
    }

    #[test]
    fn list_is_scoped_by_kind_and_namespace() {
        let mut s = Store::default();
        s.create(pod("a")).unwrap();
        s.create(pod("b")).unwrap();
        assert_eq!(s.list(Kind::Pod, Some("default")).count(), 2);
        assert_eq!(s.list(Kind::Pod, Some("other")).count(), 0);
        assert_eq!(s.list(Kind::Node, None).count(), 0);
    }
}
