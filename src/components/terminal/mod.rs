//! The terminal region: the panel, its scrollback and what its keys do.

mod keys;
mod scrollback;
mod terminal_panel;

pub use terminal_panel::TerminalPanel;
