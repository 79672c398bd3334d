//! `kubectl events [--for TYPE/NAME] [--types=Normal,Warning] [-A] [-w] [-o yaml|json]`.
//!
//! Mirrors `kubectl/pkg/cmd/events/events.go` and `event_printer.go`: events sorted by their
//! last time, `LAST SEEN` as `3s` or `3s (x5 over 2m)`, OBJECT as `Kind/name`, and `No events
//! found in default namespace.` on stderr when none match. A real `--watch` runs until
//! interrupted; here it runs for 30s of virtual time (as `kubectl get -w` does), printing each
//! new or repeated event. Left out: `--chunk-size` and the other output formats.

use super::common::{self, flags};
use crate::parse::{flag, Args, FlagKind::*};
use crate::printers::table::Table;
use crate::Output;
use podflow_engine::api::derived;
use podflow_engine::api::{Kind, Object};
use podflow_engine::{Cluster, SimDuration, SimTime};
use std::collections::BTreeMap;
use std::sync::Arc;

pub(crate) const SPEC: &[crate::parse::Flag] = &[
    flag("for", None, Str),
    flag("types", None, Str),
    flag("all-namespaces", Some('A'), Bool),
    flag("watch", Some('w'), Bool),
    flag("no-headers", None, Bool),
    flag("output", Some('o'), Str),
];

/// Which events to show.
struct Filter {
    namespace: Option<String>,
    /// (kind, name) of `--for`.
    object: Option<(String, String)>,
    types: Vec<String>,
}

impl Filter {
    fn keeps(&self, o: &Object) -> bool {
        let Object::Event(e) = o else {
            return false;
        };
        let for_ok = self.object.as_ref().is_none_or(|(kind, name)| {
            &e.involved_object.kind == kind && &e.involved_object.name == name
        });
        let type_ok =
            self.types.is_empty() || self.types.iter().any(|t| t.eq_ignore_ascii_case(&e.type_));
        for_ok && type_ok
    }
}

pub fn run(words: &[String], cluster: &mut Cluster) -> Output {
    let args = match flags("events", words, SPEC) {
        Ok(a) => a,
        Err(o) => return o,
    };
    let filter = match filter(&args) {
        Ok(f) => f,
        Err(o) => return o,
    };
    let events = matching(cluster, &filter);
    if let Some(format) = args.get("output") {
        return structured(format, &events);
    }
    let headers = !args.bool("no-headers", false);
    let all = filter.namespace.is_none();
    if args.bool("watch", false) {
        return watch(cluster, &filter, events, headers, all);
    }
    if events.is_empty() {
        return Output {
            stderr: match &filter.namespace {
                None => "No events found.\n".to_string(),
                Some(ns) => format!("No events found in {ns} namespace.\n"),
            },
            ..Output::default()
        };
    }
    Output::ok(table(&events, cluster.now(), all).render(headers))
}

