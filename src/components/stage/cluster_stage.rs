//! The stage region.

use leptos::prelude::*;

use super::{ControlPlane, MessageLog, NodesArea};
use crate::components::common::Panel;
use crate::i18n::Key;

/// The stage: the control plane above, the messages, then the nodes.
#[component]
pub fn ClusterStage() -> impl IntoView {
    view! {
        <Panel region="stage" title=Key::StageTitle>
            <div class="pf-stage">
                <ControlPlane />
                <MessageLog />
                <NodesArea />
            </div>
        </Panel>
    }
}
