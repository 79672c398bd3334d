//! The Scheduling tab: kube-scheduler's latest decision about the pod, one row per node.

use leptos::prelude::*;

use super::fill::fill;
use crate::components::common::Note;
use crate::i18n::{use_i18n, I18n, Key};
use crate::inspect::{scheduling, Scheduling, SchedulingRow, SchedulingView};
use crate::state::{use_sim, Selection};

#[component]
pub fn SchedulingTab(sel: Selection) -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let data = Memo::new(move |_| sim.read(|c| scheduling(c, &sel.namespace, &sel.name)));
    move || match data.get() {
        None => view! { <Note text=Key::ObjectGone /> }.into_any(),
        Some(Scheduling::NotYet) => view! { <Note text=Key::SchedNotYet /> }.into_any(),
        Some(Scheduling::BoundDirectly { node }) => note(i18n, Key::SchedBoundDirectly, &node),
        Some(Scheduling::NotRecorded { node }) => note(i18n, Key::SchedNotRecorded, &node),
        Some(Scheduling::Decided(v)) => decision(i18n, v).into_any(),
    }
}

fn note(i18n: I18n, key: Key, node: &str) -> AnyView {
    let node = node.to_string();
    view! { <p class="pf-note">{move || fill(i18n.t(key), &[("node", &node)])}</p> }.into_any()
}

fn decision(i18n: I18n, v: SchedulingView) -> impl IntoView {
    let attempt = v.attempt.to_string();
    let at = v.at.clone();
    let head = move || fill(i18n.t(Key::SchedAttempt), &[("n", &attempt), ("time", &at)]);
    let outcome = match (&v.chosen, &v.failure) {
        (Some(node), _) => {
            let node = node.clone();
            view! {
                <p class="pf-sched__outcome pf-sched__outcome--ok">
                    {move || fill(i18n.t(Key::SchedBoundTo), &[("node", &node)])}
                </p>
            }
            .into_any()
        }
        (None, failure) => {
            let msg = failure.clone().unwrap_or_default();
            view! {
                <div class="pf-sched__outcome pf-sched__outcome--failed" role="status">
                    <strong>{move || i18n.t(Key::SchedFailed)}</strong>
                    <code class="pf-sched__message">{msg}</code>
                </div>
            }
            .into_any()
        }
    };
    let skipped = (!v.skipped_filters.is_empty()).then(|| {
        let list = v.skipped_filters.join(", ");
        view! { <p class="pf-note pf-inspector__small">{move || fill(i18n.t(Key::SchedSkipped), &[("list", &list)])}</p> }
    });
    let omitted = (v.rows_omitted > 0).then(|| {
        let n = v.rows_omitted.to_string();
        view! { <p class="pf-note pf-inspector__small">{move || fill(i18n.t(Key::SchedOmitted), &[("n", &n)])}</p> }
    });
    let unscored = v
        .unscored
        .then(|| view! { <p class="pf-note pf-inspector__small">{move || i18n.t(Key::SchedUnscored)}</p> });
    let nominated = v.nominated.clone().map(|node| {
        view! { <p class="pf-note pf-inspector__small">{move || fill(i18n.t(Key::SchedNominated), &[("node", &node)])}</p> }
    });
    view! {
        <div class="pf-sched">
            <h3 class="pf-inspector__subtitle">{head}</h3>
            {outcome}
            {table(i18n, &v)}
            {unscored}
            {skipped}
            {omitted}
            {nominated}
        </div>
    }
}

fn table(i18n: I18n, v: &SchedulingView) -> impl IntoView {
    let columns = v.score_columns.clone();
    let weights: Vec<i64> = columns.iter().map(|(_, w)| *w).collect();
    let rows = v.rows.clone();
    view! {
        <p class="pf-inspector__small" id="pf-sched-caption">{move || i18n.t(Key::SchedTableCaption)}</p>
        <div class="pf-inspector__scroll" tabindex="0" role="group" aria-labelledby="pf-sched-caption">
            <table class="pf-inspector__table pf-sched__table" aria-labelledby="pf-sched-caption">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t(Key::SchedNode)}</th>
                        <th scope="col">{move || i18n.t(Key::SchedFilter)}</th>
                        {columns.into_iter().map(|(plugin, weight)| view! {
                            <th scope="col" class="pf-sched__plugin">
                                {plugin} <span class="pf-sched__weight">{format!("×{weight}")}</span>
                            </th>
                        }).collect_view()}
                        <th scope="col">{move || i18n.t(Key::SchedTotal)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| row(i18n, r, &weights)).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn row(i18n: I18n, r: SchedulingRow, weights: &[i64]) -> impl IntoView {
    let class = match (r.chosen, r.rejected.is_some()) {
        (true, _) => "pf-sched__row pf-sched__row--chosen",
        (false, true) => "pf-sched__row pf-sched__row--rejected",
        (false, false) => "pf-sched__row",
    };
    let verdict = match r.rejected.clone() {
        Some((plugin, reason)) => {
            let taint = r.untolerated.clone().map(|t| {
                view! {
                    <span class="pf-sched__taint">
                        {move || i18n.t(Key::SchedUntolerated)} " " <code>{t}</code>
                    </span>
                }
            });
            view! {
                <span class="pf-sched__verdict pf-sched__verdict--rejected">
                    <span aria-hidden="true">"✗ "</span>
                    <strong>{plugin}</strong> ": " {reason}
                </span>
                {taint}
            }
            .into_any()
        }
        None => view! {
            <span class="pf-sched__verdict pf-sched__verdict--passed">
                <span aria-hidden="true">"✓ "</span>{move || i18n.t(Key::SchedPassed)}
            </span>
        }
        .into_any(),
    };
    let scored = r.total.is_some();
    let chosen = r.chosen.then(|| {
        view! { <span class="pf-sched__chosen">"★ " {move || i18n.t(Key::SchedChosen)}</span> }
    });
    view! {
        <tr class=class data-node=r.node.clone() data-chosen=r.chosen.to_string()>
            <th scope="row" class="pf-sched__node"><code>{r.node.clone()}</code> {chosen}</th>
            <td class="pf-sched__filter">{verdict}</td>
            {r.scores.into_iter().zip(weights.to_vec()).map(|(s, w)| match s {
                // The weighted contribution to the total, for the arithmetic.
                Some(n) => view! { <td class="pf-inspector__num" title=format!("{n} × {w} = {}", n * w)>{n}</td> }.into_any(),
                None => view! { <td class="pf-inspector__num pf-inspector__muted">"–"</td> }.into_any(),
            }).collect_view()}
            <td class="pf-inspector__num pf-sched__total">
                {match r.total {
                    Some(t) => view! { <strong>{t}</strong> }.into_any(),
                    None if scored => ().into_any(),
                    None => view! { <span class="pf-inspector__muted">{move || i18n.t(Key::SchedNotScored)}</span> }.into_any(),
                }}
            </td>
        </tr>
    }
}
