//! Time travel for the web app: the play tick (with idle skipping), viewing an earlier moment,
//! acting there (which discards the later history), snapshots, and saving the session.
//!
//! The live cluster is always the latest moment reached; viewing the past puts a second cluster
//! beside it, rebuilt from the nearest snapshot by replaying the session (see
//! [`Session::replay_into`]), and [`Sim::read`] shows that one. Play while in the past replays
//! forward and returns to now when it gets there.
//!
//! A play tick runs the engine for at most [`TICK_BUDGET_MS`] of wall time: with a thousand pods
//! starting, 1.6 s of virtual time (one tick at 16x) can be seconds of work, and the page must
//! still answer a click. Virtual time then runs slower than asked until the work is done. A
//! tick may stop partway through an instant (a thousand containers can start in the same
//! millisecond); a command finishes that instant before it runs, as a replay would.
//! Snapshots while playing are spaced so cloning the cluster takes at most
//! 1/[`SNAPSHOT_COST_SHARE`] of the wall time.

use leptos::prelude::*;
use podflow_engine::{Cluster, SimDuration, SimTime};
use podflow_kubectl::session::Session;
use podflow_kubectl::MapFiles;
use std::cell::Cell;

use super::timeline_model::{play_target, Snapshots};
use super::{Sim, SEED, TICK_MS};

/// Where the session script is saved between visits.
pub const SESSION_KEY: &str = "podflow.session";
const SPEED_KEY: &str = "podflow.speed";
const SKIP_IDLE_KEY: &str = "podflow.skipIdle";
/// A saved session longer than this is refused as damaged: replaying it would freeze the page.
const MAX_RESTORE: SimDuration = SimDuration::from_secs(24 * 3600);
/// Wall-clock milliseconds a play tick may run the engine (of the `TICK_MS` between ticks).
pub const TICK_BUDGET_MS: f64 = 50.0;
/// Queued items run between two looks at the wall clock.
const STEPS_PER_CHECK: u32 = 16;
/// While playing, a snapshot costs at most one part in this many of the wall time.
const SNAPSHOT_COST_SHARE: f64 = 20.0;

thread_local! {
    /// The last play snapshot: when it was taken and how long the clone took (wall ms).
    static LAST_SNAPSHOT: Cell<(f64, f64)> = const { Cell::new((f64::NEG_INFINITY, 0.0)) };
}

/// Wall-clock milliseconds since the page loaded (0 where there is no page).
fn wall_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Runs what is due up to `until`, but stops once `budget_ms` went by on `clock` (wall ms),
/// possibly partway through an instant: the items still due at that moment run on the next
/// tick, or in [`finish_instant`] before a command, so the order of everything stays the one a
/// replay's `advance` gives.
fn advance_within(c: &mut Cluster, until: SimTime, budget_ms: f64, mut clock: impl FnMut() -> f64) {
    let start = clock();
    let mut steps = 0u32;
    while c.step_before(until) {
        steps += 1;
        if steps.is_multiple_of(STEPS_PER_CHECK) && clock() - start > budget_ms {
            return;
        }
    }
    c.advance(until.saturating_sub(c.now()));
}

/// Runs what is still due at the current moment. A replay advances over a whole instant before
/// the next recorded command, so a command must not land in the middle of one.
pub(super) fn finish_instant(c: &mut Cluster) {
    let now = c.now();
    while c.step_before(now) {}
}

/// An earlier moment being viewed: its cluster, after the first `actions` recorded actions.
pub struct Past {
    pub cluster: Cluster,
    pub actions: usize,
}

/// Snapshots of the live timeline, for fast scrubbing.
pub type History = Snapshots<Cluster>;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

impl Sim {
    /// The latest moment reached (tracked): the end of the timeline.
    pub fn latest(&self) -> SimTime {
        self.rev.track();
        self.cluster.with_value(Cluster::now)
    }

    /// Whether an earlier moment is shown instead of the latest (tracked).
    pub fn in_past(&self) -> bool {
        self.rev.track();
        self.past.with_value(Option::is_some)
    }

    /// When each recorded action ran, with its command line (tracked): the timeline's markers.
    pub fn action_marks(&self) -> Vec<(SimTime, String)> {
        self.rev.track();
        self.session
            .with_value(|s| s.actions().iter().map(|a| (a.at, a.line.clone())).collect())
    }

    fn step_size(&self) -> SimDuration {
        let ms = (f64::from(TICK_MS) * self.speed.get_untracked()).round() as u64;
        SimDuration::from_millis(ms)
    }

    /// One tick of play: `TICK_MS` × speed of virtual time, or a jump over idle time.
    pub fn tick(&self) {
        let (step, skip) = (self.step_size(), self.skip_idle.get_untracked());
        if let Some(next) = self.past_next() {
            let now = self.past_now().unwrap_or_default();
            self.carry_past(play_target(now, next, step, skip));
            return;
        }
        let (now, next) = self.cluster.with_value(|c| (c.now(), c.next_event_at()));
        let until = play_target(now, next, step, skip);
        if self.pause_on.with_value(Option::is_some) {
            // A lesson's pause watches event by event: its own loop.
            self.advance(until.saturating_sub(now));
        } else {
            self.mutate(|c| advance_within(c, until, TICK_BUDGET_MS, wall_ms));
        }
        self.offer_snapshot_while_playing();
    }

