//! The header: the product's name, keyboard shortcuts help, what is simplified, presentation
//! mode and the language switch.

mod app_header;
mod fidelity_panel;
mod language_switch;
mod presentation_switch;
mod shortcuts_help;

pub use app_header::AppHeader;
pub use fidelity_panel::FidelityPanel;
pub use language_switch::LanguageSwitch;
pub use presentation_switch::PresentationSwitch;
pub use shortcuts_help::ShortcutsHelp;
