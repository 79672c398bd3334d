//! The pods a node (or the pending lane) does not draw as chips: how many, by STATUS, in text.
//! On a node it is a button that opens the node in the inspector, whose Allocation tab lists
//! every pod.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};
use crate::state::{use_sim, Selection};
use crate::view_model::PodList;

/// "+N more pods" with the count of each STATUS; nothing when every pod is drawn. `node`
/// names the node whose inspector lists them all (`None`: the pending lane).
#[component]
pub fn MorePods(#[prop(into)] pods: Signal<PodList>, node: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let hidden = Memo::new(move |_| pods.with(|p| p.hidden.clone()));
    let summary = move || {
        let hidden = hidden.get();
        let total: usize = hidden.iter().map(|(_, n)| n).sum();
        let by_status = hidden
            .iter()
            .map(|(status, n)| format!("{n} {status}"))
            .collect::<Vec<_>>()
            .join(" · ");
        (
            i18n.t(Key::PodsMore).replace("{n}", &total.to_string()),
            by_status,
        )
    };
    let body = move || {
        let (more, by_status) = summary();
        view! {
            <span class="pf-pods__more-count">{more}</span>
            <span class="pf-pods__more-status">{by_status}</span>
        }
    };
    let content = move || match node.clone() {
        Some(name) => {
            let title = i18n.t(Key::PodsMoreTitle).replace("{node}", &name);
            let select = move |_| {
                sim.selected.set(Some(Selection {
                    resource: "node",
                    namespace: String::new(),
                    name: name.clone(),
                }))
            };
            view! {
                <button type="button" class="pf-pods__more-button" title=title on:click=select>
                    {body}
                </button>
            }
            .into_any()
        }
        None => body.into_any(),
    };
    view! {
        <Show when=move || hidden.with(|h| !h.is_empty())>
            <li class="pf-pods__more" data-more=move || hidden.with(|h| h.iter().map(|(_, n)| n).sum::<usize>())>
                {content.clone()}
            </li>
        </Show>
    }
}
