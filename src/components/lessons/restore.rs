//! Packing the current state into a [`Shared`] payload and opening one: from a link's fragment
//! at start-up, or from a session file. Replaying goes through `Sim::restore`, so the restored
//! session is recorded and can be shared again.

use leptos::prelude::*;
use podflow_lessons::Lesson;

use super::ctx::Lessons;
use super::dom;
use crate::components::editor::EditorText;
use crate::i18n::{Key, Lang};
use crate::share::{LessonAt, ShareError, Shared, VERSION};

/// The state as it is now.
pub fn current(lessons: Lessons, editor: EditorText) -> Shared {
    let (sim, i18n) = (lessons.sim, lessons.i18n);
    untrack(|| Shared {
        version: VERSION,
        script: sim.session_script(),
        editor: editor.text_untracked(),
        lesson: lessons.active.get().map(|a| LessonAt {
            id: a.lesson().id.clone(),
            step: a.step,
            source: a.entry.source.as_deref().map(str::to_string),
        }),
        lang: i18n.lang().tag().to_string(),
    })
}

/// The lead of the notice for a payload that could not be read.
pub fn error_key(e: &ShareError) -> Key {
    match e {
        ShareError::Encoding => Key::ShareErrEncoding,
        ShareError::Compression => Key::ShareErrCompression,
        ShareError::Payload(_) => Key::ShareErrPayload,
        ShareError::Version(_) => Key::ShareErrVersion,
    }
}

/// What the notice adds to [`error_key`]'s text (which already says what happened).
pub fn error_detail(e: &ShareError) -> String {
    match e {
        ShareError::Payload(m) => m.clone(),
        ShareError::Version(v) => format!("format {v}"),
        ShareError::Encoding | ShareError::Compression => String::new(),
    }
}

/// Opens `shared`: replays its session, sets the editor, the language and the lesson step.
pub fn open(lessons: Lessons, editor: EditorText, shared: Shared) {
    let (sim, i18n) = (lessons.sim, lessons.i18n);
    if let Err(e) = sim.restore(&shared.script) {
        lessons.say(Key::ShareBadScript, e.to_string(), true);
        return;
    }
    editor.load(&shared.editor);
    if let Some(lang) = Lang::from_tag(&shared.lang) {
        i18n.set_lang(lang);
    }
    lessons.close();
    let Some(at) = shared.lesson else {
        lessons.say(Key::ShareRestored, String::new(), false);
        return;
    };
    if let Some(source) = &at.source {
        match Lesson::parse(source) {
            Ok(lesson) => {
                lessons.add_custom(lesson, source);
            }
            Err(e) => {
                lessons.say(Key::LessonLoadFailed, e.to_string(), true);
                return;
            }
        }
    }
    match lessons.find(&at.id) {
        Some(entry) => {
            lessons.open_at(entry, at.step);
            lessons.say(Key::ShareRestored, String::new(), false);
        }
        None => lessons.say(Key::ShareLessonMissing, at.id, true),
    }
}

/// At start-up: a link's `#s=...` (then dropped from the address bar), else `?lesson=URL`,
/// else the lesson that was open before a reload.
pub fn open_from_address(lessons: Lessons, editor: EditorText) {
    match Shared::from_fragment(&dom::location_hash()) {
        Some(Ok(shared)) => {
            dom::clear_hash();
            open(lessons, editor, shared);
        }
        Some(Err(e)) => {
            dom::clear_hash();
            lessons.say(error_key(&e), error_detail(&e), true);
        }
        None => match dom::query_param("lesson") {
            Some(url) => super::loader::load_url(lessons, url, true),
            None => lessons.reopen(),
        },
    }
}
