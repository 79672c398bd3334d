//! The workloads strip: Deployments with − / + to scale them, Services with their ClusterIP,
//! ready endpoints and a button that sends traffic; and the last stage action's result.
//!
//! Rows are keyed by name and read their numbers reactively, so a button keeps keyboard focus
//! while the count it changed updates.

use leptos::prelude::*;

use super::stage_context::use_stage;
use crate::i18n::{use_i18n, Key};
use crate::state::use_sim;
use crate::view_model::{
    answered_pods, scale_line, traffic_line, workloads, DeploymentView, ServiceView,
};

type Name = (String, String);

#[component]
pub fn WorkloadsStrip() -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let data = Memo::new(move |_| sim.read(workloads));
    let deployments = Memo::new(move |_| {
        data.with(|d| {
            d.0.iter()
                .map(|x| (x.namespace.clone(), x.name.clone()))
                .collect::<Vec<Name>>()
        })
    });
    let services = Memo::new(move |_| {
        data.with(|d| {
            d.1.iter()
                .map(|x| (x.namespace.clone(), x.name.clone()))
                .collect::<Vec<Name>>()
        })
    });
    view! {
        <section class="pf-workloads" aria-labelledby="pf-workloads-title">
            <h3 class="pf-workloads__title" id="pf-workloads-title">{move || i18n.t(Key::Workloads)}</h3>
            <Show when=move || deployments.with(Vec::is_empty)>
                <p class="pf-workloads__empty">{move || i18n.t(Key::WorkloadsEmpty)}</p>
            </Show>
            <ul class="pf-workloads__list" aria-label=move || i18n.t(Key::Deployments)>
                <For each=move || deployments.get() key=|k| k.clone() let:k>
                    <DeploymentRow d=Memo::new(move |_| data.with(|d| d.0.iter().find(|x| x.namespace == k.0 && x.name == k.1).cloned())) />
                </For>
            </ul>
            <ul class="pf-workloads__list" aria-label=move || i18n.t(Key::Services)>
                <For each=move || services.get() key=|k| k.clone() let:k>
                    <ServiceRow s=Memo::new(move |_| data.with(|d| d.1.iter().find(|x| x.namespace == k.0 && x.name == k.1).cloned())) />
                </For>
            </ul>
            <LastAction />
        </section>
    }
}

#[component]
fn DeploymentRow(d: Memo<Option<DeploymentView>>) -> impl IntoView {
    let i18n = use_i18n();
    let stage = use_stage();
    let name = move || d.with(|d| d.as_ref().map(|d| d.name.clone()).unwrap_or_default());
    let (ready, desired) = (
        move || d.with(|d| d.as_ref().map_or(0, |d| d.ready)),
        move || d.with(|d| d.as_ref().map_or(0, |d| d.desired)),
    );
    let scale = move |by: i32| {
        if let Some(d) = d.get_untracked() {
            stage.run(&scale_line(&d, d.desired + by));
        }
    };
    let down = move || i18n.t(Key::ScaleDown).replace("{name}", &name());
    let up = move || i18n.t(Key::ScaleUp).replace("{name}", &name());
    view! {
        <li class="pf-workload" data-deployment=name>
            <span class="pf-workload__kind">"deploy/"</span>
            <span class="pf-workload__name">{name}</span>
            <span class="pf-workload__count" class:pf-workload__count--short=move || ready() < desired()>
                {move || i18n.t(Key::ReplicasReady).replace("{r}", &ready().to_string()).replace("{d}", &desired().to_string())}
            </span>
            <button type="button" class="pf-workload__button" aria-label=down title=down
                disabled=move || desired() <= 0 on:click=move |_| scale(-1)>"−"</button>
            <button type="button" class="pf-workload__button" aria-label=up title=up
                on:click=move |_| scale(1)>"+"</button>
        </li>
    }
}

#[component]
fn ServiceRow(s: Memo<Option<ServiceView>>) -> impl IntoView {
    let i18n = use_i18n();
    let stage = use_stage();
    let field = move |f: fn(&ServiceView) -> String| {
        move || s.with(|s| s.as_ref().map(f).unwrap_or_default())
    };
    let endpoints = move || s.with(|s| s.as_ref().map_or(0, |s| s.endpoints));
    let send = move |_| {
        if let Some(s) = s.get_untracked() {
            let out = stage.run(&traffic_line(&s));
            stage.show_answers(answered_pods(&out.stdout));
        }
    };
    view! {
        <li class="pf-workload" data-service=field(|s| s.name.clone())>
            <span class="pf-workload__kind">"svc/"</span>
            <span class="pf-workload__name">{field(|s| s.name.clone())}</span>
            <span class="pf-workload__ip">{field(|s| s.cluster_ip.clone())}</span>
            <span class="pf-workload__count" class:pf-workload__count--short=move || endpoints() == 0>
                {move || i18n.t(Key::Endpoints).replace("{n}", &endpoints().to_string())}
            </span>
            <button type="button" class="pf-workload__button pf-workload__button--traffic" on:click=send>
                {move || i18n.t(Key::SendTraffic)}
            </button>
        </li>
    }
}

/// The last command a stage button ran and what it printed (the terminal shows it too).
#[component]
fn LastAction() -> impl IntoView {
    let i18n = use_i18n();
    let stage = use_stage();
    view! {
        <p class="pf-last-action" role="status" aria-label=move || i18n.t(Key::LastAction)>
            {move || stage.last.get().map(|a| view! {
                <code class="pf-last-action__line">"$ " {a.line}</code>
                <span class="pf-last-action__text" class:pf-last-action__text--error=!a.ok>{a.text}</span>
            })}
        </p>
    }
}
