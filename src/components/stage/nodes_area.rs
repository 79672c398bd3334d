//! The nodes, each with its pods, and the lane of pods waiting for the scheduler.

use leptos::prelude::*;

use super::node_card::pod_signal;
use super::{MorePods, NodeCard, PodChip};
use crate::i18n::{use_i18n, Key};
use crate::view_model::{NodeView, PodList};

/// The pods no node has yet, waiting in front of kube-scheduler (a few chips, the rest counted).
#[component]
pub fn PendingLane(#[prop(into)] pending: Signal<PodList>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="pf-pending" aria-labelledby="pf-pending-title">
            <h3 class="pf-pending__title" id="pf-pending-title">{move || i18n.t(Key::Pending)}</h3>
            <ul class="pf-pods">
                <Show when=move || pending.with(PodList::is_empty)>
                    <li class="pf-pods__empty">{move || i18n.t(Key::PendingEmpty)}</li>
                </Show>
                <For each=move || pending.with(|p| p.shown.clone()) key=|p| (p.namespace.clone(), p.name.clone()) let:p>
                    <PodChip namespace=p.namespace.clone() name=p.name.clone() pod=pod_signal(pending, p) />
                </For>
                <MorePods pods=pending node=None />
            </ul>
        </section>
    }
}

/// The node cards, read from the engine's store.
#[component]
pub fn NodesArea(#[prop(into)] nodes: Signal<Vec<NodeView>>) -> impl IntoView {
    let i18n = use_i18n();
    let names =
        Memo::new(move |_| nodes.with(|ns| ns.iter().map(|n| n.name.clone()).collect::<Vec<_>>()));
    view! {
        <section class="pf-nodes" aria-labelledby="pf-nodes-title">
            <h3 class="pf-nodes__title pf-visually-hidden" id="pf-nodes-title">{move || i18n.t(Key::Nodes)}</h3>
            <Show when=move || names.with(Vec::is_empty)>
                <p class="pf-nodes__empty">{move || i18n.t(Key::NodesEmpty)}</p>
            </Show>
            <div class="pf-nodes__grid">
                <For each=move || names.get() key=|n| n.clone() let:name>
                    <NodeCard
                        name=name.clone()
                        node=Memo::new(move |_| nodes.with(|ns| ns.iter().find(|n| n.name == name).cloned()))
                    />
                </For>
            </div>
        </section>
    }
}