    /// [`Sim::offer_snapshot`], unless the last clone was so slow that another one now would
    /// take more than its share of the wall time.
    fn offer_snapshot_while_playing(&self) {
        let (at, cost) = LAST_SNAPSHOT.with(Cell::get);
        let start = wall_ms();
        if start - at < cost * SNAPSHOT_COST_SHARE {
            return;
        }
        if self.offer_snapshot() {
            LAST_SNAPSHOT.with(|l| l.set((start, wall_ms() - start)));
        }
    }

    /// Next event: in the past, the next queued event or recorded action, whichever is first.
    pub fn step_next(&self) {
        match self.past_next() {
            Some(Some(next)) => self.carry_past(next),
            Some(None) => self.back_to_now(),
            None => {
                self.step();
                self.offer_snapshot();
            }
        }
    }

    fn past_now(&self) -> Option<SimTime> {
        self.past
            .with_value(|p| p.as_ref().map(|p| p.cluster.now()))
    }

    /// `None` when not in the past; else what happens next there (queued event or action).
    fn past_next(&self) -> Option<Option<SimTime>> {
        let session = self.session;
        self.past.with_value(|p| {
            let p = p.as_ref()?;
            let action = session.with_value(|s| s.actions().get(p.actions).map(|a| a.at));
            let event = p.cluster.next_event_at();
            Some(match (event, action) {
                (Some(e), Some(a)) => Some(e.min(a)),
                (e, a) => e.or(a),
            })
        })
    }

    /// Shows the cluster as it was at `t`; at or after the latest moment, the live one.
    pub fn scrub_to(&self, t: SimTime) {
        let interval = self.snapshots.with_value(Snapshots::interval);
        let reuse = self
            .past_now()
            .is_some_and(|now| now <= t && t.saturating_sub(now) <= interval);
        if !reuse && t < self.cluster.with_value(Cluster::now) {
            let start = self.snapshots.with_value(|s| {
                s.latest_at_or_before(t)
                    .map(|s| (s.state.clone(), s.actions))
            });
            let (cluster, actions) = start.unwrap_or_else(|| (Cluster::new(SEED), 0));
            self.past.set_value(Some(Past { cluster, actions }));
        }
        // In steps of one interval, leaving snapshots behind for the next drag.
        while let Some(now) = self.past_now().filter(|now| *now < t) {
            self.carry_past(t.min(now + interval));
            self.offer_snapshot();
        }
        if self.past_now().is_none() || t >= self.cluster.with_value(Cluster::now) {
            return self.back_to_now();
        }
        self.rev.update(|r| *r += 1);
    }

    /// Leaves the past: the latest moment is shown again.
    pub fn back_to_now(&self) {
        self.past.set_value(None);
        self.rev.update(|r| *r += 1);
    }

    /// Carries the viewed past forward to `until`; reaching the latest moment returns to now.
    fn carry_past(&self, until: SimTime) {
        if until >= self.cluster.with_value(Cluster::now) {
            return self.back_to_now();
        }
        let session = self.session;
        let files = MapFiles::default();
        self.past.update_value(|p| {
            if let Some(p) = p {
                p.actions =
                    session.with_value(|s| s.replay_into(&mut p.cluster, p.actions, until, &files));
            }
        });
        self.rev.update(|r| *r += 1);
    }

    /// Before an action in the past: that moment becomes the present, and what came after it
    /// (actions, snapshots) is forgotten.
    pub(super) fn commit_past(&self) {
        let Some(p) = self.past.try_update_value(Option::take).flatten() else {
            return;
        };
        self.session.update_value(|s| s.truncate(p.actions));
        self.snapshots
            .update_value(|s| s.truncate(p.cluster.now(), p.actions));
        self.cluster.set_value(p.cluster);
    }

    /// Keeps a snapshot of the cluster shown, if the set wants one at this moment; true when
    /// it was kept.
    fn offer_snapshot(&self) -> bool {
        let session = self.session;
        let take = |c: &Cluster, actions: usize, s: &mut History| {
            s.offer(c.now(), actions, c.trace().len(), || c.clone())
        };
        let mut kept = false;
        let past = self.past.with_value(|p| p.as_ref().map(|p| p.actions));
        if let Some(actions) = past {
            self.past.with_value(|p| {
                if let Some(p) = p {
                    self.snapshots
                        .update_value(|s| kept = take(&p.cluster, actions, s));
                }
            });
        } else {
            let actions = session.with_value(|s| s.actions().len());
            self.cluster
                .with_value(|c| self.snapshots.update_value(|s| kept = take(c, actions, s)));
        }
        kept
    }

