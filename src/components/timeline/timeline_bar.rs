//! The bar along the bottom of the page.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};

/// The timeline bar; its controls stay disabled until the engine can run.
#[component]
pub fn TimelineBar() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="pf-timeline" role="toolbar" aria-label=move || i18n.t(Key::Timeline)>
            <button
                type="button"
                class="pf-timeline__play"
                disabled=true
                aria-label=move || i18n.t(Key::Play)
            >
                <svg viewBox="0 0 16 16" aria-hidden="true">
                    <polygon points="4,2 14,8 4,14" />
                </svg>
            </button>
            <span class="pf-timeline__clock">"t = 0.0 s"</span>
            <div class="pf-timeline__track" aria-hidden="true">
                <div class="pf-timeline__cursor"></div>
            </div>
            <span class="pf-timeline__speed">{move || i18n.t(Key::Speed)} " 1×"</span>
            <span class="pf-timeline__note">{move || i18n.t(Key::TimelineSoon)}</span>
        </footer>
    }
}
