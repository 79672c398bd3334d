//! The DOM side of the moving messages: where an actor's element is on the stage, whether the
//! learner asked for reduced motion, a short highlight of the receiver.

use std::time::Duration;

use leptos::prelude::set_timeout;

/// How long a receiver stays highlighted after a message arrives.
const HIT_MS: u64 = 700;

/// The centre of the element whose `data-actor` is `actor`, relative to `stage`'s top-left
/// corner (the overlay covers the stage exactly, so this is the overlay's coordinate too), in
/// the stage's own CSS pixels: presentation mode `zoom`s the app, and bounding rectangles are
/// in zoomed pixels while the dots' `translate` is not.
pub fn actor_centre(stage: &web_sys::HtmlElement, actor: &str) -> Option<(f64, f64)> {
    let element = find_actor(stage, actor)?;
    let r = element.get_bounding_client_rect();
    let s = stage.get_bounding_client_rect();
    if r.width() == 0.0 && r.height() == 0.0 {
        return None;
    }
    let width = f64::from(stage.offset_width());
    let zoom = if width > 0.0 && s.width() > 0.0 {
        s.width() / width
    } else {
        1.0
    };
    Some((
        (r.left() + r.width() / 2.0 - s.left()) / zoom,
        (r.top() + r.height() / 2.0 - s.top()) / zoom,
    ))
}

fn find_actor(stage: &web_sys::Element, actor: &str) -> Option<web_sys::Element> {
    // Actor names come from the engine (DNS-1123 node names), but never build a selector
    // from a string that could close the quotes.
    if actor.contains(['"', '\\']) {
        return None;
    }
    stage
        .query_selector(&format!("[data-actor=\"{actor}\"]"))
        .ok()
        .flatten()
}

/// Lights the element of `actor` for a moment (no motion: a border and shadow).
pub fn highlight(stage: &web_sys::Element, actor: &str) {
    let Some(element) = find_actor(stage, actor) else {
        return;
    };
    let _ = element.class_list().add_1("pf-hit");
    set_timeout(
        move || {
            let _ = element.class_list().remove_1("pf-hit");
        },
        Duration::from_millis(HIT_MS),
    );
}

/// `prefers-reduced-motion: reduce`, read at the moment (the learner may change it any time).
pub fn reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

/// Wall-clock milliseconds since the page loaded.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}
