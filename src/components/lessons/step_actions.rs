//! What a step asks the learner to do: YAML to put in the editor and apply, command lines to
//! run (or type), the fix of a "find the bug" step, and hints one at a time.

use leptos::prelude::*;
use podflow_lessons::{Solution, Text};

use super::ctx::use_lessons;
use super::prose::prose;
use crate::components::editor::use_editor_text;
use crate::i18n::{use_i18n, Key};
use crate::state::use_sim;

/// YAML with a "Put in editor" button.
#[component]
pub fn ApplyBlock(yaml: String) -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor_text();
    let text = yaml.clone();
    let lines = yaml.lines().count();
    view! {
        <div class="pf-lesson__block">
            // Folded: "Put in editor" shows it whole, and the panel keeps room for the goal.
            <details class="pf-lesson__yaml-box">
                <summary class="pf-lesson__label">
                    {move || i18n.t(Key::LessonApplyIntro)} {format!(" ({lines})")}
                </summary>
                <pre class="pf-lesson__yaml">{yaml}</pre>
            </details>
            <button type="button" class="pf-button pf-lesson__put" on:click=move |_| editor.load(&text)>
                {move || i18n.t(Key::LessonPutInEditor)}
            </button>
        </div>
    }
}

/// Command lines, each with "Run"; the learner may type them in the terminal instead.
#[component]
pub fn RunBlock(lines: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let rows = lines
        .into_iter()
        .map(|line| {
            let l = line.clone();
            view! {
                <li class="pf-lesson__cmd">
                    <code>{line}</code>
                    <button type="button" class="pf-button pf-lesson__run" on:click=move |_| {
                        sim.run(&l, None);
                    }>
                        {move || i18n.t(Key::LessonRun)}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="pf-lesson__block">
            <h4 class="pf-lesson__label">{move || i18n.t(Key::LessonRunIntro)}</h4>
            <ul class="pf-lesson__cmds">{rows}</ul>
        </div>
    }
}

/// The fix of a "find the bug" step, behind a button so the learner tries first.
#[component]
pub fn SolutionBlock(solution: Solution) -> impl IntoView {
    let i18n = use_i18n();
    let lessons = use_lessons();
    let shown = move || {
        lessons
            .active
            .with(|a| a.as_ref().is_some_and(|a| a.solution))
    };
    let solution = StoredValue::new(solution);
    let fix = move || {
        let s = solution.get_value();
        view! {
            <div class="pf-lesson__fix">
                <h4 class="pf-lesson__label">{move || i18n.t(Key::LessonFix)}</h4>
                {s.apply.map(|y| view! { <ApplyBlock yaml=y /> })}
                {(!s.run.is_empty()).then(|| view! { <RunBlock lines=s.run /> })}
            </div>
        }
    };
    view! {
        <Show when=shown fallback=move || view! {
            <button type="button" class="pf-button pf-lesson__show-fix" on:click=move |_| {
                lessons.update(|a| a.solution = true)
            }>
                {move || i18n.t(Key::LessonShowFix)}
            </button>
        }>
            {fix}
        </Show>
    }
}

/// The hints revealed so far, and a button for the next.
#[component]
pub fn Hints(hints: Vec<Text>) -> impl IntoView {
    let i18n = use_i18n();
    let lessons = use_lessons();
    let total = hints.len();
    let shown = move || {
        lessons
            .active
            .with(|a| a.as_ref().map_or(0, |a| a.hints.min(total)))
    };
    let hints = StoredValue::new(hints);
    let revealed = move || {
        hints.with_value(|hs| {
            hs.iter()
                .take(shown())
                .enumerate()
                .map(|(i, h)| {
                    let h = h.clone();
                    view! {
                        <li class="pf-lesson__hint">
                            <span class="pf-lesson__hint-n">
                                {move || i18n.t(Key::LessonHintN).replace("{k}", &(i + 1).to_string())}
                            </span>
                            {move || prose(h.get(i18n.lang().tag()))}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <Show when=move || { total > 0 }>
            <div class="pf-lesson__hints">
                <ol>{revealed}</ol>
                <Show when=move || shown() < total>
                    <button type="button" class="pf-button pf-lesson__hint-button" on:click=move |_| {
                        lessons.update(|a| a.hints += 1)
                    }>
                        {move || format!("{} ({}/{})", i18n.t(Key::LessonShowHint), shown() + 1, total)}
                    </button>
                </Show>
            </div>
        </Show>
    }
}
