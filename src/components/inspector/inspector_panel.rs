//! The inspector panel.

use leptos::prelude::*;

use super::EventsList;
use crate::components::common::{Note, Panel};
use crate::i18n::Key;

/// The inspector: the selected object's details above, the events below.
#[component]
pub fn InspectorPanel() -> impl IntoView {
    view! {
        <Panel region="inspector" title=Key::InspectorTitle>
            <div class="pf-inspector">
                <div class="pf-inspector__details">
                    <Note text=Key::InspectorSoon />
                </div>
                <EventsList />
            </div>
        </Panel>
    }
}
