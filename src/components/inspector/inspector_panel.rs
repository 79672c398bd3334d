//! The inspector panel.

use leptos::prelude::*;

use super::EventsList;
use crate::components::common::{Note, Panel};
use crate::i18n::{use_i18n, Key};
use crate::state::use_sim;

/// The inspector: `kubectl describe` of the selected object above, the events below.
#[component]
pub fn InspectorPanel() -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let details = Memo::new(move |_| {
        sim.selected
            .get()
            .map(|sel| (sel.clone(), sim.describe(&sel)))
    });
    view! {
        <Panel region="inspector" title=Key::InspectorTitle>
            <div class="pf-inspector">
                <div class="pf-inspector__details">
                    {move || match details.get() {
                        None => view! { <Note text=Key::InspectorHint /> }.into_any(),
                        Some((sel, text)) => view! {
                            <div class="pf-inspector__head">
                                <code>{format!("kubectl describe {} {}", sel.resource, sel.name)}</code>
                                <button type="button" class="pf-button" on:click=move |_| sim.selected.set(None)>
                                    {i18n.t(Key::CloseDetails)}
                                </button>
                            </div>
                            <pre class="pf-inspector__describe">{text}</pre>
                        }.into_any(),
                    }}
                </div>
                <EventsList />
            </div>
        </Panel>
    }
}
