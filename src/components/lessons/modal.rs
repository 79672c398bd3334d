//! A modal dialog on the native `<dialog>`: the browser traps focus, Escape closes it, and
//! focus returns to the button that opened it.

use leptos::html::Dialog;
use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};

/// A titled modal shown while `open` is true.
#[component]
pub fn Modal(
    /// Shown while true; set to false when the learner closes it.
    open: RwSignal<bool>,
    /// The dialog's title (its accessible name).
    title: Key,
    /// A BEM modifier: `pf-modal--{name}`.
    name: &'static str,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let dialog = NodeRef::<Dialog>::new();
    Effect::new(move |_| {
        let want = open.get();
        if let Some(d) = dialog.get() {
            if want && !d.open() {
                let _ = d.show_modal();
            } else if !want && d.open() {
                d.close();
            }
        }
    });
    let title_id = format!("pf-modal-{name}-title");
    let labelled_by = title_id.clone();
    view! {
        <dialog
            node_ref=dialog
            class=format!("pf-modal pf-modal--{name}")
            aria-labelledby=labelled_by
            on:close=move |_| open.set(false)
        >
            <header class="pf-modal__head">
                <h2 class="pf-modal__title" id=title_id>{move || i18n.t(title)}</h2>
                <button
                    type="button"
                    class="pf-modal__close"
                    aria-label=move || i18n.t(Key::Close)
                    on:click=move |_| open.set(false)
                >
                    "×"
                </button>
            </header>
            <div class="pf-modal__body">{children()}</div>
        </dialog>
    }
}
