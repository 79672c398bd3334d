//! The Probes tab: per container and probe, a strip of ticks (one per run, pass or fail by
//! symbol and colour, time and output in the tooltip), the thresholds, and markers where a
//! failure reached `failureThreshold` and where the container restarted. Every run is also
//! in a table behind a disclosure, for keyboards and screen readers.

use leptos::prelude::*;

use super::fill::fill;
use crate::components::common::Note;
use crate::i18n::{use_i18n, I18n, Key};
use crate::inspect::{probes, ProbeTick, ProbeView, TickResult};
use crate::state::{use_sim, Selection};
use podflow_engine::kubelet::cri::ProbeType;

#[component]
pub fn ProbesTab(sel: Selection) -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let data = Memo::new(move |_| sim.read(|c| probes(c, &sel.namespace, &sel.name)));
    // Which run tables are open survives the re-render after each probe run.
    let open = RwSignal::new(Vec::<String>::new());
    move || {
        match data.get() {
        None => view! { <Note text=Key::ObjectGone /> }.into_any(),
        Some(list) => view! {
            <div class="pf-probes">
                <p class="pf-note pf-inspector__small pf-probes__legend">{move || i18n.t(Key::ProbeLegend)}</p>
                {list.into_iter().map(|p| probe(i18n, p, open)).collect_view()}
                <p class="pf-note pf-inspector__small">{move || i18n.t(Key::ProbeKept)}</p>
            </div>
        }
        .into_any(),
    }
    }
}

fn kind_key(kind: ProbeType) -> Key {
    match kind {
        ProbeType::Liveness => Key::ProbeLiveness,
        ProbeType::Readiness => Key::ProbeReadiness,
        ProbeType::Startup => Key::ProbeStartup,
    }
}

fn result_key(r: TickResult) -> Key {
    match r {
        TickResult::Pass => Key::ProbePass,
        TickResult::Fail => Key::ProbeFail,
        TickResult::Error => Key::ProbeError,
    }
}

fn probe(i18n: I18n, p: ProbeView, open: RwSignal<Vec<String>>) -> impl IntoView {
    let kind = kind_key(p.kind);
    let id = format!("pf-runs-{}-{}", p.container, p.kind.as_str().to_lowercase());
    let thresholds = [
        ("initialDelaySeconds", p.initial_delay_seconds),
        ("periodSeconds", p.period_seconds),
        ("timeoutSeconds", p.timeout_seconds),
        ("successThreshold", p.success_threshold),
        ("failureThreshold", p.failure_threshold),
    ];
    let counts = [
        ("runs", p.ticks.len().to_string()),
        ("pass", p.passed.to_string()),
        ("fail", p.failed.to_string()),
        ("n", p.restarts.to_string()),
    ];
    let summary = move || {
        let pairs: Vec<(&str, &str)> = counts.iter().map(|(k, v)| (*k, v.as_str())).collect();
        fill(i18n.t(Key::ProbeSummary), &pairs)
    };
    let timeline = if p.ticks.is_empty() {
        view! { <p class="pf-note pf-inspector__small">{move || i18n.t(Key::ProbeNoRuns)}</p> }
            .into_any()
    } else {
        strip(i18n, p.kind, p.ticks.clone(), p.restarted_unprobed).into_any()
    };
    view! {
        <section
            class="pf-inspector__card pf-probe"
            data-container=p.container.clone()
            data-probe=p.kind.as_str().to_lowercase()
            data-restarts=p.restarts
            data-failed=p.failed
        >
            <h3 class="pf-inspector__subtitle">
                <code>{p.container.clone()}</code>
                <span class="pf-inspector__badge">{move || i18n.t(kind)}</span>
            </h3>
            <p class="pf-probe__action"><code>{p.summary.clone()}</code></p>
            <ul class="pf-probe__thresholds">
                {thresholds.into_iter().map(|(field, value)| view! {
                    <li><code>{field}</code> " " <strong>{value}</strong></li>
                }).collect_view()}
            </ul>
            <p class="pf-probe__summary">{summary}</p>
            {timeline}
            {runs_table(i18n, p.ticks, open, id)}
        </section>
    }
}

