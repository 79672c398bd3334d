//! The inspector's tab list, keyboard operable as the WAI-ARIA tabs pattern asks.
//!
//! Arrow keys move between tabs (wrapping), Home and End jump to the ends, and the focused tab
//! is shown at once (automatic activation); only the active tab is in the Tab order.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{use_i18n, Key};
use crate::inspect::Tab;

/// The text of a tab's label.
pub fn label(tab: Tab) -> Key {
    match tab {
        Tab::Describe => Key::TabDescribe,
        Tab::Scheduling => Key::TabScheduling,
        Tab::Containers => Key::TabContainers,
        Tab::Probes => Key::TabProbes,
        Tab::Allocation => Key::TabAllocation,
        Tab::Events => Key::EventsTitle,
    }
}

/// A stable slug for ids and test hooks.
pub fn slug(tab: Tab) -> &'static str {
    match tab {
        Tab::Describe => "describe",
        Tab::Scheduling => "scheduling",
        Tab::Containers => "containers",
        Tab::Probes => "probes",
        Tab::Allocation => "allocation",
        Tab::Events => "events",
    }
}

pub fn tab_id(tab: Tab) -> String {
    format!("pf-inspector-tab-{}", slug(tab))
}

pub fn panel_id(tab: Tab) -> String {
    format!("pf-inspector-panel-{}", slug(tab))
}

/// The tab a key press moves to, if it is a navigation key.
fn target(tabs: &[Tab], current: Tab, key: &str) -> Option<Tab> {
    let i = tabs.iter().position(|t| *t == current).unwrap_or(0);
    let n = tabs.len();
    if n == 0 {
        return None;
    }
    let j = match key {
        "ArrowRight" => (i + 1) % n,
        "ArrowLeft" => (i + n - 1) % n,
        "Home" => 0,
        "End" => n - 1,
        _ => return None,
    };
    tabs.get(j).copied()
}

fn focus(id: &str) {
    let el = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = el {
        let _ = el.focus();
    }
}

/// The row of tabs: `active` is the learner's choice, `shown` the tab actually shown (the
/// choice, or Describe when this object has no such tab).
#[component]
pub fn TabStrip(tabs: Memo<Vec<Tab>>, active: RwSignal<Tab>, shown: Memo<Tab>) -> impl IntoView {
    let i18n = use_i18n();
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if let Some(t) = target(&tabs.get_untracked(), shown.get_untracked(), &ev.key()) {
            ev.prevent_default();
            active.set(t);
            focus(&tab_id(t));
        }
    };
    view! {
        <div class="pf-tabs" role="tablist" aria-label=move || i18n.t(Key::InspectorTabs) on:keydown=on_key>
            <For each=move || tabs.get() key=|t| *t let:tab>
                <button
                    type="button"
                    role="tab"
                    class="pf-tab"
                    id=tab_id(tab)
                    data-tab=slug(tab)
                    aria-controls=panel_id(tab)
                    aria-selected=move || (shown.get() == tab).to_string()
                    tabindex=move || if shown.get() == tab { "0" } else { "-1" }
                    on:click=move |_| active.set(tab)
                >
                    {move || i18n.t(label(tab))}
                </button>
            </For>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_wrap_and_home_end_jump() {
        let tabs = [Tab::Describe, Tab::Scheduling, Tab::Events];
        assert_eq!(target(&tabs, Tab::Describe, "ArrowLeft"), Some(Tab::Events));
        assert_eq!(
            target(&tabs, Tab::Events, "ArrowRight"),
            Some(Tab::Describe)
        );
        assert_eq!(target(&tabs, Tab::Scheduling, "Home"), Some(Tab::Describe));
        assert_eq!(target(&tabs, Tab::Describe, "End"), Some(Tab::Events));
        assert_eq!(target(&tabs, Tab::Describe, "Enter"), None);
        assert_eq!(target(&[], Tab::Describe, "End"), None);
    }
}
