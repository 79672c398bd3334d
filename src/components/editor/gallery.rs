//! The examples menu (grouped by topic), the loaded example's note, and the offer to swap back
//! the learner's own text after an example replaced it.

use std::collections::BTreeSet;

use leptos::prelude::*;

use super::EditorText;
use crate::examples::{self, Example, Variant};
use crate::i18n::{use_i18n, I18n, Key};

fn option_label(i18n: I18n, e: &Example) -> String {
    let title = e.title.get(i18n.lang());
    // The glyph, not only the words, tells the two versions apart in a narrow menu.
    match e.variant {
        Variant::Printed => format!("{title} — ✗ {}", i18n.t(Key::ExampleAsPrinted)),
        Variant::Corrected => format!("{title} — ✓ {}", i18n.t(Key::ExampleCorrected)),
        Variant::Podflow => title.to_string(),
    }
}

/// The examples menu; choosing one loads it into the editor.
#[component]
pub fn ExampleMenu(editor: EditorText) -> impl IntoView {
    let i18n = use_i18n();
    // The menu shows the loaded example while the text is still exactly that example.
    let current = move || {
        let text = editor.signal();
        editor
            .example()
            .filter(|e| text.with(|t| t == e.text))
            .map_or(String::new(), |e| e.file.clone())
    };
    view! {
        <label class="pf-editor__examples">
            <span class="pf-editor__label">{move || i18n.t(Key::Examples)}</span>
            <select
                class="pf-editor__select"
                prop:value=current
                on:change=move |ev| {
                    let _ = editor.load_example(&event_target_value(&ev));
                }
            >
                <option value="">{move || i18n.t(Key::ExampleChoose)}</option>
                {move || {
                    examples::by_topic()
                        .into_iter()
                        .map(|(topic, list)| {
                            view! {
                                <optgroup label=i18n.t(topic.key())>
                                    {list
                                        .into_iter()
                                        .map(|e| view! {
                                            <option value=e.file.clone()>{option_label(i18n, e)}</option>
                                        })
                                        .collect_view()}
                                </optgroup>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

/// What the loaded example shows, and the swap-back offer.
#[component]
pub fn ExampleNote(editor: EditorText) -> impl IntoView {
    let i18n = use_i18n();
    let hidden = RwSignal::new(false);
    // A new replacement shows the offer again.
    Effect::new(move |_| {
        editor.kept_len();
        hidden.set(false);
    });
    // The note stays while the text is still mostly the example (being fixed, say), and goes
    // once the learner has replaced it with something else.
    let shown = Memo::new(move |_| {
        let example = editor.example()?;
        editor
            .signal()
            .with(|t| still_about(example.text, t))
            .then_some(example)
    });
    view! {
        {move || {
            shown.get().map(|e| {
                let lang = i18n.lang();
                let badge = e.variant.key().map(|k| view! {
                    <span class=format!("pf-editor__badge pf-editor__badge--{:?}", e.variant).to_lowercase()>
                        {i18n.t(k)}
                    </span>
                });
                view! {
                    <div class="pf-editor__about">
                        <p class="pf-editor__about-title">
                            <strong>{e.title.get(lang).to_string()}</strong> " " {badge}
                        </p>
                        <p class="pf-editor__about-note">{e.note.get(lang).to_string()}</p>
                    </div>
                }
            })
        }}
        <Show when=move || editor.has_kept() && !hidden.get()>
            <div class="pf-editor__kept" role="status">
                <span>{move || i18n.t(Key::EditorKept)}</span>
                <button type="button" class="pf-button pf-button--small" on:click=move |_| editor.swap_back()>
                    {move || i18n.t(Key::EditorSwapBack)}
                </button>
                <button
                    type="button"
                    class="pf-button pf-button--small pf-button--quiet"
                    aria-label=move || i18n.t(Key::EditorDismiss)
                    title=move || i18n.t(Key::EditorDismiss)
                    on:click=move |_| hidden.set(true)
                >
                    "×"
                </button>
            </div>
        </Show>
    }
}

/// True while at least half of the example's non-blank lines are still in `text`.
fn still_about(example: &str, text: &str) -> bool {
    let lines: BTreeSet<&str> = text.lines().map(str::trim_end).collect();
    let wanted: Vec<&str> = example
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let kept = wanted.iter().filter(|l| lines.contains(*l)).count();
    kept * 2 >= wanted.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_follows_the_example_while_it_is_being_edited() {
        let example = "apiVersion: apps/v1\nkind: Pod\nmetadata:\n  name: web\n";
        assert!(still_about(example, example));
        assert!(still_about(
            example,
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n"
        ));
        assert!(!still_about(example, "apiVersion: v1\nkind: Service\n"));
    }
}
