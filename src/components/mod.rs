//! One visual component per file, in a folder per region of the app frame.

pub mod common;
pub mod editor;
pub mod header;
pub mod inspector;
pub mod lessons;
pub mod stage;
pub mod terminal;
pub mod timeline;
