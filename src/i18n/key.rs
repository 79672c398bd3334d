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
    // Stage (cluster stage: moving messages, nodes, actions).
    /// The badge of the learner's client on the stage.
    StageKubectl,
    /// Under the kubectl badge: what it does.
    StageKubectlRole,
    /// The caption line before any message moved.
    FlowIdle,
    /// After the moving messages: how many of the tick's messages were not animated; {n} is the count.
    FlowMore,
    /// The accessible name of the caption of the moving message.
    FlowCaptionLabel,
    /// Caption of a create request.
    FlowCreate,
    /// Caption of an update request.
    FlowUpdate,
    /// Caption of a status update.
    FlowUpdateStatus,
    /// Caption of a delete request.
    FlowDelete,
    /// Caption of a binding.
    FlowBind,
    /// Caption of a successful API answer.
    FlowResponse,
    /// Caption of an API error answer.
    FlowError,
    /// Caption of an etcd write.
    FlowEtcdTxn,
    /// Caption of an etcd commit.
    FlowEtcdOk,
    /// Caption of a refused etcd write.
    FlowEtcdError,
    /// Caption of a watch event.
    FlowWatch,
    /// Caption of RunPodSandbox.
    FlowSandbox,
    /// Caption of a ready sandbox.
    FlowSandboxReady,
    /// Caption of ImageStatus.
    FlowImageStatus,
    /// Caption of the ImageStatus answer.
    FlowImageStatusResult,
    /// Caption of PullImage.
    FlowPullImage,
    /// Caption of a pulled image.
    FlowImagePulled,
    /// Caption of a failed pull.
    FlowImagePullError,
    /// Caption of CreateContainer.
    FlowCreateContainer,
    /// Caption of a created container.
    FlowContainerCreated,
    /// Caption of a failed container creation.
    FlowCreateContainerError,
    /// Caption of StartContainer.
    FlowStartContainer,
    /// Caption of a started container.
    FlowContainerStarted,
    /// Caption of StopContainer.
    FlowStopContainer,
    /// Caption of a stopped container.
    FlowContainerStopped,
    /// Caption of an exited container.
    FlowContainerExited,
    /// Caption of RemovePodSandbox.
    FlowRemoveSandbox,
    /// Caption of a removed sandbox.
    FlowSandboxRemoved,
    /// Caption of a probe.
    FlowProbe,
    /// Caption of a probe result.
    FlowProbeResult,
    /// Caption of an exec.
    FlowExec,
    /// Caption of an exec answer.
    FlowExecResult,
    /// Caption of a Service connection.
    FlowServiceRequest,
    /// Caption of a Service answer.
    FlowServiceResponse,
    /// Caption of any other message.
    FlowOther,
    /// The accessible name of a node's row of agents.
    NodeAgents,
    /// The summary of a node's labels; {n} is the count.
    NodeLabels,
    /// The accessible name of a node's taint list.
    NodeTaints,
    /// A node without taints.
    NodeNoTaints,
    /// A node stopped with podflow node stop (a simulation action).
    NodePoweredOff,
    /// The CPU bar's name.
    ResourceCpu,
    /// The memory bar's name.
    ResourceMemory,
    /// The tooltip of a resource bar; {r} requested, {a} allocatable, {p} percent.
    ResourceTitle,
    /// The accessible name of an object's action menu; {name} is the object.
    ActionsFor,
    /// The button that adds the taint typed in the node menu.
    TaintAdd,
    /// The accessible name of the taint field.
    TaintInputLabel,
    /// Shown when the taint field is empty or has spaces.
    TaintInvalid,
    /// The button that removes one taint; {t} is the taint.
    Untaint,
    /// The cordon button.
    Cordon,
    /// The uncordon button.
    Uncordon,
    /// The button that powers a node off.
    NodeStop,
    /// The button that powers a node on.
    NodeStart,
    /// The pod menu's delete button.
    PodDelete,
    /// The pod menu's force delete button.
    PodForceDelete,
    /// A terminating pod's remaining grace period; {n} is seconds.
    GraceLeft,
    /// The workloads strip's title.
    Workloads,
    /// The Deployments list's label.
    Deployments,
    /// The Services list's label.
    Services,
    /// The workloads strip when there is nothing to show.
    WorkloadsEmpty,
    /// A Deployment's ready/desired replicas; {r} ready, {d} desired.
    ReplicasReady,
    /// The accessible name of the scale-down button; {name} is the Deployment.
    ScaleDown,
    /// The accessible name of the scale-up button; {name} is the Deployment.
    ScaleUp,
    /// A Service's ready endpoint count; {n} is the count.
    Endpoints,
    /// The button that sends connections to a Service.
    SendTraffic,
    /// On a pod that answered traffic; {n} is how many connections.
    Answered,
    /// The accessible name of the line that shows a stage action's command and result.
    LastAction,
    // Editor: YAML editor and example gallery.
    /// Examples group: pods.
    TopicPods,
    /// Examples group: health probes.
    TopicProbes,
    /// Examples group: scheduling.
    TopicScheduling,
    /// Examples group: restart policy.
    TopicRestartPolicy,
    /// Examples group: resource requests and limits.
    TopicResources,
    /// Examples group: volumes.
    TopicVolumes,
    /// Examples group: services.
    TopicServices,
    /// Examples group: controllers.
    TopicControllers,
    /// After an example's title: the tutorial's text as printed, mistakes included.
    ExampleAsPrinted,
    /// After an example's title: the tutorial's text with its mistakes fixed.
    ExampleCorrected,
    /// The examples menu's first, empty choice.
    ExampleChoose,
    /// Shown after an example (or a lesson) replaced the learner's own text.
    EditorKept,
    /// The button that swaps the kept text back into the editor.
    EditorSwapBack,
    /// Prefix of a problem in a file of several documents: the document's number follows.
    DocumentLabel,
    /// Under the editor: what Tab does and how to leave the editor with the keyboard.
    TabHint,
    /// The accessible name of the list of problems under the editor.
    ProblemsTitle,
    /// Hides the swap-back offer (the kept text stays saved).
    EditorDismiss,
    /// Under a YAML error whose kubectl line number differs from the marked line.
    YamlLineNote,
    // Timeline and header (time control, presentation, shortcuts).
    /// The banner while the timeline shows an earlier moment; `{t}` is its clock.
    PastBanner,
    /// Under the past banner: what acting there does.
    PastHint,
    /// The button that leaves the past.
    BackToNow,
    /// The checkbox that makes play jump over idle time.
    SkipIdle,
    /// The tooltip of the idle-skipping checkbox.
    SkipIdleHint,
    /// The accessible name of the timeline's slider.
    Scrubber,
    /// Before the calendar time the cluster's timestamps use.
    ClusterTime,
    /// The tooltip of a marker on the timeline; `{t}` is when, `{line}` the command.
    ActionMarker,
    /// When the saved session cannot be replayed; the reason follows.
    RestoreFailed,
    /// Closes a message.
    Dismiss,
    /// The header toggle for projectors.
    Presentation,
    /// The keyboard shortcuts help's title.
    Shortcuts,
    /// Shortcut help: Space.
    ShortcutPlay,
    /// Shortcut help: the right arrow.
    ShortcutNext,
    /// Shortcut help: Ctrl+Enter.
    ShortcutApply,
    /// Shortcut help: up and down in the terminal.
    ShortcutHistory,
    /// Shortcut help: Tab.
    ShortcutTab,
    /// Shortcut help: arrows on the timeline's slider.
    ShortcutScrub,
    /// The space bar's name in the shortcuts list.
    KeySpace,
    /// Under the shortcuts list.
    ShortcutsNote,
    // Lessons and sharing (components/lessons).
    /// The header button that opens the lesson picker; also the picker's title.
    LessonsButton,
    /// The header button that opens the share dialog.
    ShareButton,
    /// The picker's first line.
    LessonsIntro,
    /// Accessible name of the builtin lessons list.
    LessonsBuiltin,
    /// Heading of the lessons a teacher loaded.
    LessonsYours,
    /// Picker status of a lesson never opened.
    LessonNotStarted,
    /// Step position; {k} and {n} are numbers.
    LessonStepOf,
    /// Picker status of a finished lesson.
    LessonDone,
    /// Starts a lesson from its starting state.
    LessonStart,
    /// Opens free play from a lesson's starting state.
    LessonSandbox,
    /// Tooltip of the sandbox button.
    LessonSandboxTitle,
    /// Notice after opening a sandbox; the lesson title follows.
    LessonSandboxStarted,
    /// Notice when a lesson's setup does not replay.
    LessonStartFailed,
    /// Heading of the teachers' part of the picker.
    LessonAuthoring,
    /// How a teacher loads a lesson file.
    LessonDropHint,
    /// Button that opens a lesson file.
    LessonLoadFile,
    /// Accessible name of the lesson URL field.
    LessonUrlLabel,
    /// Loads the lesson at the URL.
    LessonLoadUrl,
    /// Lead of a malformed lesson file's error.
    LessonLoadFailed,
    /// The walkthrough panel's title.
    LessonPanelTitle,
    /// Label above a step's YAML.
    LessonApplyIntro,
    /// Copies the step's YAML into the editor.
    LessonPutInEditor,
    /// Label above a step's commands.
    LessonRunIntro,
    /// Runs a step's command.
    LessonRun,
    /// Reveals the fix of a find-the-bug step.
    LessonShowFix,
    /// Label above the fix.
    LessonFix,
    /// Label of the goal box.
    LessonGoal,
    /// Goal status when met.
    LessonGoalMet,
    /// Goal status when not met yet.
    LessonGoalNotYet,
    /// Goal not met within its budget; {t} is a duration.
    LessonGoalLate,
    /// Summary of the goal's checks.
    LessonChecks,
    /// Reveals the next hint.
    LessonShowHint,
    /// Label of a hint; {k} is its number.
    LessonHintN,
    /// Shown before a step's first walkthrough pause.
    LessonWatch,
    /// Which pause; {k} and {n} are numbers.
    LessonPauseOf,
    /// Resumes the engine after a pause.
    LessonContinue,
    /// Previous step.
    LessonPrevious,
    /// Next step.
    LessonNext,
    /// After the last step.
    LessonFinish,
    /// Closes the walkthrough.
    LessonClose,
    /// Heading of the closing summary.
    LessonClosingTitle,
    /// Starts the lesson again.
    LessonRestart,
    /// Opens the picker after a lesson.
    LessonBackToList,
    /// Accessible name of a dialog's close button.
    Close,
    /// The share dialog's title.
    ShareTitle,
    /// What a link holds.
    ShareIntro,
    /// Label of the link field.
    ShareLinkLabel,
    /// Copies the link.
    ShareCopy,
    /// After copying.
    ShareCopied,
    /// When the browser refuses the clipboard.
    ShareCopyFailed,
    /// The link's length; {n} is a number.
    ShareLinkSize,
    /// Downloads the session file.
    ShareExport,
    /// Opens a session file.
    ShareImport,
    /// Notice after opening a link or file.
    ShareRestored,
    /// A shared session whose commands do not parse.
    ShareBadScript,
    /// A session file that could not be read or saved.
    ShareBadFile,
    /// A link naming a lesson this build lacks.
    ShareLessonMissing,
    /// A cut or mistyped link.
    ShareErrEncoding,
    /// A damaged link.
    ShareErrCompression,
    /// Not a Podflow session.
    ShareErrPayload,
    /// A link from a newer Podflow.
    ShareErrVersion,
    // Stage at scale (many pods): the chips a node does not draw.
    /// The pods a node or the pending lane does not draw; {n} is a number.
    PodsMore,
    /// The tooltip of a node's "+N more pods": the inspector lists them; {node} is its name.
    PodsMoreTitle,
    // Fidelity panel (header: what is real, what is simplified).
    /// The header button that opens the fidelity panel.
    FidelityButton,
    /// The fidelity panel's title.
    FidelityTitle,
    /// The fidelity panel's first paragraph: the version simulated.
    FidelityIntro,
    /// Heading of what matches a real cluster.
    FidelityFaithful,
    /// Heading of the simplifications.
    FidelitySimplified,
    /// Faithful: kubectl output.
    FidRealOutput,
    /// Faithful: the API server.
    FidRealApi,
    /// Faithful: the scheduler.
    FidRealScheduler,
    /// Faithful: probes, back-off, termination.
    FidRealKubelet,
    /// Faithful: the controllers.
    FidRealControllers,
    /// Faithful: components talk through the API server.
    FidRealMessages,
    /// Group: cluster and control plane.
    FidGroupCluster,
    /// Simplified: control plane not as pods.
    FidControlPlanePods,
    /// Simplified: no add-ons.
    FidAddons,
    /// Simplified: no authentication or authorization.
    FidSecurity,
    /// Simplified: only some kinds are stored.
    FidKinds,
    /// Simplified: one instance, no HA, background deletion only.
    FidSingleInstance,
    /// Group: scheduling.
    FidGroupScheduling,
    /// Simplified: pod affinity and explicit spread constraints ignored.
    FidPodAffinity,
    /// Simplified: preemption and volumes in scheduling.
    FidPreemption,
    /// Group: kubelet and containers.
    FidGroupKubelet,
    /// Simplified: simulated processes.
    FidProcesses,
    /// Simplified: image catalogue instead of a registry.
    FidImages,
    /// Simplified: CPU, memory, eviction.
    FidResources,
    /// Simplified: kubelet features not simulated.
    FidKubeletLeftOut,
    /// Group: networking and Services.
    FidGroupNetwork,
    /// Simplified: no DNS, no Service variables.
    FidDns,
    /// Simplified: flat IPv4 network, no NetworkPolicy.
    FidPodNetwork,
    /// Simplified: no load balancer, no Ingress.
    FidLoadBalancer,
    /// Simplified: traffic is podflow traffic.
    FidTraffic,
    /// Group: storage.
    FidGroupStorage,
    /// Simplified: no persistent volumes; PVC volumes unchecked.
    FidVolumes,
    /// Simplified: NFS without a server, no refresh of ConfigMap files.
    FidNfs,
    /// Group: kubectl.
    FidGroupKubectl,
    /// Simplified: unsupported verbs and flags.
    FidVerbs,
    /// Simplified: no streaming.
    FidStreams,
    /// Group: time.
    FidGroupTime,
    /// Simplified: virtual time.
    FidVirtualTime,
    /// Simplified: deterministic runs.
    FidDeterministic,
}
