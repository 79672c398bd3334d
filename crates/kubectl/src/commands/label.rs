//! `kubectl label`.
//!
//! Mirrors `kubectl/pkg/cmd/label/label.go`: `key=value` adds, `key-` removes, `--overwrite`,
//! `--all`, `-l`; output `<kind>/<name> labeled|unlabeled|modified|not labeled`; errors
//! `'env' already has a value (dev), and --overwrite is false`,
//! `at least one label update is required`.

use super::common::{self, flags};
use crate::parse::{flag, FlagKind::*};
use crate::{FileSource, Output};
use podflow_engine::Cluster;
use std::collections::BTreeMap;

pub(crate) const SPEC: &[crate::parse::Flag] = &[
    flag("overwrite", None, Bool),
    flag("all", None, Bool),
    flag("selector", Some('l'), Str),
    flag("list", None, Bool),
    flag("filename", Some('f'), Str),
    flag("dry-run", None, Str),
];

pub fn run(words: &[String], cluster: &mut Cluster, _fs: &dyn FileSource) -> Output {
    edit_map(words, cluster, MapKind::Labels)
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum MapKind {
    Labels,
    Annotations,
}

/// Splits `k=v` / `k-` arguments from resource words.
fn split_specs(words: &[String]) -> (Vec<String>, Vec<String>) {
    let (specs, res): (Vec<String>, Vec<String>) = words
        .iter()
        .cloned()
        .partition(|w| w.contains('=') || (w.ends_with('-') && w.len() > 1));
    (res, specs)
}

pub fn edit_map(words: &[String], cluster: &mut Cluster, which: MapKind) -> Output {
    let cmd = if which == MapKind::Labels {
        "label"
    } else {
        "annotate"
    };
    let args = match flags(cmd, words, SPEC) {
        Ok(a) => a,
        Err(o) => return o,
    };
    let (res_words, specs) = split_specs(&args.positional);
    let edit = match parse_specs(&specs, which) {
        Ok(e) => e,
        Err(o) => return o,
    };
    if res_words.is_empty() {
        return Output::error(
            "one or more resources must be specified as <resource> <name> or <resource>/<name>",
        );
    }
    if edit.add.is_empty() && edit.remove.is_empty() {
        let what = if which == MapKind::Labels {
            "label"
        } else {
            "annotation"
        };
        return Output::error(format!("at least one {what} update is required"));
    }
    let targets = match resolve_targets(&res_words, &args, cluster) {
        Ok(t) => t,
        Err(o) => return o,
    };
    let overwrite = args.bool("overwrite", false);
    let mut out = Output::default();
    for (info, obj) in targets {
        match edit_one(cluster, &obj, &edit, which, overwrite) {
            Ok(msg) => out.stdout.push_str(&format!(
                "{}/{} {msg}\n",
                common::kind_prefix(info),
                obj.meta().name
            )),
            Err(e) => {
                out.stderr.push_str(&e);
                out.exit_code = 1;
            }
        }
    }
    out
}

/// The keys to set and to remove.
struct Edit {
    add: BTreeMap<String, String>,
    remove: Vec<String>,
}

// Mirrors label.go parseLabels (annotate.go parseAnnotations allows `=` in values).
fn parse_specs(specs: &[String], which: MapKind) -> Result<Edit, Output> {
    let mut edit = Edit {
        add: BTreeMap::new(),
        remove: Vec::new(),
    };
    for s in specs {
        if let Some((k, v)) = s.split_once('=') {
            if v.contains('=') && which == MapKind::Labels {
                return Err(Output::error(format!("invalid label spec: {s}")));
            }
            edit.add.insert(k.to_string(), v.to_string());
        } else {
            edit.remove.push(s.trim_end_matches('-').to_string());
        }
    }
    Ok(edit)
}

// Mirrors label.go labelFunc / updateDataChangeMsg and annotate.go updateAnnotations.
fn edit_one(
    cluster: &mut Cluster,
    obj: &podflow_engine::api::Object,
    edit: &Edit,
    which: MapKind,
    overwrite: bool,
) -> Result<&'static str, String> {
    let current = if which == MapKind::Labels {
        &obj.meta().labels
    } else {
        &obj.meta().annotations
    };
    let clashes: Vec<String> = edit
        .add
        .iter()
        .filter_map(|(k, v)| current.get(k).filter(|c| *c != v).map(|c| (k, c)))
        .map(|(k, c)| format!("'{k}' already has a value ({c})"))
        .collect();
    if !overwrite && !clashes.is_empty() {
        return Err(if which == MapKind::Labels {
            clashes
                .iter()
                .map(|c| format!("error: {c}, and --overwrite is false\n"))
                .collect()
        } else {
            format!(
                "error: --overwrite is false but found the following declared annotation(s): {}\n",
                clashes.join("; ")
            )
        });
    }
    let mut next = current.clone();
    let added = edit
        .add
        .iter()
        .filter(|(k, v)| next.get(*k) != Some(*v))
        .count();
    next.extend(edit.add.clone());
    let removed = edit
        .remove
        .iter()
        .filter(|k| next.remove(*k).is_some())
        .count();
    if added + removed > 0 {
        let key = if which == MapKind::Labels {
            "labels"
        } else {
            "annotations"
        };
        let value = serde_json::to_value(&next).unwrap_or_default();
        common::update_json(cluster, obj, |v| v["metadata"][key] = value.clone())
            .map_err(|e| format!("{}\n", e.kubectl_text()))?;
    }
    Ok(match (which, added > 0, removed > 0) {
        (MapKind::Annotations, _, _) => "annotated",
        (_, true, true) => "modified",
        (_, true, false) => "labeled",
        (_, false, true) => "unlabeled",
        _ => "not labeled",
    })
}

type Target = (
    &'static podflow_engine::api::registry::KindInfo,
    std::sync::Arc<podflow_engine::api::Object>,
);

/// `TYPE NAME...`, `TYPE/NAME`, `TYPE --all`, `TYPE -l sel`.
pub fn resolve_targets(
    words: &[String],
    args: &crate::parse::Args,
    cluster: &Cluster,
) -> Result<Vec<Target>, Output> {
    let mut out = Vec::new();
    if words.len() == 1 && !words[0].contains('/') {
        let info = common::resolve(&words[0])?;
        if !args.bool("all", false) && !args.has("selector") {
            return Err(Output::error(
                "resource(s) were provided, but no name was specified",
            ));
        }
        let sel = common::selector(args)?;
        let ns = common::namespace_for(info, args);
        let scope = if info.namespaced {
            Some(ns.as_str())
        } else {
            None
        };
        for o in common::list(cluster, info.kind, scope, &sel) {
            out.push((info, o));
        }
        return Ok(out);
    }
    let mut missing = String::new();
    for (info, name) in common::targets(words)? {
        let ns = common::namespace_for(info, args);
        match common::get(cluster, info, &ns, &name) {
            Some(o) => out.push((info, o)),
            None => missing.push_str(&common::not_found(info, &name)),
        }
    }
    if !missing.is_empty() {
        return Err(Output::stderr(missing));
    }
    Ok(out)
}
