//! The "Keyboard shortcuts" disclosure in the header: a `<details>`, so it opens with Enter or
//! Space and needs no script; Escape closes it.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};

/// The keys and what they do; `None` is the space bar, whose name is translated.
const ROWS: &[(Option<&str>, Key)] = &[
    (None, Key::ShortcutPlay),
    (Some("→"), Key::ShortcutNext),
    (Some("Ctrl/⌘ + Enter"), Key::ShortcutApply),
    (Some("↑ ↓"), Key::ShortcutHistory),
    (Some("← →"), Key::ShortcutScrub),
    (Some("Tab"), Key::ShortcutTab),
];

/// The disclosure with the list of shortcuts.
#[component]
pub fn ShortcutsHelp() -> impl IntoView {
    let i18n = use_i18n();
    let details = NodeRef::<leptos::html::Details>::new();
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            if let Some(d) = details.get() {
                d.set_open(false);
            }
        }
    };
    view! {
        <details class="pf-shortcuts" node_ref=details on:keydown=on_key>
            <summary class="pf-header__tool">
                <svg viewBox="0 0 16 16" aria-hidden="true">
                    <rect x="1" y="3.5" width="14" height="9" rx="1.5" />
                    <path d="M4 6.5h1M7.5 6.5h1M11 6.5h1M5 9.5h6" />
                </svg>
                {move || i18n.t(Key::Shortcuts)}
            </summary>
            <div class="pf-shortcuts__panel">
                <dl class="pf-shortcuts__list">
                    {ROWS.iter().map(|(keys, what)| view! {
                        <div class="pf-shortcuts__row">
                            <dt><kbd>{move || keys.unwrap_or_else(|| i18n.t(Key::KeySpace))}</kbd></dt>
                            <dd>{move || i18n.t(*what)}</dd>
                        </div>
                    }).collect_view()}
                </dl>
                <p class="pf-shortcuts__note">{move || i18n.t(Key::ShortcutsNote)}</p>
            </div>
        </details>
    }
}
