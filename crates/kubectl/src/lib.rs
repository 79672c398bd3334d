//! kubectl over the engine.
