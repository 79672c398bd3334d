//! `kubectl delete`.
//!
//! Mirrors `kubectl/pkg/cmd/delete/delete.go`: by name, `-f`, `-l`, `--all`,
//! `--grace-period` (0 without `--force` becomes 1), `--force` (with its warning, grace 0,
//! "force deleted"), `--now` (grace 1), `--ignore-not-found`, and `--wait` (default true):
//! the command returns once the objects are gone, which here means advancing the cluster's
//! virtual clock until they are (at most the grace period plus one minute, since a pod on a
//! node whose kubelet never confirms would otherwise wait forever). Output (kubectl ≥1.34):
//! `pod "x" deleted from default namespace`.

use super::common::{self, flags};
use crate::parse::{flag, FlagKind::*};
use crate::{FileSource, Output};
use podflow_engine::api::registry::KindInfo;
use podflow_engine::api::{Object, ObjectKey};
use podflow_engine::network::Verb;
use podflow_engine::{Cluster, SimDuration};
use std::sync::Arc;

pub(crate) const SPEC: &[crate::parse::Flag] = &[
    flag("grace-period", None, Int),
    flag("force", None, Bool),
    flag("now", None, Bool),
    flag("wait", None, Bool),
    flag("all", None, Bool),
    flag("selector", Some('l'), Str),
    flag("filename", Some('f'), Str),
    flag("ignore-not-found", None, Bool),
    flag("all-namespaces", Some('A'), Bool),
    flag("output", Some('o'), Str),
    flag("cascade", None, Str),
    flag("timeout", None, Str),
];

const FORCE_WARNING: &str = "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n";

struct Opts {
    grace: i64,
    force: bool,
    wait: bool,
}

fn options(args: &crate::parse::Args) -> Result<Opts, Output> {
    let force = args.bool("force", false);
    let mut grace: i64 = args
        .get("grace-period")
        .and_then(|g| g.parse().ok())
        .unwrap_or(-1);
    if args.bool("now", false) {
        if grace != -1 {
            return Err(Output::error(
                "--now and --grace-period cannot be specified together",
            ));
        }
        grace = 1;
    }
    if grace == 0 && !force {
        grace = 1;
    }
    if force && grace < 0 {
        grace = 0;
    }
    if force && grace > 0 {
        return Err(Output::error(
            "--force and --grace-period greater than 0 cannot be specified together",
        ));
    }
    Ok(Opts {
        grace,
        force,
        wait: args.bool("wait", true),
    })
}

pub fn run(words: &[String], cluster: &mut Cluster, fs: &dyn FileSource) -> Output {
    let args = match flags("delete", words, SPEC) {
        Ok(a) => a,
        Err(o) => return o,
    };
    let opts = match options(&args) {
        Ok(o) => o,
        Err(o) => return o,
    };
    let (targets, mut out) = match targets(&args, cluster, fs) {
        Ok(t) => t,
        Err(o) => return o,
    };
    if opts.force && opts.grace == 0 {
        out.note_first(FORCE_WARNING);
    }
    // Mirrors delete.go DeleteResult: nothing matched and nothing failed.
    if targets.is_empty() && out.exit_code == 0 {
        out.stdout.push_str("No resources found\n");
        return out;
    }
    let mut pending: Vec<(ObjectKey, String, i64)> = Vec::new();
    for (info, obj) in targets {
        let key = obj.key();
        let grace = if opts.grace >= 0 {
            Some(opts.grace)
        } else {
            None
        };
        match cluster.request(Verb::Delete {
            key: key.clone(),
            grace_period_seconds: grace,
        }) {
            Ok(_) => {
                let op = if opts.grace == 0 {
                    "force deleted"
                } else {
                    "deleted"
                };
                let op = if info.namespaced {
                    format!("{op} from {} namespace", key.namespace)
                } else {
                    op.to_string()
                };
                if args.get("output") == Some("name") {
                    out.stdout
                        .push_str(&format!("{}/{}\n", common::kind_prefix(info), key.name));
                } else {
                    out.stdout.push_str(&format!(
                        "{} \"{}\" {op}\n",
                        common::kind_prefix(info),
                        key.name
                    ));
                }
                let budget = obj_grace(&obj).max(opts.grace) + 60;
                pending.push((key, obj.meta().uid.clone(), budget));
            }
            Err(e) => {
                out.stderr.push_str(&format!("{}\n", e.kubectl_text()));
                out.exit_code = 1;
            }
        }
    }
    if opts.wait && opts.grace != 0 {
        wait_gone(cluster, &pending);
    }
    out
}

fn obj_grace(o: &Object) -> i64 {
    match o {
        Object::Pod(p) => p.spec.termination_grace_period_seconds.unwrap_or(30),
        _ => 0,
    }
}

/// Advances virtual time until every deleted object (same UID) has left the store.
pub fn wait_gone(cluster: &mut Cluster, pending: &[(ObjectKey, String, i64)]) {
    let budget = pending.iter().map(|p| p.2).max().unwrap_or(0) * 10;
    let gone = |c: &Cluster| {
        pending
            .iter()
            .all(|(k, uid, _)| c.store().get(k).is_none_or(|o| o.meta().uid != *uid))
    };
    for _ in 0..budget {
        if gone(cluster) {
            return;
        }
        cluster.advance(SimDuration::from_millis(100));
    }
}

type Target = (&'static KindInfo, Arc<Object>);

fn targets(
    args: &crate::parse::Args,
    cluster: &Cluster,
    fs: &dyn FileSource,
) -> Result<(Vec<Target>, Output), Output> {
    let mut out = Output::default();
    let ignore = args.bool(
        "ignore-not-found",
        args.bool("all", false) || args.has("selector"),
    );
    let mut found = Vec::new();
    if let Some(files) = args.flags.get("filename") {
        for f in files {
            for doc in super::apply::read_docs(f, fs)? {
                let Ok(v) = doc else { continue };
                let (info, ns, name) = super::apply::identify(&v, args, f)?;
                match common::get(cluster, info, &ns, &name) {
                    Some(o) => found.push((info, o)),
                    None if ignore => {}
                    None => {
                        out.stderr.push_str(&format!("Error from server (NotFound): error when deleting \"{f}\": {} \"{name}\" not found\n", common::group_resource(info)));
                        out.exit_code = 1;
                    }
                }
            }
        }
        return Ok((found, out));
    }
    let words = &args.positional;
    if words.is_empty() {
        return Err(common::no_resources());
    }
    if words.len() == 1 && !words[0].contains('/') {
        if !args.bool("all", false) && !args.has("selector") {
            return Err(Output::error(
                "resource(s) were provided, but no name was specified",
            ));
        }
        let sel = common::selector(args)?;
        for t in words[0].split(',') {
            let info = common::resolve(t)?;
            let ns = common::namespace_for(info, args);
            let scope = if info.namespaced && !args.bool("all-namespaces", false) {
                Some(ns.as_str())
            } else {
                None
            };
            for o in common::list(cluster, info.kind, scope, &sel) {
                found.push((info, o));
            }
        }
        return Ok((found, out));
    }
    for (info, name) in common::targets(words)? {
        let ns = common::namespace_for(info, args);
        match common::get(cluster, info, &ns, &name) {
            Some(o) => found.push((info, o)),
            None if ignore => {}
            None => {
                out.stderr.push_str(&common::not_found(info, &name));
                out.exit_code = 1;
            }
        }
    }
    Ok((found, out))
}
