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
    /// The YAML editor panel's body until the editor exists.
    EditorSoon,
    /// The terminal panel's title.
    TerminalTitle,
    /// The terminal panel's body until the terminal exists.
    TerminalSoon,
    /// The inspector panel's title.
    InspectorTitle,
    /// The inspector panel's body until the inspector exists.
    InspectorSoon,
    /// The events list's title.
    EventsTitle,
    /// The events list's body while there are no events.
    EventsEmpty,
    /// The timeline bar's accessible name.
    Timeline,
    /// The play button's accessible name.
    Play,
    /// The timeline bar's note until time can run.
    TimelineSoon,
    /// The speed label in the timeline bar.
    Speed,
    /// The first line of the panel shown when the app panics.
    PanicTitle,
    /// The advice under the panic message.
    PanicAdvice,
}