fn filter(args: &Args) -> Result<Filter, Output> {
    let types: Vec<String> = args
        .get("types")
        .map(|t| t.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    if types
        .iter()
        .any(|t| !t.eq_ignore_ascii_case("Normal") && !t.eq_ignore_ascii_case("Warning"))
    {
        return Err(Output::error("valid --types are Normal or Warning"));
    }
    let object = match args.get("for") {
        None => None,
        Some(f) => {
            let Some((t, name)) = f.split_once('/') else {
                return Err(Output::error("--for must be in resource/name form"));
            };
            if name.contains('/') {
                return Err(Output::error(
                    "arguments in resource/name form may not have more than one slash",
                ));
            }
            let info = common::resolve(t)?;
            Some((info.kind.as_str().to_string(), name.to_string()))
        }
    };
    let namespace = (!args.bool("all-namespaces", false))
        .then(|| args.namespace().unwrap_or("default").to_string());
    Ok(Filter {
        namespace,
        object,
        types,
    })
}

/// The matching events, oldest last-seen first (`SortableEvents`).
fn matching(cluster: &Cluster, filter: &Filter) -> Vec<Arc<Object>> {
    let mut events: Vec<Arc<Object>> = cluster
        .store()
        .list(Kind::Event, filter.namespace.as_deref())
        .filter(|o| filter.keeps(o))
        .cloned()
        .collect();
    events.sort_by_key(|o| last_seen(o));
    events
}

fn last_seen(o: &Object) -> Option<SimTime> {
    match o {
        Object::Event(e) => e.last_timestamp.or(e.first_timestamp).map(|t| t.0),
        _ => None,
    }
}

fn table(events: &[Arc<Object>], now: SimTime, all_namespaces: bool) -> Table {
    let mut headers = vec!["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"];
    if all_namespaces {
        headers.insert(0, "NAMESPACE");
    }
    let mut t = Table::new(&headers);
    for o in events {
        let Object::Event(e) = &**o else {
            continue;
        };
        // getInterval: the first time, or `last (xN over first)` for a repeated event.
        let first = derived::age(e.first_timestamp, now);
        let interval = if e.count > 1 {
            let last = derived::age(e.last_timestamp, now);
            format!("{last} (x{} over {first})", e.count)
        } else {
            first
        };
        let mut row = vec![
            interval,
            e.type_.clone(),
            e.reason.clone(),
            format!("{}/{}", e.involved_object.kind, e.involved_object.name),
            e.message.trim().to_string(),
        ];
        if all_namespaces {
            row.insert(0, e.metadata.namespace.clone());
        }
        t.push(row);
    }
    t
}

fn structured(format: &str, events: &[Arc<Object>]) -> Output {
    let items: Vec<serde_json::Value> = events
        .iter()
        .map(|o| serde_json::to_value(&**o).unwrap_or_default())
        .collect();
    let list = serde_json::json!({"apiVersion": "v1", "items": items, "kind": "EventList", "metadata": {"resourceVersion": ""}});
    match format {
        "yaml" => Output::ok(crate::printers::yaml::to_yaml(&list)),
        "json" => Output::ok(crate::printers::json::to_json(&list)),
        other => Output::error(format!(
            "podflow's kubectl events prints -o yaml or -o json, not \"{other}\""
        )),
    }
}

/// The list, then every event that appears or repeats in the next 30s of virtual time.
fn watch(
    cluster: &mut Cluster,
    filter: &Filter,
    initial: Vec<Arc<Object>>,
    headers: bool,
    all: bool,
) -> Output {
    let mut seen: BTreeMap<String, i32> = initial
        .iter()
        .filter_map(|o| match &**o {
            Object::Event(e) => Some((e.metadata.uid.clone(), e.count)),
            _ => None,
        })
        .collect();
    let mut rows = table(&initial, cluster.now(), all);
    for _ in 0..300 {
        cluster.advance(SimDuration::from_millis(100));
        let fresh: Vec<Arc<Object>> = matching(cluster, filter)
            .into_iter()
            .filter(|o| match &**o {
                Object::Event(e) => seen.insert(e.metadata.uid.clone(), e.count) != Some(e.count),
                _ => false,
            })
            .collect();
        rows.rows.extend(table(&fresh, cluster.now(), all).rows);
    }
    Output::ok(rows.render(headers))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::run_line as kubectl;

    #[test]
    fn lists_a_pods_events_in_order_with_kind_slash_name() {
        let mut c = Cluster::new(1);
        let out = kubectl(&mut c, "kubectl events");
        assert_eq!(out.combined(), "No events found in default namespace.\n");
        kubectl(&mut c, "kubectl run web --image=nginx");
        c.advance(SimDuration::from_secs(20));
        let out = kubectl(&mut c, "kubectl events --for pod/web");
        let lines: Vec<&str> = out.stdout.lines().collect();
        assert!(
            lines[0].starts_with("LAST SEEN   TYPE     REASON      OBJECT    MESSAGE"),
            "{}",
            out.stdout
        );
        assert!(
            lines[1]
                .contains("Scheduled   Pod/web   Successfully assigned default/web to k8s-node-"),
            "{}",
            out.stdout
        );
        assert!(
            lines.last().is_some_and(|l| l.contains("Started")),
            "{}",
            out.stdout
        );
        let out = kubectl(&mut c, "kubectl events --types=Warning");
        assert_eq!(out.combined(), "No events found in default namespace.\n");
        let out = kubectl(&mut c, "kubectl events --types=Bad");
        assert_eq!(
            out.combined(),
            "error: valid --types are Normal or Warning\n"
        );
        let out = kubectl(&mut c, "kubectl events --for web");
        assert_eq!(
            out.combined(),
            "error: --for must be in resource/name form\n"
        );
        let out = kubectl(&mut c, "kubectl events -A --no-headers");
        assert!(
            out.stdout.lines().any(|l| l.starts_with("default ")),
            "{}",
            out.stdout
        );
    }

    #[test]
    fn a_repeated_event_shows_its_count_and_watch_prints_new_ones() {
        let mut c = Cluster::new(1);
        kubectl(&mut c, "kubectl run bad --image=nginx:nope");
        let out = kubectl(&mut c, "kubectl events --for pod/bad -w");
        assert!(out.stdout.contains("Pod/bad"), "{}", out.stdout);
        assert!(out.stdout.contains("Warning"), "{}", out.stdout);
        c.advance(SimDuration::from_secs(120));
        let out = kubectl(&mut c, "kubectl events --for pod/bad --types=Warning");
        assert!(out.stdout.contains(" (x"), "{}", out.stdout);
    }
}
