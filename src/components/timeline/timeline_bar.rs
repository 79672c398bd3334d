//! The bar along the bottom of the page: play/pause, next event, speed, the virtual clock.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};
use crate::state::use_sim;

const SPEEDS: &[f64] = &[0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0];

/// The timeline bar.
#[component]
pub fn TimelineBar() -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let clock = Memo::new(move |_| sim.read(|c| c.now().to_string()));
    let toggle = move |_| sim.playing.update(|p| *p = !*p);
    let reset = move |_| {
        let ok = web_sys::window()
            .and_then(|w| w.confirm_with_message(i18n.t(Key::ResetConfirm)).ok())
            .unwrap_or(false);
        if ok {
            sim.reset();
        }
    };
    view! {
        <footer class="pf-timeline" role="toolbar" aria-label=move || i18n.t(Key::Timeline)>
            <button
                type="button"
                class="pf-timeline__play"
                aria-pressed=move || sim.playing.get().to_string()
                aria-label=move || i18n.t(if sim.playing.get() { Key::Pause } else { Key::Play })
                on:click=toggle
            >
                {move || if sim.playing.get() { "❚❚" } else { "▶" }}
            </button>
            <button type="button" class="pf-button" on:click=move |_| sim.step()>
                {move || i18n.t(Key::Step)}
            </button>
            <span class="pf-timeline__clock">
                {move || i18n.t(Key::VirtualTime)} " " {move || clock.get()}
            </span>
            <label class="pf-timeline__speed">
                {move || i18n.t(Key::Speed)} " "
                <select on:change=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                        sim.speed.set(v);
                    }
                }>
                    {SPEEDS.iter().map(|s| view! {
                        <option value=s.to_string() selected=*s == 1.0>{format!("{s}×")}</option>
                    }).collect_view()}
                </select>
            </label>
            <button type="button" class="pf-button" on:click=reset>{move || i18n.t(Key::Reset)}</button>
        </footer>
    }
}
