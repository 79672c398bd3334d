//! The one place the engine is owned and driven.
//!
//! The `Cluster` lives in a non-reactive `StoredValue`; `rev` is bumped after every mutation so
//! views that read through [`Sim::read`] re-run. One interval timer advances virtual time while
//! playing. Components never decide behaviour: they read engine state and send intents here.
//!
//! Every intent that changes the cluster is a command line (`kubectl ...` or `podflow ...`)
//! run through [`Sim::run`], which records it in the [`Session`] with the virtual time that
//! passed before it. Replaying that script on a cluster of the same seed gives the same cluster:
//! scrubbing back, restoring after a reload and shared links are all built on it.

use leptos::prelude::*;
use podflow_engine::{Cluster, SimDuration};
use podflow_kubectl::session::Session;
use podflow_kubectl::{MapFiles, Output};

/// The seed of the browser's cluster: the same seed and inputs give the same run.
pub const SEED: u64 = 1;
/// Wall-clock milliseconds between two advances of virtual time while playing.
pub const TICK_MS: u32 = 100;

/// What the inspector shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// `pod` or `node`, as kubectl names the resource.
    pub resource: &'static str,
    pub namespace: String,
    pub name: String,
}

/// A copyable handle to the simulation, provided through context.
#[derive(Clone, Copy)]
pub struct Sim {
    cluster: StoredValue<Cluster>,
    /// What the learner did, as a replayable script.
    session: StoredValue<Session>,
    rev: RwSignal<u64>,
    pub playing: RwSignal<bool>,
    pub speed: RwSignal<f64>,
    pub selected: RwSignal<Option<Selection>>,
    /// Commands and their outputs, oldest first, as the terminal shows them.
    pub transcript: RwSignal<Vec<(String, Output)>>,
}

impl Sim {
    fn new() -> Self {
        Sim {
            cluster: StoredValue::new(Cluster::new(SEED)),
            session: StoredValue::new(Session::default()),
            rev: RwSignal::new(0),
            playing: RwSignal::new(true),
            speed: RwSignal::new(1.0),
            selected: RwSignal::new(None),
            transcript: RwSignal::new(Vec::new()),
        }
    }

    /// Reads the cluster; the caller re-runs whenever the cluster changes.
    pub fn read<R>(&self, f: impl FnOnce(&Cluster) -> R) -> R {
        self.rev.track();
        self.cluster.with_value(f)
    }

    fn mutate<R: Default>(&self, f: impl FnOnce(&mut Cluster) -> R) -> R {
        let result = self.cluster.try_update_value(f).unwrap_or_default();
        self.rev.update(|r| *r += 1);
        result
    }

    /// Runs a command line (`kubectl ...`, `podflow ...`) as the terminal would, records it in
    /// the session, and keeps it with its output in the transcript. `stdin` is what
    /// `kubectl apply -f -` reads.
    pub fn run(&self, line: &str, stdin: Option<&str>) -> Output {
        let files = MapFiles::default();
        let session = self.session;
        let out = self.mutate(|c| {
            session
                .try_update_value(|s| s.run(c, line, stdin, &files))
                .unwrap_or_default()
        });
        self.transcript
            .update(|t| t.push((line.to_string(), out.clone())));
        out
    }

    /// `kubectl apply -f -` with the editor's text.
    pub fn apply(&self, yaml: &str) -> Output {
        self.run("kubectl apply -f -", Some(yaml))
    }

    /// The session so far, with the idle time up to now: what to save, share or replay.
    pub fn session_script(&self) -> String {
        self.rev.track();
        let now = self.cluster.with_value(Cluster::now);
        self.session.with_value(|s| s.script_at(now))
    }

    /// A read-only kubectl command (describe) for the inspector: not kept in the transcript.
    pub fn describe(&self, sel: &Selection) -> String {
        self.rev.track();
        let line = format!(
            "kubectl describe {} {} -n {}",
            sel.resource, sel.name, sel.namespace
        );
        let files = MapFiles::default();
        let out = self
            .cluster
            .try_update_value(|c| podflow_kubectl::run(&line, c, &files));
        out.map(|o| o.combined()).unwrap_or_default()
    }

    /// Moves virtual time forward.
    pub fn advance(&self, d: SimDuration) {
        self.mutate(|c| c.advance(d));
    }

    /// Jumps to the next thing that happens (skipping idle time), if anything is queued.
    pub fn step(&self) {
        self.mutate(|c| {
            if let Some(at) = c.next_event_at() {
                c.advance(at.saturating_sub(c.now()));
            }
        });
    }

    /// Starts again from the seed, forgetting everything applied.
    pub fn reset(&self) {
        self.mutate(|c| *c = Cluster::new(SEED));
        self.session.set_value(Session::default());
        self.transcript.set(Vec::new());
        self.selected.set(None);
    }
}

/// Creates the simulation, provides it as context and starts its timer.
pub fn provide_sim() -> Sim {
    let sim = Sim::new();
    provide_context(sim);
    let interval = gloo_timers::callback::Interval::new(TICK_MS, move || {
        if sim.playing.get_untracked() {
            let ms = (f64::from(TICK_MS) * sim.speed.get_untracked()).round() as u64;
            sim.advance(SimDuration::from_millis(ms));
        }
    });
    // The timer lives as long as the page.
    interval.forget();
    sim
}

/// The [`Sim`] provided by [`provide_sim`].
pub fn use_sim() -> Sim {
    expect_context::<Sim>()
}
