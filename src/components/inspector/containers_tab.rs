//! The Containers tab: the pause sandbox, then each init and app container, then the volumes.

use leptos::prelude::*;

use super::fill::fill;
use crate::components::common::Note;
use crate::i18n::{use_i18n, I18n, Key};
use crate::inspect::{
    containers, ContainerView, ContainersView, SandboxState, SandboxView, StateKind, StateView,
    VolumeView,
};
use crate::state::{use_sim, Selection};

#[component]
pub fn ContainersTab(sel: Selection) -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let data = Memo::new(move |_| sim.read(|c| containers(c, &sel.namespace, &sel.name)));
    move || match data.get() {
        None => view! { <Note text=Key::ObjectGone /> }.into_any(),
        Some(v) => body(i18n, v).into_any(),
    }
}

fn body(i18n: I18n, v: ContainersView) -> impl IntoView {
    view! {
        <div class="pf-containers">
            {sandbox(i18n, v.sandbox)}
            {v.containers.into_iter().map(|c| container(i18n, c)).collect_view()}
            <section class="pf-inspector__card">
                <h3 class="pf-inspector__subtitle">{move || i18n.t(Key::FieldVolumes)}</h3>
                {volumes(i18n, v.volumes)}
            </section>
        </div>
    }
}

fn sandbox(i18n: I18n, s: SandboxView) -> impl IntoView {
    let (tone, symbol) = match s.state {
        SandboxState::Ready => ("ok", "●"),
        SandboxState::NotReady => ("bad", "■"),
        _ => ("busy", "○"),
    };
    let SandboxView {
        state,
        node,
        ip,
        attempts,
    } = s;
    let text = move || match state {
        SandboxState::NotScheduled => i18n.t(Key::SandboxNotScheduled).to_string(),
        SandboxState::NotCreated => fill(i18n.t(Key::SandboxNotCreated), &[("node", &node)]),
        SandboxState::Ready => fill(i18n.t(Key::SandboxReady), &[("node", &node), ("ip", &ip)]),
        SandboxState::NotReady => i18n.t(Key::SandboxNotReady).to_string(),
    };
    let n = attempts.to_string();
    view! {
        <section class="pf-inspector__card pf-inspector__card--sandbox" data-sandbox=format!("{state:?}")>
            <h3 class="pf-inspector__subtitle">{move || i18n.t(Key::SandboxTitle)}</h3>
            <p class=format!("pf-cstate pf-cstate--{tone}")>
                <span aria-hidden="true">{symbol} " "</span>{text}
            </p>
            <p class="pf-note pf-inspector__small">
                <code>{crate::inspect::PAUSE_IMAGE}</code>
                {(attempts > 0).then(|| view! { " · " {move || fill(i18n.t(Key::SandboxAttempts), &[("n", &n)])} })}
            </p>
        </section>
    }
}

fn container(i18n: I18n, c: ContainerView) -> impl IntoView {
    let kind = if c.init {
        Key::InitContainer
    } else {
        Key::AppContainer
    };
    let ready = if c.ready { Key::Yes } else { Key::No };
    let backoff = c.backoff.clone().map(|b| {
        let until = b.until.clone().map(|t| {
            view! { " · " {move || fill(i18n.t(Key::BackoffUntil), &[("time", &t)])} }
        });
        view! {
            <dt>{move || i18n.t(Key::FieldBackoff)}</dt>
            <dd>
                <code>{format!("back-off {}", b.period)}</code> {until}
                <p class="pf-note pf-inspector__small">{move || i18n.t(Key::BackoffNote)}</p>
            </dd>
        }
    });
    let last = c.last_state.clone().map(|s| {
        view! {
            <dt>{move || i18n.t(Key::FieldLastState)}</dt>
            <dd>{state(i18n, s)}</dd>
        }
    });
    view! {
        <section class="pf-inspector__card pf-container" data-container=c.name.clone()>
            <h3 class="pf-inspector__subtitle">
                <code>{c.name.clone()}</code>
                <span class="pf-inspector__badge">{move || i18n.t(kind)}</span>
            </h3>
            <dl class="pf-inspector__fields">
                <dt>{move || i18n.t(Key::FieldImage)}</dt>
                <dd><code>{c.image.clone()}</code></dd>
                <dt>{move || i18n.t(Key::FieldState)}</dt>
                <dd>{state(i18n, c.state.clone())}</dd>
                {last}
                <dt>{move || i18n.t(Key::FieldReady)}</dt>
                <dd>{move || i18n.t(ready)}</dd>
                <dt>{move || i18n.t(Key::FieldRestartCount)}</dt>
                <dd class="pf-container__restarts">{c.restarts}</dd>
                {backoff}
                <dt>{move || i18n.t(Key::FieldMounts)}</dt>
                <dd>{mounts(i18n, &c)}</dd>
            </dl>
        </section>
    }
}

