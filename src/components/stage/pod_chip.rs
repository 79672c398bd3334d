//! One pod: name, STATUS (colour and text), READY, restarts, IP.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};
use crate::state::{use_sim, Selection};
use crate::view_model::PodView;

#[component]
pub fn PodChip(pod: PodView) -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let sel = Selection {
        resource: "pod",
        namespace: pod.namespace.clone(),
        name: pod.name.clone(),
    };
    let class = format!("pf-pod pf-pod--{}", pod.tone);
    view! {
        <li class=class data-pod=pod.name.clone() data-status=pod.status.clone()>
            <button type="button" class="pf-pod__button" on:click=move |_| sim.selected.set(Some(sel.clone()))>
                <span class="pf-pod__name">{pod.name.clone()}</span>
                <span class="pf-pod__status">{pod.status.clone()}</span>
                <span class="pf-pod__meta">
                    {pod.ready.clone()} " · " {pod.restarts.clone()} " " {move || i18n.t(Key::Restarts)}
                    {(!pod.ip.is_empty()).then(|| format!(" · {}", pod.ip))}
                </span>
            </button>
        </li>
    }
}
