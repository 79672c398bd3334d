//! The YAML editor panel: text with line numbers, problems as you type, apply, examples.

use leptos::prelude::*;

use crate::components::common::Panel;
use crate::examples::EXAMPLES;
use crate::i18n::{use_i18n, Key};
use crate::state::use_sim;
use crate::view_model::diagnostics;

/// Where the editor's text is kept between visits.
const STORAGE_KEY: &str = "podflow.editor";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The editor panel.
#[component]
pub fn YamlEditor() -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let saved = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    let text = RwSignal::new(saved.unwrap_or_else(|| EXAMPLES[0].1.to_string()));
    let result = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, &text.get());
        }
    });
    let problems = Memo::new(move |_| {
        let t = text.get();
        sim.read(|c| diagnostics(c, &t))
    });
    let lines = move || (1..=text.with(|t| t.lines().count().max(1))).collect::<Vec<_>>();
    let apply = move || {
        let out = sim.apply(&text.get_untracked());
        result.set(out.combined());
    };
    view! {
        <Panel region="editor" title=Key::EditorTitle>
            <div class="pf-editor__toolbar">
                <label class="pf-editor__examples">
                    {move || i18n.t(Key::Examples)} " "
                    <select on:change=move |ev| {
                        let name = event_target_value(&ev);
                        if let Some((_, t)) = EXAMPLES.iter().find(|(n, _)| *n == name) {
                            text.set(t.to_string());
                        }
                    }>
                        {EXAMPLES.iter().map(|(n, _)| view! { <option value=*n>{*n}</option> }).collect_view()}
                    </select>
                </label>
                <button type="button" class="pf-button pf-button--primary" on:click=move |_| apply()>
                    {move || i18n.t(Key::Apply)}
                </button>
            </div>
            <div class="pf-editor">
                <div class="pf-editor__gutter" aria-hidden="true">
                    <For each=lines key=|n| *n let:n>
                        <span class=move || {
                            let bad = problems.with(|p| p.iter().any(|(l, _)| *l == n));
                            if bad { "pf-editor__ln pf-editor__ln--bad" } else { "pf-editor__ln" }
                        }>{n}</span>
                    </For>
                </div>
                <textarea
                    class="pf-editor__text"
                    spellcheck="false"
                    aria-label=move || i18n.t(Key::EditorTitle)
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                            ev.prevent_default();
                            apply();
                        }
                    }
                ></textarea>
            </div>
            <div class="pf-editor__status" aria-live="polite">
                {move || {
                    let p = problems.get();
                    if p.is_empty() {
                        view! { <p class="pf-editor__ok">{i18n.t(Key::YamlValid)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="pf-editor__problems">
                                {p.into_iter().map(|(line, msg)| view! {
                                    <li>
                                        <span class="pf-editor__where">{i18n.t(Key::LineLabel)} " " {line} ": "</span>
                                        {msg}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }}
                <p class="pf-editor__hint">{move || i18n.t(Key::ApplyHint)}</p>
                <pre class="pf-editor__result">{move || result.get()}</pre>
            </div>
        </Panel>
    }
}
