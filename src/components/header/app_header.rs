//! The dark bar at the top of the page.

use leptos::prelude::*;

use super::{FidelityPanel, LanguageSwitch, PresentationSwitch, ShortcutsHelp};
use crate::i18n::{use_i18n, Key};

/// The header with the mark, the name "Podflow", the tagline, and the tools: lessons, keyboard
/// shortcuts, what is simplified, presentation mode and the language switch.
#[component]
pub fn AppHeader() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="pf-header">
            <div class="pf-header__brand">
                <svg class="pf-header__mark" viewBox="0 0 32 32" aria-hidden="true">
                    <polygon points="16,2 28,9 28,23 16,30 4,23 4,9" />
                    <circle cx="16" cy="16" r="5" />
                </svg>
                <h1 class="pf-header__name">"Podflow"</h1>
                <p class="pf-header__tagline">{move || i18n.t(Key::Tagline)}</p>
            </div>
            <div class="pf-header__tools">
                <crate::components::lessons::LessonsHeaderButtons />
                <ShortcutsHelp />
                <FidelityPanel />
                <PresentationSwitch />
                <LanguageSwitch />
            </div>
        </header>
    }
}
