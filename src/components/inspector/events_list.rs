//! The cluster's events, newest first.

use leptos::prelude::*;

use crate::components::common::Note;
use crate::i18n::{use_i18n, Key};
use crate::state::use_sim;
use crate::view_model::recent_events;

/// The events list, read from the engine's Event objects.
#[component]
pub fn EventsList() -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let events = Memo::new(move |_| sim.read(|c| recent_events(c, 30)));
    view! {
        <section class="pf-events" aria-labelledby="pf-events-title">
            <h3 class="pf-events__title" id="pf-events-title">
                {move || i18n.t(Key::EventsTitle)}
            </h3>
            {move || {
                let list = events.get();
                if list.is_empty() {
                    return view! { <Note text=Key::EventsEmpty /> }.into_any();
                }
                view! {
                    <ul class="pf-events__list">
                        {list.into_iter().map(|e| {
                            let class = if e.type_ == "Warning" { "pf-event pf-event--warning" } else { "pf-event" };
                            view! {
                                <li class=class>
                                    <span class="pf-event__reason">{e.type_} " " {e.reason}</span>
                                    <span class="pf-event__object">{e.object}</span>
                                    <span class="pf-event__message">{e.message}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
