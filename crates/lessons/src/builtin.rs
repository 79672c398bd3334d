//! The lessons shipped with Podflow, embedded at build time, in the order of the picker.
//!
//! Not an upstream file. Each entry is `(id, YAML)`; the id is the file stem under
//! `assets/lessons/`, and the lesson's own `id` must equal it (tested).

use crate::model::Lesson;

macro_rules! lessons {
    ($($id:literal),* $(,)?) => {
        &[$(($id, include_str!(concat!("../../../assets/lessons/", $id, ".yaml")))),*]
    };
}

/// `(file stem, file text)` of every builtin lesson, in picker order.
pub const BUILTIN_SOURCES: &[(&str, &str)] = lessons![
    // The list is kept one id per line (rustfmt leaves macro bodies alone).
    "create-pod-flow",
    "pod-phases",
    "pause-container",
    "services-and-labels",
    "controllers-keep-replicas",
    "image-pull-policy",
    "requests-and-limits",
    "restart-policy",
    "health-probes",
    "node-selection",
    "taints-and-tolerations",
    "node-failure",
    "graceful-termination",
    "volumes",
    "find-the-bug",
];

/// Every builtin lesson, parsed. A lesson that does not parse is left out here (the tests
/// make sure none is); `BUILTIN_SOURCES` has the texts for tools that want the error.
pub fn builtin() -> Vec<Lesson> {
    BUILTIN_SOURCES
        .iter()
        .filter_map(|(id, text)| Lesson::parse_file(id, text).ok())
        .collect()
}
