//! The moving messages: each new trace event flies as a dot from its sender's element to its
//! receiver's, with a caption saying what it means.
//!
//! Only what the engine recorded moves (`view_model::flow_since`); `view_model::plan_flights`
//! paces it. With `prefers-reduced-motion: reduce` nothing travels: the receiver is highlighted
//! and the caption changes. The message list below stays the text equivalent.
//!
//! Where the actors are is read in the next animation frame, once the tick's changes to the
//! stage are all made, so the browser lays the page out once per frame rather than once for
//! the positions and again for the picture; batches arriving before that frame join it.

use std::time::Duration;

use leptos::html;
use leptos::prelude::*;

use super::flow_dom::{actor_centre, highlight, now_ms, reduced_motion};
use crate::i18n::{use_i18n, Key};
use crate::state::use_sim;
use crate::view_model::{
    caption_key, flow_since, kind_tone, plan_flights, Flight, FlowEvent, MAX_FLIGHTS,
    MIN_TRAVEL_MS, STAGGER_MS,
};

/// The most dots in flight at once, whatever piles up (a tab coming back from the background).
const MAX_DOTS: usize = 32;

/// One dot in flight, in the overlay's coordinates.
#[derive(Clone, Debug, PartialEq)]
struct Dot {
    id: u64,
    from: (f64, f64),
    to: (f64, f64),
    flight: Flight,
    kind: &'static str,
}

/// The signals the overlay and the caption share.
#[derive(Clone, Copy)]
pub struct FlowState {
    dots: RwSignal<Vec<Dot>>,
    caption: RwSignal<Option<FlowEvent>>,
    more: RwSignal<usize>,
}

impl FlowState {
    pub fn new() -> Self {
        FlowState {
            dots: RwSignal::new(Vec::new()),
            caption: RwSignal::new(None),
            more: RwSignal::new(0),
        }
    }
}

impl Default for FlowState {
    fn default() -> Self {
        Self::new()
    }
}

/// Where the scheduler stands between two batches.
#[derive(Clone, Copy, Default)]
struct Cursor {
    started: bool,
    seen: Option<u64>,
    /// `now_ms()` at which the next flight may start.
    free_at: f64,
    next_id: u64,
}

/// The overlay; `stage` is the element it covers (positioned, not scrolling itself).
#[component]
pub fn FlowOverlay(stage: NodeRef<html::Div>, flow: FlowState) -> impl IntoView {
    let sim = use_sim();
    let cursor = StoredValue::new(Cursor::default());
    // Events waiting for the next animation frame, and how many were left out of them.
    let waiting = StoredValue::new(None::<(Vec<FlowEvent>, usize)>);
    Effect::new(move |_| {
        let seen = cursor.with_value(|c| c.seen);
        let batch = sim.read(|c| flow_since(c, seen, MAX_FLIGHTS));
        let mut cur = cursor.get_value();
        cur.seen = batch.newest;
        // What happened before the page looked (a restored session) is not replayed.
        let first = !cur.started;
        cur.started = true;
        cursor.set_value(cur);
        if batch.restarted {
            waiting.set_value(None);
            flow.dots.set(Vec::new());
            flow.caption.set(None);
            flow.more.set(0);
            return;
        }
        if first || batch.events.is_empty() {
            return;
        }
        let idle = waiting.with_value(Option::is_none);
        waiting.update_value(|w| {
            let (events, skipped) = w.get_or_insert_with(Default::default);
            events.extend(batch.events);
            let over = events.len().saturating_sub(MAX_FLIGHTS);
            events.drain(..over);
            *skipped += batch.skipped + over;
        });
        if idle {
            request_animation_frame(move || {
                let Some((events, skipped)) = waiting.try_update_value(Option::take).flatten()
                else {
                    return;
                };
                if let Some(stage) = stage.get_untracked() {
                    let speed = sim.speed.get_untracked();
                    launch(&stage, flow, cursor, events, skipped, speed);
                }
            });
        }
    });
    view! {
        <div class="pf-flow" aria-hidden="true">
            <For each=move || flow.dots.get() key=|d| d.id let:dot>
                <div
                    class=format!("pf-dot pf-dot--{}", kind_tone(dot.kind))
                    style=format!(
                        "--x0:{:.1}px;--y0:{:.1}px;--x1:{:.1}px;--y1:{:.1}px;animation-delay:{:.0}ms;animation-duration:{:.0}ms",
                        dot.from.0, dot.from.1, dot.to.0, dot.to.1,
                        dot.flight.delay_ms, dot.flight.duration_ms,
                    )
                >
                    <span class="pf-dot__label">{dot.kind}</span>
                </div>
            </For>
        </div>
    }
}

