//! The timeline bar: virtual time, play/pause and speed.

mod timeline_bar;

pub use timeline_bar::TimelineBar;
