//! The timeline bar: play/pause, next event, the scrubber over the virtual time reached, idle
//! skipping, speed, reset; the banner while the past is shown; the page's keyboard shortcuts.

mod past_banner;
mod scrubber;
mod shortcuts;
mod timeline_bar;

pub use past_banner::{PastBanner, RestoreNotice};
pub use scrubber::Scrubber;
pub use shortcuts::{install_shortcuts, shortcut_for, Shortcut};
pub use timeline_bar::TimelineBar;
