//! A node's actions: taint and untaint, cordon and uncordon, stop and start the machine.
//! Each runs the command line a learner would type.

use leptos::prelude::*;

use super::action_menu::{use_menu, ActionMenu};
use super::stage_context::use_stage;
use crate::i18n::{use_i18n, Key};
use crate::view_model::{
    cordon_line, power_line, taint_line, untaint_line, NodeView, DEFAULT_TAINT,
};

#[component]
pub fn NodeMenu(name: String, #[prop(into)] node: Signal<Option<NodeView>>) -> impl IntoView {
    let i18n = use_i18n();
    let label_name = name.clone();
    let label = Signal::derive(move || i18n.t(Key::ActionsFor).replace("{name}", &label_name));
    let name = StoredValue::new(name);
    view! {
        <ActionMenu label=label class="pf-node__menu">
            <TaintForm name=name.get_value() />
            <ul class="pf-menu__list">
                {move || {
                    node.get()
                        .map(|n| n.taints)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|t| {
                            let line = untaint_line(&name.get_value(), &t);
                            let text = i18n.t(Key::Untaint).replace("{t}", &t);
                            view! { <li><ActionButton line=line text=text /></li> }
                        })
                        .collect_view()
                }}
                <li>
                    {move || {
                        let cordoned = node.with(|n| n.as_ref().is_some_and(|n| n.cordoned));
                        let key = if cordoned { Key::Uncordon } else { Key::Cordon };
                        let line = cordon_line(&name.get_value(), !cordoned);
                        view! { <ActionButton line=line text=i18n.t(key).to_string() /> }
                    }}
                </li>
                <li>
                    {move || {
                        let off = node.with(|n| n.as_ref().is_some_and(|n| n.powered_off));
                        let key = if off { Key::NodeStart } else { Key::NodeStop };
                        let line = power_line(&name.get_value(), !off);
                        view! { <ActionButton line=line text=i18n.t(key).to_string() /> }
                    }}
                </li>
            </ul>
        </ActionMenu>
    }
}

/// A menu entry that runs `line` and closes the menu.
#[component]
pub fn ActionButton(line: String, text: String, #[prop(optional)] danger: bool) -> impl IntoView {
    let stage = use_stage();
    let menu = use_menu();
    let run = move |_| {
        stage.run(&line);
        if let Some(m) = menu {
            m.close();
        }
    };
    view! {
        <button type="button" class="pf-menu__item" class:pf-menu__item--danger=danger on:click=run>
            {text}
        </button>
    }
}

/// `key=value:Effect`, defaulting to the seeds' `env=dev:NoSchedule`.
#[component]
fn TaintForm(name: String) -> impl IntoView {
    let i18n = use_i18n();
    let stage = use_stage();
    let menu = use_menu();
    let spec = RwSignal::new(DEFAULT_TAINT.to_string());
    let invalid = RwSignal::new(false);
    let field_id = format!("pf-taint-{name}");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match taint_line(&name, &spec.get_untracked()) {
            Some(line) => {
                invalid.set(false);
                stage.run(&line);
                if let Some(m) = menu {
                    m.close();
                }
            }
            None => invalid.set(true),
        }
    };
    view! {
        <form class="pf-taint-form" on:submit=submit>
            <label class="pf-taint-form__label" for=field_id.clone()>{move || i18n.t(Key::TaintInputLabel)}</label>
            <div class="pf-taint-form__row">
                <input
                    id=field_id
                    class="pf-taint-form__input"
                    type="text"
                    spellcheck="false"
                    autocomplete="off"
                    aria-invalid=move || invalid.get().to_string()
                    prop:value=move || spec.get()
                    on:input=move |ev| spec.set(event_target_value(&ev))
                />
                <button type="submit" class="pf-menu__item pf-menu__item--primary">{move || i18n.t(Key::TaintAdd)}</button>
            </div>
            <Show when=move || invalid.get()>
                <p class="pf-taint-form__error" role="alert">{move || i18n.t(Key::TaintInvalid)}</p>
            </Show>
        </form>
    }
}
