//! The lessons' shared state, provided through context: the catalog (builtin lessons and a
//! teacher's own files), the open lesson and its step, the dialogs and the notice line; and the
//! actions that start a lesson, move through it and leave it.
//!
//! A lesson's starting state is its setup script replayed through `Sim::restore`, so it is part
//! of the recorded session and a shared link replays it too.

use std::sync::Arc;

use leptos::prelude::*;
use podflow_engine::SimTime;
use podflow_lessons::{Lesson, Text};

use super::progress::Progress;
use crate::i18n::{use_i18n, I18n, Key};
use crate::state::{use_sim, PauseMatcher, Sim};

/// A lesson in the picker.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub lesson: Arc<Lesson>,
    /// A teacher's file: its YAML, carried in shared links; `None` for builtin lessons.
    pub source: Option<Arc<str>>,
}

/// The lesson being followed.
#[derive(Clone, Debug, PartialEq)]
pub struct Active {
    pub entry: Entry,
    /// The current step, 0-based; `steps.len()` shows the closing summary.
    pub step: usize,
    /// How many hints are shown.
    pub hints: usize,
    /// Whether the fix of a "find the bug" step is shown.
    pub solution: bool,
    /// How many of the step's pauses have fired (they fire in order); while the engine is
    /// stopped at one, it is `fired - 1`.
    pub fired: usize,
    /// The first trace `seq` the next pause may match: events a command produced during its
    /// own request never reach the play loop, so they are searched from here.
    pub scan_from: u64,
    /// Virtual time when the step began.
    pub began: SimTime,
    /// The terminal transcript's length when the step began: a longer one means the learner
    /// has acted, and the goal's time budget counts from then.
    pub actions_before: usize,
}

impl Active {
    pub fn lesson(&self) -> &Lesson {
        &self.entry.lesson
    }

    pub fn at_closing(&self) -> bool {
        self.step >= self.lesson().steps.len()
    }
}

/// A message line under the header: a translated lead and a detail (an error's text, a title).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub lead: Key,
    pub detail: Text,
    pub error: bool,
}

/// The copyable handle.
#[derive(Clone, Copy)]
pub struct Lessons {
    pub catalog: RwSignal<Vec<Entry>>,
    pub active: RwSignal<Option<Active>>,
    pub progress: RwSignal<Progress>,
    pub picker_open: RwSignal<bool>,
    pub share_open: RwSignal<bool>,
    pub notice: RwSignal<Option<Notice>>,
    /// Why the last lesson file a teacher loaded was refused (shown in the picker).
    pub load_error: RwSignal<Option<String>>,
    pub sim: Sim,
    pub i18n: I18n,
}

/// Creates the lessons' state and provides it; call after `provide_i18n` and `provide_sim`.
pub fn provide_lessons() -> Lessons {
    let builtin = podflow_lessons::builtin()
        .into_iter()
        .map(|l| Entry {
            lesson: Arc::new(l),
            source: None,
        })
        .collect();
    let lessons = Lessons {
        catalog: RwSignal::new(builtin),
        active: RwSignal::new(None),
        progress: RwSignal::new(Progress::load()),
        picker_open: RwSignal::new(false),
        share_open: RwSignal::new(false),
        notice: RwSignal::new(None),
        load_error: RwSignal::new(None),
        sim: use_sim(),
        i18n: use_i18n(),
    };
    provide_context(lessons);
    lessons
}

/// The [`Lessons`] provided by [`provide_lessons`].
pub fn use_lessons() -> Lessons {
    expect_context::<Lessons>()
}

impl Lessons {
    /// Shows a notice whose detail is not translated (an error's text, a file name).
    pub fn say(&self, lead: Key, detail: impl Into<String>, error: bool) {
        let detail: String = detail.into();
        let detail = Text {
            en: detail.clone(),
            zh_cn: detail,
        };
        self.notice.set(Some(Notice {
            lead,
            detail,
            error,
        }));
    }

    /// A lesson by id: a teacher's file first (it may shadow a builtin one on purpose).
    pub fn find(&self, id: &str) -> Option<Entry> {
        self.catalog
            .with_untracked(|c| c.iter().rev().find(|e| e.lesson.id == id).cloned())
    }

    /// Adds a teacher's lesson (replacing an earlier file of the same id).
    pub fn add_custom(&self, lesson: Lesson, source: &str) -> Entry {
        let entry = Entry {
            lesson: Arc::new(lesson),
            source: Some(source.into()),
        };
        let id = entry.lesson.id.clone();
        self.catalog.update(|c| {
            c.retain(|e| e.source.is_none() || e.lesson.id != id);
            c.push(entry.clone());
        });
        entry
    }

