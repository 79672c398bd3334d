//! `kubectl get -w`: the table, then one row per change, for a bounded stretch of virtual time.
//!
//! Mirrors `kubectl/pkg/cmd/get/get.go` `watch` (initial list unless `--watch-only`, then a row
//! for every ADDED/MODIFIED/DELETED event of the watched objects) and the tab writer's
//! `RememberWidths` (liggitt/tabwriter: columns only ever widen across flushes). A real watch
//! runs until interrupted; here it runs for `--request-timeout` (default 30s) of virtual time,
//! advancing the clock in 100 ms steps.

use super::common;
use super::get::table_for;
use crate::parse::Args;
use crate::Output;
use podflow_engine::api::labels::Selector;
use podflow_engine::api::registry::KindInfo;
use podflow_engine::api::Object;
use podflow_engine::{Cluster, SimDuration};
use std::sync::Arc;

/// Parses `--request-timeout`: a Go duration (`30s`, `1m`) or bare seconds.
fn timeout(args: &Args) -> SimDuration {
    let t = args.get("request-timeout").unwrap_or("30s");
    let parsed = t
        .parse::<u64>()
        .ok()
        .map(SimDuration::from_secs)
        .or_else(|| SimDuration::parse(t));
    match parsed {
        Some(d) if d.as_millis() > 0 => d,
        _ => SimDuration::from_secs(30),
    }
}

/// Aligns a batch of lines, widening the remembered column widths first.
fn render(lines: &[Vec<String>], widths: &mut Vec<usize>) -> String {
    for line in lines {
        for (i, cell) in line.iter().enumerate().take(line.len().saturating_sub(1)) {
            let w = (cell.chars().count() + 3).max(6);
            if i >= widths.len() {
                widths.push(w);
            } else {
                widths[i] = widths[i].max(w);
            }
        }
    }
    let mut out = String::new();
    for line in lines {
        for (i, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if i + 1 < line.len() {
                let pad = widths[i].saturating_sub(cell.chars().count());
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push('\n');
    }
    out
}

/// What `get -w` watches: one kind, maybe one name, in a namespace or all.
fn watched(args: &Args) -> Result<Watched, Output> {
    let words = &args.positional;
    let too_many = |n: usize| {
        Output::error(format!(
            "watch is only supported on individual resources and resource collections, but {n} resources were found"
        ))
    };
    let (type_, name) = match (words.len(), words[0].split_once('/')) {
        (1, Some((t, n))) => (t.to_string(), Some(n.to_string())),
        (1, None) => (words[0].clone(), None),
        (2, None) => (words[0].clone(), Some(words[1].clone())),
        _ => return Err(too_many(words.len().saturating_sub(1).max(2))),
    };
    if type_.contains(',') || type_ == "all" {
        return Err(too_many(2));
    }
    let info = common::resolve(&type_)?;
    let selector = common::selector(args)?;
    let all_ns = args.bool("all-namespaces", false);
    let ns = common::namespace_for(info, args);
    Ok(Watched {
        info,
        namespace: (info.namespaced && !all_ns).then_some(ns),
        name,
        selector,
    })
}

struct Watched {
    info: &'static KindInfo,
    namespace: Option<String>,
    name: Option<String>,
    selector: Selector,
}

impl Watched {
    fn matches(&self, o: &Object) -> bool {
        o.kind() == self.info.kind
            && self
                .namespace
                .as_ref()
                .is_none_or(|n| &o.meta().namespace == n)
            && self.name.as_ref().is_none_or(|n| &o.meta().name == n)
            && self.selector.matches(&o.meta().labels)
    }
}

pub fn run(args: &Args, cluster: &mut Cluster) -> Output {
    let w = match watched(args) {
        Ok(w) => w,
        Err(o) => return o,
    };
    let (info, all_ns) = (w.info, args.bool("all-namespaces", false));
    let ns = common::namespace_for(info, args);
    let mut out = Output::default();
    let mut widths = Vec::new();
    let initial: Vec<Arc<Object>> = cluster
        .store()
        .list(info.kind, w.namespace.as_deref())
        .filter(|o| w.matches(o))
        .cloned()
        .collect();
    if let (Some(n), true) = (&w.name, initial.is_empty()) {
        return Output::stderr(common::not_found(info, n));
    }
    if !args.bool("watch-only", false) {
        if initial.is_empty() {
            out.stderr
                .push_str(&format!("No resources found in {ns} namespace.\n"));
        } else {
            let t = table_for(info, &initial, args, cluster, all_ns, false);
            let mut lines = vec![t.headers.clone()];
            lines.extend(t.rows);
            out.stdout.push_str(&render(&lines, &mut widths));
        }
    }
    let mut rev = cluster.store().revision();
    let steps = timeout(args).as_millis() / 100;
    let mut header_pending = args.bool("watch-only", false) || initial.is_empty();
    for _ in 0..steps {
        cluster.advance(SimDuration::from_millis(100));
        let changed: Vec<Arc<Object>> = cluster
            .store()
            .changes_since(rev)
            .iter()
            .filter(|c| w.matches(&c.object))
            .map(|c| c.object.clone())
            .collect();
        rev = cluster.store().revision();
        if changed.is_empty() {
            continue;
        }
        let t = table_for(info, &changed, args, cluster, all_ns, false);
        let mut lines = Vec::new();
        if header_pending {
            lines.push(t.headers.clone());
            header_pending = false;
        }
        lines.extend(t.rows);
        out.stdout.push_str(&render(&lines, &mut widths));
    }
    out
}
