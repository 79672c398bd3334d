//! The lesson picker: every lesson with its title, summary and progress; start one, or open a
//! sandbox from its starting state. Teachers drop, open or link their own lesson file here.

use leptos::prelude::*;

use super::ctx::{use_lessons, Entry};
use super::loader::{first_file, load_file, load_url};
use super::modal::Modal;
use super::progress::Status;
use crate::i18n::{use_i18n, Key};

/// The picker dialog.
#[component]
pub fn LessonPicker() -> impl IntoView {
    let lessons = use_lessons();
    let dragging = RwSignal::new(false);
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = first_file(ev.data_transfer().and_then(|d| d.files())) {
            load_file(lessons, file);
        }
    };
    view! {
        <Modal open=lessons.picker_open title=Key::LessonsButton name="lessons">
            <div
                class="pf-picker"
                class:pf-picker--dragging=move || dragging.get()
                on:dragover=move |ev: web_sys::DragEvent| {
                    ev.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <PickerList />
                <Authoring />
            </div>
        </Modal>
    }
}

/// The lessons, builtin first, then the teacher's files.
#[component]
fn PickerList() -> impl IntoView {
    let i18n = use_i18n();
    let lessons = use_lessons();
    let group = move |custom: bool| {
        lessons
            .catalog
            .get()
            .into_iter()
            .filter(move |e| e.source.is_some() == custom)
            .map(|e| view! { <LessonCard entry=e /> })
            .collect_view()
    };
    let has_custom = move || {
        lessons
            .catalog
            .with(|c| c.iter().any(|e| e.source.is_some()))
    };
    view! {
        <p class="pf-picker__intro">{move || i18n.t(Key::LessonsIntro)}</p>
        <ul class="pf-picker__list" aria-label=move || i18n.t(Key::LessonsBuiltin)>
            {move || group(false)}
        </ul>
        <Show when=has_custom>
            <h3 class="pf-picker__group">{move || i18n.t(Key::LessonsYours)}</h3>
            <ul class="pf-picker__list" aria-label=move || i18n.t(Key::LessonsYours)>
                {move || group(true)}
            </ul>
        </Show>
    }
}

/// One lesson: title, summary, progress, Start and Sandbox.
#[component]
fn LessonCard(entry: Entry) -> impl IntoView {
    let i18n = use_i18n();
    let lessons = use_lessons();
    let lesson = entry.lesson.clone();
    let id = lesson.id.clone();
    let steps = lesson.steps.len();
    let id = StoredValue::new(id);
    let status = move || {
        lessons
            .progress
            .with(|p| id.with_value(|id| p.status(id, steps)))
    };
    let status_text = move || match status() {
        Status::NotStarted => i18n.t(Key::LessonNotStarted).to_string(),
        Status::AtStep(k, n) => i18n
            .t(Key::LessonStepOf)
            .replace("{k}", &k.to_string())
            .replace("{n}", &n.to_string()),
        Status::Done => format!("✓ {}", i18n.t(Key::LessonDone)),
    };
    let state = move || match status() {
        Status::NotStarted => "new",
        Status::AtStep(..) => "started",
        Status::Done => "done",
    };
    let (title, summary) = (lesson.title.clone(), lesson.summary.clone());
    let title_id = format!("pf-lesson-card-{}", lesson.id);
    let (start, sandbox) = (entry.clone(), entry);
    view! {
        <li class="pf-picker__item" data-lesson=lesson.id.clone() data-progress=state>
            <div class="pf-picker__text">
                <h3 class="pf-picker__title" id=title_id.clone()>
                    {move || title.get(i18n.lang().tag()).to_string()}
                </h3>
                <p class="pf-picker__summary">{move || summary.get(i18n.lang().tag()).to_string()}</p>
                <p class="pf-picker__status">{status_text}</p>
            </div>
            <div class="pf-picker__actions" role="group" aria-labelledby=title_id>
                <button
                    type="button"
                    class="pf-button pf-button--primary"
                    on:click=move |_| lessons.start(start.clone(), 0)
                >
                    {move || i18n.t(Key::LessonStart)}
                </button>
                <button
                    type="button"
                    class="pf-button"
                    title=move || i18n.t(Key::LessonSandboxTitle)
                    on:click=move |_| lessons.sandbox(sandbox.clone())
                >
                    {move || i18n.t(Key::LessonSandbox)}
                </button>
            </div>
        </li>
    }
}

/// A teacher's own lesson: drop zone, file picker, URL.
#[component]
fn Authoring() -> impl IntoView {
    let i18n = use_i18n();
    let lessons = use_lessons();
    let url = RwSignal::new(String::new());
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = first_file(input.files()) {
            load_file(lessons, file);
        }
        input.set_value("");
    };
    let load = move || {
        let u = url.get_untracked();
        if !u.trim().is_empty() {
            load_url(lessons, u.trim().to_string(), false);
        }
    };
    view! {
        <section class="pf-picker__authoring" aria-labelledby="pf-authoring-title">
            <h3 class="pf-picker__group" id="pf-authoring-title">
                {move || i18n.t(Key::LessonAuthoring)}
            </h3>
            <p class="pf-note">{move || i18n.t(Key::LessonDropHint)}</p>
            <div class="pf-picker__load">
                <label class="pf-button pf-picker__file">
                    {move || i18n.t(Key::LessonLoadFile)}
                    <input type="file" accept=".yaml,.yml,text/yaml" on:change=on_file />
                </label>
                <form class="pf-picker__url" on:submit=move |ev| {
                    ev.prevent_default();
                    load();
                }>
                    <input
                        type="url"
                        placeholder="https://…/my-lesson.yaml"
                        aria-label=move || i18n.t(Key::LessonUrlLabel)
                        prop:value=move || url.get()
                        on:input=move |ev| url.set(event_target_value(&ev))
                    />
                    <button type="submit" class="pf-button">{move || i18n.t(Key::LessonLoadUrl)}</button>
                </form>
            </div>
            {move || lessons.load_error.get().map(|e| view! {
                <div class="pf-picker__error" role="alert">
                    <strong>{move || i18n.t(Key::LessonLoadFailed)}</strong>
                    <pre>{e}</pre>
                </div>
            })}
        </section>
    }
}
