//! The English table.

use super::Key;

/// The English text of `key`.
pub fn text(key: Key) -> &'static str {
    match key {
        Key::Tagline => "Watch Kubernetes work, one message at a time",
        Key::Language => "Language",
        Key::StageTitle => "Cluster",
        Key::ControlPlane => "Control plane",
        Key::ApiserverRole => "The front door: validates and stores every object",
        Key::EtcdRole => "Key-value store: the cluster's source of truth",
        Key::SchedulerRole => "Picks a node for every new pod",
        Key::ControllerManagerRole => "Control loops that move the cluster toward the spec",
        Key::Nodes => "Nodes",
        Key::NodesEmpty => "No nodes yet. Worker nodes and their pods will appear here.",
        Key::EditorTitle => "YAML editor",
        Key::EditorSoon => "Write a manifest here and apply it to the cluster. Coming soon.",
        Key::TerminalTitle => "Terminal",
        Key::TerminalSoon => "Type kubectl commands here. Coming soon.",
        Key::InspectorTitle => "Inspector",
        Key::InspectorSoon => "Select an object in the cluster to see its details. Coming soon.",
        Key::EventsTitle => "Events",
        Key::EventsEmpty => "No events yet.",
        Key::Timeline => "Timeline",
        Key::Play => "Play",
        Key::TimelineSoon => "Time controls are coming soon.",
        Key::Speed => "Speed",
        Key::PanicTitle => "Podflow stopped because of an internal error.",
        Key::PanicAdvice => "Reload the page to start again. The details below help us fix it.",
    }
}
