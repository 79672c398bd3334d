//! Podflow's engine: a deterministic, in-memory Kubernetes control plane.
//!
//! `Cluster` is the façade: feed it requests, advance its clock, read its store and trace.
//! Every component lives in a module named after the Kubernetes component it models, and they
//! exchange information only as envelopes through `network`, which the trace records.

pub mod api;
pub mod apiserver;
pub mod clock;
pub mod cluster;
pub mod controllers;
pub mod describe;
pub mod events;
pub mod kubelet;
pub mod manifest;
pub mod network;
pub mod proxy;
pub mod rng;
pub mod runtime;
pub mod scheduler;
pub mod sort;
pub mod store;
pub mod topology;
pub mod trace;

pub use clock::{SimDuration, SimTime};
pub use cluster::Cluster;
