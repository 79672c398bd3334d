//! The walkthrough panel beside the stage: the current step's narration, what to apply or run,
//! the engine's pauses with their narration, the goal's live status, hints, and the way
//! through the steps to the closing summary.

use leptos::prelude::*;

use super::ctx::{use_lessons, Active};
use super::goal_view::GoalView;
use super::pause_note::PauseNote;
use super::pauses::watch_pauses;
use super::prose::prose;
use super::step_actions::{ApplyBlock, Hints, RunBlock, SolutionBlock};
use crate::i18n::{use_i18n, Key};

/// The panel, shown while a lesson is open.
#[component]
pub fn LessonPanel() -> impl IntoView {
    let i18n = use_i18n();
    let lessons = use_lessons();
    watch_pauses(lessons);
    // Rebuilt when the step changes (or restarts), not when a hint opens.
    let key = Memo::new(move |_| {
        lessons
            .active
            .with(|a| a.as_ref().map(|a| (a.lesson().id.clone(), a.step, a.began)))
    });
    let title = move || {
        lessons.active.with(|a| {
            a.as_ref()
                .map(|a| a.lesson().title.get(i18n.lang().tag()).to_string())
                .unwrap_or_default()
        })
    };
    let body = move || {
        key.track();
        lessons.active.get_untracked().map(|a| {
            if a.at_closing() {
                view! { <Closing active=a /> }.into_any()
            } else {
                view! { <StepBody active=a /> }.into_any()
            }
        })
    };
    view! {
        <Show when=move || key.with(Option::is_some)>
            <section class="pf-panel pf-panel--lesson pf-lesson" aria-labelledby="pf-lesson-title">
                <h2 class="pf-panel__title pf-lesson__head" id="pf-lesson-title">
                    <span class="pf-lesson__kicker">{move || i18n.t(Key::LessonPanelTitle)}</span>
                    <span class="pf-lesson__name">{title}</span>
                </h2>
                <div class="pf-panel__body pf-lesson__body">{body}</div>
                <LessonNav />
            </section>
        </Show>
    }
}

/// One step: where we are, what to do, what the engine must show.
#[component]
fn StepBody(active: Active) -> impl IntoView {
    let i18n = use_i18n();
    let n = active.lesson().steps.len();
    let k = active.step + 1;
    let step = active.lesson().steps[active.step].clone();
    let (title, narration) = (step.title.clone(), step.narration.clone());
    view! {
        <p class="pf-lesson__progress" data-step=k data-steps=n>
            {move || {
                i18n.t(Key::LessonStepOf).replace("{k}", &k.to_string()).replace("{n}", &n.to_string())
            }}
        </p>
        <h3 class="pf-lesson__title">{move || title.get(i18n.lang().tag()).to_string()}</h3>
        <div class="pf-lesson__narration">{move || prose(narration.get(i18n.lang().tag()))}</div>
        <PauseNote pauses=step.pauses.clone() />
        {step.apply.clone().map(|y| view! { <ApplyBlock yaml=y /> })}
        {(!step.run.is_empty()).then(|| view! { <RunBlock lines=step.run.clone() /> })}
        {step.solution.clone().map(|s| view! { <SolutionBlock solution=s /> })}
        <GoalView
            goal=step.goal.clone()
            began=active.began
            actions_before=active.actions_before
            needs_action=step.apply.is_some() || !step.run.is_empty() || step.solution.is_some()
        />
        <Hints hints=step.hints.clone() />
    }
}

/// The closing summary.
#[component]
fn Closing(active: Active) -> impl IntoView {
    let i18n = use_i18n();
    let lessons = use_lessons();
    let closing = active.lesson().closing.clone();
    let entry = active.entry.clone();
    view! {
        <div class="pf-lesson__closing" data-closing="true">
            <h3 class="pf-lesson__title">
                <span aria-hidden="true">"✓ "</span>
                {move || i18n.t(Key::LessonClosingTitle)}
            </h3>
            <div class="pf-lesson__narration">{move || prose(closing.get(i18n.lang().tag()))}</div>
            <div class="pf-lesson__closing-actions">
                <button type="button" class="pf-button" on:click=move |_| lessons.start(entry.clone(), 0)>
                    {move || i18n.t(Key::LessonRestart)}
                </button>
                <button type="button" class="pf-button pf-button--primary" on:click=move |_| {
                    lessons.close();
                    lessons.picker_open.set(true);
                }>
                    {move || i18n.t(Key::LessonBackToList)}
                </button>
            </div>
        </div>
    }
}

/// Previous / Next (Finish on the last step) / Close.
#[component]
fn LessonNav() -> impl IntoView {
    let i18n = use_i18n();
    let lessons = use_lessons();
    let at = move || {
        lessons.active.with(|a| {
            a.as_ref()
                .map_or((0, 0), |a| (a.step, a.lesson().steps.len()))
        })
    };
    let next_label = move || {
        let (k, n) = at();
        i18n.t(if k + 1 >= n {
            Key::LessonFinish
        } else {
            Key::LessonNext
        })
    };
    view! {
        <nav class="pf-lesson__nav" aria-label=move || i18n.t(Key::LessonPanelTitle)>
            <button
                type="button"
                class="pf-button"
                disabled=move || at().0 == 0
                on:click=move |_| lessons.go(at().0.saturating_sub(1))
            >
                {move || i18n.t(Key::LessonPrevious)}
            </button>
            <Show when=move || { let (k, n) = at(); k < n }>
                <button
                    type="button"
                    class="pf-button pf-button--primary"
                    on:click=move |_| lessons.go(at().0 + 1)
                >
                    {next_label}
                </button>
            </Show>
            <button type="button" class="pf-button pf-lesson__close" on:click=move |_| lessons.close()>
                {move || i18n.t(Key::LessonClose)}
            </button>
        </nav>
    }
}
