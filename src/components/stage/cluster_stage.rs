//! The stage region: kubectl and the control plane, the caption of the moving message, the
//! pods waiting for the scheduler, the nodes (kept in view at 1280x720), the workloads, then
//! the message list (the moving messages' text equivalent); the overlay the messages fly in
//! covers it all.

use leptos::html;
use leptos::prelude::*;

use super::flow_overlay::{FlowCaption, FlowOverlay, FlowState};
use super::stage_context::StageCtx;
use super::{ControlPlane, KubectlBadge, MessageLog, NodesArea, PendingLane, WorkloadsStrip};
use crate::components::common::Panel;
use crate::i18n::Key;
use crate::state::use_sim;
use crate::view_model::nodes_and_pending;

#[component]
pub fn ClusterStage() -> impl IntoView {
    let sim = use_sim();
    provide_context(StageCtx::new(sim));
    // One read of the cluster per change; each part is a memo, so a card re-renders only
    // when its own node changed, and reading it clones nothing.
    let state = Memo::new(move |_| sim.read(nodes_and_pending));
    let nodes = Memo::new(move |_| state.with(|s| s.0.clone()));
    let pending = Memo::new(move |_| state.with(|s| s.1.clone()));
    let stage = NodeRef::<html::Div>::new();
    let flow = FlowState::new();
    view! {
        <Panel region="stage" title=Key::StageTitle>
            <div class="pf-stage" node_ref=stage>
                <div class="pf-stage__top">
                    <KubectlBadge />
                    <ControlPlane />
                </div>
                <FlowCaption flow=flow />
                <PendingLane pending=pending />
                <NodesArea nodes=nodes />
                <WorkloadsStrip />
                <MessageLog />
                <FlowOverlay stage=stage flow=flow />
            </div>
        </Panel>
    }
}
