//! The Allocation tab of a node: requested against allocatable, its pods, taints and cordon.

use leptos::prelude::*;

use crate::components::common::Note;
use crate::i18n::{use_i18n, I18n, Key};
use crate::inspect::{allocation, AllocationView};
use crate::state::{use_sim, Selection};

#[component]
pub fn AllocationTab(sel: Selection) -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let data = Memo::new(move |_| sim.read(|c| allocation(c, &sel.name)));
    move || match data.get() {
        None => view! { <Note text=Key::ObjectGone /> }.into_any(),
        Some(v) => body(i18n, v).into_any(),
    }
}

fn body(i18n: I18n, v: AllocationView) -> impl IntoView {
    let cordoned = v
        .unschedulable
        .then(|| view! { <p class="pf-cstate pf-cstate--bad">"⛔ " {move || i18n.t(Key::AllocCordoned)}</p> });
    let taints = if v.taints.is_empty() {
        view! { <p class="pf-inspector__muted">{move || i18n.t(Key::NoneText)}</p> }.into_any()
    } else {
        let items = v
            .taints
            .into_iter()
            .map(|t| view! { <li><code>{t}</code></li> });
        view! { <ul class="pf-inspector__list">{items.collect_view()}</ul> }.into_any()
    };
    let resources = v.resources.into_iter().map(|r| {
        let width = format!("width: {}%", r.percent.clamp(0, 100));
        view! {
            <tr>
                <th scope="row"><code>{r.resource}</code></th>
                <td class="pf-inspector__num">{r.requested}</td>
                <td class="pf-inspector__num">{r.allocatable}</td>
                <td class="pf-alloc__pct">
                    <span class="pf-alloc__bar" aria-hidden="true"><span class="pf-alloc__fill" style=width></span></span>
                    {format!("{}%", r.percent)}
                </td>
            </tr>
        }
    });
    let pods = if v.pods.is_empty() {
        view! { <p class="pf-inspector__muted">{move || i18n.t(Key::NoneText)}</p> }.into_any()
    } else {
        let rows = v.pods.into_iter().map(|(name, cpu, mem)| {
            view! { <tr><th scope="row"><code>{name}</code></th><td class="pf-inspector__num">{cpu}</td><td class="pf-inspector__num">{mem}</td></tr> }
        });
        view! {
            <div class="pf-inspector__scroll" tabindex="0">
                <table class="pf-inspector__table">
                    <thead><tr>
                        <th scope="col">{move || i18n.t(Key::AllocPodColumn)}</th>
                        <th scope="col">{move || i18n.t(Key::AllocCpuRequest)}</th>
                        <th scope="col">{move || i18n.t(Key::AllocMemoryRequest)}</th>
                    </tr></thead>
                    <tbody>{rows.collect_view()}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <div class="pf-alloc">
            <p><strong>{move || i18n.t(Key::AllocStatus)}</strong> ": " <code>{v.status}</code></p>
            {cordoned}
            <h3 class="pf-inspector__subtitle">{move || i18n.t(Key::AllocTitle)}</h3>
            <div class="pf-inspector__scroll" tabindex="0">
                <table class="pf-inspector__table">
                    <thead><tr>
                        <th scope="col">{move || i18n.t(Key::AllocResource)}</th>
                        <th scope="col">{move || i18n.t(Key::AllocRequested)}</th>
                        <th scope="col">{move || i18n.t(Key::AllocAllocatable)}</th>
                        <th scope="col">"%"</th>
                    </tr></thead>
                    <tbody>{resources.collect_view()}</tbody>
                </table>
            </div>
            <h3 class="pf-inspector__subtitle">{move || i18n.t(Key::AllocTaints)}</h3>
            {taints}
            <h3 class="pf-inspector__subtitle">{move || i18n.t(Key::AllocPods)}</h3>
            {pods}
        </div>
    }
}
