//! The lessons' message line: a shared link that opened (or could not), a sandbox started, a
//! lesson that could not start. Errors are alerts; the rest are polite status messages.

use leptos::prelude::*;

use super::ctx::use_lessons;
use crate::i18n::{use_i18n, Key};

/// Shown while there is a notice; Dismiss clears it.
#[component]
pub fn NoticeBar() -> impl IntoView {
    let i18n = use_i18n();
    let lessons = use_lessons();
    move || {
        lessons.notice.get().map(|n| {
            let role = if n.error { "alert" } else { "status" };
            let detail = n.detail.clone();
            view! {
                <div class="pf-notice" class:pf-notice--error=n.error role=role>
                    <span class="pf-notice__mark" aria-hidden="true">{if n.error { "⚠" } else { "ℹ" }}</span>
                    <p class="pf-notice__text">
                        <strong>{move || i18n.t(n.lead)}</strong>
                        " "
                        <span class="pf-notice__detail">{move || detail.get(i18n.lang().tag()).to_string()}</span>
                    </p>
                    <button type="button" class="pf-button" on:click=move |_| lessons.notice.set(None)>
                        {move || i18n.t(Key::Dismiss)}
                    </button>
                </div>
            }
        })
    }
}
