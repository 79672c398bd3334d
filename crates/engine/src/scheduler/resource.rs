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

/// The largest amount one quantity counts for (about 4.5e15).
pub const MAX_AMOUNT: i64 = 1 << 52;

/// `Quantity.Value()`: whole units rounded up, computed without overflow for any input
/// (`Quantity::value` adds 999 first, which overflows at the saturated maximum).
fn whole_units(milli: i64) -> i64 {
    milli.div_euclid(1000) + i64::from(milli.rem_euclid(1000) != 0)
}

fn add(total: &mut i64, v: i64) {
    *total = total.saturating_add(v);
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

    /// Mirrors `Resource.Add`. Amounts are clamped to 0..=2^52 so that sums over any
    /// realistic number of pods cannot overflow (no input may panic the engine).
    pub fn add_list(&mut self, rl: &ResourceList) {
        let clamp = |v: i64| v.clamp(0, MAX_AMOUNT);
        for (name, q) in rl {
            let milli = q.milli_value().unwrap_or(0);
            let value = clamp(whole_units(milli));
            match name.as_str() {
                "cpu" => add(&mut self.milli_cpu, clamp(milli)),
                "memory" => add(&mut self.memory, value),
                "pods" => add(&mut self.allowed_pods, value),
                "ephemeral-storage" => add(&mut self.ephemeral_storage, value),
                n if is_scalar_resource(n) => {
                    add(self.scalar.entry(n.to_string()).or_default(), value)
                }
                _ => {}
            }
        }
    }

    pub fn add(&mut self, other: &Resource) {
        add(&mut self.milli_cpu, other.milli_cpu);
        add(&mut self.memory, other.memory);
        add(&mut self.ephemeral_storage, other.ephemeral_storage);
        add(&mut self.allowed_pods, other.allowed_pods);
        for (k, v) in &other.scalar {
            add(self.scalar.entry(k.clone()).or_default(), *v);
        }
    }

    pub fn sub(&mut self, other: &Resource) {
        add(&mut self.milli_cpu, -other.milli_cpu);
        add(&mut self.memory, -other.memory);
        add(&mut self.ephemeral_storage, -other.ephemeral_storage);
        add(&mut self.allowed_pods, -other.allowed_pods);
        for (k, v) in &other.scalar {
            add(self.scalar.entry(k.clone()).or_default(), -*v);
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

    #[test]
    fn absurd_quantities_do_not_overflow() {
        let rl: ResourceList = [("memory".to_string(), Quantity::from("9E"))].into();
        let mut total = Resource::default();
        for _ in 0..10_000 {
            total.add(&Resource::from_list(&rl));
        }
        assert_eq!(Resource::from_list(&rl).memory, MAX_AMOUNT);
        assert!(total.memory > 0);
    }
}
