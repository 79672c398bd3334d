//! One resource of a node: requested against allocatable, as a bar with the numbers beside it.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};
use crate::view_model::ResourceUse;

/// The bar; `usage` is read reactively so the numbers follow the pods.
#[component]
pub fn ResourceBar(
    /// `CPU` or `Memory`.
    name: Key,
    /// `cpu` or `memory`: the CSS modifier and the e2e hook.
    resource: &'static str,
    #[prop(into)] usage: Signal<ResourceUse>,
) -> impl IntoView {
    let i18n = use_i18n();
    let title = move || {
        let u = usage.get();
        i18n.t(Key::ResourceTitle)
            .replace("{r}", &u.requested_text)
            .replace("{a}", &u.allocatable_text)
            .replace("{p}", &u.percent.to_string())
    };
    let level = move || match usage.get().percent {
        p if p > 100 => "over",
        p if p >= 80 => "high",
        _ => "ok",
    };
    view! {
        <div class=move || format!("pf-bar pf-bar--{resource} pf-bar--{}", level()) title=title data-resource=resource>
            <span class="pf-bar__name">{move || i18n.t(name)}</span>
            <span
                class="pf-bar__track"
                role="meter"
                aria-label=move || i18n.t(name)
                aria-valuemin="0"
                aria-valuemax=move || usage.get().allocatable.to_string()
                aria-valuenow=move || usage.get().requested.min(usage.get().allocatable).to_string()
                aria-valuetext=title
            >
                <span
                    class="pf-bar__fill"
                    style=move || format!("width:{}%", usage.get().percent.clamp(0, 100))
                ></span>
            </span>
            <span class="pf-bar__numbers">
                <span class="pf-bar__requested">{move || usage.get().requested_text}</span>
                " / "
                <span class="pf-bar__allocatable">{move || usage.get().allocatable_text}</span>
                <span class="pf-bar__percent">{move || format!(" {}%", usage.get().percent)}</span>
            </span>
        </div>
    }
}
