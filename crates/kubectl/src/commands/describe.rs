//! `kubectl describe`.
//!
//! Mirrors `kubectl/pkg/cmd/describe/describe.go`: `TYPE NAME_PREFIX`, `TYPE/NAME`, `TYPE`
//! (everything in the namespace), `-l`, `-A`; a name that matches nothing exactly describes
//! every object whose name starts with it; several objects are separated by a blank line.
//! Describers exist for pods and nodes; deployments, replica sets and services use
//! `printers::describe_workload`.

use super::common::{self, flags};
use crate::parse::{flag, FlagKind::*};
use crate::printers::{describe_node, describe_pod, describe_workload};
use crate::Output;
use podflow_engine::api::Object;
use podflow_engine::Cluster;
use std::sync::Arc;

pub(crate) const SPEC: &[crate::parse::Flag] = &[
    flag("selector", Some('l'), Str),
    flag("all-namespaces", Some('A'), Bool),
    flag("show-events", None, Bool),
    flag("filename", Some('f'), Str),
];

pub fn run(words: &[String], cluster: &mut Cluster) -> Output {
    let args = match flags("describe", words, SPEC) {
        Ok(a) => a,
        Err(o) => return o,
    };
    if args.positional.is_empty() {
        return Output::error("You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.");
    }
    let selector = match common::selector(&args) {
        Ok(s) => s,
        Err(o) => return o,
    };
    let mut found: Vec<Arc<Object>> = Vec::new();
    let mut errors = String::new();
    if args.positional.len() == 1 && !args.positional[0].contains('/') {
        let info = match common::resolve(&args.positional[0]) {
            Ok(i) => i,
            Err(o) => return o,
        };
        let ns = common::namespace_for(info, &args);
        let all = args.bool("all-namespaces", false) || !info.namespaced;
        found = common::list(
            cluster,
            info.kind,
            if all { None } else { Some(&ns) },
            &selector,
        );
        if found.is_empty() {
            let where_ = if info.namespaced && !all {
                format!(" in {ns} namespace")
            } else {
                String::new()
            };
            return Output::stderr(format!("No resources found{where_}.\n"));
        }
    } else {
        let targets = match common::targets(&args.positional) {
            Ok(t) => t,
            Err(o) => return o,
        };
        for (info, name) in targets {
            let ns = common::namespace_for(info, &args);
            if let Some(o) = common::get(cluster, info, &ns, &name) {
                found.push(o);
                continue;
            }
            let prefixed: Vec<_> = cluster
                .store()
                .list(info.kind, if info.namespaced { Some(&ns) } else { None })
                .filter(|o| o.meta().name.starts_with(&name))
                .cloned()
                .collect();
            if prefixed.is_empty() {
                errors.push_str(&common::not_found(info, &name));
            }
            found.extend(prefixed);
        }
    }
    let texts: Vec<String> = found.iter().map(|o| describe(o, cluster)).collect();
    Output {
        stdout: texts.join("\n\n"),
        exit_code: i32::from(!errors.is_empty()),
        stderr: errors,
        ..Output::default()
    }
}

fn describe(o: &Object, cluster: &Cluster) -> String {
    match o {
        Object::Pod(p) => describe_pod::describe_pod(p, cluster),
        Object::Node(n) => describe_node::describe_node(n, cluster),
        other => describe_workload::describe(other, cluster),
    }
}
