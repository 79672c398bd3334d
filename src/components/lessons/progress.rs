//! How far the learner got in each lesson, kept in localStorage between visits.
//!
//! A private-mode browser that refuses storage simply forgets; a damaged stored value reads as
//! no progress at all.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Where progress is kept.
const STORAGE_KEY: &str = "podflow.lessons.progress";

/// One lesson's progress.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// The furthest step reached, 0-based.
    pub step: usize,
    /// The closing summary was reached once.
    pub done: bool,
}

/// What the picker shows for a lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    NotStarted,
    /// At step `k` (1-based) of `n`.
    AtStep(usize, usize),
    Done,
}

/// Every lesson's progress, by lesson id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress(BTreeMap<String, Mark>);

impl Progress {
    /// Reads the stored progress.
    pub fn load() -> Progress {
        storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .map(|text| Progress::from_json(&text))
            .unwrap_or_default()
    }

    fn from_json(text: &str) -> Progress {
        Progress(serde_json::from_str(text).unwrap_or_default())
    }

    fn to_json(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_default()
    }

    /// Records that `id` is at `step`; `done` once the closing summary shows.
    pub fn reach(&mut self, id: &str, step: usize, done: bool) {
        let mark = self.0.entry(id.to_string()).or_default();
        mark.step = mark.step.max(step);
        mark.done |= done;
    }

    /// Stores the progress.
    pub fn save(&self) {
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, &self.to_json());
        }
    }

    /// The picker's status of a lesson of `steps` steps.
    pub fn status(&self, id: &str, steps: usize) -> Status {
        match self.0.get(id) {
            None => Status::NotStarted,
            Some(m) if m.done => Status::Done,
            Some(m) => Status::AtStep((m.step + 1).min(steps.max(1)), steps),
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_only_moves_forward_and_survives_a_round_trip() {
        let mut p = Progress::default();
        assert_eq!(p.status("a", 4), Status::NotStarted);
        p.reach("a", 2, false);
        p.reach("a", 1, false);
        assert_eq!(p.status("a", 4), Status::AtStep(3, 4));
        p.reach("a", 4, true);
        p.reach("a", 0, false);
        assert_eq!(p.status("a", 4), Status::Done);
        assert_eq!(Progress::from_json(&p.to_json()), p);
    }

    #[test]
    fn damaged_storage_reads_as_no_progress() {
        assert_eq!(Progress::from_json("{not json"), Progress::default());
        assert_eq!(Progress::from_json("[1,2]"), Progress::default());
    }
}
