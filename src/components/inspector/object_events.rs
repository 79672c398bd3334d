//! The Events tab: the selected object's events, oldest first, as `kubectl describe` lists them.

use leptos::prelude::*;

use crate::components::common::Note;
use crate::i18n::{use_i18n, Key};
use crate::inspect::object_events;
use crate::state::{use_sim, Selection};

#[component]
pub fn ObjectEvents(sel: Selection) -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let events =
        Memo::new(move |_| sim.read(|c| object_events(c, sel.resource, &sel.namespace, &sel.name)));
    move || {
        let list = events.get();
        if list.is_empty() {
            return view! { <Note text=Key::EventsNone /> }.into_any();
        }
        let rows = list.into_iter().map(|e| {
            let warning = e.type_ == "Warning";
            let class = if warning { "pf-event pf-event--warning" } else { "pf-event" };
            let count = (e.count > 1).then(|| format!(" (×{})", e.count));
            view! {
                <li class=class>
                    <span class="pf-event__reason">
                        {warning.then_some("⚠ ")} {e.type_} " " {e.reason}
                        <span class="pf-event__time">" · " {e.last_seen} {count}</span>
                    </span>
                    <span class="pf-event__object">{move || i18n.t(Key::EventFrom)} ": " {e.from}</span>
                    <span class="pf-event__message">{e.message}</span>
                </li>
            }
        });
        view! { <ul class="pf-events__list">{rows.collect_view()}</ul> }.into_any()
    }
}
