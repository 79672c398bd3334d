//! One control plane component.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};

/// A card with a component's name (as Kubernetes spells it) and what it does.
#[component]
pub fn ComponentCard(
    /// The component's name, never translated: `kube-apiserver`, `etcd`, ...
    name: &'static str,
    /// One line on what the component does.
    role_text: Key,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <li class="pf-component" data-component=name>
            <span class="pf-component__name">{name}</span>
            <span class="pf-component__role">{move || i18n.t(role_text)}</span>
        </li>
    }
}
