//! Podflow's web app: a thin Leptos view over the simulation engine.
//!
//! `main.rs` installs the panic panel and mounts [`App`]; tests mount [`App`] or any component
//! the same way.

pub mod app;
pub mod components;
pub mod examples;
pub mod i18n;
pub mod inspect;
pub mod panic_panel;
pub mod share;
pub mod state;
pub mod view_model;

pub use app::App;
