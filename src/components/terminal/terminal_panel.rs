//! The kubectl terminal panel: the same kubectl as the `podflow` command line.

use leptos::prelude::*;

use crate::components::common::Panel;
use crate::i18n::{use_i18n, Key};
use crate::state::use_sim;

/// The terminal: the transcript above, a prompt below; ↑/↓ walk the history.
#[component]
pub fn TerminalPanel() -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let input = RwSignal::new(String::new());
    let cursor = RwSignal::new(None::<usize>);
    let history = move || -> Vec<String> {
        sim.transcript
            .with(|t| t.iter().map(|(l, _)| l.clone()).collect())
    };
    let on_key = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Enter" => {
            let line = input.get_untracked();
            if !line.trim().is_empty() {
                sim.run(line.trim(), None);
            }
            input.set(String::new());
            cursor.set(None);
        }
        "ArrowUp" | "ArrowDown" => {
            ev.prevent_default();
            let h = history();
            if h.is_empty() {
                return;
            }
            let up = ev.key() == "ArrowUp";
            let next = match (cursor.get_untracked(), up) {
                (None, true) => Some(h.len() - 1),
                (Some(0), true) => Some(0),
                (Some(i), true) => Some(i - 1),
                (Some(i), false) if i + 1 < h.len() => Some(i + 1),
                _ => None,
            };
            cursor.set(next);
            input.set(next.map(|i| h[i].clone()).unwrap_or_default());
        }
        _ => {}
    };
    view! {
        <Panel region="terminal" title=Key::TerminalTitle>
            <div class="pf-terminal">
                <p class="pf-terminal__comment">"# " {move || i18n.t(Key::TerminalHint)}</p>
                <For
                    each=move || sim.transcript.get().into_iter().enumerate()
                    key=|(i, _)| *i
                    let:entry
                >
                    <p class="pf-terminal__cmd">"$ " {entry.1 .0.clone()}</p>
                    <pre class="pf-terminal__out">{entry.1 .1.stdout.clone()}</pre>
                    <pre class="pf-terminal__err">{entry.1 .1.stderr.clone()}</pre>
                </For>
                <label class="pf-terminal__prompt">
                    "$ "
                    <input
                        class="pf-terminal__input"
                        type="text"
                        spellcheck="false"
                        autocomplete="off"
                        aria-label=move || i18n.t(Key::TerminalInput)
                        prop:value=move || input.get()
                        on:input=move |ev| input.set(event_target_value(&ev))
                        on:keydown=on_key
                    />
                </label>
            </div>
        </Panel>
    }
}
