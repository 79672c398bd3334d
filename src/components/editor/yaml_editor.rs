//! The YAML editor panel.

use leptos::prelude::*;

use crate::components::common::Panel;
use crate::i18n::{use_i18n, Key};

/// The editor panel; for now one comment line says what it will do.
#[component]
pub fn YamlEditor() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Panel region="editor" title=Key::EditorTitle>
            <div class="pf-editor">
                <span class="pf-editor__gutter" aria-hidden="true">
                    "1"
                </span>
                <p class="pf-editor__line">"# " {move || i18n.t(Key::EditorSoon)}</p>
            </div>
        </Panel>
    }
}
