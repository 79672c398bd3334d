//! The stage region.

use leptos::prelude::*;

use super::{ControlPlane, NodesArea};
use crate::components::common::Panel;
use crate::i18n::Key;

/// The stage: the control plane above, the nodes below.
#[component]
pub fn ClusterStage() -> impl IntoView {
    view! {
        <Panel region="stage" title=Key::StageTitle>
            <div class="pf-stage">
                <ControlPlane />
                <NodesArea />
            </div>
        </Panel>
    }
}
