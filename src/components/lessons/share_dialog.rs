//! The share dialog: a link to this state (copy it), or the same as a session file to download
//! and open later.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::ctx::use_lessons;
use super::dom;
use super::loader::first_file;
use super::modal::Modal;
use super::restore::{current, error_detail, error_key, open};
use crate::components::editor::use_editor_text;
use crate::i18n::{use_i18n, Key};
use crate::share::{Shared, FILE_NAME};

/// Copying's outcome, shown beside the button.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Copied {
    Not,
    Yes,
    Refused,
}

/// The share dialog.
#[component]
pub fn ShareDialog() -> impl IntoView {
    let i18n = use_i18n();
    let lessons = use_lessons();
    let editor = use_editor_text();
    let link = RwSignal::new(String::new());
    let copied = RwSignal::new(Copied::Not);
    // The link is taken when the dialog opens: the state at that moment.
    Effect::new(move |_| {
        if lessons.share_open.get() {
            link.set(dom::url_with_fragment(
                &current(lessons, editor).to_fragment(),
            ));
            copied.set(Copied::Not);
        }
    });
    let copy = move |_| {
        let text = link.get_untracked();
        spawn_local(async move {
            let ok = dom::copy_text(&text).await;
            copied.set(if ok { Copied::Yes } else { Copied::Refused });
        });
    };
    let export = move |_| {
        if let Err(e) = dom::download(FILE_NAME, &current(lessons, editor).to_json()) {
            lessons.say(Key::ShareBadFile, e, true);
        }
    };
    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = first_file(input.files()) else {
            return;
        };
        input.set_value("");
        spawn_local(async move {
            match dom::read_file(file).await.map(|t| Shared::from_json(&t)) {
                Ok(Ok(shared)) => {
                    lessons.share_open.set(false);
                    open(lessons, editor, shared);
                }
                Ok(Err(e)) => lessons.say(error_key(&e), error_detail(&e), true),
                Err(e) => lessons.say(Key::ShareBadFile, e, true),
            }
        });
    };
    let copied_text = move || match copied.get() {
        Copied::Not => "",
        Copied::Yes => i18n.t(Key::ShareCopied),
        Copied::Refused => i18n.t(Key::ShareCopyFailed),
    };
    view! {
        <Modal open=lessons.share_open title=Key::ShareTitle name="share">
            <p class="pf-note">{move || i18n.t(Key::ShareIntro)}</p>
            <label class="pf-share__label" for="pf-share-link">{move || i18n.t(Key::ShareLinkLabel)}</label>
            <div class="pf-share__row">
                <input
                    id="pf-share-link"
                    class="pf-share__link"
                    type="text"
                    readonly
                    prop:value=move || link.get()
                    on:focus=move |ev| {
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        input.select();
                    }
                />
                <button type="button" class="pf-button pf-button--primary" on:click=copy>
                    {move || i18n.t(Key::ShareCopy)}
                </button>
            </div>
            <p class="pf-share__copied" role="status">{copied_text}</p>
            <p class="pf-share__size">
                {move || i18n.t(Key::ShareLinkSize).replace("{n}", &link.with(String::len).to_string())}
            </p>
            <div class="pf-share__files">
                <button type="button" class="pf-button" on:click=export>
                    {move || i18n.t(Key::ShareExport)}
                </button>
                <label class="pf-button pf-share__import">
                    {move || i18n.t(Key::ShareImport)}
                    <input type="file" accept=".json,application/json" on:change=import />
                </label>
            </div>
        </Modal>
    }
}
