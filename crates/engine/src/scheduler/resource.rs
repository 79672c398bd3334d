//! `framework.Resource`: cpu, memory, ephemeral storage, pods and extended resources in the
//! units the scheduler compares.
//!
//! Mirrors `pkg/scheduler/framework/types.go` (`Resource`, `Add`, `SetMaxResource`) and
//! `pkg/scheduler/util/utils.go` (`IsScalarResourceName`).

use crate::api::quantity::ResourceList;
use serde::Serialize;
use std::collections::BTreeMap;

/// `framework.Resource`: requested or allocatable amounts, in the units the scheduler compares.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Resource {
    pub milli_cpu: i64,
    pub memory: i64,
    pub ephemeral_storage: i64,
    pub allowed_pods: i64,
    /// Extended resources (`nvidia.com/gpu`, `hugepages-2Mi`), by name.
    pub scalar: BTreeMap<String, i64>,
}

/// Whether a resource name is an extended or hugepages resource (`IsScalarResourceName`).
pub fn is_scalar_resource(name: &str) -> bool {
    name.starts_with("hugepages-")
        || name.starts_with("attachable-volumes-")
        || (name.contains('/') && !name.starts_with("kubernetes.io/"))
}

impl Resource {
    /// `NewResource`: a resource list read into scheduler units; unparsable quantities count 0
    /// (the API server rejects them before they get here).
    pub fn from_list(rl: &ResourceList) -> Self {
        let mut r = Resource::default();
        r.add_list(rl);
        r
    }

    /// Mirrors `Resource.Add`.
    pub fn add_list(&mut self, rl: &ResourceList) {
        for (name, q) in rl {
            let value = q.value().unwrap_or(0);
            match name.as_str() {
                "cpu" => self.milli_cpu += q.milli_value().unwrap_or(0),
                "memory" => self.memory += value,
                "pods" => self.allowed_pods += value,
                "ephemeral-storage" => self.ephemeral_storage += value,
                n if is_scalar_resource(n) => {
                    *self.scalar.entry(n.to_string()).or_default() += value
                }
                _ => {}
            }
        }
    }

    pub fn add(&mut self, other: &Resource) {
        self.milli_cpu += other.milli_cpu;
        self.memory += other.memory;
        self.ephemeral_storage += other.ephemeral_storage;
        self.allowed_pods += other.allowed_pods;
        for (k, v) in &other.scalar {
            *self.scalar.entry(k.clone()).or_default() += v;
        }
    }

    pub fn sub(&mut self, other: &Resource) {
        self.milli_cpu -= other.milli_cpu;
        self.memory -= other.memory;
        self.ephemeral_storage -= other.ephemeral_storage;
        self.allowed_pods -= other.allowed_pods;
        for (k, v) in &other.scalar {
            *self.scalar.entry(k.clone()).or_default() -= v;
        }
    }

    /// Mirrors `Resource.SetMaxResource`: each amount becomes the larger of the two.
    pub fn set_max(&mut self, other: &Resource) {
        self.milli_cpu = self.milli_cpu.max(other.milli_cpu);
        self.memory = self.memory.max(other.memory);
        self.ephemeral_storage = self.ephemeral_storage.max(other.ephemeral_storage);
        for (k, v) in &other.scalar {
            let e = self.scalar.entry(k.clone()).or_default();
            *e = (*e).max(*v);
        }
    }

    pub fn is_zero(&self) -> bool {
        self.milli_cpu == 0
            && self.memory == 0
            && self.ephemeral_storage == 0
            && self.scalar.values().all(|v| *v == 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::quantity::Quantity;

    #[test]
    fn resources_read_units_and_scalars() {
        let rl: ResourceList = [
            ("cpu", "500m"),
            ("memory", "1Ki"),
            ("nvidia.com/gpu", "2"),
            ("pods", "110"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), Quantity::from(v)))
        .collect();
        let r = Resource::from_list(&rl);
        assert_eq!(r.milli_cpu, 500);
        assert_eq!(r.memory, 1024);
        assert_eq!(r.allowed_pods, 110);
        assert_eq!(r.scalar.get("nvidia.com/gpu"), Some(&2));
    }
}
