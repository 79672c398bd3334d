//! A step's goal with its live status: the checks run on a copy of the cluster (never the
//! learner's) whenever time moves, at most every [`CHECK_EVERY_MS`] of wall time. Once met,
//! the goal stays met for the step: many goals are moments (a restart count reached, a
//! FailedScheduling seen), and a "✓" turning back into "not met yet" while the cluster moves
//! on would tell a learner they had undone something.

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use podflow_engine::{SimDuration, SimTime};
use podflow_lessons::{Goal, GoalStatus};

use super::prose::prose;
use crate::i18n::{use_i18n, Key};
use crate::state::use_sim;

/// The longest wall-clock wait between a change of the cluster and its goal check. Each check
/// copies the cluster once per command (see the README's numbers for the cost).
pub const CHECK_EVERY_MS: u32 = 200;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// `2m`, `90s`, `1m30s`: a budget as a learner reads it.
pub fn short_duration(d: SimDuration) -> String {
    let s = d.as_millis() / 1000;
    match (s / 60, s % 60) {
        (0, s) => format!("{s}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m{s}s"),
    }
}

/// The goal box of the current step.
#[component]
pub fn GoalView(
    goal: Goal,
    /// When the step began.
    began: SimTime,
    /// The transcript's length when the step began.
    actions_before: usize,
    /// Whether the step asks the learner to do something (apply, run, fix) before it counts.
    needs_action: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let status = RwSignal::new(None::<GoalStatus>);
    // Whether the budget ran out with the goal unmet, judged on the same sample as `status`.
    let late = RwSignal::new(false);
    let pending = StoredValue::new(false);
    let within = goal.within;
    let description = goal.description.clone();
    let goal = StoredValue::new(goal);
    // The budget counts from the learner's latest action in the step (or its start), as the
    // native runner counts from the end of the step's actions.
    let acted = StoredValue::new((!needs_action).then_some(began));
    // How long the last check took (µs), on the page for the e2e tests to report.
    let cost_us = RwSignal::new(0u64);
    let check = move || {
        if status.try_with_untracked(|s| s.as_ref().is_some_and(|s| s.met)) == Some(true) {
            return;
        }
        let t0 = now_ms();
        // A timer may fire after the step changed and this view is gone.
        let sample = untrack(|| sim.read(|c| goal.try_with_value(|g| (g.check(c), c.now()))));
        let (Some((s, now)), Some(from)) = (sample, acted.try_get_value()) else {
            return;
        };
        cost_us.try_set(((now_ms() - t0) * 1000.0) as u64);
        // Not late before the learner has done what the step asks.
        late.try_set(!s.met && from.is_some_and(|f| now.saturating_sub(f) > within));
        status.try_set(Some(s));
    };
    check();
    Effect::new(move |_| {
        sim.read(|c| c.now());
        if !pending.get_value() {
            pending.set_value(true);
            Timeout::new(CHECK_EVERY_MS, move || {
                pending.try_set_value(false);
                check();
            })
            .forget();
        }
    });
    Effect::new(move |_| {
        let n = sim.transcript.with(Vec::len);
        if n > actions_before {
            acted.set_value(Some(untrack(|| sim.read(|c| c.now()))));
        }
    });
    let met = move || status.with(|s| s.as_ref().is_some_and(|s| s.met));
    let late = move || late.get();
    let details = move || {
        status.with(|s| {
            s.iter()
                .flat_map(|s| s.details.clone())
                .map(|d| {
                    let mark = if d.ok { "✓" } else { "✗" };
                    view! {
                        <li class:pf-goal__check--ok=d.ok>
                            <span aria-hidden="true">{mark}" "</span>
                            <code>{d.run}</code>
                            <pre class="pf-goal__output">{d.output.trim().to_string()}</pre>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section
            class="pf-goal"
            data-goal=move || if met() { "met" } else { "unmet" }
            data-check-us=move || cost_us.get()
        >
            <h4 class="pf-lesson__label">{move || i18n.t(Key::LessonGoal)}</h4>
            <div class="pf-goal__text">{move || prose(description.get(i18n.lang().tag()))}</div>
            <p class="pf-goal__status" role="status">
                <span class="pf-goal__mark" aria-hidden="true">{move || if met() { "✓" } else { "…" }}</span>
                {move || i18n.t(if met() { Key::LessonGoalMet } else { Key::LessonGoalNotYet })}
            </p>
            <Show when=late>
                <p class="pf-goal__late">
                    {move || i18n.t(Key::LessonGoalLate).replace("{t}", &short_duration(within))}
                </p>
            </Show>
            <details class="pf-goal__details">
                <summary>{move || i18n.t(Key::LessonChecks)}</summary>
                <ul>{details}</ul>
            </details>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_read_as_a_learner_writes_them() {
        assert_eq!(short_duration(SimDuration::from_secs(120)), "2m");
        assert_eq!(short_duration(SimDuration::from_secs(45)), "45s");
        assert_eq!(short_duration(SimDuration::from_secs(90)), "1m30s");
    }
}