/// Plans and starts the flights of one batch.
fn launch(
    stage: &web_sys::HtmlElement,
    flow: FlowState,
    cursor: StoredValue<Cursor>,
    events: Vec<FlowEvent>,
    skipped: usize,
    speed: f64,
) {
    let now = now_ms();
    let mut cur = cursor.get_value();
    let plan = plan_flights(&events, speed, cur.free_at - now);
    if let Some(last) = plan.last() {
        cur.free_at = now + last.delay_ms + STAGGER_MS;
    }
    flow.more.set(skipped);
    let reduced = reduced_motion();
    let mut dots = Vec::new();
    for (event, flight) in events.into_iter().zip(plan) {
        let start = Duration::from_millis(flight.delay_ms as u64);
        let arrive = Duration::from_millis((flight.delay_ms + flight.duration_ms) as u64);
        let ends = (
            actor_centre(stage, &event.from),
            actor_centre(stage, &event.to),
        );
        let id = cur.next_id;
        cur.next_id += 1;
        let room = flow.dots.with_untracked(Vec::len) + dots.len() < MAX_DOTS;
        if let ((Some(from), Some(to)), false, true) = (ends, reduced, room) {
            dots.push(Dot {
                id,
                from,
                to,
                flight,
                kind: event.kind,
            });
        }
        let receiver = event.to.clone();
        let caption = flow.caption;
        set_timeout(move || drop(caption.try_set(Some(event))), start);
        let (stage, dots_signal) = (stage.clone(), flow.dots);
        // Reduced motion: the highlight comes when the message would have left.
        let hit_at = if reduced { start } else { arrive };
        set_timeout(
            move || {
                highlight(&stage, &receiver);
                dots_signal.try_update(|d| d.retain(|x| x.id != id));
            },
            hit_at,
        );
    }
    let (batch_end, generation) = (cur.free_at - now + MIN_TRAVEL_MS, cur.next_id);
    cursor.set_value(cur);
    if !dots.is_empty() {
        flow.dots.update(|d| d.extend(dots));
    }
    // "+N more" belongs to this burst: gone once it has landed, unless a newer batch came.
    set_timeout(
        move || {
            if cursor.try_with_value(|c| c.next_id) == Some(generation) {
                flow.more.try_set(0);
            }
        },
        Duration::from_millis(batch_end.max(0.0) as u64 + 1500),
    );
}

/// The caption line: the kind, who talks to whom, what it means, the engine's summary.
#[component]
pub fn FlowCaption(flow: FlowState) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="pf-flow__caption" title=move || i18n.t(Key::FlowCaptionLabel) aria-hidden="true">
            {move || match flow.caption.get() {
                None => view! { <span class="pf-flow__idle">{i18n.t(Key::FlowIdle)}</span> }.into_any(),
                Some(e) => view! {
                    <span class=format!("pf-flow__kind pf-dot--{}", kind_tone(e.kind))>{e.kind}</span>
                    <span class="pf-flow__route">{e.from.clone()} " → " {e.to.clone()}</span>
                    <span class="pf-flow__meaning">{i18n.t(caption_key(e.kind))}</span>
                    <span class="pf-flow__summary">{e.summary.clone()}</span>
                }.into_any(),
            }}
            {move || {
                let n = flow.more.get();
                (n > 0).then(|| view! {
                    <span class="pf-flow__more">{i18n.t(Key::FlowMore).replace("{n}", &n.to_string())}</span>
                })
            }}
        </p>
    }
}
