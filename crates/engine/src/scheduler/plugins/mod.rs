//! The in-tree plugins of the default profile, one file each.
//!
//! Mirrors `pkg/scheduler/framework/plugins/`. Each file has the upstream `Name` as `NAME`,
//! its reason strings as constants, only the extension points it implements, and its tests.

pub mod balanced_allocation;
pub mod default_preemption;
pub mod image_locality;
pub mod node_affinity;
pub mod node_name;
pub mod node_ports;
pub mod node_resources_fit;
pub mod node_unschedulable;
pub mod pod_topology_spread;
pub mod registry;
pub mod taint_toleration;
