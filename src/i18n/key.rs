//! The names of every user-visible text.

macro_rules! keys {
    ($($(#[doc = $doc:literal])* $name:ident,)*) => {
        /// A user-visible text; each language table gives it a translation.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Key {
            $($(#[doc = $doc])* $name,)*
        }

        impl Key {
            /// Every key, for tests that walk the tables.
            pub const ALL: &'static [Key] = &[$(Key::$name,)*];
        }
    };
}

keys! {
    /// The line under the product name in the header.
    Tagline,
    /// The accessible name of the language switch.
    Language,
    /// The cluster stage's title.
    StageTitle,
    /// The control plane box's title.
    ControlPlane,
    /// What kube-apiserver does, in one line.
    ApiserverRole,
    /// What etcd does, in one line.
    EtcdRole,
    /// What kube-scheduler does, in one line.
    SchedulerRole,
    /// What kube-controller-manager does, in one line.
    ControllerManagerRole,
    /// The nodes area's title.
    Nodes,
    /// Shown in the nodes area while the cluster has no nodes.
    NodesEmpty,
    /// The YAML editor panel's title.
    EditorTitle,
    /// The terminal panel's title.
    TerminalTitle,
    /// The inspector panel's title.
    InspectorTitle,
    /// The events list's title.
    EventsTitle,
    /// The events list's body while there are no events.
    EventsEmpty,
    /// The timeline bar's accessible name.
    Timeline,
    /// The play button's accessible name.
    Play,
    /// The speed label in the timeline bar.
    Speed,
    /// The editor's apply button.
    Apply,
    /// Under the editor: how to apply with the keyboard.
    ApplyHint,
    /// The examples menu's label.
    Examples,
    /// Shown when the editor's YAML would be accepted.
    YamlValid,
    /// Prefix of a diagnostic: the line number follows.
    LineLabel,
    /// The lane of pods that wait for the scheduler.
    Pending,
    /// The pending lane when no pod waits.
    PendingEmpty,
    /// The title of the list of messages between components.
    Messages,
    /// The message list before anything happened.
    MessagesEmpty,
    /// The first line of the terminal.
    TerminalHint,
    /// The accessible name of the terminal's input.
    TerminalInput,
    /// The inspector when nothing is selected.
    InspectorHint,
    /// The button that closes the inspector's details.
    CloseDetails,
    /// The pause button's accessible name.
    Pause,
    /// The step button: jump to the next event.
    Step,
    /// The reset button.
    Reset,
    /// The question before resetting.
    ResetConfirm,
    /// Before the virtual clock.
    VirtualTime,
    /// Pod chip: restart count label.
    Restarts,
    /// The first line of the panel shown when the app panics.
    PanicTitle,
    /// The advice under the panic message.
    PanicAdvice,
    // Terminal (terminal panel): completion listing and keys.
    /// How to leave the terminal with the keyboard (Tab completes inside it).
    TerminalKeys,
    /// The accessible name of the list of completions.
    TerminalCompletions,
    /// Under a cut-off list of completions; `{n}` is how many are not shown.
    TerminalMore,
}
