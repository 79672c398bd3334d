//! What the terminal's keys do, as bash's readline does them: Enter runs, ↑/↓ walk the
//! history, Tab completes (a second Tab lists), Ctrl+C abandons the line, Ctrl+L clears.
//!
//! Completion itself is `podflow_kubectl::complete`; this file only moves text and the caret.

use leptos::prelude::*;
use podflow_kubectl::complete::complete;
use web_sys::{HtmlInputElement, KeyboardEvent};

use super::caret::{byte_at_utf16, utf16_at_byte};
use crate::state::Sim;

/// Something the terminal printed itself, not a command's output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoteKind {
    /// Ctrl+C: the abandoned line, shown with `^C`.
    Interrupt,
    /// A second Tab: the candidates, listed under the line.
    Listing(Vec<String>),
}

/// A note, placed before the transcript entry `at` (or after the last one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub id: u64,
    pub at: usize,
    pub line: String,
    pub kind: NoteKind,
}

/// The terminal's own state; the transcript itself lives in [`Sim`].
#[derive(Clone, Copy)]
pub struct Term {
    pub sim: Sim,
    pub input: RwSignal<String>,
    /// Where ↑/↓ stand in the history, if walking it.
    history_at: RwSignal<Option<usize>>,
    pub notes: RwSignal<Vec<Note>>,
    next_id: StoredValue<u64>,
    /// Transcript entries before this one were cleared off the screen (Ctrl+L).
    pub cleared: RwSignal<usize>,
    /// The last key was a Tab that completed nothing: another Tab lists.
    tab_armed: RwSignal<bool>,
    /// Escape was pressed: the next Tab moves focus on instead of completing.
    released: RwSignal<bool>,
}

impl Term {
    pub fn new(sim: Sim) -> Self {
        Term {
            sim,
            input: RwSignal::new(String::new()),
            history_at: RwSignal::new(None),
            notes: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
            cleared: RwSignal::new(0),
            tab_armed: RwSignal::new(false),
            released: RwSignal::new(false),
        }
    }

    /// The keydown handler of the prompt's input.
    pub fn on_key(&self, ev: &KeyboardEvent) {
        // Keys that confirm an input method's composition (Chinese, Japanese) are its own.
        if ev.is_composing() {
            return;
        }
        let key = ev.key();
        let ctrl = ev.ctrl_key() && !ev.alt_key() && !ev.meta_key();
        if key != "Tab" {
            self.tab_armed.set(false);
        }
        let released = self.released.get_untracked();
        self.released.set(key == "Escape");
        match key.as_str() {
            "Enter" => self.enter(),
            "ArrowUp" | "ArrowDown" => {
                ev.prevent_default();
                self.walk_history(key == "ArrowUp");
            }
            // Shift+Tab, a Tab after Escape and a Tab on an empty line move focus as usual, so
            // the terminal never traps the keyboard.
            "Tab" if !ev.shift_key() && !released && !self.input.get_untracked().is_empty() => {
                ev.prevent_default();
                self.tab(ev);
            }
            "c" | "C" if ctrl && !has_selection(ev) => {
                ev.prevent_default();
                self.interrupt();
            }
            "l" | "L" if ctrl => {
                ev.prevent_default();
                self.clear();
            }
            _ => {}
        }
    }

    fn enter(&self) {
        let line = self.input.get_untracked();
        if !line.trim().is_empty() {
            self.sim.run(line.trim(), None);
        }
        self.input.set(String::new());
        self.history_at.set(None);
    }

    fn walk_history(&self, up: bool) {
        let h: Vec<String> = self
            .sim
            .transcript
            .with_untracked(|t| t.iter().map(|(l, _)| l.clone()).collect());
        if h.is_empty() {
            return;
        }
        let next = match (self.history_at.get_untracked(), up) {
            (None, true) => Some(h.len() - 1),
            (Some(0), true) => Some(0),
            (Some(i), true) => Some(i - 1),
            (Some(i), false) if i + 1 < h.len() => Some(i + 1),
            _ => None,
        };
        self.history_at.set(next);
        self.input
            .set(next.and_then(|i| h.get(i).cloned()).unwrap_or_default());
    }

    /// Completes the word at the caret; a second Tab that adds nothing lists the candidates.
    fn tab(&self, ev: &KeyboardEvent) {
        let Some(el) = input_of(ev) else {
            return;
        };
        let line = el.value();
        let caret = el.selection_start().ok().flatten().unwrap_or(u32::MAX);
        let cursor = byte_at_utf16(&line, caret);
        let comp = self.sim.read(|c| complete(&line, cursor, c));
        if let Some(edit) = comp.apply(&line) {
            el.set_value(&edit.line);
            self.input.set(edit.line.clone());
            let at = utf16_at_byte(&edit.line, edit.cursor);
            let _ = el.set_selection_range(at, at);
            self.tab_armed.set(false);
        } else if self.tab_armed.get_untracked() && !comp.candidates.is_empty() {
            self.note(line, NoteKind::Listing(comp.candidates));
            self.tab_armed.set(false);
        } else {
            self.tab_armed.set(true);
        }
    }

    fn interrupt(&self) {
        let line = self.input.get_untracked();
        self.note(line, NoteKind::Interrupt);
        self.input.set(String::new());
        self.history_at.set(None);
    }

    /// Clears the screen; the history stays, as in bash.
    fn clear(&self) {
        let n = self.sim.transcript.with_untracked(Vec::len);
        self.cleared.set(n);
        self.notes.set(Vec::new());
    }

    fn note(&self, line: String, kind: NoteKind) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let at = self.sim.transcript.with_untracked(Vec::len);
        self.notes.update(|n| n.push(Note { id, at, line, kind }));
    }

    /// Called when the transcript shrinks (the simulation was reset): the notes and the
    /// clear mark referred to entries that are gone.
    pub fn forget(&self) {
        self.notes.set(Vec::new());
        self.cleared.set(0);
        self.history_at.set(None);
    }
}

fn input_of(ev: &KeyboardEvent) -> Option<HtmlInputElement> {
    use wasm_bindgen::JsCast;
    ev.target()?.dyn_into::<HtmlInputElement>().ok()
}

/// Whether text is selected in the input: then Ctrl+C copies, as terminals do.
fn has_selection(ev: &KeyboardEvent) -> bool {
    input_of(ev).is_some_and(|el| {
        let start = el.selection_start().ok().flatten();
        let end = el.selection_end().ok().flatten();
        start.is_some() && start != end
    })
}
