//! The page-wide keyboard shortcuts: Space plays or pauses, → jumps to the next event, both
//! only when the focus is not somewhere that already uses the key (a text field, a button,
//! the timeline's slider).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::state::Sim;

/// What a key press asks the timeline to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    PlayPause,
    NextEvent,
}

/// Input types that take typed text (every other `<input>` is a control like a slider).
const TEXT_INPUTS: &[&str] = &[
    "", "text", "search", "url", "tel", "email", "password", "number", "date", "time",
];

/// The shortcut for `key` pressed while the focus is on an element `tag` (upper case, as the
/// DOM gives it) of input type `input_type`; `editable` for contenteditable, `modified` when
/// Ctrl, Alt or Meta is held.
pub fn shortcut_for(
    key: &str,
    tag: &str,
    input_type: &str,
    editable: bool,
    modified: bool,
) -> Option<Shortcut> {
    let text_field = editable
        || matches!(tag, "TEXTAREA" | "SELECT")
        || (tag == "INPUT" && TEXT_INPUTS.contains(&input_type.to_ascii_lowercase().as_str()));
    if modified || text_field {
        return None;
    }
    match key {
        // Space already presses a focused button, link, checkbox or summary.
        " " if !matches!(tag, "BUTTON" | "A" | "SUMMARY" | "INPUT") => Some(Shortcut::PlayPause),
        "ArrowRight" if !(tag == "INPUT" && input_type == "range") => Some(Shortcut::NextEvent),
        _ => None,
    }
}

/// Listens for the shortcuts on the whole page for as long as the page lives.
pub fn install_shortcuts(sim: Sim) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let target = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok());
        let (tag, kind, editable) = match &target {
            Some(el) => (
                el.tag_name(),
                el.get_attribute("type").unwrap_or_default(),
                el.is_content_editable(),
            ),
            None => (String::new(), String::new(), false),
        };
        let modified = ev.ctrl_key() || ev.alt_key() || ev.meta_key();
        match shortcut_for(&ev.key(), &tag, &kind, editable, modified) {
            Some(Shortcut::PlayPause) => {
                ev.prevent_default();
                sim.playing.update(|p| *p = !*p);
            }
            Some(Shortcut::NextEvent) => {
                ev.prevent_default();
                sim.step_next();
            }
            None => {}
        }
    });
    // The listener lives as long as the page.
    std::mem::forget(handle);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn space_and_right_arrow_only_where_nothing_else_uses_them() {
        let on = |key, tag, kind| shortcut_for(key, tag, kind, false, false);
        assert_eq!(on(" ", "BODY", ""), Some(Shortcut::PlayPause));
        assert_eq!(on(" ", "DIV", ""), Some(Shortcut::PlayPause));
        assert_eq!(on("ArrowRight", "BODY", ""), Some(Shortcut::NextEvent));
        assert_eq!(on("ArrowRight", "BUTTON", ""), Some(Shortcut::NextEvent));
        // Typing.
        assert_eq!(on(" ", "TEXTAREA", ""), None);
        assert_eq!(on(" ", "INPUT", "text"), None);
        assert_eq!(on("ArrowRight", "INPUT", ""), None);
        assert_eq!(on("ArrowRight", "SELECT", ""), None);
        assert_eq!(shortcut_for(" ", "DIV", "", true, false), None);
        // Controls that already answer the key.
        assert_eq!(on(" ", "BUTTON", ""), None);
        assert_eq!(on(" ", "INPUT", "checkbox"), None);
        assert_eq!(on("ArrowRight", "INPUT", "range"), None);
        // Other keys and chords.
        assert_eq!(on("Enter", "BODY", ""), None);
        assert_eq!(shortcut_for(" ", "BODY", "", false, true), None);
    }
}
