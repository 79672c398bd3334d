//! Shows a panic on the page instead of leaving it blank.
//!
//! `index.html` holds a hidden `#pf-error` panel (it also reports a wasm that fails to load).
//! The hook logs the panic to the console as `console_error_panic_hook` does, then fills the
//! panel in the user's language and shows it. It touches no reactive state: the panic may have
//! happened inside the reactive system.

use crate::i18n::{lookup, Key};

/// The id of the error panel in `index.html`.
pub const PANEL_ID: &str = "pf-error";

/// Installs the panic hook. Call it first in `main`.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show(&info.to_string());
    }));
}

/// Fills the error panel with `details` and reveals it; does nothing when there is no panel.
pub fn show(details: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(panel) = document.get_element_by_id(PANEL_ID) else {
        return;
    };
    let lang = crate::i18n::current_lang();
    let fill = |selector: &str, text: &str| {
        if let Ok(Some(element)) = panel.query_selector(selector) {
            element.set_text_content(Some(text));
        }
    };
    fill(".pf-error__title", lookup(lang, Key::PanicTitle));
    fill(".pf-error__advice", lookup(lang, Key::PanicAdvice));
    fill(".pf-error__details", details);
    let _ = panel.remove_attribute("hidden");
}
