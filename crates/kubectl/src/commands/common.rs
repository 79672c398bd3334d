//! What several verbs share: resource resolution, namespaces, server errors, object edits.
//!
//! Mirrors `cli-runtime/pkg/resource` (Builder: `TYPE NAME...`, `TYPE/NAME`, comma lists) and
//! `kubectl/pkg/cmd/util/helpers.go` (`checkErr`, `UsageErrorf`).

use crate::parse::{self, Args, Flag};
use crate::Output;
use podflow_engine::api::registry::{self, KindInfo};
use podflow_engine::api::{Kind, Object};
use podflow_engine::apiserver::errors::ApiError;
use podflow_engine::network::Verb;
use podflow_engine::Cluster;
use serde_json::Value;
use std::sync::Arc;

/// Parses flags; a bad flag is cobra's flag error: `Error: unknown flag: --foo` +
/// `See 'kubectl get --help' for usage.` (as kubectl v1.32 prints it).
pub fn flags(cmd: &str, args: &[String], spec: &[Flag]) -> Result<Args, Output> {
    parse::parse(args, spec).map_err(|e| {
        Output::stderr(format!(
            "Error: {e}\nSee 'kubectl {cmd} --help' for usage.\n"
        ))
    })
}

/// `cmdutil.UsageErrorf`: `error: <e>` + `See 'kubectl <cmd> -h' for help and examples`.
pub fn usage_error(cmd: &str, e: &str) -> Output {
    Output::stderr(format!(
        "error: {e}\nSee 'kubectl {cmd} -h' for help and examples\n"
    ))
}

/// A cobra required-flag failure, which kubectl reports through klog:
/// `E1201 09:00:05.000000       1 run.go:72] "command failed" err="required flag(s) \"image\" not set"`.
pub fn required_flag(cluster: &Cluster, flag: &str) -> Output {
    let t = cluster.now();
    let ms = t.as_millis();
    let (h, m, s) = (9 + ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60);
    let micros = ms % 1000 * 1000;
    Output::stderr(format!(
        "E1201 {h:02}:{m:02}:{s:02}.{micros:06}       1 run.go:72] \"command failed\" err=\"required flag(s) \\\"{flag}\\\" not set\"\n"
    ))
}

/// A server error as kubectl prints it.
pub fn api_error(e: &ApiError) -> Output {
    Output::stderr(format!("{}\n", e.kubectl_text()))
}

/// Resolves `pods`, `po`, `deployment`, `deploy`, ... or kubectl's error.
pub fn resolve(name: &str) -> Result<&'static KindInfo, Output> {
    let lower = name.to_ascii_lowercase();
    let alias = match lower.as_str() {
        "deploy" => "deployments",
        "rs" => "replicasets",
        "ds" => "daemonsets",
        "sts" => "statefulsets",
        "svc" => "services",
        "ep" => "endpoints",
        "rc" => "replicationcontrollers",
        other => other,
    };
    // `deployments.apps` / `deployment.apps/v1` spell the group too.
    let base = alias.split('.').next().unwrap_or(alias);
    registry::lookup_resource(base).ok_or_else(|| {
        Output::error(format!(
            "the server doesn't have a resource type \"{name}\""
        ))
    })
}

/// `pod`, `deployment.apps`, `job.batch`: how kubectl names a kind before `/name`.
pub fn kind_prefix(info: &KindInfo) -> String {
    if info.group.is_empty() {
        info.singular.to_string()
    } else {
        format!("{}.{}", info.singular, info.group)
    }
}

/// `deployments.apps` as in `deployments.apps "web" not found`.
pub fn group_resource(info: &KindInfo) -> String {
    if info.group.is_empty() {
        info.resource.to_string()
    } else {
        format!("{}.{}", info.resource, info.group)
    }
}

pub fn not_found(info: &KindInfo, name: &str) -> String {
    format!(
        "Error from server (NotFound): {} \"{name}\" not found\n",
        group_resource(info)
    )
}

/// The namespace of the request: `-n`, else `default`; empty for cluster-scoped kinds.
pub fn namespace_for(info: &KindInfo, args: &Args) -> String {
    if !info.namespaced {
        return String::new();
    }
    args.namespace().unwrap_or("default").to_string()
}

pub fn get(cluster: &Cluster, info: &KindInfo, ns: &str, name: &str) -> Option<Arc<Object>> {
    cluster.store().get_by(info.kind, ns, name).cloned()
}

