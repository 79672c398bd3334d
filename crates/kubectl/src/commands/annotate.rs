//! `kubectl annotate`: mirrors `kubectl/pkg/cmd/annotate/annotate.go` through the shared
//! map editor in `label.rs` (output `<kind>/<name> annotated`).

use crate::{FileSource, Output};
use podflow_engine::Cluster;

pub fn run(words: &[String], cluster: &mut Cluster, _fs: &dyn FileSource) -> Output {
    super::label::edit_map(words, cluster, super::label::MapKind::Annotations)
}
