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
    // Inspector tabs (inspector).
    /// The inspector's tab list (accessible name).
    InspectorTabs,
    /// Inspector tab: kubectl describe.
    TabDescribe,
    /// Inspector tab: the scheduler's decision.
    TabScheduling,
    /// Inspector tab: sandbox, containers, volumes.
    TabContainers,
    /// Inspector tab: probe timelines.
    TabProbes,
    /// Inspector tab: a node's allocated resources.
    TabAllocation,
    /// Scheduling tab heading; {n} attempt number, {time} virtual time.
    SchedAttempt,
    /// Scheduling outcome; {node}.
    SchedBoundTo,
    /// Before the FailedScheduling message.
    SchedFailed,
    /// No decision yet for a pending pod.
    SchedNotYet,
    /// No decision: spec.nodeName set; {node}.
    SchedBoundDirectly,
    /// Bound by the scheduler but the decision aged out; {node}.
    SchedNotRecorded,
    /// Caption of the scheduling table.
    SchedTableCaption,
    /// Scheduling table column.
    SchedNode,
    /// Scheduling table column.
    SchedFilter,
    /// Scheduling table column: weighted sum.
    SchedTotal,
    /// Filter verdict: every filter passed.
    SchedPassed,
    /// Text marker of the chosen node.
    SchedChosen,
    /// Before a taint the pod does not tolerate.
    SchedUntolerated,
    /// A cell of a node that was not scored.
    SchedNotScored,
    /// Note when only one node was feasible.
    SchedUnscored,
    /// Filters PreFilter skipped; {list}.
    SchedSkipped,
    /// Rows not kept; {n}.
    SchedOmitted,
    /// Preemption nominated a node; {node}.
    SchedNominated,
    /// Containers tab: the sandbox heading.
    SandboxTitle,
    /// Sandbox state.
    SandboxNotScheduled,
    /// Sandbox state; {node}.
    SandboxNotCreated,
    /// Sandbox state; {node}, {ip}.
    SandboxReady,
    /// Sandbox state.
    SandboxNotReady,
    /// Sandboxes created so far; {n}.
    SandboxAttempts,
    /// Label of an init container.
    InitContainer,
    /// Label of an app container.
    AppContainer,
    /// Container field.
    FieldImage,
    /// Container field.
    FieldState,
    /// Container field.
    FieldLastState,
    /// Container field.
    FieldReady,
    /// Container field.
    FieldRestartCount,
    /// Container field: the restart back-off.
    FieldBackoff,
    /// Container field.
    FieldMounts,
    /// The pod's volumes heading.
    FieldVolumes,
    /// Terminated state field.
    FieldExitCode,
    /// State field.
    FieldStarted,
    /// State field.
    FieldFinished,
    /// Container state.
    StateWaiting,
    /// Container state.
    StateRunning,
    /// Container state.
    StateTerminated,
    /// No container status yet.
    StateUnknown,
    /// Boolean true.
    Yes,
    /// Boolean false.
    No,
    /// An empty list.
    NoneText,
    /// A read-only mount.
    ReadOnly,
    /// CrashLoopBackOff wait end; {time}.
    BackoffUntil,
    /// How the restart back-off grows.
    BackoffNote,
    /// Probe kind.
    ProbeLiveness,
    /// Probe kind.
    ProbeReadiness,
    /// Probe kind.
    ProbeStartup,
    /// A probe run result.
    ProbePass,
    /// A probe run result.
    ProbeFail,
    /// A probe that could not run.
    ProbeError,
    /// Marker: liveness/startup failureThreshold reached.
    ProbeKilled,
    /// Marker: readiness failureThreshold reached.
    ProbeUnready,
    /// Marker: successThreshold reached after failing.
    ProbeRecovered,
    /// Marker: the container was restarted; {n} restart count.
    ProbeRestarted,
    /// No probe run yet.
    ProbeNoRuns,
    /// Counts; {runs}, {pass}, {fail}, {n} restart count.
    ProbeSummary,
    /// The tick strip's accessible name; {kind}.
    ProbeTimeline,
    /// Disclosure with the table of every run.
    ProbeAllRuns,
    /// Probe table column.
    ProbeTime,
    /// Probe table column.
    ProbeResult,
    /// Probe table column.
    ProbeOutput,
    /// Legend of the tick symbols.
    ProbeLegend,
    /// History bound note.
    ProbeKept,
    /// Allocation tab heading.
    AllocTitle,
    /// Allocation table column.
    AllocResource,
    /// Allocation table column.
    AllocRequested,
    /// Allocation table column.
    AllocAllocatable,
    /// Heading of the node's pods.
    AllocPods,
    /// Pod table column.
    AllocCpuRequest,
    /// Pod table column.
    AllocMemoryRequest,
    /// Heading of the node's taints.
    AllocTaints,
    /// A cordoned node.
    AllocCordoned,
    /// Node status label.
    AllocStatus,
    /// No events for the selected object.
    EventsNone,
    /// Events table column.
    EventType,
    /// Events table column.
    EventReason,
    /// Events table column.
    EventLastSeen,
    /// Events table column.
    EventFrom,
    /// Events table column.
    EventMessage,
    /// The selected object no longer exists.
    ObjectGone,
    /// Allocation pods table column.
    AllocPodColumn,
}