fn mounts(i18n: I18n, c: &ContainerView) -> AnyView {
    if c.mounts.is_empty() {
        return view! { <span class="pf-inspector__muted">{move || i18n.t(Key::NoneText)}</span> }
            .into_any();
    }
    let items = c.mounts.clone().into_iter().map(|m| {
        let sub = (!m.sub_path.is_empty()).then(|| format!(" (subPath {})", m.sub_path));
        let ro = m
            .read_only
            .then(|| view! { " · " {move || i18n.t(Key::ReadOnly)} });
        view! { <li><code>{m.path}</code> " ← " <code>{m.volume}</code> {sub} {ro}</li> }
    });
    view! { <ul class="pf-inspector__list">{items.collect_view()}</ul> }.into_any()
}

/// A container state: kind (symbol and text), reason, exit code, times, message.
fn state(i18n: I18n, s: StateView) -> impl IntoView {
    let (key, tone, symbol) = match s.kind {
        StateKind::Waiting => (Key::StateWaiting, "busy", "◷"),
        StateKind::Running => (Key::StateRunning, "ok", "▶"),
        StateKind::Terminated if s.exit_code == Some(0) => (Key::StateTerminated, "done", "■"),
        StateKind::Terminated => (Key::StateTerminated, "bad", "■"),
        StateKind::Unknown => (Key::StateUnknown, "busy", "○"),
    };
    let tone = if s.reason.contains("BackOff") || s.reason.contains("Err") {
        "bad"
    } else {
        tone
    };
    let reason =
        (!s.reason.is_empty()).then(|| view! { " · " <strong>{s.reason.clone()}</strong> });
    let exit = s.exit_code.map(|code| {
        view! { <span class="pf-cstate__detail">{move || i18n.t(Key::FieldExitCode)} ": " {code}</span> }
    });
    let started = s.started.clone().map(|t| {
        view! { <span class="pf-cstate__detail">{move || i18n.t(Key::FieldStarted)} ": " {t}</span> }
    });
    let finished = s.finished.clone().map(|t| {
        view! { <span class="pf-cstate__detail">{move || i18n.t(Key::FieldFinished)} ": " {t}</span> }
    });
    let message = (!s.message.is_empty())
        .then(|| view! { <code class="pf-cstate__message">{s.message.clone()}</code> });
    view! {
        <span class=format!("pf-cstate pf-cstate--{tone}")>
            <span aria-hidden="true">{symbol} " "</span>{move || i18n.t(key)}{reason}
        </span>
        {exit}
        {started}
        {finished}
        {message}
    }
}

fn volumes(i18n: I18n, list: Vec<VolumeView>) -> AnyView {
    if list.is_empty() {
        return view! { <p class="pf-inspector__muted">{move || i18n.t(Key::NoneText)}</p> }
            .into_any();
    }
    let items = list.into_iter().map(|v| {
        let detail = (!v.detail.is_empty()).then(|| format!(" {}", v.detail));
        view! { <li><code>{v.name}</code> ": " <code>{v.kind}</code> {detail}</li> }
    });
    view! { <ul class="pf-inspector__list">{items.collect_view()}</ul> }.into_any()
}
