//! Engine benchmarks at scale (issue 3), through the public `Cluster` façade only.
//!
//! A plain `harness = false` binary rather than criterion: one run of the 10 000-pod scenario
//! takes far longer than criterion's minimum of ten samples allows on a shared two-core
//! machine, and the figure wanted is one end-to-end time plus how many trace events it
//! processed, not a confidence interval over microseconds.
//!
//! Measurement loop: each scenario builds its cluster untimed, then `Instant` brackets the
//! part under test; it runs `PODFLOW_BENCH_RUNS` times (default 1) and prints every run and
//! the fastest. Wall time is read here, in the bench, never in the engine.
//!
//! - `schedule`: 5 000 nodes joined, then 10 000 pods created by kubectl requests; timed
//!   until every pod is bound (the kubelets start containers meanwhile, as they would).
//! - `probes`: 500 pods on 13 nodes (40 pods of 100m fill a 4-CPU node) with HTTP liveness
//!   and TCP readiness probes, all Running and Ready; timed: `advance(1h)` of virtual time.
//!
//! `cargo bench -p podflow-engine` runs both; `cargo bench -p podflow-engine -- probes` one.
//! Without `--bench` (as `cargo test --all-targets` runs it) each scenario runs at a tiny
//! size as a smoke test.

// A benchmark measures wall time by definition; the engine itself still never reads it
// (clippy.toml's disallowed `Instant::now` guards the engine, not this binary).
#![allow(clippy::disallowed_methods)]

mod scenarios;

use podflow_engine::{Cluster, SimDuration};
use serde_json::json;
use std::time::{Duration, Instant};

/// Sizes of one scenario run; the smoke test shrinks them.
#[derive(Clone, Copy)]
struct Size {
    nodes: usize,
    pods: usize,
    virtual_time: SimDuration,
}

/// What one timed run did.
struct Run {
    wall: Duration,
    /// Trace events (envelopes delivered) during the timed part.
    events: usize,
    /// Virtual time the timed part covered.
    virtual_time: SimDuration,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let full = args.iter().any(|a| a == "--bench");
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let wanted = |name: &str| filters.is_empty() || filters.iter().any(|f| name.contains(*f));
    let runs = std::env::var("PODFLOW_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1usize)
        .max(1);
    if wanted("schedule") {
        let size = if full {
            Size {
                nodes: 5000,
                pods: 10_000,
                virtual_time: SimDuration::from_secs(3600),
            }
        } else {
            Size {
                nodes: 5,
                pods: 10,
                virtual_time: SimDuration::from_secs(60),
            }
        };
        report("schedule", size, runs, schedule);
    }
    if wanted("probes") {
        let size = if full {
            Size {
                nodes: 13,
                pods: 500,
                virtual_time: SimDuration::from_secs(3600),
            }
        } else {
            Size {
                nodes: 1,
                pods: 5,
                virtual_time: SimDuration::from_secs(60),
            }
        };
        report("probes", size, runs, probes);
    }
}

fn report(name: &str, size: Size, runs: usize, scenario: fn(Size) -> Run) {
    let mut best: Option<Duration> = None;
    for i in 1..=runs {
        let r = scenario(size);
        let per_sec = r.events as f64 / r.wall.as_secs_f64().max(1e-9);
        println!(
            "{name} ({} nodes, {} pods) run {i}/{runs}: {:.2} s wall, {} virtual, \
             {} trace events, {per_sec:.0} events/s",
            size.nodes,
            size.pods,
            r.wall.as_secs_f64(),
            podflow_engine::SimTime(r.virtual_time.as_millis()),
            r.events,
        );
        best = Some(best.map_or(r.wall, |b| b.min(r.wall)));
    }
    if let Some(b) = best {
        println!("{name}: fastest {:.2} s", b.as_secs_f64());
    }
}

/// Creates the pods and advances until all are bound; `virtual_time` caps the wait.
fn schedule(size: Size) -> Run {
    let mut c = scenarios::cluster_with_nodes(1, size.nodes);
    let (start_events, start) = (c.trace().len(), c.now());
    let t = Instant::now();
    scenarios::create_pods(&mut c, "web", size.pods, &json!({}));
    scenarios::advance_until_bound(&mut c, SimDuration::from_millis(100), size.virtual_time);
    let wall = t.elapsed();
    assert_eq!(scenarios::unbound(&c), 0, "every pod is bound");
    finish(&c, wall, start_events, start)
}

/// Brings the probed pods up untimed, then times `advance(virtual_time)`.
fn probes(size: Size) -> Run {
    let mut c = scenarios::cluster_with_nodes(2, size.nodes);
    scenarios::create_pods(&mut c, "probed", size.pods, &scenarios::probed_container());
    c.advance(SimDuration::from_secs(120));
    assert_eq!(scenarios::unbound(&c), 0, "every pod is bound");
    assert_eq!(scenarios::ready(&c), size.pods, "every pod is Ready");
    let (start_events, start) = (c.trace().len(), c.now());
    let t = Instant::now();
    c.advance(size.virtual_time);
    let wall = t.elapsed();
    assert_eq!(
        scenarios::ready(&c),
        size.pods,
        "probes keep every pod Ready"
    );
    finish(&c, wall, start_events, start)
}

fn finish(c: &Cluster, wall: Duration, start_events: usize, start: podflow_engine::SimTime) -> Run {
    Run {
        wall,
        events: c.trace().len() - start_events,
        virtual_time: c.now().saturating_sub(start),
    }
}
