//! The kubectl terminal panel: the same kubectl as the `podflow` command line.

use leptos::prelude::*;

use super::keys::Term;
use super::scrollback::Scrollback;
use crate::components::common::Panel;
use crate::i18n::{use_i18n, Key};
use crate::state::use_sim;

/// The terminal: the scrollback above, the prompt pinned below it.
#[component]
pub fn TerminalPanel() -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let term = Term::new(sim);
    let log = NodeRef::<leptos::html::Div>::new();
    // A reset empties the transcript: the terminal's notes went with it.
    Effect::new(move |before: Option<usize>| {
        let n = sim.transcript.with(Vec::len);
        if before.is_some_and(|b| n < b) {
            term.forget();
        }
        n
    });
    // The newest output is always in view, as in a terminal.
    Effect::new(move |_| {
        sim.transcript.track();
        term.notes.track();
        term.cleared.track();
        request_animation_frame(move || {
            if let Some(el) = log.get_untracked() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    });
    view! {
        <Panel region="terminal" title=Key::TerminalTitle>
            <div class="pf-terminal">
                <Scrollback term=term node_ref=log />
                <label class="pf-terminal__prompt">
                    <span aria-hidden="true">"$"</span>
                    <input
                        class="pf-terminal__input"
                        type="text"
                        spellcheck="false"
                        autocomplete="off"
                        autocapitalize="off"
                        aria-label=move || i18n.t(Key::TerminalInput)
                        aria-describedby="pf-terminal-keys"
                        prop:value=move || term.input.get()
                        on:input=move |ev| term.input.set(event_target_value(&ev))
                        on:keydown=move |ev| term.on_key(&ev)
                    />
                </label>
                <p class="pf-terminal__keys" id="pf-terminal-keys">
                    {move || i18n.t(Key::TerminalKeys)}
                </p>
            </div>
        </Panel>
    }
}
