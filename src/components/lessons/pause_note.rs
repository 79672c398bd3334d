//! A walkthrough pause in the panel: the narration of the moment the engine stopped at (see
//! `pauses.rs`), until the learner continues.

use leptos::prelude::*;
use podflow_lessons::Pause;

use super::ctx::use_lessons;
use super::prose::prose;
use crate::i18n::{use_i18n, Key};
use crate::state::use_sim;

/// The narration of the stop the engine is at, with Continue; before the first stop, a line
/// saying the engine will stop.
#[component]
pub fn PauseNote(pauses: Vec<Pause>) -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let lessons = use_lessons();
    let total = pauses.len();
    let pauses = StoredValue::new(pauses);
    let fired = move || lessons.active.with(|a| a.as_ref().map_or(0, |a| a.fired));
    // The stop being shown: the last one that fired, while the engine is stopped at it.
    let current = move || {
        let seq = sim.paused_at.get()?;
        let i = fired().checked_sub(1)?;
        let pause = pauses.with_value(|p| p.get(i).cloned())?;
        let route = sim.read(|c| {
            c.trace()
                .since(seq)
                .first()
                .map(|e| format!("{} → {} · {}", e.from, e.to, e.kind))
        });
        Some((i, pause, route.unwrap_or_default()))
    };
    view! {
        <Show when=move || { total > 0 && fired() == 0 }>
            <p class="pf-lesson__watch">{move || i18n.t(Key::LessonWatch)}</p>
        </Show>
        {move || current().map(|(i, pause, route)| view! {
            <div class="pf-pause" role="status" data-pause=i + 1>
                <p class="pf-pause__head">
                    <span class="pf-pause__icon" aria-hidden="true">"❚❚"</span>
                    {move || {
                        i18n.t(Key::LessonPauseOf)
                            .replace("{k}", &(i + 1).to_string())
                            .replace("{n}", &total.to_string())
                    }}
                </p>
                <p class="pf-pause__route"><code>{route}</code></p>
                <div class="pf-pause__text">{move || prose(pause.narration.get(i18n.lang().tag()))}</div>
                <button
                    type="button"
                    class="pf-button pf-button--primary pf-pause__continue"
                    on:click=move |_| lessons.continue_after_pause()
                >
                    {move || i18n.t(Key::LessonContinue)}
                </button>
            </div>
        })}
    }
}
