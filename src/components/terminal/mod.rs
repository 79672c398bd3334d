//! The terminal region: the panel, its scrollback and what its keys do.

mod caret;
mod keys;
mod scrollback;
mod terminal_panel;

pub use terminal_panel::TerminalPanel;
