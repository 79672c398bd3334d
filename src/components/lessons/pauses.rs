//! Walkthrough pauses: the engine stops right after a trace event a step names, in order.
//!
//! Two ways an event can arrive: the play loop advances time and stops right after a matching
//! event (the hook is `Sim::set_pause_on`); or a learner's command produces it during its own
//! request (kubectl waits for the answer), in which case the pause is found in the trace when
//! the command returns, and the stage already shows the moment after it.

use std::sync::Arc;

use leptos::prelude::*;
use podflow_lessons::PauseMatch;

use super::ctx::Lessons;
use crate::state::PauseMatcher;

impl Lessons {
    /// The matcher of the step's next pause, if any is left.
    fn next_pause(&self) -> Option<PauseMatch> {
        self.active.with_untracked(|a| {
            let a = a.as_ref()?;
            let step = a.lesson().steps.get(a.step)?;
            step.pauses.get(a.fired).map(|p| p.matcher.clone())
        })
    }

    /// Points the play loop at the step's next pause (or lets time run freely).
    pub(super) fn arm(&self) {
        let next = self.next_pause();
        self.set_pause(next.map(|m| Arc::new(move |e: &_| m.matches(e)) as PauseMatcher));
    }

    /// Stops at the next pause if its event is already in the trace (a command produced it).
    pub fn scan_backlog(&self) {
        if self.sim.paused_at.get_untracked().is_some() {
            return;
        }
        let Some(m) = self.next_pause() else { return };
        let from = self
            .active
            .with_untracked(|a| a.as_ref().map_or(u64::MAX, |a| a.scan_from));
        let hit = untrack(|| {
            self.sim.read(|c| {
                c.trace()
                    .since(from)
                    .iter()
                    .find(|e| m.matches(e))
                    .map(|e| e.seq)
            })
        });
        if let Some(seq) = hit {
            self.sim.playing.set(false);
            self.sim.paused_at.set(Some(seq));
        }
    }

    /// A replayed cluster (shared link, reload) may be past some of the step's pauses: those
    /// whose events are in the trace, in order, count as fired.
    pub(super) fn skip_passed_pauses(&self) {
        let hits = self.active.with_untracked(|a| {
            let a = a.as_ref()?;
            let step = a.lesson().steps.get(a.step)?;
            Some(untrack(|| {
                self.sim.read(|c| step.pause_hits(c.trace().events()))
            }))
        });
        let passed: Vec<u64> = hits
            .unwrap_or_default()
            .into_iter()
            .map_while(|h| h)
            .collect();
        if let Some(last) = passed.last() {
            self.update(|a| {
                a.fired = passed.len();
                a.scan_from = last + 1;
            });
            self.arm();
        }
    }

    /// The engine stopped at the step's next pause (event `seq`): count it, arm the one after.
    pub fn pause_hit(&self, seq: u64) {
        self.update(|a| {
            a.fired += 1;
            a.scan_from = seq + 1;
        });
        self.arm();
    }

    /// After a pause: time runs again, unless the next pause already happened.
    pub fn continue_after_pause(&self) {
        self.sim.paused_at.set(None);
        self.sim.playing.set(true);
        self.scan_backlog();
    }
}

/// Counts each stop as it happens; looks for pauses after each command; lets the timeline's
/// Play resume as Continue does.
pub fn watch_pauses(lessons: Lessons) {
    let sim = lessons.sim;
    Effect::new(move |prev: Option<Option<u64>>| {
        let now = sim.paused_at.get();
        if let Some(seq) = now.filter(|_| prev.flatten() != now) {
            untrack(|| lessons.pause_hit(seq));
        }
        now
    });
    Effect::new(move |_| {
        sim.transcript.track();
        untrack(|| lessons.scan_backlog());
    });
    Effect::new(move |_| {
        if sim.playing.get() && sim.paused_at.get_untracked().is_some() {
            sim.paused_at.set(None);
            untrack(|| lessons.scan_backlog());
        }
    });
}
