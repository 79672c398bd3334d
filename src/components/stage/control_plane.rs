//! The control plane box, and beside it the learner's kubectl, where commands come from.

use leptos::prelude::*;

use super::ComponentCard;
use crate::i18n::{use_i18n, Key};
use crate::state::use_sim;
use crate::view_model::active_components;

/// The four control plane components, in the box that holds them.
#[component]
pub fn ControlPlane() -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    // One look at the trace for the four cards.
    let active = Signal::from(Memo::new(move |_| sim.read(|c| active_components(c, 500))));
    view! {
        <section class="pf-control-plane" aria-labelledby="pf-control-plane-title">
            <h3 class="pf-control-plane__title" id="pf-control-plane-title">
                {move || i18n.t(Key::ControlPlane)}
            </h3>
            <ul class="pf-control-plane__components">
                <ComponentCard name="kube-apiserver" role_text=Key::ApiserverRole active_now=active />
                <ComponentCard name="etcd" role_text=Key::EtcdRole active_now=active />
                <ComponentCard name="kube-scheduler" role_text=Key::SchedulerRole active_now=active />
                <ComponentCard
                    name="kube-controller-manager"
                    role_text=Key::ControllerManagerRole
                    active_now=active
                />
            </ul>
        </section>
    }
}

/// The learner's client: every command line (typed, or run by a stage button) leaves here.
#[component]
pub fn KubectlBadge() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="pf-kubectl" data-actor="kubectl">
            <span class="pf-kubectl__name">
                <span class="pf-kubectl__icon" aria-hidden="true">">_ "</span>
                {move || i18n.t(Key::StageKubectl)}
            </span>
            <span class="pf-kubectl__role">{move || i18n.t(Key::StageKubectlRole)}</span>
        </div>
    }
}
