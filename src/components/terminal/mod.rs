//! The terminal region.

mod terminal_panel;

pub use terminal_panel::TerminalPanel;
