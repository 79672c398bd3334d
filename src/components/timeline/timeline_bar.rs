//! The bar along the bottom of the page: play/pause, next event, the scrubber, the virtual
//! clock with the cluster's calendar time, idle skipping, speed and reset.

use leptos::prelude::*;

use super::{install_shortcuts, PastBanner, RestoreNotice, Scrubber};
use crate::i18n::{use_i18n, Key};
use crate::state::timeline_model::{calendar_label, clock_label};
use crate::state::use_sim;

const SPEEDS: &[f64] = &[0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0];

/// The timeline bar.
#[component]
pub fn TimelineBar() -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    install_shortcuts(sim);
    let shown = Memo::new(move |_| sim.read(|c| c.now()));
    let latest = Memo::new(move |_| sim.latest());
    let toggle = move |_| sim.playing.update(|p| *p = !*p);
    let reset = move |_| {
        let ok = web_sys::window()
            .and_then(|w| w.confirm_with_message(i18n.t(Key::ResetConfirm)).ok())
            .unwrap_or(false);
        if ok {
            sim.reset();
        }
    };
    let save_settings = move || sim.save();
    view! {
        <footer class="pf-timeline">
            <RestoreNotice />
            <PastBanner />
            <div class="pf-timeline__controls" role="toolbar" aria-label=move || i18n.t(Key::Timeline)>
                <button
                    type="button"
                    class="pf-timeline__play"
                    aria-pressed=move || sim.playing.get().to_string()
                    aria-label=move || i18n.t(if sim.playing.get() { Key::Pause } else { Key::Play })
                    on:click=toggle
                >
                    {move || if sim.playing.get() { "❚❚" } else { "▶" }}
                </button>
                <button type="button" class="pf-button" on:click=move |_| sim.step_next()>
                    {move || i18n.t(Key::Step)}
                </button>
                <Scrubber />
                <p class="pf-timeline__clock" title=move || i18n.t(Key::VirtualTime)>
                    <span class="pf-sr-only">{move || i18n.t(Key::VirtualTime)} " "</span>
                    <span>
                        <span class="pf-timeline__now" class:pf-timeline__now--past=move || sim.in_past()>
                            {move || clock_label(shown.get())}
                        </span>
                        <span class="pf-timeline__end">" / " {move || clock_label(latest.get())}</span>
                    </span>
                    <span class="pf-timeline__calendar" title=move || i18n.t(Key::ClusterTime)>
                        <span class="pf-sr-only">{move || i18n.t(Key::ClusterTime)} " "</span>
                        {move || calendar_label(shown.get())}
                    </span>
                </p>
                <label class="pf-timeline__skip" title=move || i18n.t(Key::SkipIdleHint)>
                    <input
                        type="checkbox"
                        prop:checked=move || sim.skip_idle.get()
                        on:change=move |ev| {
                            sim.skip_idle.set(event_target_checked(&ev));
                            save_settings();
                        }
                    />
                    " " {move || i18n.t(Key::SkipIdle)}
                </label>
                <label class="pf-timeline__speed">
                    {move || i18n.t(Key::Speed)} " "
                    <select on:change=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                            sim.speed.set(v);
                            save_settings();
                        }
                    }>
                        {SPEEDS.iter().map(|s| view! {
                            <option value=s.to_string() prop:selected=move || sim.speed.get() == *s>
                                {format!("{s}×")}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <button type="button" class="pf-button" on:click=reset>{move || i18n.t(Key::Reset)}</button>
            </div>
        </footer>
    }
}