/// `TYPE NAME...` or `TYPE/NAME...` into (kind, name) pairs.
pub fn targets(words: &[String]) -> Result<Vec<(&'static KindInfo, String)>, Output> {
    let mut out = Vec::new();
    if words.first().is_some_and(|w| w.contains('/')) {
        for w in words {
            let Some((t, n)) = w.split_once('/') else {
                return Err(Output::error(
                    "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
                ));
            };
            out.push((resolve(t)?, n.to_string()));
        }
        return Ok(out);
    }
    let Some((t, names)) = words.split_first() else {
        return Ok(out);
    };
    for t in t.split(',') {
        let info = resolve(t)?;
        for n in names {
            out.push((info, n.clone()));
        }
    }
    Ok(out)
}

/// Edits an object through its JSON form and sends the update, re-reading and retrying on a
/// conflict as kubectl's patch helpers do (`maxPatchRetry = 5`): components may write the
/// object while the request is in flight.
pub fn update_json(
    cluster: &mut Cluster,
    obj: &Object,
    edit: impl Fn(&mut Value),
) -> Result<Arc<Object>, ApiError> {
    let key = obj.key();
    let mut last = None;
    for _ in 0..5 {
        let Some(current) = cluster.store().get(&key).cloned() else {
            return Err(ApiError::not_found(key.kind, &key.name));
        };
        let mut v = serde_json::to_value(&*current).unwrap_or(Value::Null);
        edit(&mut v);
        match cluster.request(Verb::UpdateRaw(v)) {
            Err(e) if e.reason == podflow_engine::apiserver::errors::Reason::Conflict => {
                last = Some(e);
            }
            other => return other,
        }
    }
    Err(last.unwrap_or_else(|| ApiError::conflict(key.kind, &key.name)))
}

/// Objects of a kind in a namespace (or all), filtered by a label selector.
pub fn list(
    cluster: &Cluster,
    kind: Kind,
    ns: Option<&str>,
    selector: &podflow_engine::api::labels::Selector,
) -> Vec<Arc<Object>> {
    cluster
        .store()
        .list(kind, ns)
        .filter(|o| selector.matches(&o.meta().labels))
        .cloned()
        .collect()
}

/// Parses `-l`, with kubectl's error.
pub fn selector(args: &Args) -> Result<podflow_engine::api::labels::Selector, Output> {
    podflow_engine::api::labels::Selector::parse(args.get("selector").unwrap_or(""))
        .map_err(Output::error)
}

/// `--dry-run`: `none` (absent), `client` or `server`, with kubectl's error for other values.
pub fn dry_run(args: &Args) -> Result<Option<&'static str>, Output> {
    match args.get("dry-run") {
        None | Some("none") | Some("false") => Ok(None),
        Some("client") | Some("true") | Some("unchanged") => Ok(Some("client")),
        Some("server") => Ok(Some("server")),
        Some(other) => Err(Output::error(format!(
            "Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
        ))),
    }
}

/// What a generator prints instead of creating: the object (`-o yaml|json|name`) as the
/// client built it (`creationTimestamp: null`, `status: {}`), or `<kind>/<name> created (dry
/// run)`.
pub fn print_dry_run(obj: &Value, prefix: &str, mode: &str, output: Option<&str>) -> Output {
    let mut v = obj.clone();
    v["metadata"]["creationTimestamp"] = Value::Null;
    if v.pointer("/spec/template/metadata").is_some() {
        v["spec"]["template"]["metadata"]["creationTimestamp"] = Value::Null;
    }
    let stateless = v["kind"] == "ConfigMap" || v["kind"] == "Secret";
    if stateless {
        // ConfigMaps and Secrets have no status to print.
    } else if v["kind"] != "Namespace" || v.get("spec").is_some() {
        v["status"] = serde_json::json!({});
    } else {
        v["spec"] = serde_json::json!({});
        v["status"] = serde_json::json!({});
    }
    let name = v["metadata"]["name"].as_str().unwrap_or("").to_string();
    match output {
        Some("yaml") => Output::ok(crate::printers::yaml::to_yaml(&v)),
        Some("json") => Output::ok(crate::printers::json::to_json(&v)),
        Some("name") => Output::ok(format!("{prefix}/{name}\n")),
        _ => {
            let how = if mode == "server" {
                "server dry run"
            } else {
                "dry run"
            };
            Output::ok(format!("{prefix}/{name} created ({how})\n"))
        }
    }
}

/// `cmdutil.UsageErrorf`-less error the resource builder gives when nothing was named.
pub fn no_resources() -> Output {
    Output::stderr(
        "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
    )
}
