//! `kubectl api-resources`: mirrors `kubectl/pkg/cmd/apiresources/apiresources.go` (columns
//! `NAME SHORTNAMES APIVERSION NAMESPACED KIND`, sorted by group then name) over the kinds
//! the engine serves.

use crate::printers::table::Table;
use crate::Output;
use podflow_engine::api::registry::KINDS;

pub fn run(_words: &[String]) -> Output {
    let mut kinds: Vec<_> = KINDS.iter().collect();
    podflow_engine::sort::by_key(&mut kinds, |k| (k.group, k.resource));
    let mut t = Table::new(&["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]);
    for k in kinds {
        t.push(vec![
            k.resource.to_string(),
            k.short_names.join(","),
            k.api_version().to_string(),
            k.namespaced.to_string(),
            k.kind.as_str().to_string(),
        ]);
    }
    Output::ok(t.render(true))
}
