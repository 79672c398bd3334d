//! Small building blocks shared by the regions.

mod note;
mod panel;

pub use note::Note;
pub use panel::Panel;
