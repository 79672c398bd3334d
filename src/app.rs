//! The app frame: header, the four working regions and the timeline.

use leptos::prelude::*;

use crate::components::editor::{provide_editor_text, YamlEditor};
use crate::components::header::AppHeader;
use crate::components::inspector::InspectorPanel;
use crate::components::lessons::{provide_lessons, LessonPanel, LessonsOverlay};
use crate::components::stage::ClusterStage;
use crate::components::terminal::TerminalPanel;
use crate::components::timeline::TimelineBar;
use crate::i18n::provide_i18n;
use crate::state::provide_sim;

/// The whole app; mount it with `leptos::mount::mount_to_body(App)`.
#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    provide_sim();
    provide_editor_text();
    provide_lessons();
    view! {
        <div class="pf-app">
            <AppHeader />
            <main class="pf-app__main">
                <YamlEditor />
                <ClusterStage />
                <InspectorPanel />
                <TerminalPanel />
                <LessonPanel />
            </main>
            <TimelineBar />
            <LessonsOverlay />
        </div>
    }
}
