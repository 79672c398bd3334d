//! The terminal's scrollback: each command with its output, and the terminal's own notes
//! (`^C`, Tab listings) in the order they happened. Everything is inserted as text.

use leptos::prelude::*;
use podflow_kubectl::{Output, Stream};

use super::keys::{Note, NoteKind, Term};
use crate::i18n::{use_i18n, Key};

/// More candidates than this are cut, as bash asks before listing over 100.
const MAX_LISTED: usize = 100;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Item {
    Command(usize, String, Output),
    Note(Note),
}

impl Item {
    fn key(&self) -> (u8, u64) {
        match self {
            Item::Command(i, ..) => (0, *i as u64),
            Item::Note(n) => (1, n.id),
        }
    }
}

/// The entries on screen: those after the last Ctrl+L, notes before the command they preceded.
fn items(term: Term) -> Vec<Item> {
    let cleared = term.cleared.get();
    let notes = term.notes.get();
    term.sim.transcript.with(|t| {
        let mut out = Vec::new();
        for i in cleared..=t.len() {
            let here = notes.iter().filter(|n| n.at == i).cloned();
            out.extend(here.map(Item::Note));
            if let Some((line, output)) = t.get(i) {
                out.push(Item::Command(i, line.clone(), output.clone()));
            }
        }
        out
    })
}

/// The scrolling part of the terminal, above the prompt.
#[component]
pub fn Scrollback(term: Term, node_ref: NodeRef<leptos::html::Div>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div
            class="pf-terminal__log"
            node_ref=node_ref
            role="log"
            tabindex="0"
            aria-labelledby="pf-terminal-title"
        >
            <p class="pf-terminal__comment">"# " {move || i18n.t(Key::TerminalHint)}</p>
            <For each=move || items(term) key=Item::key let:item>
                {render(item)}
            </For>
        </div>
    }
}

/// The output as the terminal received it: stderr lines red, in their place among stdout's.
fn pieces(out: &Output) -> Vec<AnyView> {
    out.pieces()
        .into_iter()
        .map(|(stream, text)| {
            let class = match stream {
                Stream::Stdout => "pf-terminal__out",
                Stream::Stderr => "pf-terminal__err",
            };
            view! { <pre class=class>{text.to_string()}</pre> }.into_any()
        })
        .collect()
}

fn render(item: Item) -> AnyView {
    match item {
        Item::Command(_, line, out) => view! {
            <p class="pf-terminal__cmd">"$ " {line}</p>
            {pieces(&out)}
        }
        .into_any(),
        Item::Note(Note {
            line,
            kind: NoteKind::Interrupt,
            ..
        }) => view! {
            <p class="pf-terminal__cmd">"$ " {line} <span class="pf-terminal__ctl">"^C"</span></p>
        }
        .into_any(),
        Item::Note(Note {
            line,
            kind: NoteKind::Listing(words),
            ..
        }) => view! {
            <p class="pf-terminal__cmd">"$ " {line}</p>
            <Listing words=words />
        }
        .into_any(),
    }
}

/// Candidates in columns as wide as the longest one, as bash lays them out.
#[component]
fn Listing(words: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let width = words.iter().map(|w| w.chars().count()).max().unwrap_or(0) + 2;
    let more = words.len().saturating_sub(MAX_LISTED);
    let shown: Vec<String> = words.into_iter().take(MAX_LISTED).collect();
    view! {
        <ul
            class="pf-terminal__listing"
            style=format!("--pf-listing-col: {width}ch")
            aria-label=move || i18n.t(Key::TerminalCompletions)
        >
            {shown.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
        </ul>
        {(more > 0).then(|| view! {
            <p class="pf-terminal__comment">
                {move || i18n.t(Key::TerminalMore).replace("{n}", &more.to_string())}
            </p>
        })}
    }
}
