//! The kubectl terminal panel.

use leptos::prelude::*;

use crate::components::common::Panel;
use crate::i18n::{use_i18n, Key};

/// The terminal panel; for now a comment line and an idle prompt.
#[component]
pub fn TerminalPanel() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Panel region="terminal" title=Key::TerminalTitle>
            <div class="pf-terminal">
                <p class="pf-terminal__comment">"# " {move || i18n.t(Key::TerminalSoon)}</p>
                <p class="pf-terminal__prompt" aria-hidden="true">
                    "$ "
                    <span class="pf-terminal__cursor"></span>
                </p>
            </div>
        </Panel>
    }
}
