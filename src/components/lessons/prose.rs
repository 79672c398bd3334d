//! A lesson's narration as paragraphs, with `backticked` words as code. Text only: nothing a
//! lesson file says is ever inserted as HTML.

use leptos::prelude::*;

/// One run of a paragraph: plain text, or code between backticks.
#[derive(Debug, PartialEq, Eq)]
enum Run<'a> {
    Text(&'a str),
    Code(&'a str),
}

/// Paragraphs (split at blank lines), each a list of runs. An unpaired backtick stays text.
fn paragraphs(text: &str) -> Vec<Vec<Run<'_>>> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let parts: Vec<&str> = p.split('`').collect();
            let paired = !parts.len().is_multiple_of(2);
            parts
                .iter()
                .enumerate()
                .filter(|(_, s)| !s.is_empty())
                .map(|(i, s)| {
                    if paired && !i.is_multiple_of(2) {
                        Run::Code(s)
                    } else {
                        Run::Text(s)
                    }
                })
                .collect()
        })
        .collect()
}

/// Renders `text` as paragraphs.
pub fn prose(text: &str) -> impl IntoView {
    paragraphs(text)
        .into_iter()
        .map(|runs| {
            let runs = runs
                .into_iter()
                .map(|r| match r {
                    Run::Text(t) => t.to_string().into_any(),
                    Run::Code(c) => view! { <code>{c.to_string()}</code> }.into_any(),
                })
                .collect_view();
            view! { <p>{runs}</p> }
        })
        .collect_view()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_code_are_split_and_odd_backticks_stay_text() {
        let p = paragraphs("Run `kubectl get pods`.\n\nThen wait.\n");
        assert_eq!(
            p,
            vec![
                vec![
                    Run::Text("Run "),
                    Run::Code("kubectl get pods"),
                    Run::Text(".")
                ],
                vec![Run::Text("Then wait.")]
            ]
        );
        assert_eq!(
            paragraphs("a ` b"),
            vec![vec![Run::Text("a "), Run::Text(" b")]]
        );
        assert!(paragraphs("\n\n").is_empty());
    }
}
