//! One node: name, status (text and colour), cordoned, roles, labels, taints, requested
//! against allocatable CPU and memory, its three agents (where messages land) and its pods
//! (a few chips, the rest counted: see `view_model::PodList`).

use leptos::prelude::*;

use super::{MorePods, NodeMenu, PodChip, ResourceBar};
use crate::i18n::{use_i18n, Key};
use crate::state::{use_sim, Selection};
use crate::view_model::{NodeView, PodList, PodView, ResourceUse};

/// The card of node `name`; `node` follows it as the engine changes it, so the card (and an
/// open menu in it) stays in place while its contents update.
#[component]
pub fn NodeCard(name: String, #[prop(into)] node: Signal<Option<NodeView>>) -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let select = {
        let name = name.clone();
        move |_| {
            sim.selected.set(Some(Selection {
                resource: "node",
                namespace: String::new(),
                name: name.clone(),
            }))
        }
    };
    let get = move |f: fn(&NodeView) -> ResourceUse| {
        Signal::from(Memo::new(move |_| {
            node.with(|n| n.as_ref().map(f).unwrap_or_default())
        }))
    };
    let ready = move || node.with(|n| n.as_ref().is_some_and(|n| n.ready));
    let agents = ["kubelet", "kube-proxy", "containerd"].map(|a| {
        let actor = format!("{a}@{name}");
        view! { <li class="pf-agent" data-actor=actor>{a}</li> }
    });
    let pods: Signal<PodList> = Signal::from(Memo::new(move |_| {
        node.with(|n| n.as_ref().map(|n| n.pods.clone()).unwrap_or_default())
    }));
    let shown = move || pods.with(|p| p.shown.clone());
    view! {
        <article class="pf-node" class:pf-node--down=move || !ready() data-node=name.clone()>
            <header class="pf-node__head">
                <button type="button" class="pf-node__name" on:click=select>{name.clone()}</button>
                <StatusBadges node=node />
                <NodeMenu name=name.clone() node=node />
            </header>
            <div class="pf-node__meta">
                <span class="pf-node__roles">{move || node.with(|n| n.as_ref().map(|n| n.roles.clone()))}</span>
                <Labels node=node />
                <ul class="pf-node__taints" aria-label=move || i18n.t(Key::NodeTaints)>
                    {move || {
                        let taints = node.with(|n| n.as_ref().map(|n| n.taints.clone()).unwrap_or_default());
                        if taints.is_empty() {
                            return view! { <li class="pf-node__no-taint">{i18n.t(Key::NodeNoTaints)}</li> }.into_any();
                        }
                        taints.into_iter().map(taint_badge).collect_view().into_any()
                    }}
                </ul>
            </div>
            <ResourceBar name=Key::ResourceCpu resource="cpu" usage=get(|n| n.cpu.clone()) />
            <ResourceBar name=Key::ResourceMemory resource="memory" usage=get(|n| n.memory.clone()) />
            <ul class="pf-node__agents" aria-label=move || i18n.t(Key::NodeAgents)>{agents}</ul>
            <ul class="pf-pods">
                <For each=shown key=|p| (p.namespace.clone(), p.name.clone()) let:p>
                    <PodChip namespace=p.namespace.clone() name=p.name.clone() pod=pod_signal(pods, p) />
                </For>
                <MorePods pods=pods node=Some(name.clone()) />
            </ul>
        </article>
    }
}

/// One taint on one line: a long key is cut (the tooltip has it whole), the effect never is.
fn taint_badge(taint: String) -> impl IntoView {
    let (key, effect) = match taint.rfind(':') {
        Some(i) => (taint[..i].to_string(), taint[i..].to_string()),
        None => (taint.clone(), String::new()),
    };
    view! {
        <li class="pf-taint" title=taint>
            <span class="pf-taint__key">{key}</span>
            <span class="pf-taint__effect">{effect}</span>
        </li>
    }
}

/// The pod `p` as the latest list has it (a chip only follows pods it draws).
pub fn pod_signal(pods: Signal<PodList>, p: PodView) -> Signal<Option<PodView>> {
    Signal::from(Memo::new(move |_| {
        pods.with(|list| {
            list.shown
                .iter()
                .find(|x| x.namespace == p.namespace && x.name == p.name)
                .cloned()
        })
    }))
}

/// Ready/NotReady (and SchedulingDisabled) as kubectl prints them, plus a stopped machine.
#[component]
fn StatusBadges(node: Signal<Option<NodeView>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="pf-node__status">
            {move || {
                let Some(n) = node.get() else { return ().into_any() };
                let words: Vec<String> = n.status.split(',').map(str::to_string).collect();
                view! {
                    {words.into_iter().map(|w| {
                        let tone = match w.as_str() {
                            "Ready" => "ok",
                            "SchedulingDisabled" => "warn",
                            _ => "bad",
                        };
                        view! { <span class=format!("pf-badge pf-badge--{tone}")>{w}</span> }
                    }).collect_view()}
                    {n.powered_off.then(|| view! {
                        <span class="pf-badge pf-badge--off">{i18n.t(Key::NodePoweredOff)}</span>
                    })}
                }.into_any()
            }}
        </span>
    }
}

/// The labels, folded to a count; opened, one `key=value` per line.
#[component]
fn Labels(node: Signal<Option<NodeView>>) -> impl IntoView {
    let i18n = use_i18n();
    let labels = move || node.with(|n| n.as_ref().map(|n| n.labels.clone()).unwrap_or_default());
    view! {
        <details class="pf-node__labels">
            <summary>{move || i18n.t(Key::NodeLabels).replace("{n}", &labels().len().to_string())}</summary>
            <ul>
                {move || labels().into_iter().map(|(k, v)| {
                    let text = if v.is_empty() { k } else { format!("{k}={v}") };
                    view! { <li>{text}</li> }
                }).collect_view()}
            </ul>
        </details>
    }
}
