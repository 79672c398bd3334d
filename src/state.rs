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

mod history;
pub mod timeline_model;

use leptos::prelude::*;
use podflow_engine::trace::TraceEvent;
use podflow_engine::{Cluster, SimDuration, SimTime};
use podflow_kubectl::script::Step;
use podflow_kubectl::session::Session;
use podflow_kubectl::{MapFiles, Output};

/// The seed of the browser's cluster: the same seed and inputs give the same run.
pub const SEED: u64 = 1;
/// A shared or loaded session longer than this is refused: replaying it would freeze the page.
const MAX_REPLAY: SimDuration = SimDuration::from_secs(24 * 3600);
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

/// Whether the play loop stops right after a trace event (a lesson's walkthrough pauses).
pub type PauseMatcher = std::sync::Arc<dyn Fn(&TraceEvent) -> bool + Send + Sync>;

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
    /// Lessons: while set, time advances event by event and stops after a matching one.
    pause_on: StoredValue<Option<PauseMatcher>>,
    /// Lessons: the `seq` of the trace event that stopped the play loop.
    pub paused_at: RwSignal<Option<u64>>,
    /// Timeline: the earlier moment shown instead of the live cluster, if any.
    past: StoredValue<Option<history::Past>>,
    /// Timeline: snapshots of the live timeline, for fast scrubbing.
    snapshots: StoredValue<history::History>,
    /// Timeline: play jumps over stretches where nothing is queued.
    pub skip_idle: RwSignal<bool>,
    /// Timeline: why the saved session could not be restored (the page started fresh).
    pub restore_error: RwSignal<Option<String>>,
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
            pause_on: StoredValue::new(None),
            paused_at: RwSignal::new(None),
            past: StoredValue::new(None),
            snapshots: StoredValue::new(history::History::default()),
            skip_idle: RwSignal::new(true),
            restore_error: RwSignal::new(None),
        }
    }

    /// Reads the cluster shown (the live one, or the earlier moment the timeline was dragged
    /// to); the caller re-runs whenever it changes.
    pub fn read<R>(&self, f: impl FnOnce(&Cluster) -> R) -> R {
        self.rev.track();
        self.past.with_value(|p| match p {
            Some(p) => f(&p.cluster),
            None => self.cluster.with_value(f),
        })
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
        // Acting in the past starts a new future from there.
        self.commit_past();
        let out = self.mutate(|c| {
            // A play tick may have stopped partway through an instant.
            history::finish_instant(c);
            session
                .try_update_value(|s| s.run(c, line, stdin, &files))
                .unwrap_or_default()
        });
        self.transcript
            .update(|t| t.push((line.to_string(), out.clone())));
        self.save();
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
        let past = self.past.try_update_value(|p| {
            p.as_mut()
                .map(|p| podflow_kubectl::run(&line, &mut p.cluster, &files))
        });
        let out = match past.flatten() {
            Some(out) => Some(out),
            None => self
                .cluster
                .try_update_value(|c| podflow_kubectl::run(&line, c, &files)),
        };
        out.map(|o| o.combined()).unwrap_or_default()
    }

    /// Moves virtual time forward (stopping early at a pause, see [`Sim::set_pause_on`]).
    pub fn advance(&self, d: SimDuration) {
        self.advance_to(|c| Some(c.now() + d));
    }

    /// Jumps to the next thing that happens (skipping idle time), if anything is queued.
    pub fn step(&self) {
        self.advance_to(Cluster::next_event_at);
    }

    fn advance_to(&self, until: impl FnOnce(&Cluster) -> Option<SimTime>) {
        let matcher = self.pause_on.get_value();
        let hit = self.mutate(|c| {
            let until = until(c)?;
            match matcher {
                None => {
                    c.advance(until.saturating_sub(c.now()));
                    None
                }
                Some(m) => advance_watching(c, until, &*m),
            }
        });
        if hit.is_some() {
            self.playing.set(false);
            self.paused_at.set(hit);
        }
    }

    /// Lessons: stop the play loop right after the first new trace event `matcher` accepts;
    /// `None` lets time run freely again.
    pub fn set_pause_on(&self, matcher: Option<PauseMatcher>) {
        self.pause_on.set_value(matcher);
    }

    /// Starts again from the seed and replays `script` through the session, as if the learner
    /// had typed it (a lesson's setup, a shared link's or a saved file's session), so it is
    /// recorded, saved and replayable. Nothing changes when the script does not parse or asks
    /// for more virtual time than a page can replay.
    pub fn restore(&self, script: &str) -> Result<(), String> {
        let steps = podflow_kubectl::script::parse(script).map_err(|e| e.to_string())?;
        let total = steps.iter().fold(0u64, |t, s| match s {
            Step::Advance { by, .. } => t.saturating_add(by.as_millis()),
            _ => t,
        });
        if total > MAX_REPLAY.as_millis() {
            return Err(format!("{total} ms of virtual time is too long to replay"));
        }
        let files = MapFiles::default();
        let (cluster, session, transcript) =
            Session::restore(SEED, script, &files).map_err(|e| e.to_string())?;
        self.forget_history();
        self.mutate(|c| *c = cluster);
        self.session.set_value(session);
        self.transcript.set(transcript);
        self.selected.set(None);
        self.paused_at.set(None);
        self.save();
        Ok(())
    }

    /// Starts again from the seed, forgetting everything applied.
    pub fn reset(&self) {
        self.forget_history();
        self.forget_saved();
        self.mutate(|c| *c = Cluster::new(SEED));
        self.session.set_value(Session::default());
        self.transcript.set(Vec::new());
        self.selected.set(None);
    }
}

/// Runs what is due up to `until` one queued item at a time; stops right after the first new
/// trace event `matcher` accepts and returns its `seq`, else reaches `until`.
fn advance_watching(
    c: &mut Cluster,
    until: SimTime,
    matcher: &dyn Fn(&TraceEvent) -> bool,
) -> Option<u64> {
    loop {
        let seen = c.trace().len();
        if !c.step_before(until) {
            break;
        }
        if let Some(e) = c.trace().events()[seen..].iter().find(|e| matcher(e)) {
            return Some(e.seq);
        }
    }
    c.advance(until.saturating_sub(c.now()));
    None
}

/// Creates the simulation, provides it as context and starts its timer.
pub fn provide_sim() -> Sim {
    let sim = Sim::new();
    provide_context(sim);
    sim.load_saved();
    let interval = gloo_timers::callback::Interval::new(TICK_MS, move || {
        if sim.playing.get_untracked() {
            sim.tick();
        }
    });
    // The timers live as long as the page.
    interval.forget();
    // The idle time since the last action is saved every second, and when the page goes.
    let mut saved_at = None;
    let autosave = gloo_timers::callback::Interval::new(1000, move || {
        let now = sim.cluster.with_value(Cluster::now);
        if saved_at != Some(now) {
            saved_at = Some(now);
            sim.save();
        }
    });
    autosave.forget();
    // A reload or a closed tab saves the moment it leaves: at high speed with idle skipping, a
    // second of wall time can be minutes of virtual time.
    if let Some(window) = web_sys::window() {
        use wasm_bindgen::JsCast;
        let on_hide = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || sim.save());
        let _ =
            window.add_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
        on_hide.forget();
    }
    sim
}

/// The [`Sim`] provided by [`provide_sim`].
pub fn use_sim() -> Sim {
    expect_context::<Sim>()
}
