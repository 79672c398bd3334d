//! The kubelet's prober: liveness, readiness and startup probes.
//!
//! Mirrors `pkg/kubelet/prober/`: `manager.rs` (prober_manager.go, results_manager.go),
//! `runs.rs` (prober.go: probe runs and their events) and `worker.rs` (worker.go).

pub mod manager;
pub mod runs;
pub mod worker;

pub use manager::{ProbeManager, ProbeOutcome, ProbeRecord, WorkerKey};
pub use worker::{ProbeResult, Tick};
