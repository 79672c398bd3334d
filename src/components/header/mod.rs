//! The header: the product's name and the language switch.

mod app_header;
mod language_switch;

pub use app_header::AppHeader;
pub use language_switch::LanguageSwitch;