/// The ticks, oldest first, with the markers where the kubelet acted.
fn strip(
    i18n: I18n,
    kind: ProbeType,
    ticks: Vec<ProbeTick>,
    restarted: Option<i32>,
) -> impl IntoView {
    let kills = kind != ProbeType::Readiness;
    let items = ticks.into_iter().map(move |t| {
        let restart = t.after_restart.then(|| restart_mark(i18n, t.restart_count));
        let (class, symbol) = match t.result {
            TickResult::Pass => ("pf-tick pf-tick--pass", "✓"),
            TickResult::Fail => ("pf-tick pf-tick--fail", "✗"),
            TickResult::Error => ("pf-tick pf-tick--error", "!"),
        };
        let (at, output, result) = (t.at.clone(), t.output.clone(), t.result);
        let tip = move || {
            let mut s = format!("{at} · {}", i18n.t(result_key(result)));
            if !output.is_empty() {
                s.push_str(" · ");
                s.push_str(&output);
            }
            s
        };
        let crossed = t.crossed.then(|| {
            let key = if kills { Key::ProbeKilled } else { Key::ProbeUnready };
            view! {
                <li class="pf-mark pf-mark--crossed" title=move || i18n.t(key) aria-label=move || i18n.t(key)>
                    <span aria-hidden="true">"⚡"</span>
                </li>
            }
        });
        let recovered = t.recovered.then(|| {
            view! {
                <li class="pf-mark pf-mark--recovered" title=move || i18n.t(Key::ProbeRecovered) aria-label=move || i18n.t(Key::ProbeRecovered)>
                    <span aria-hidden="true">"↑"</span>
                </li>
            }
        });
        view! {
            {restart}
            <li class=class title=tip.clone() aria-label=tip data-result=format!("{result:?}")>
                <span aria-hidden="true">{symbol}</span>
            </li>
            {crossed}
            {recovered}
        }
    });
    let label = move || {
        fill(
            i18n.t(Key::ProbeTimeline),
            &[("kind", i18n.t(kind_key(kind)))],
        )
    };
    view! {
        <ol class="pf-ticks" aria-label=label>
            {items.collect_view()}
            {restarted.map(|n| restart_mark(i18n, n))}
        </ol>
    }
}

/// Where the container was restarted: `↻` and the new restart count.
fn restart_mark(i18n: I18n, n: i32) -> impl IntoView {
    let count = n.to_string();
    let text = move || fill(i18n.t(Key::ProbeRestarted), &[("n", &count)]);
    view! {
        // Each container instance starts a new line of the strip.
        <li class="pf-ticks__break" aria-hidden="true"></li>
        <li class="pf-mark pf-mark--restart" title=text.clone() aria-label=text>
            <span aria-hidden="true">"↻" {n}</span>
        </li>
    }
}

fn runs_table(
    i18n: I18n,
    ticks: Vec<ProbeTick>,
    open: RwSignal<Vec<String>>,
    id: String,
) -> impl IntoView {
    let key = id.clone();
    let is_open = Memo::new(move |_| open.with(|o| o.contains(&key)));
    let toggle = {
        let id = id.clone();
        move |_| {
            open.update(|o| match o.iter().position(|x| *x == id) {
                Some(i) => {
                    o.remove(i);
                }
                None => o.push(id.clone()),
            })
        }
    };
    (!ticks.is_empty()).then(move || {
        let rows: Vec<_> = ticks.into_iter().rev().map(|t| run_row(i18n, t)).collect();
        view! {
            <div class="pf-probe__runs">
                <button
                    type="button"
                    class="pf-inspector__disclosure"
                    aria-expanded=move || is_open.get().to_string()
                    aria-controls=id.clone()
                    on:click=toggle
                >
                    <span aria-hidden="true">{move || if is_open.get() { "▾ " } else { "▸ " }}</span>
                    {move || i18n.t(Key::ProbeAllRuns)}
                </button>
                <div class="pf-inspector__scroll" id=id.clone() tabindex="0" hidden=move || !is_open.get()>
                    <table class="pf-inspector__table">
                        <thead>
                            <tr>
                                <th scope="col">{move || i18n.t(Key::ProbeTime)}</th>
                                <th scope="col">{move || i18n.t(Key::ProbeResult)}</th>
                                <th scope="col">{move || i18n.t(Key::FieldRestartCount)}</th>
                                <th scope="col">{move || i18n.t(Key::ProbeOutput)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </div>
        }
    })
}

fn run_row(i18n: I18n, t: ProbeTick) -> impl IntoView {
    let class = match t.result {
        TickResult::Pass => "pf-run pf-run--pass",
        TickResult::Fail => "pf-run pf-run--fail",
        TickResult::Error => "pf-run pf-run--error",
    };
    let result = t.result;
    view! {
        <tr class=class>
            <td><code>{t.at}</code></td>
            <td>{move || i18n.t(result_key(result))}</td>
            <td class="pf-inspector__num">{t.restart_count}</td>
            <td><code class="pf-run__output">{t.output}</code></td>
        </tr>
    }
}
