//! The nodes, each with its pods, and the lane of pods waiting for the scheduler.

use leptos::prelude::*;

use super::PodChip;
use crate::i18n::{use_i18n, Key};
use crate::state::{use_sim, Selection};
use crate::view_model::{nodes_and_pending, NodeView};

/// The nodes area, read from the engine's store.
#[component]
pub fn NodesArea() -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let state = Memo::new(move |_| sim.read(nodes_and_pending));
    view! {
        <section class="pf-pending" aria-labelledby="pf-pending-title">
            <h3 class="pf-nodes__title" id="pf-pending-title">{move || i18n.t(Key::Pending)}</h3>
            <ul class="pf-pods">
                {move || {
                    let pending = state.with(|s| s.1.clone());
                    if pending.is_empty() {
                        view! { <li class="pf-pods__empty">{i18n.t(Key::PendingEmpty)}</li> }.into_any()
                    } else {
                        pending.into_iter().map(|p| view! { <PodChip pod=p /> }).collect_view().into_any()
                    }
                }}
            </ul>
        </section>
        <section class="pf-nodes" aria-labelledby="pf-nodes-title">
            <h3 class="pf-nodes__title" id="pf-nodes-title">{move || i18n.t(Key::Nodes)}</h3>
            <div class="pf-nodes__grid">
                <For each=move || state.get().0 key=|n| n.clone() let:node>
                    <NodeCard node=node />
                </For>
            </div>
        </section>
    }
}

#[component]
fn NodeCard(node: NodeView) -> impl IntoView {
    let sim = use_sim();
    let name = node.name.clone();
    let select = move |_| {
        let sel = Selection {
            resource: "node",
            namespace: String::new(),
            name: name.clone(),
        };
        sim.selected.set(Some(sel));
    };
    let ready = node.status.starts_with("Ready");
    view! {
        <article class="pf-node" class:pf-node--down=!ready data-node=node.name.clone()>
            <button type="button" class="pf-node__head" on:click=select>
                <span class="pf-node__name">{node.name.clone()}</span>
                <span class="pf-node__status">{node.status.clone()}</span>
                <span class="pf-node__roles">{node.roles.clone()}</span>
            </button>
            <ul class="pf-node__taints">
                {node.taints.iter().map(|t| view! { <li class="pf-taint">{t.clone()}</li> }).collect_view()}
            </ul>
            <ul class="pf-pods">
                {node.pods.into_iter().map(|p| view! { <PodChip pod=p /> }).collect_view()}
            </ul>
        </article>
    }
}
