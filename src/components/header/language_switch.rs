//! The English / 简体中文 toggle.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key, Lang};

/// A group of buttons, one per language; the current one is pressed.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let button = move |lang: Lang| {
        let pressed = move || i18n.lang() == lang;
        view! {
            <button
                type="button"
                class="pf-lang__option"
                class:pf-lang__option--active=pressed
                aria-pressed=move || pressed().to_string()
                lang=lang.tag()
                on:click=move |_| i18n.set_lang(lang)
            >
                {lang.endonym()}
            </button>
        }
    };
    view! {
        <div class="pf-lang" role="group" aria-label=move || i18n.t(Key::Language)>
            {Lang::ALL.iter().map(|lang| button(*lang)).collect_view()}
        </div>
    }
}
