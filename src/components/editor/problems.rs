//! The list of problems under the editor: each names its document (when there are several) and
//! its line, and moves the caret there when activated.

use leptos::html::Textarea;
use leptos::prelude::*;
use podflow_engine::manifest::split;

use super::code_area::LINE_PX;
use super::text_ops;
use crate::i18n::{use_i18n, Key};

/// One problem as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    /// 1-based document number, when the text has more than one document.
    pub document: Option<usize>,
    pub message: String,
    /// True when kubectl's own `yaml: line N` names another line than the one marked.
    pub kubectl_counts_otherwise: bool,
}

/// Places the engine's `(line, message)` problems of `text` in their documents.
pub fn describe(text: &str, found: &[(usize, String)]) -> Vec<Problem> {
    let (chunks, _) = split::split(text);
    let starts: Vec<usize> = chunks.iter().map(|c| c.start_line).collect();
    found
        .iter()
        .map(|(line, message)| {
            let index = starts.iter().filter(|s| **s <= *line).count().max(1);
            let start = starts.get(index - 1).copied().unwrap_or(1);
            Problem {
                line: *line,
                document: (starts.len() > 1).then_some(index),
                message: message.clone(),
                kubectl_counts_otherwise: kubectl_line(message)
                    .is_some_and(|n| start + n - 1 != *line),
            }
        })
        .collect()
}

/// The `N` of go-yaml's `yaml: line N: ...`, which counts from the document's first line.
fn kubectl_line(message: &str) -> Option<usize> {
    let rest = message.split("yaml: line ").nth(1)?;
    rest.split(':').next()?.parse().ok().filter(|n| *n > 0)
}

/// The problems, or the all-clear, under the editor.
#[component]
pub fn ProblemList(
    /// What to show.
    problems: Signal<Vec<Problem>>,
    /// The textarea whose caret a click moves.
    area: NodeRef<Textarea>,
    /// True while the text changed since it was last checked.
    stale: Signal<bool>,
    /// True when the checked text is empty: nothing to accept or reject.
    blank: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let go = move |line: usize| {
        if let Some(a) = area.get_untracked() {
            text_ops::go_to_line(&a, line, LINE_PX);
        }
    };
    let item = move |p: Problem| {
        let line = p.line;
        let place = match p.document {
            Some(d) => format!(
                "{} {d} · {} {line}",
                i18n.t(Key::DocumentLabel),
                i18n.t(Key::LineLabel)
            ),
            None => format!("{} {line}", i18n.t(Key::LineLabel)),
        };
        view! {
            <li>
                <button type="button" class="pf-editor__problem" on:click=move |_| go(line)>
                    <span class="pf-editor__where">{place} ": "</span>
                    <span class="pf-editor__msg">{p.message}</span>
                </button>
                {p.kubectl_counts_otherwise.then(|| view! {
                    <p class="pf-editor__why">{i18n.t(Key::YamlLineNote)}</p>
                })}
            </li>
        }
    };
    view! {
        <div class="pf-editor__check" class:pf-editor__check--stale=move || stale.get()>
            {move || {
                let list = problems.get();
                if blank.get() {
                    ().into_any()
                } else if list.is_empty() {
                    view! { <p class="pf-editor__ok">"✓ " {i18n.t(Key::YamlValid)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="pf-editor__problems" aria-label=i18n.t(Key::ProblemsTitle)>
                            {list.into_iter().map(item).collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_are_placed_in_their_documents() {
        let text = "a: 1\n---\nb: 2\nc: [\n";
        let found = vec![(
            4,
            "error converting YAML to JSON: yaml: line 2: x".to_string(),
        )];
        let p = describe(text, &found);
        assert_eq!(p[0].document, Some(2));
        assert!(
            !p[0].kubectl_counts_otherwise,
            "line 2 of document 2 is line 4"
        );
        let single = describe(
            "a:\n  b: 1\n - c\n",
            &[(3, "yaml: line 2: did not find expected key".into())],
        );
        assert_eq!(single[0].document, None);
        assert!(single[0].kubectl_counts_otherwise);
    }
}
