//! The YAML editor region: highlighted text with line numbers, the engine's problems at their
//! lines as you type (debounced), apply, and the gallery of examples.
//!
//! # Putting text into the editor from outside
//!
//! The editor's text lives in an [`EditorText`] handle that [`provide_editor_text`] puts in
//! context (the app calls it once, before its regions). Any component (the lessons, for example)
//! reads and replaces the text through it:
//!
//! ```text
//! let editor = use_editor_text();
//! editor.load(step_yaml);            // replace the text; the learner's own text is kept
//! let yaml = editor.text_untracked(); // what is in the editor now
//! ```
//!
//! `load` never loses what the learner typed: when the text it replaces is not an untouched
//! example, that text is kept (in localStorage too) and the editor offers to swap it back. The
//! text itself is saved to localStorage (`podflow.editor`) on every change, so a reload keeps it.

mod code_area;
mod gallery;
mod highlight;
mod problems;
mod text_ops;
mod yaml_editor;

pub use yaml_editor::YamlEditor;

use leptos::prelude::*;

use crate::examples;

/// Where the editor's text is kept between visits.
const STORAGE_KEY: &str = "podflow.editor";
/// Where texts replaced by a load are kept (a JSON array, newest last).
const KEPT_KEY: &str = "podflow.editor.kept";
/// How many replaced texts are kept.
const KEPT_MAX: usize = 10;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The editor's text, shared through context; copyable.
#[derive(Clone, Copy)]
pub struct EditorText {
    text: RwSignal<String>,
    /// The learner's texts that a load replaced, newest last.
    kept: RwSignal<Vec<String>>,
    /// The example file last loaded from the gallery, for its note.
    example: RwSignal<Option<&'static examples::Example>>,
    /// Counts loads and swaps: the editor checks a loaded text at once and shows its top.
    loads: RwSignal<u64>,
}

impl EditorText {
    /// The text (tracked).
    pub fn text(&self) -> String {
        self.text.get()
    }

    /// The text, without tracking.
    pub fn text_untracked(&self) -> String {
        self.text.get_untracked()
    }

    /// The text as a signal, for the editor's own textarea and checks.
    pub fn signal(&self) -> RwSignal<String> {
        self.text
    }

    /// Replaces the text. The learner's own text (anything but an untouched example) is kept
    /// and can be swapped back.
    pub fn load(&self, new: &str) {
        let old = self.text.get_untracked();
        if old != new && !old.trim().is_empty() && !examples::is_example(&old) {
            self.kept.update(|k| {
                k.retain(|t| *t != old);
                k.push(old);
                let extra = k.len().saturating_sub(KEPT_MAX);
                k.drain(..extra);
            });
        }
        self.example.set(None);
        self.loads.update(|n| *n += 1);
        self.text.set(new.to_string());
    }

    /// Loads the gallery's example `file`; false when there is none.
    pub fn load_example(&self, file: &str) -> bool {
        let Some(example) = examples::find(file) else {
            return false;
        };
        self.load(example.text);
        self.example.set(Some(example));
        true
    }

    /// The example last loaded from the gallery (tracked).
    pub fn example(&self) -> Option<&'static examples::Example> {
        self.example.get()
    }

    /// True while a replaced text is kept (tracked).
    pub fn has_kept(&self) -> bool {
        self.kept.with(|k| !k.is_empty())
    }

    /// How many replaced texts are kept (tracked).
    pub fn kept_len(&self) -> usize {
        self.kept.with(Vec::len)
    }

    /// Puts the newest kept text back; the current text is kept in its place unless it is an
    /// untouched example.
    pub fn swap_back(&self) {
        let Some(back) = self.kept.try_update(Vec::pop).flatten() else {
            return;
        };
        let current = self.text.get_untracked();
        if !current.trim().is_empty() && !examples::is_example(&current) {
            self.kept.update(|k| k.insert(0, current));
        }
        self.example.set(None);
        self.loads.update(|n| *n += 1);
        self.text.set(back);
    }

    /// How many times the text was replaced from outside the textarea (tracked).
    pub fn loads(&self) -> u64 {
        self.loads.get()
    }
}

/// Creates the handle from the saved text (or the first example), saves every change, and
/// provides it as context.
pub fn provide_editor_text() -> EditorText {
    let store = storage();
    let saved = store
        .as_ref()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    let kept: Vec<String> = store
        .as_ref()
        .and_then(|s| s.get_item(KEPT_KEY).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    let text = saved.unwrap_or_else(|| examples::default_text().to_string());
    // An untouched example keeps its note across reloads (and a first visit shows one).
    let example = examples::catalog().iter().find(|e| e.text == text);
    let handle = EditorText {
        text: RwSignal::new(text),
        kept: RwSignal::new(kept),
        example: RwSignal::new(example),
        loads: RwSignal::new(0),
    };
    Effect::new(move |_| {
        let text = handle.text.get();
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, &text);
        }
    });
    Effect::new(move |_| {
        let json = handle
            .kept
            .with(|k| serde_json::to_string(k).unwrap_or_default());
        if let Some(s) = storage() {
            let _ = s.set_item(KEPT_KEY, &json);
        }
    });
    provide_context(handle);
    handle
}

/// The [`EditorText`] in context; provides one for this subtree when there is none (a test
/// that mounts the editor alone).
pub fn use_editor_text() -> EditorText {
    use_context::<EditorText>().unwrap_or_else(provide_editor_text)
}
