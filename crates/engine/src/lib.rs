//! The Podflow engine.
