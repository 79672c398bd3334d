//! The editing surface: line numbers, a highlighted layer, and a transparent textarea on top.
//!
//! The classic overlay: the textarea does all the editing (caret, selection, IME, undo, paste,
//! accessibility) with its text made transparent; under it, a layer draws the same text as
//! coloured spans, with the same font, padding, line height and no wrapping, moved by the
//! textarea's scroll offsets. Lines with a problem get a wavy underline in the layer and a
//! marker in the gutter. User text only ever becomes text nodes.

use std::collections::BTreeSet;

use leptos::ev::KeyboardEvent;
use leptos::html::Textarea;
use leptos::prelude::*;
use web_sys::HtmlTextAreaElement;

use super::highlight::{highlight, Line, Tok};
use super::text_ops;

/// Height of one line in pixels; `.pf-code` sets the same `line-height` (editor.css).
pub const LINE_PX: i32 = 20;

fn class_of(tok: Tok) -> &'static str {
    match tok {
        Tok::Space => "",
        Tok::Tab => "pf-hl-tab",
        Tok::Key => "pf-hl-key",
        Tok::Punct => "pf-hl-punct",
        Tok::Dash => "pf-hl-dash",
        Tok::Separator => "pf-hl-sep",
        Tok::Comment => "pf-hl-comment",
        Tok::Str => "pf-hl-str",
        Tok::Number => "pf-hl-num",
        Tok::Bool => "pf-hl-bool",
        Tok::Meta => "pf-hl-meta",
        Tok::Plain => "pf-hl-plain",
    }
}

fn line_view(tokens: Line) -> impl IntoView {
    tokens
        .into_iter()
        .map(|(tok, text)| view! { <span class=class_of(tok)>{text}</span> })
        .collect_view()
}

/// The editor's text area with its gutter and highlighted layer.
/// The edit a key makes, if it is one of the editor's own (Tab, Shift+Tab, Enter); the default
/// action is prevented for those. `leaving` is set right after Esc: Tab then moves focus.
fn edit_for_key(
    ev: &KeyboardEvent,
    area: &HtmlTextAreaElement,
    leaving: bool,
) -> Option<text_ops::Edit> {
    if ev.is_composing() || ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
        return None;
    }
    let current = area.value();
    let sel = text_ops::selection(area, &current);
    match ev.key().as_str() {
        "Tab" if leaving => None,
        "Tab" => {
            ev.prevent_default();
            text_ops::indent(&current, sel, ev.shift_key())
        }
        "Enter" if !ev.shift_key() => {
            ev.prevent_default();
            let insert = text_ops::newline(&current, sel.0);
            let caret = sel.0 + insert.len();
            Some(text_ops::Edit {
                start: sel.0,
                end: sel.1,
                insert,
                select: (caret, caret),
            })
        }
        _ => None,
    }
}

/// Line numbers, moved with the textarea's vertical scroll; problem lines marked.
#[component]
fn Gutter(
    count: Memo<usize>,
    bad: Memo<BTreeSet<usize>>,
    scroll: RwSignal<(i32, i32)>,
) -> impl IntoView {
    view! {
        <div class="pf-code__gutter" aria-hidden="true">
            <div class="pf-code__gutter-inner" style:transform=move || format!("translateY({}px)", -scroll.get().1)>
                <For each=move || 1..=count.get() key=|n| *n let:n>
                    <span
                        class="pf-editor__ln"
                        class:pf-editor__ln--bad=move || bad.with(|b| b.contains(&n))
                    >{n}</span>
                </For>
            </div>
        </div>
    }
}

/// The coloured copy of the text under the textarea; only changed lines are redrawn.
#[component]
fn Highlighted(
    text: RwSignal<String>,
    bad: Memo<BTreeSet<usize>>,
    scroll: RwSignal<(i32, i32)>,
) -> impl IntoView {
    let lines = Memo::new(move |_| text.with(|t| highlight(t)));
    let rows = move || {
        lines
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, l)| (i + 1, l))
            .collect::<Vec<_>>()
    };
    let transform = move || {
        let (x, y) = scroll.get();
        format!("translate({}px, {}px)", -x, -y)
    };
    view! {
        <div class="pf-code__hl" aria-hidden="true">
            <div class="pf-code__hl-inner" style:transform=transform>
                <For each=rows key=|(n, l)| (*n, l.clone()) let:row>
                    <div class="pf-code__line" class:pf-code__line--bad=move || bad.with(|b| b.contains(&row.0))>
                        {line_view(row.1)}
                    </div>
                </For>
            </div>
        </div>
    }
}

/// The editor's text area with its gutter and highlighted layer.
#[component]
pub fn CodeArea(
    /// The text being edited.
    text: RwSignal<String>,
    /// The problems to mark, `(line, message)`.
    problems: Signal<Vec<(usize, String)>>,
    /// The textarea, for the problem list's "go to line".
    area: NodeRef<Textarea>,
    /// Changes when a text is loaded from outside: the view goes back to its top.
    reset: Signal<u64>,
    /// Ctrl/Cmd+Enter.
    on_apply: Callback<()>,
    /// The textarea's accessible name.
    label: Signal<&'static str>,
    /// The id of the text describing the keyboard (Tab, Esc).
    described_by: &'static str,
) -> impl IntoView {
    let count = Memo::new(move |_| text.with(|t| t.split('\n').count()));
    let bad = Memo::new(move |_| {
        problems.with(|p| p.iter().map(|(l, _)| *l).collect::<BTreeSet<usize>>())
    });
    let scroll = RwSignal::new((0, 0));
    let sync_scroll = move || {
        if let Some(a) = area.get_untracked() {
            scroll.set((a.scroll_left(), a.scroll_top()));
        }
    };
    Effect::new(move |first: Option<()>| {
        reset.track();
        if first.is_some() {
            // After the new value is in the textarea, which moves the caret to its end.
            request_animation_frame(move || {
                if let Some(a) = area.get_untracked() {
                    let _ = a.set_selection_range(0, 0);
                    a.set_scroll_top(0);
                    a.set_scroll_left(0);
                }
                scroll.set((0, 0));
            });
        }
    });
    // Esc, then Tab: let Tab leave the textarea once (no keyboard trap).
    let tab_leaves = StoredValue::new(false);
    let on_keydown = move |ev: KeyboardEvent| {
        let leaving = tab_leaves.get_value();
        tab_leaves.set_value(ev.key() == "Escape");
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            on_apply.run(());
            return;
        }
        let Some(a) = area.get_untracked() else {
            return;
        };
        if let Some(edit) = edit_for_key(&ev, &a, leaving) {
            let new = text_ops::apply_edit(&a, &edit);
            if text.with_untracked(|t| *t != new) {
                text.set(new);
            }
            sync_scroll();
        }
    };
    view! {
        <div class="pf-code">
            <Gutter count=count bad=bad scroll=scroll />
            <div class="pf-code__body">
                <Highlighted text=text bad=bad scroll=scroll />
                <textarea
                    class="pf-editor__text"
                    node_ref=area
                    wrap="off"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    aria-label=move || label.get()
                    aria-describedby=described_by
                    aria-invalid=move || if problems.with(|p| p.is_empty()) { "false" } else { "true" }
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        sync_scroll();
                    }
                    on:scroll=move |_| sync_scroll()
                    on:keydown=on_keydown
                ></textarea>
            </div>
        </div>
    }
}
