//! The scrubber: a slider from the start of the simulation to the latest moment reached, with
//! a marker where each of the learner's actions happened. Dragging it shows that moment.

use leptos::prelude::*;
use podflow_engine::SimTime;

use crate::i18n::{use_i18n, Key};
use crate::state::timeline_model::{clock_label, percent};
use crate::state::use_sim;

/// Slider steps, in milliseconds of virtual time.
const STEP_MS: u64 = 100;

/// The slider and its action markers.
#[component]
pub fn Scrubber() -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let latest = Memo::new(move |_| sim.latest());
    let shown = Memo::new(move |_| sim.read(|c| c.now()));
    let marks = Memo::new(move |_| sim.action_marks());
    let on_input = move |ev| {
        let Ok(ms) = event_target_value(&ev).parse::<u64>() else {
            return;
        };
        // The last step may fall short of the latest moment: treat it as now.
        let end = latest.get_untracked();
        if ms + STEP_MS > end.as_millis() {
            sim.back_to_now();
        } else {
            sim.scrub_to(SimTime(ms));
        }
    };
    let mark = move |(at, line): (SimTime, String)| {
        let title = i18n
            .t(Key::ActionMarker)
            .replace("{t}", &clock_label(at))
            .replace("{line}", &line);
        view! {
            <span
                class="pf-scrub__mark"
                style:left=move || format!("{:.3}%", percent(at, latest.get()))
                title=title
            ></span>
        }
    };
    view! {
        <div class="pf-scrub" class:pf-scrub--past=move || sim.in_past()>
            <div class="pf-scrub__marks" aria-hidden="true">
                {move || marks.get().into_iter().map(mark).collect_view()}
            </div>
            <input
                type="range"
                class="pf-scrub__range"
                min="0"
                step=STEP_MS.to_string()
                prop:max=move || latest.get().as_millis().to_string()
                prop:value=move || shown.get().as_millis().to_string()
                aria-label=move || i18n.t(Key::Scrubber)
                aria-valuetext=move || format!("{} / {}", clock_label(shown.get()), clock_label(latest.get()))
                on:input=on_input
            />
        </div>
    }
}
