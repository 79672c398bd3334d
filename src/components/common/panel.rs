//! The titled card that frames one region of the app.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};

/// A titled card; its title is also its accessible name, so it is a landmark `region`.
#[component]
pub fn Panel(
    /// The region's name: the BEM modifier (`pf-panel--terminal`) and the title's id.
    region: &'static str,
    /// The title shown in the panel's header.
    title: Key,
    /// The panel's content.
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let title_id = format!("pf-{region}-title");
    let labelled_by = title_id.clone();
    view! {
        <section class=format!("pf-panel pf-panel--{region}") aria-labelledby=labelled_by>
            <h2 class="pf-panel__title" id=title_id>
                {move || i18n.t(title)}
            </h2>
            <div class="pf-panel__body">{children()}</div>
        </section>
    }
}
