//! The messages components exchanged, newest first: the trace the engine recorded.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};
use crate::state::use_sim;
use crate::view_model::recent_messages;

#[component]
pub fn MessageLog() -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let messages = Memo::new(move |_| sim.read(|c| recent_messages(c, 5)));
    view! {
        <section class="pf-messages" aria-labelledby="pf-messages-title" aria-live="polite">
            <h3 class="pf-nodes__title" id="pf-messages-title">{move || i18n.t(Key::Messages)}</h3>
            {move || {
                let m = messages.get();
                if m.is_empty() {
                    return view! { <p class="pf-messages__empty">{i18n.t(Key::MessagesEmpty)}</p> }.into_any();
                }
                view! {
                    <ol class="pf-messages__list">
                        {m.into_iter().map(|m| view! {
                            <li class="pf-message" data-from=m.from.clone() data-to=m.to.clone()>
                                <span class="pf-message__at">{m.at}</span>
                                <span class="pf-message__route">{m.from.clone()} " → " {m.to.clone()}</span>
                                <span class="pf-message__summary">{m.summary}</span>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}
