//! The cluster's events, newest last.

use leptos::prelude::*;

use crate::components::common::Note;
use crate::i18n::{use_i18n, Key};

/// The events list; empty until the engine records events.
#[component]
pub fn EventsList() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="pf-events" aria-labelledby="pf-events-title">
            <h3 class="pf-events__title" id="pf-events-title">
                {move || i18n.t(Key::EventsTitle)}
            </h3>
            <Note text=Key::EventsEmpty />
        </section>
    }
}
