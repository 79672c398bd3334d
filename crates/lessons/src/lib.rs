//! Podflow's lessons: the lesson file format, its strict parser, goal checks, walkthrough
//! pauses and a native runner that proves every lesson can be completed.
//!
//! Not upstream code. Pure (no web crates) so the browser and native tests share it. The
//! format is described in `assets/lessons/README.md`; the lessons themselves are YAML files under
//! `assets/lessons/`, embedded by [`builtin`].

pub mod builtin;
pub mod check;
pub mod model;
pub mod parse;
pub mod runner;
pub mod yaml;

pub use builtin::{builtin, BUILTIN_SOURCES};
pub use check::{CheckResult, GoalStatus};
pub use model::{Check, Expect, Goal, Lesson, Pause, PauseMatch, Solution, Step, Text};
pub use runner::{run_lesson, Report, StepReport};
pub use yaml::LessonError;
