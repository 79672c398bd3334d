//! The inspector panel.

use leptos::prelude::*;

use super::tab_strip::{panel_id, tab_id, TabStrip};
use super::{AllocationTab, ContainersTab, EventsList, ObjectEvents, ProbesTab, SchedulingTab};
use crate::components::common::{Note, Panel};
use crate::i18n::{use_i18n, Key};
use crate::inspect::{tabs, Tab};
use crate::state::{use_sim, Selection};

/// The inspector: nothing selected, a hint and the cluster's events; a pod or node selected,
/// its tabs (describe, scheduling, containers, probes, allocation, events).
#[component]
pub fn InspectorPanel() -> impl IntoView {
    let sim = use_sim();
    let selected = Memo::new(move |_| sim.selected.get());
    // Outlives a change of selection, so comparing two pods keeps the same tab.
    let active = RwSignal::new(Tab::Describe);
    view! {
        <Panel region="inspector" title=Key::InspectorTitle>
            <div class="pf-inspector">
                {move || match selected.get() {
                    None => view! {
                        <div class="pf-inspector__details"><Note text=Key::InspectorHint /></div>
                        <EventsList />
                    }
                    .into_any(),
                    Some(sel) => view! { <Details sel=sel active=active /> }.into_any(),
                }}
            </div>
        </Panel>
    }
}

/// The selected object's head and tabs. The shown tab carries over to the next selection
/// when it has that tab too (comparing two pods' probes), else falls back to Describe.
#[component]
fn Details(sel: Selection, active: RwSignal<Tab>) -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let key = sel.clone();
    let available =
        Memo::new(move |_| sim.read(|c| tabs(c, key.resource, &key.namespace, &key.name)));
    let shown = Memo::new(move |_| {
        let a = active.get();
        if available.with(|l| l.contains(&a)) {
            a
        } else {
            Tab::Describe
        }
    });
    let head = format!("{} {}", sel.resource, sel.name);
    let body_sel = sel.clone();
    let selected_attr = head.clone();
    view! {
        <div class="pf-inspector__details" data-selected=selected_attr>
            <div class="pf-inspector__head">
                <h3 class="pf-inspector__object"><code>{head}</code></h3>
                <button type="button" class="pf-button" on:click=move |_| sim.selected.set(None)>
                    {move || i18n.t(Key::CloseDetails)}
                </button>
            </div>
            <TabStrip tabs=available active=active shown=shown />
            {move || {
                let tab = shown.get();
                view! {
                    <div
                        class="pf-tabpanel"
                        role="tabpanel"
                        id=panel_id(tab)
                        aria-labelledby=tab_id(tab)
                        tabindex="0"
                    >
                        {tab_body(tab, body_sel.clone())}
                    </div>
                }
            }}
        </div>
    }
}

fn tab_body(tab: Tab, sel: Selection) -> AnyView {
    match tab {
        Tab::Describe => view! { <DescribeTab sel=sel /> }.into_any(),
        Tab::Scheduling => view! { <SchedulingTab sel=sel /> }.into_any(),
        Tab::Containers => view! { <ContainersTab sel=sel /> }.into_any(),
        Tab::Probes => view! { <ProbesTab sel=sel /> }.into_any(),
        Tab::Allocation => view! { <AllocationTab sel=sel /> }.into_any(),
        Tab::Events => view! { <ObjectEvents sel=sel /> }.into_any(),
    }
}

/// `kubectl describe` of the object, exactly as the terminal would print it.
#[component]
fn DescribeTab(sel: Selection) -> impl IntoView {
    let sim = use_sim();
    let command = format!("kubectl describe {} {}", sel.resource, sel.name);
    let text = Memo::new(move |_| sim.describe(&sel));
    view! {
        <p class="pf-inspector__command"><code>{command}</code></p>
        <pre class="pf-inspector__describe" tabindex="0">{move || text.get()}</pre>
    }
}
