//! The presentation mode toggle: larger type and the stage emphasized, for projectors.
//! Remembered in localStorage; the mode is a class on `<html>` so every region's CSS can follow.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};

/// Where the choice is remembered.
const STORAGE_KEY: &str = "podflow.presentation";
/// The class on `<html>` while presenting.
const CLASS: &str = "pf-present";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn apply(on: bool) {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element());
    if let Some(root) = root {
        let list = root.class_list();
        let _ = if on {
            list.add_1(CLASS)
        } else {
            list.remove_1(CLASS)
        };
    }
}

/// A pressed/unpressed button in the header.
#[component]
pub fn PresentationSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let stored = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    let on = RwSignal::new(stored.as_deref() == Some("1"));
    Effect::new(move |_| {
        let v = on.get();
        apply(v);
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, if v { "1" } else { "0" });
        }
    });
    view! {
        <button
            type="button"
            class="pf-header__tool"
            class:pf-header__tool--on=move || on.get()
            aria-pressed=move || on.get().to_string()
            on:click=move |_| on.update(|v| *v = !*v)
        >
            <svg viewBox="0 0 16 16" aria-hidden="true">
                <rect x="1.5" y="2" width="13" height="9" rx="1" />
                <path d="M8 11v3M5 14h6" />
            </svg>
            {move || i18n.t(Key::Presentation)}
        </button>
    }
}