    /// Forgets the past view and the snapshots (reset, restore).
    pub(super) fn forget_history(&self) {
        self.past.set_value(None);
        self.snapshots.update_value(Snapshots::clear);
    }

    /// Saves the session (up to the latest moment), the speed and the idle skipping.
    pub fn save(&self) {
        let Some(store) = storage() else { return };
        let now = self.cluster.with_value(Cluster::now);
        let script = self.session.with_value(|s| s.script_at(now));
        let _ = store.set_item(SESSION_KEY, &script);
        let _ = store.set_item(SPEED_KEY, &self.speed.get_untracked().to_string());
        let skip = if self.skip_idle.get_untracked() {
            "1"
        } else {
            "0"
        };
        let _ = store.set_item(SKIP_IDLE_KEY, skip);
    }

    /// Forgets the saved session (reset).
    pub(super) fn forget_saved(&self) {
        if let Some(store) = storage() {
            let _ = store.remove_item(SESSION_KEY);
        }
    }

    /// Restores what [`Sim::save`] kept. A saved session that cannot be replayed is dropped, and
    /// why is left in `restore_error` for the page to say.
    pub(super) fn load_saved(&self) {
        let Some(store) = storage() else { return };
        let get = |k: &str| store.get_item(k).ok().flatten();
        if let Some(speed) = get(SPEED_KEY).and_then(|v| v.parse::<f64>().ok()) {
            if (0.25..=16.0).contains(&speed) {
                self.speed.set(speed);
            }
        }
        if let Some(skip) = get(SKIP_IDLE_KEY) {
            self.skip_idle.set(skip != "0");
        }
        let Some(text) = get(SESSION_KEY).filter(|t| !t.trim().is_empty()) else {
            return;
        };
        if let Err(e) = self.restore_saved(&text) {
            let _ = store.remove_item(SESSION_KEY);
            self.restore_error.set(Some(e));
        }
    }

    fn restore_saved(&self, text: &str) -> Result<(), String> {
        let total = podflow_kubectl::script::parse(text)
            .map_err(|e| e.to_string())?
            .iter()
            .map(|s| match s {
                podflow_kubectl::script::Step::Advance { by, .. } => by.as_millis(),
                _ => 0,
            })
            .fold(0u64, u64::saturating_add);
        if total > MAX_RESTORE.as_millis() {
            return Err(format!("{} ms of virtual time is too long", total));
        }
        let files = MapFiles::default();
        let (cluster, session, transcript) =
            Session::restore(SEED, text, &files).map_err(|e| e.to_string())?;
        self.forget_history();
        self.cluster.set_value(cluster);
        self.session.set_value(session);
        self.transcript.set(transcript);
        self.rev.update(|r| *r += 1);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use podflow_kubectl::{run, NoFiles};

    fn busy_cluster() -> Cluster {
        let mut c = Cluster::new(SEED);
        let line = "kubectl create deployment web --image=nginx --replicas=20";
        assert_eq!(run(line, &mut c, &NoFiles).exit_code, 0);
        c
    }

    #[test]
    fn ticks_over_budget_then_a_command_give_the_cluster_a_replay_gives() {
        let (until, line) = (SimTime(30_000), "kubectl scale deployment web --replicas=3");
        // A clock that moves 1 ms per look: the budget runs out after a few checks.
        let tick = |c: &mut Cluster, t: &mut f64| {
            advance_within(c, until, 3.0, || {
                *t += 1.0;
                *t
            })
        };
        let (mut sliced, mut t, mut ticks, mut acted) = (busy_cluster(), 0.0, 0, None);
        while sliced.now() < until {
            tick(&mut sliced, &mut t);
            ticks += 1;
            // The first time a tick stops partway through an instant, a command lands there,
            // after the rest of that instant (as in Sim::run).
            if acted.is_none() && sliced.next_event_at() == Some(sliced.now()) {
                finish_instant(&mut sliced);
                assert!(sliced.next_event_at().is_none_or(|n| n > sliced.now()));
                assert_eq!(run(line, &mut sliced, &NoFiles).exit_code, 0);
                acted = Some(ticks);
            }
        }
        // The last tick may stop at `until` itself, partway through it; the next one goes on.
        finish_instant(&mut sliced);
        let Some(acted) = acted else {
            panic!("no tick stopped partway through an instant in {ticks} ticks");
        };
        // The same as a replay does it: advance to that moment, the command, advance.
        let (mut probe, mut t) = (busy_cluster(), 0.0);
        for _ in 0..acted {
            tick(&mut probe, &mut t);
        }
        let mut whole = busy_cluster();
        whole.advance(probe.now().saturating_sub(whole.now()));
        assert_eq!(run(line, &mut whole, &NoFiles).exit_code, 0);
        whole.advance(until.saturating_sub(whole.now()));
        assert_eq!(sliced.now(), whole.now());
        let summaries = |c: &Cluster| -> Vec<String> {
            c.trace()
                .events()
                .iter()
                .map(|e| e.summary.clone())
                .collect()
        };
        assert_eq!(summaries(&sliced), summaries(&whole));
    }
}
