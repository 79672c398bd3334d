//! Where worker nodes and their pods appear.

use leptos::prelude::*;

use crate::components::common::Note;
use crate::i18n::{use_i18n, Key};

/// The nodes area; empty until the engine reports nodes.
#[component]
pub fn NodesArea() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="pf-nodes" aria-labelledby="pf-nodes-title">
            <h3 class="pf-nodes__title" id="pf-nodes-title">
                {move || i18n.t(Key::Nodes)}
            </h3>
            <div class="pf-nodes__empty">
                <Note text=Key::NodesEmpty />
            </div>
        </section>
    }
}
