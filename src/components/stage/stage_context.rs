//! What the stage's parts share: the last action they ran and which pods answered traffic.

use leptos::prelude::*;
use std::collections::BTreeMap;
use std::time::Duration;

use crate::state::Sim;

/// How long the pods that answered a "Send traffic" stay highlighted.
const ANSWERED_MS: u64 = 5000;

/// A command line a stage button ran, and what it printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionResult {
    pub line: String,
    pub text: String,
    pub ok: bool,
}

/// The stage's shared state, provided by `ClusterStage`.
#[derive(Clone, Copy)]
pub struct StageCtx {
    pub sim: Sim,
    pub last: RwSignal<Option<ActionResult>>,
    /// `namespace/name` → connections answered, from the last traffic command.
    pub answered: RwSignal<BTreeMap<String, usize>>,
    answered_gen: StoredValue<u64>,
}

impl StageCtx {
    pub fn new(sim: Sim) -> Self {
        StageCtx {
            sim,
            last: RwSignal::new(None),
            answered: RwSignal::new(BTreeMap::new()),
            answered_gen: StoredValue::new(0),
        }
    }

    /// Runs `line` exactly as if typed in the terminal (recorded in the session and the
    /// transcript) and keeps its output for the stage's status line.
    pub fn run(&self, line: &str) -> podflow_kubectl::Output {
        let out = self.sim.run(line, None);
        let text = out.combined().trim_end().to_string();
        self.last.set(Some(ActionResult {
            line: line.to_string(),
            text,
            ok: out.exit_code == 0,
        }));
        out
    }

    /// Highlights the pods that answered, for a few seconds.
    pub fn show_answers(&self, answered: BTreeMap<String, usize>) {
        self.answered.set(answered);
        let generation = self.answered_gen.get_value() + 1;
        self.answered_gen.set_value(generation);
        let (signal, gen) = (self.answered, self.answered_gen);
        set_timeout(
            move || {
                // A later traffic command owns the highlight now.
                if gen.try_get_value() == Some(generation) {
                    signal.try_set(BTreeMap::new());
                }
            },
            Duration::from_millis(ANSWERED_MS),
        );
    }
}

/// The [`StageCtx`] provided by the stage.
pub fn use_stage() -> StageCtx {
    expect_context::<StageCtx>()
}
