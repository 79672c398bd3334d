//! `--validate=strict|warn|ignore` (and `true`/`false`) for objects kubectl sends.
//!
//! Mirrors `kubectl/pkg/cmd/util` `GetValidationDirective` and the API server's field
//! validation: `strict` (the default) lets unknown fields fail the request; `warn` drops them
//! and prints `Warning: unknown field "<path>"` for each; `ignore`/`false` drops them
//! silently (the engine's `decode::prune_unknown` finds them as the server's lenient
//! decoding would).

use crate::Output;
use podflow_engine::api::Object;
use podflow_engine::apiserver::errors::ApiError;
use podflow_engine::network::Verb;
use podflow_engine::Cluster;
use serde_json::Value;
use std::sync::Arc;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Strict,
    Warn,
    Ignore,
}

pub fn mode(args: &crate::parse::Args) -> Result<Mode, Output> {
    match args.get("validate").unwrap_or("strict") {
        "strict" | "true" => Ok(Mode::Strict),
        "warn" => Ok(Mode::Warn),
        "ignore" | "false" => Ok(Mode::Ignore),
        other => Err(Output::error(format!(
            "invalid - validate option \"{other}\"; must be one of: strict (or true), warn, ignore (or false)"
        ))),
    }
}

/// Sends `verb(v)`; under `warn`/`ignore` the fields the server would not decode are dropped
/// first (`apiserver::decode::prune_unknown`), with a warning each under `warn`.
pub fn send(
    cluster: &mut Cluster,
    v: Value,
    mode: Mode,
    verb: fn(Value) -> Verb,
    warnings: &mut String,
) -> Result<Arc<Object>, ApiError> {
    if mode == Mode::Strict {
        return cluster.request(verb(v));
    }
    let (pruned, found) = podflow_engine::apiserver::decode::prune_unknown(&v);
    if mode == Mode::Warn {
        for w in found {
            warnings.push_str(&format!("Warning: {w}\n"));
        }
    }
    cluster.request(verb(pruned))
}
