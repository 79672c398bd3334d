//! One control plane component.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};

/// A card with a component's name (as Kubernetes spells it) and what it does. Its
/// `data-actor` is the trace's name for it, where the moving messages start and land.
#[component]
pub fn ComponentCard(
    /// The component's name, never translated: `kube-apiserver`, `etcd`, ...
    name: &'static str,
    /// One line on what the component does.
    role_text: Key,
    /// The components that exchanged a message in the last half second of virtual time.
    #[prop(into)]
    active_now: Signal<Vec<&'static str>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Lit while the component exchanged a message lately.
    let active = Memo::new(move |_| active_now.with(|a| a.contains(&name)));
    view! {
        <li
            class="pf-component"
            class:pf-component--active=move || active.get()
            data-component=name
            data-actor=name
            title=move || i18n.t(role_text)
        >
            <span class="pf-component__name">{name}</span>
            <span class="pf-component__role">{move || i18n.t(role_text)}</span>
        </li>
    }
}
