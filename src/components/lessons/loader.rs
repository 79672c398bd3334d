//! Authoring: a teacher's own lesson file, from a drop, a file picker or a URL (`?lesson=`).
//!
//! The text goes through the same strict `Lesson::parse` as the builtin lessons; a malformed
//! file is refused with the parser's message and line, and nothing else changes.

use leptos::prelude::*;
use leptos::task::spawn_local;
use podflow_lessons::Lesson;

use super::ctx::Lessons;
use super::dom;

/// Where a lesson file came from, for the error message.
fn named(origin: &str, err: impl std::fmt::Display) -> String {
    format!("{origin}: {err}")
}

/// Parses `text` and adds it to the picker; returns the new entry's id.
pub fn load_text(lessons: Lessons, origin: &str, text: &str) -> Option<String> {
    match Lesson::parse(text) {
        Ok(lesson) => {
            lessons.load_error.set(None);
            Some(lessons.add_custom(lesson, text).lesson.id.clone())
        }
        Err(e) => {
            lessons.load_error.set(Some(named(origin, e)));
            None
        }
    }
}

/// Reads a picked or dropped file, then loads it.
pub fn load_file(lessons: Lessons, file: web_sys::File) {
    let name = file.name();
    spawn_local(async move {
        match dom::read_file(file).await {
            Ok(text) => {
                load_text(lessons, &name, &text);
            }
            Err(e) => lessons.load_error.set(Some(named(&name, e))),
        }
    });
}

/// Downloads a lesson from `url` and loads it; with `start`, opens it once loaded (a link a
/// teacher hands out: `?lesson=https://...`).
pub fn load_url(lessons: Lessons, url: String, start: bool) {
    spawn_local(async move {
        match dom::fetch_text(&url).await {
            Ok(text) => {
                let id = load_text(lessons, &url, &text);
                match id.and_then(|id| lessons.find(&id)) {
                    Some(entry) if start => lessons.start(entry, 0),
                    Some(_) => {}
                    None => lessons.picker_open.set(true),
                }
            }
            Err(e) => {
                lessons.load_error.set(Some(named(&url, e)));
                lessons.picker_open.set(true);
            }
        }
    });
}

/// The first file of a drop or a file input.
pub fn first_file(files: Option<web_sys::FileList>) -> Option<web_sys::File> {
    files?.get(0)
}
