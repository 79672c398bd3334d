//! One pod: name, STATUS (colour and text), READY, restarts, IP; while it terminates, the
//! grace period counting down; a menu to delete it gracefully or by force.

use leptos::prelude::*;

use super::action_menu::ActionMenu;
use super::node_menu::ActionButton;
use super::stage_context::use_stage;
use crate::i18n::{use_i18n, Key};
use crate::state::{use_sim, Selection};
use crate::view_model::{delete_pod_line, PodView};

/// The chip of the pod `namespace/name`; `pod` follows it as the engine changes it.
#[component]
pub fn PodChip(
    namespace: String,
    name: String,
    #[prop(into)] pod: Signal<Option<PodView>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let stage = use_stage();
    let sel = Selection {
        resource: "pod",
        namespace: namespace.clone(),
        name: name.clone(),
    };
    let full = format!("{namespace}/{name}");
    let answered = Memo::new(move |_| stage.answered.with(|a| a.get(&full).copied()));
    let (menu_ns, menu_name) = (namespace.clone(), name.clone());
    let field = move |f: fn(&PodView) -> String| {
        move || pod.with(|p| p.as_ref().map(f).unwrap_or_default())
    };
    let label = Signal::derive({
        let name = name.clone();
        move || i18n.t(Key::ActionsFor).replace("{name}", &name)
    });
    view! {
        <li
            class=move || format!("pf-pod pf-pod--{}", pod.with(|p| p.as_ref().map_or("busy", |p| p.tone)))
            class:pf-pod--answered=move || answered.get().is_some()
            data-pod=name.clone()
            data-namespace=namespace.clone()
            data-status=field(|p| p.status.clone())
        >
            <button type="button" class="pf-pod__button" on:click=move |_| sim.selected.set(Some(sel.clone()))>
                <span class="pf-pod__name">{name.clone()}</span>
                <span class="pf-pod__meta">
                    <span class="pf-pod__status">
                        {field(|p| p.status.clone())}
                        {move || pod.with(|p| p.as_ref().and_then(|p| p.grace_left)).map(|s| {
                            format!(" · {}", i18n.t(Key::GraceLeft).replace("{n}", &s.to_string()))
                        })}
                    </span>
                    " · " {field(|p| p.ready.clone())} " · " {field(|p| p.restarts.clone())} " " {move || i18n.t(Key::Restarts)}
                    {move || pod.with(|p| p.as_ref().filter(|p| !p.ip.is_empty()).map(|p| format!(" · {}", p.ip)))}
                </span>
                {move || answered.get().map(|n| view! {
                    <span class="pf-pod__answered">{i18n.t(Key::Answered).replace("{n}", &n.to_string())}</span>
                })}
            </button>
            <ActionMenu label=label class="pf-pod__menu">
                <ul class="pf-menu__list">
                    <li>
                        <ActionButton
                            line=delete_pod_line(&menu_ns, &menu_name, false)
                            text=i18n.t(Key::PodDelete).to_string()
                        />
                    </li>
                    <li>
                        <ActionButton
                            line=delete_pod_line(&menu_ns, &menu_name, true)
                            text=i18n.t(Key::PodForceDelete).to_string()
                            danger=true
                        />
                    </li>
                </ul>
            </ActionMenu>
        </li>
    }
}
