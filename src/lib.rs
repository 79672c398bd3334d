//! Podflow's web app: a thin Leptos view over the simulation engine.

pub mod i18n;
