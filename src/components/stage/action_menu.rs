//! A small disclosure menu: a "⋯" button that opens a box of actions.
//!
//! Reachable with Tab; opening moves focus to the first action; Escape closes and gives focus
//! back to the button; focus or a click leaving the menu closes it.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Lets an action inside the menu close it once it ran.
#[derive(Clone, Copy)]
pub struct MenuHandle {
    open: RwSignal<bool>,
    toggle: NodeRef<html::Button>,
}

impl MenuHandle {
    /// Closes the menu and puts focus back on its button.
    pub fn close(&self) {
        if let Some(button) = self.toggle.get_untracked() {
            let _ = button.focus();
        }
        self.open.set(false);
    }
}

/// The [`MenuHandle`] of the enclosing [`ActionMenu`].
pub fn use_menu() -> Option<MenuHandle> {
    use_context::<MenuHandle>()
}

#[component]
pub fn ActionMenu(
    /// The button's accessible name, e.g. "Actions for k8s-node-1".
    #[prop(into)]
    label: Signal<String>,
    /// Extra class on the wrapper (placement).
    #[prop(optional)]
    class: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let toggle = NodeRef::<html::Button>::new();
    let wrapper = NodeRef::<html::Div>::new();
    let popover = NodeRef::<html::Div>::new();
    let handle = MenuHandle { open, toggle };
    provide_context(handle);
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            ev.stop_propagation();
            ev.prevent_default();
            handle.close();
        }
    };
    let on_focus_out = move |ev: web_sys::FocusEvent| {
        let inside = ev
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .zip(wrapper.get_untracked())
            .is_some_and(|(target, w)| w.contains(Some(&target)));
        if !inside {
            open.set(false);
        }
    };
    let on_toggle = move |_| {
        open.update(|o| *o = !*o);
        if open.get_untracked() {
            // After the box is drawn: focus its first field or button.
            request_animation_frame(move || {
                let first = popover
                    .get_untracked()
                    .and_then(|p| p.query_selector("input, button").ok().flatten())
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(first) = first {
                    let _ = first.focus();
                }
            });
        }
    };
    view! {
        <div class=format!("pf-menu {class}") node_ref=wrapper on:keydown=on_key on:focusout=on_focus_out>
            <button
                type="button"
                class="pf-menu__toggle"
                node_ref=toggle
                aria-haspopup="true"
                aria-expanded=move || open.get().to_string()
                aria-label=move || label.get()
                title=move || label.get()
                on:click=on_toggle
            >
                "⋯"
            </button>
            <Show when=move || open.get()>
                <div class="pf-menu__box" node_ref=popover tabindex="-1">
                    {children()}
                </div>
            </Show>
        </div>
    }
}