    /// Resets the cluster to the lesson's starting state; false (with a notice) when its setup
    /// does not replay.
    fn restore_start(&self, entry: &Entry) -> bool {
        self.set_pause(None);
        match self.sim.restore(&entry.lesson.setup) {
            Ok(()) => true,
            Err(e) => {
                self.say(Key::LessonStartFailed, e.to_string(), true);
                false
            }
        }
    }

    /// Starts `entry` from its starting state at `step` (0 from the picker; a shared link's).
    pub fn start(&self, entry: Entry, step: usize) {
        if !self.restore_start(&entry) {
            return;
        }
        self.show(entry, step);
    }

    /// Shows `entry` at `step` over the cluster as it is (a shared link or a reload has
    /// replayed it).
    pub fn open_at(&self, entry: Entry, step: usize) {
        self.show(entry, step);
        self.skip_passed_pauses();
    }

    fn show(&self, entry: Entry, step: usize) {
        let step = step.min(entry.lesson.steps.len());
        self.active.set(Some(self.fresh_step(entry, step)));
        self.picker_open.set(false);
        self.notice.set(None);
        self.record();
        self.arm();
        self.sim.playing.set(true);
    }

    /// Free play from `entry`'s starting state, without the walkthrough.
    pub fn sandbox(&self, entry: Entry) {
        if !self.restore_start(&entry) {
            return;
        }
        self.close();
        self.picker_open.set(false);
        self.notice.set(Some(Notice {
            lead: Key::LessonSandboxStarted,
            detail: entry.lesson.title.clone(),
            error: false,
        }));
    }

    /// Moves to `step` (the closing summary when it equals the number of steps).
    pub fn go(&self, step: usize) {
        let Some(a) = self.active.get_untracked() else {
            return;
        };
        let step = step.min(a.lesson().steps.len());
        self.active.set(Some(self.fresh_step(a.entry, step)));
        if self.sim.paused_at.get_untracked().is_some() {
            self.sim.paused_at.set(None);
            self.sim.playing.set(true);
        }
        self.record();
        self.arm();
    }

    fn fresh_step(&self, entry: Entry, step: usize) -> Active {
        Active {
            entry,
            step,
            hints: 0,
            solution: false,
            fired: 0,
            scan_from: self
                .sim
                .read(|c| c.trace().events().last().map_or(0, |e| e.seq + 1)),
            began: self.sim.read(|c| c.now()),
            actions_before: self.sim.transcript.with_untracked(Vec::len),
        }
    }

    /// Leaves the walkthrough; the cluster stays as it is.
    pub fn close(&self) {
        self.active.set(None);
        self.set_pause(None);
        self.sim.paused_at.set(None);
        remember_open(None);
    }

    pub fn update(&self, f: impl FnOnce(&mut Active)) {
        self.active.update(|a| {
            if let Some(a) = a {
                f(a);
            }
        });
    }

    /// Saves progress, and which lesson and step are open (a reload reopens them).
    fn record(&self) {
        let Some(a) = self.active.get_untracked() else {
            return;
        };
        let n = a.lesson().steps.len();
        self.progress.update(|p| {
            p.reach(&a.lesson().id, a.step.min(n.saturating_sub(1)), a.step >= n);
            p.save();
        });
        if a.entry.source.is_none() {
            remember_open(Some((&a.lesson().id, a.step)));
        }
    }

    /// After a reload: the builtin lesson that was open, at its step, over the restored cluster.
    pub fn reopen(&self) {
        let Some((id, step)) = storage()
            .and_then(|s| s.get_item(OPEN_KEY).ok().flatten())
            .and_then(|v| {
                let (id, step) = v.rsplit_once(' ')?;
                Some((id.to_string(), step.parse::<usize>().ok()?))
            })
        else {
            return;
        };
        if let Some(entry) = self.find(&id) {
            self.open_at(entry, step);
        }
    }

    pub(super) fn set_pause(&self, m: Option<PauseMatcher>) {
        self.sim.set_pause_on(m);
    }
}

/// Where the open lesson is kept: `<id> <step>`.
const OPEN_KEY: &str = "podflow.lessons.open";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn remember_open(at: Option<(&str, usize)>) {
    let Some(s) = storage() else { return };
    let _ = match at {
        Some((id, step)) => s.set_item(OPEN_KEY, &format!("{id} {step}")),
        None => s.remove_item(OPEN_KEY),
    };
}
