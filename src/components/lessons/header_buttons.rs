//! The lessons' two header buttons: the lesson picker and the share dialog.

use leptos::prelude::*;

use super::ctx::use_lessons;
use crate::i18n::{use_i18n, Key};

/// "Lessons" and "Share", mounted in the header.
#[component]
pub fn LessonsHeaderButtons() -> impl IntoView {
    let i18n = use_i18n();
    let lessons = use_lessons();
    view! {
        <div class="pf-lessons-buttons">
            <button
                type="button"
                class="pf-header-button"
                aria-haspopup="dialog"
                on:click=move |_| lessons.picker_open.set(true)
            >
                <svg viewBox="0 0 16 16" aria-hidden="true">
                    <path d="M2 3h5a2 2 0 0 1 1 .3A2 2 0 0 1 9 3h5v10H9a1 1 0 0 0-1 1 1 1 0 0 0-1-1H2z" />
                </svg>
                {move || i18n.t(Key::LessonsButton)}
            </button>
            <button
                type="button"
                class="pf-header-button"
                aria-haspopup="dialog"
                on:click=move |_| lessons.share_open.set(true)
            >
                <svg viewBox="0 0 16 16" aria-hidden="true">
                    <circle cx="4" cy="8" r="2" />
                    <circle cx="12" cy="3.5" r="2" />
                    <circle cx="12" cy="12.5" r="2" />
                    <path d="M5.8 7 10.2 4.5M5.8 9l4.4 2.5" />
                </svg>
                {move || i18n.t(Key::ShareButton)}
            </button>
        </div>
    }
}
