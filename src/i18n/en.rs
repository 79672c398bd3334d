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
        Key::TerminalTitle => "Terminal",
        Key::InspectorTitle => "Inspector",
        Key::EventsTitle => "Events",
        Key::EventsEmpty => "No events yet.",
        Key::Timeline => "Timeline",
        Key::Play => "Play",
        Key::Speed => "Speed",
        Key::Apply => "Apply",
        Key::ApplyHint => "Ctrl+Enter applies the YAML to the cluster",
        Key::Examples => "Examples",
        Key::YamlValid => "The API server would accept this YAML (checked as you type)",
        Key::LineLabel => "Line",
        Key::Pending => "Waiting for kube-scheduler",
        Key::PendingEmpty => "No pod is waiting to be scheduled",
        Key::Messages => "Messages between components (newest first)",
        Key::MessagesEmpty => "Nothing has happened yet: apply some YAML or run a kubectl command.",
        Key::TerminalHint => "kubectl …, podflow node|traffic … · Tab completes · ↑↓ history · Ctrl+L clears",
        Key::TerminalInput => "kubectl command",
        Key::InspectorHint => "Select a pod or a node in the cluster to see kubectl describe for it.",
        Key::CloseDetails => "Close",
        Key::Pause => "Pause",
        Key::Step => "Next event",
        Key::Reset => "Reset",
        Key::ResetConfirm => "Start the cluster again from scratch? Everything applied is lost (the editor keeps its text).",
        Key::VirtualTime => "Virtual time",
        Key::Restarts => "restarts",
        Key::PanicTitle => "Podflow stopped because of an internal error.",
        Key::PanicAdvice => "Reload the page to start again. The details below help us fix it.",
        // Terminal (terminal panel).
        Key::TerminalKeys => "Tab completes. To leave the terminal with the keyboard, press Escape, then Tab.",
        Key::TerminalCompletions => "Completions",
        Key::TerminalMore => "… and {n} more",
    }
}
