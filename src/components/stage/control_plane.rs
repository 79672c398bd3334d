//! The control plane box.

use leptos::prelude::*;

use super::ComponentCard;
use crate::i18n::{use_i18n, Key};

/// The four control plane components, in the box that holds them.
#[component]
pub fn ControlPlane() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="pf-control-plane" aria-labelledby="pf-control-plane-title">
            <h3 class="pf-control-plane__title" id="pf-control-plane-title">
                {move || i18n.t(Key::ControlPlane)}
            </h3>
            <ul class="pf-control-plane__components">
                <ComponentCard name="kube-apiserver" role_text=Key::ApiserverRole />
                <ComponentCard name="etcd" role_text=Key::EtcdRole />
                <ComponentCard name="kube-scheduler" role_text=Key::SchedulerRole />
                <ComponentCard
                    name="kube-controller-manager"
                    role_text=Key::ControllerManagerRole
                />
            </ul>
        </section>
    }
}
