//! The messages above the timeline: "viewing the past" with its way back, and a saved session
//! that could not be restored.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};
use crate::state::timeline_model::clock_label;
use crate::state::use_sim;

/// Shown while the timeline shows an earlier moment than the latest reached.
#[component]
pub fn PastBanner() -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let at = move || clock_label(sim.read(|c| c.now()));
    view! {
        <Show when=move || sim.in_past()>
            <div class="pf-past" role="status">
                <svg class="pf-past__icon" viewBox="0 0 16 16" aria-hidden="true">
                    <path d="M2.5 8a5.5 5.5 0 1 0 1.6-3.9M2.5 2.5v2.5H5M8 5v3.2l2.2 1.3" />
                </svg>
                <p class="pf-past__text">
                    <strong>{move || i18n.t(Key::PastBanner).replace("{t}", &at())}</strong>
                    " "
                    <span>{move || i18n.t(Key::PastHint)}</span>
                </p>
                <button type="button" class="pf-button pf-past__back" on:click=move |_| sim.back_to_now()>
                    {move || i18n.t(Key::BackToNow)}
                    <svg class="pf-past__icon" viewBox="0 0 16 16" aria-hidden="true">
                        <path d="M3 8h9M8.5 4.5 12 8l-3.5 3.5M14 3v10" />
                    </svg>
                </button>
            </div>
        </Show>
    }
}

/// Shown after a reload when the saved session could not be replayed (the page started fresh).
#[component]
pub fn RestoreNotice() -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    view! {
        {move || sim.restore_error.get().map(|detail| view! {
            <div class="pf-past pf-past--error" role="alert">
                <span class="pf-past__mark" aria-hidden="true">"⚠"</span>
                <p class="pf-past__text">
                    <strong>{move || i18n.t(Key::RestoreFailed)}</strong>
                    " "
                    <code class="pf-past__detail">{detail}</code>
                </p>
                <button type="button" class="pf-button" on:click=move |_| sim.restore_error.set(None)>
                    {move || i18n.t(Key::Dismiss)}
                </button>
            </div>
        })}
    }
}
