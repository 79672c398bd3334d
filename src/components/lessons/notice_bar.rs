//! The lessons' message line: a shared link that opened (or could not), a sandbox started, a
//! lesson that could not start. Errors are alerts; the rest are polite status messages.

use gloo_timers::callback::Timeout;
use leptos::prelude::*;

use super::ctx::use_lessons;
use crate::i18n::{use_i18n, Key};

/// How long a notice that is not an error stays (ms).
const INFO_MS: u32 = 10_000;

/// Shown while there is a notice; Dismiss clears it.
#[component]
pub fn NoticeBar() -> impl IntoView {
    let i18n = use_i18n();
    let lessons = use_lessons();
    // Good news goes by itself after a while; an error stays until dismissed.
    Effect::new(move |_| {
        let Some(n) = lessons.notice.get().filter(|n| !n.error) else {
            return;
        };
        Timeout::new(INFO_MS, move || {
            if lessons.notice.try_get_untracked().flatten().as_ref() == Some(&n) {
                lessons.notice.set(None);
            }
        })
        .forget();
    });
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
