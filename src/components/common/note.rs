//! A muted line of explanation, for example what a region will hold.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};

/// A muted paragraph showing the text of `text` in the current language.
#[component]
pub fn Note(
    /// The text to show.
    text: Key,
) -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="pf-note">{move || i18n.t(text)}</p> }
}
