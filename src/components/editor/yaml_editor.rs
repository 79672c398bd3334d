//! The YAML editor panel: the examples menu, the highlighted text, the engine's problems a
//! moment after typing stops, and apply (button or Ctrl/Cmd+Enter).

use gloo_timers::callback::Timeout;
use leptos::html::Textarea;
use leptos::prelude::*;
use podflow_kubectl::Output;

use super::code_area::CodeArea;
use super::gallery::{ExampleMenu, ExampleNote};
use super::problems::{describe, ProblemList};
use super::use_editor_text;
use crate::components::common::Panel;
use crate::i18n::{use_i18n, Key};
use crate::state::use_sim;
use crate::view_model::diagnostics;

/// How long after the last keystroke the text is checked: the dry run is cheap, but running it
/// on every keystroke would redraw the problems while the learner is mid-word.
pub const DEBOUNCE_MS: u32 = 300;

/// The id of the text that explains the editor's keys.
const KEYS_HINT_ID: &str = "pf-editor-keys";

/// The text the problems are computed for: it follows `text` after a pause in typing, and at
/// once when `loads` says the text was loaded from outside.
fn debounced(text: RwSignal<String>, loads: Signal<u64>) -> RwSignal<String> {
    let checked = RwSignal::new(text.get_untracked());
    let timer = StoredValue::new_local(None::<Timeout>);
    let seen_loads = StoredValue::new(loads.get_untracked());
    Effect::new(move |_| {
        let now = text.get();
        let count = loads.get();
        let loaded = count != seen_loads.get_value();
        seen_loads.set_value(count);
        if loaded || checked.with_untracked(|c| *c == now) {
            timer.set_value(None);
            if checked.with_untracked(|c| *c != now) {
                checked.set(now);
            }
            return;
        }
        // Replacing the pending timeout drops it, which cancels it.
        let pending = Timeout::new(DEBOUNCE_MS, move || checked.set(text.get_untracked()));
        timer.set_value(Some(pending));
    });
    checked
}

/// The editor panel.
#[component]
pub fn YamlEditor() -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let editor = use_editor_text();
    let text = editor.signal();
    let checked = debounced(text, Signal::derive(move || editor.loads()));
    let found = Memo::new(move |_| checked.with(|t| sim.read(|c| diagnostics(c, t))));
    let problems = Memo::new(move |_| checked.with(|t| found.with(|f| describe(t, f))));
    let stale = Signal::derive(move || text.with(|t| checked.with(|c| t != c)));
    let area = NodeRef::<Textarea>::new();
    let result = RwSignal::new(None::<Output>);
    let apply = move || {
        let yaml = text.get_untracked();
        checked.set(yaml.clone());
        result.set(Some(sim.apply(&yaml)));
    };
    view! {
        <Panel region="editor" title=Key::EditorTitle>
            <div class="pf-editor__toolbar">
                <ExampleMenu editor=editor />
                <button type="button" class="pf-button pf-button--primary" on:click=move |_| apply()>
                    {move || i18n.t(Key::Apply)}
                </button>
            </div>
            <ExampleNote editor=editor />
            <CodeArea
                text=text
                problems=Signal::derive(move || found.get())
                area=area
                reset=Signal::derive(move || editor.loads())
                on_apply=Callback::new(move |()| apply())
                label=Signal::derive(move || i18n.t(Key::EditorTitle))
                described_by=KEYS_HINT_ID
            />
            <div class="pf-editor__status">
                <div aria-live="polite">
                    <ProblemList
                        problems=problems.into()
                        area=area
                        stale=stale
                        blank=Signal::derive(move || checked.with(|t| t.trim().is_empty()))
                    />
                </div>
                <p class="pf-editor__hint" id=KEYS_HINT_ID>
                    {move || i18n.t(Key::ApplyHint)} " · " {move || i18n.t(Key::TabHint)}
                </p>
                {move || result.get().map(|out| {
                    let failed = out.exit_code != 0;
                    view! {
                        <pre class="pf-editor__result" class:pf-editor__result--error=failed>
                            {out.combined()}
                        </pre>
                    }
                })}
            </div>
        </Panel>
    }
}
