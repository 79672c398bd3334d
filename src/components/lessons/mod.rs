//! Lessons (issue 6): the picker, the walkthrough panel beside the stage, sharing a state as a
//! link or a file, and a teacher's own lesson files.
//!
//! The lesson format and its checks live in `crates/lessons`; these components only show a
//! lesson and send the learner's actions through `Sim::run`. Mounted by `App`: the context
//! ([`provide_lessons`]), the header buttons, the panel in the main grid, and the overlay
//! (dialogs, notices, opening a shared link at start-up). The editor's text goes through the
//! editor's `EditorText` handle.

mod ctx;
mod dom;
mod goal_view;
mod header_buttons;
mod loader;
mod modal;
mod notice_bar;
mod pause_note;
mod pauses;
mod picker;
mod progress;
mod prose;
mod restore;
mod share_dialog;
mod step_actions;
mod walkthrough;

use leptos::prelude::*;

use crate::components::editor::use_editor_text;

pub use ctx::{provide_lessons, use_lessons, Lessons};
pub use header_buttons::LessonsHeaderButtons;
pub use walkthrough::LessonPanel;

/// The dialogs and the notice line; opens a shared link (`#s=`) or a lesson URL (`?lesson=`)
/// once the app has mounted (the editor must exist to receive the shared text).
#[component]
pub fn LessonsOverlay() -> impl IntoView {
    let lessons = use_lessons();
    let editor = use_editor_text();
    Effect::new(move |done: Option<()>| {
        if done.is_none() {
            untrack(|| restore::open_from_address(lessons, editor));
        }
    });
    view! {
        <picker::LessonPicker />
        <share_dialog::ShareDialog />
        <notice_bar::NoticeBar />
    }
}
