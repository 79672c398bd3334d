//! `kubectl get`.
//!
//! Mirrors `kubectl/pkg/cmd/get/get.go`: `TYPE[,TYPE] [NAME...]`, `TYPE/NAME`, `all`, `-o
//! wide|yaml|json|name|jsonpath=...`, `-l`, `--field-selector` (`=`, `==`, `!=` on any field
//! path, as the server supports for the common ones), `--show-labels`, `-A`, `-n`,
//! `--sort-by`, `--no-headers`, the `No resources found in <ns> namespace.` notice, and type
//! prefixes when several kinds are printed. `-w` is not simulated (no streaming terminal).

use super::common::{self, flags};
use crate::parse::{flag, FlagKind::*};
use crate::printers::{columns, json, table, yaml};
use crate::Output;
use podflow_engine::api::registry::KindInfo;
use podflow_engine::api::Object;
use podflow_engine::Cluster;
use serde_json::Value;
use std::sync::Arc;

pub(crate) const SPEC: &[crate::parse::Flag] = &[
    flag("output", Some('o'), Str),
    flag("selector", Some('l'), Str),
    flag("show-labels", None, Bool),
    flag("label-columns", Some('L'), Str),
    flag("all-namespaces", Some('A'), Bool),
    flag("watch", Some('w'), Bool),
    flag("watch-only", None, Bool),
    flag("field-selector", None, Str),
    flag("sort-by", None, Str),
    flag("no-headers", None, Bool),
    flag("filename", Some('f'), Str),
];

const ALL: &[&str] = &[
    "pods",
    "replicationcontrollers",
    "services",
    "daemonsets",
    "deployments",
    "replicasets",
    "statefulsets",
    "jobs",
];

const NO_TYPE: &str = "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n";

pub fn run(words: &[String], cluster: &mut Cluster) -> Output {
    let args = match flags("get", words, SPEC) {
        Ok(a) => a,
        Err(o) => return o,
    };
    if args.positional.is_empty() {
        return Output::stderr(NO_TYPE);
    }
    if args.bool("watch", false) || args.bool("watch-only", false) {
        return super::watch::run(&args, cluster);
    }
    let output = args.get("output").unwrap_or("").to_string();
    if !matches!(output.as_str(), "" | "wide" | "yaml" | "json" | "name")
        && !output.starts_with("jsonpath")
    {
        return Output::error(format!("unable to match a printer suitable for the output format \"{output}\", allowed formats are: json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml"));
    }
    let all_ns = args.bool("all-namespaces", false);
    let selector = match common::selector(&args) {
        Ok(s) => s,
        Err(o) => return o,
    };
    let (groups, mut errors, named) = match collect(&args, cluster, all_ns, &selector) {
        Ok(x) => x,
        Err(o) => return o,
    };
    let objs: Vec<&Arc<Object>> = groups.iter().flat_map(|(_, v)| v).collect();
    let mut out = Output::default();
    // The API server's deprecation warning (v1.33+), printed by kubectl before the table.
    if groups.iter().any(|(i, _)| i.resource == "endpoints") {
        out.note("Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n");
    }
    if objs.is_empty() && errors.is_empty() {
        let ns = args.namespace().unwrap_or("default");
        let namespaced = groups.iter().any(|(i, _)| i.namespaced);
        out.stderr.push_str(&if all_ns || !namespaced {
            "No resources found\n".to_string()
        } else {
            format!("No resources found in {ns} namespace.\n")
        });
        return out;
    }
    out.stdout = match output.as_str() {
        "yaml" | "json" => structured(&objs, named && objs.len() == 1, &output),
        "name" => objs
            .iter()
            .map(|o| format!("{}\n", qualified_name(o)))
            .collect(),
        o if o.starts_with("jsonpath") => match jsonpath(o, &objs, named && objs.len() == 1) {
            Ok(s) => s,
            Err(e) => return Output::error(e),
        },
        _ => tables(&groups, &args, cluster, all_ns),
    };
    if !errors.is_empty() {
        out.stderr.push_str(&std::mem::take(&mut errors));
        out.exit_code = 1;
    }
    out
}

type Groups = Vec<(&'static KindInfo, Vec<Arc<Object>>)>;

/// The objects asked for, grouped by kind in the order asked; NotFound errors as text.
fn collect(
    args: &crate::parse::Args,
    cluster: &Cluster,
    all_ns: bool,
    selector: &podflow_engine::api::labels::Selector,
) -> Result<(Groups, String, bool), Output> {
    let words = &args.positional;
    let ns_of = |info: &KindInfo| common::namespace_for(info, args);
    let mut groups: Groups = Vec::new();
    let mut errors = String::new();
    let named = words.len() > 1 || words[0].contains('/');
    if named {
        for (info, name) in common::targets(words)? {
            let ns = ns_of(info);
            match common::get(cluster, info, &ns, &name) {
                Some(o) => push(&mut groups, info, o),
                None => errors.push_str(&common::not_found(info, &name)),
            }
        }
        return Ok((groups, errors, true));
    }
    let types: Vec<&str> = words[0]
        .split(',')
        .flat_map(|t| if t == "all" { ALL.to_vec() } else { vec![t] })
        .collect();
    for t in types {
        let Ok(info) = common::resolve(t) else {
            if ALL.contains(&t) {
                continue;
            }
            return Err(common::resolve(t).err().unwrap_or_default());
        };
        let ns = ns_of(info);
        let scope = if all_ns || !info.namespaced {
            None
        } else {
            Some(ns.as_str())
        };
        let mut list = common::list(cluster, info.kind, scope, selector);
        if let Some(fs) = args.get("field-selector") {
            list.retain(|o| field_matches(o, fs));
        }
        if let Some(key) = args.get("sort-by") {
            sort_by(&mut list, key);
        }
        groups.push((info, list));
    }
    Ok((groups, errors, false))
}

fn push(groups: &mut Groups, info: &'static KindInfo, o: Arc<Object>) {
    match groups.iter_mut().find(|(i, _)| i.kind == info.kind) {
        Some((_, v)) => v.push(o),
        None => groups.push((info, vec![o])),
    }
}

fn qualified_name(o: &Object) -> String {
    let info = podflow_engine::api::registry::info(o.kind());
    format!("{}/{}", common::kind_prefix(info), o.meta().name)
}

/// `--field-selector a=b,c!=d` over the object's JSON fields.
fn field_matches(o: &Object, fs: &str) -> bool {
    let v = serde_json::to_value(o).unwrap_or(Value::Null);
    fs.split(',').filter(|p| !p.is_empty()).all(|part| {
        let (path, want, eq) = if let Some((p, w)) = part.split_once("!=") {
            (p, w, false)
        } else if let Some((p, w)) = part.split_once("==") {
            (p, w, true)
        } else if let Some((p, w)) = part.split_once('=') {
            (p, w, true)
        } else {
            return true;
        };
        let have = columns::field(&v, path.trim()).map(|f| match f {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        (have.as_deref().unwrap_or("") == want.trim()) == eq
    })
}

fn sort_by(list: &mut [Arc<Object>], key: &str) {
    let path = key
        .trim_start_matches('{')
        .trim_end_matches('}')
        .trim_start_matches('.');
    list.sort_by_cached_key(|o| {
        let v = serde_json::to_value(&**o).unwrap_or(Value::Null);
        match columns::field(&v, path) {
            Some(Value::Number(n)) => format!("{:020}", n.as_f64().unwrap_or(0.0) as i64),
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        }
    });
}

fn structured(objs: &[&Arc<Object>], single: bool, format: &str) -> String {
    let value = if single {
        serde_json::to_value(&**objs[0]).unwrap_or(Value::Null)
    } else {
        let items: Vec<Value> = objs
            .iter()
            .map(|o| serde_json::to_value(&***o).unwrap_or(Value::Null))
            .collect();
        serde_json::json!({"apiVersion": "v1", "items": items, "kind": "List",
                           "metadata": {"resourceVersion": ""}})
    };
    if format == "json" {
        json::to_json(&value)
    } else {
        yaml::to_yaml(&value)
    }
}

fn tables(groups: &Groups, args: &crate::parse::Args, cluster: &Cluster, all_ns: bool) -> String {
    let prefix = groups.len() > 1;
    let mut out = Vec::new();
    for (info, list) in groups {
        if list.is_empty() {
            continue;
        }
        let t = table_for(info, list, args, cluster, all_ns, prefix);
        out.push(t.render(!args.bool("no-headers", false)));
    }
    out.join("\n")
}

/// The table of one kind's objects with the `-A`, `--show-labels` and type-prefix columns.
pub fn table_for(
    info: &KindInfo,
    list: &[Arc<Object>],
    args: &crate::parse::Args,
    cluster: &Cluster,
    all_ns: bool,
    prefix: bool,
) -> table::Table {
    let wide = args.get("output") == Some("wide");
    let refs: Vec<&Object> = list.iter().map(|o| &**o).collect();
    let mut t = columns::table(info.kind.as_str(), &refs, cluster.now(), wide);
    // `-L a,b` (repeatable): one column per label key, headed by its upper-cased name.
    let label_cols: Vec<String> = args
        .all("label-columns")
        .iter()
        .flat_map(|l| l.split(',').map(str::to_string).collect::<Vec<_>>())
        .filter(|l| !l.is_empty())
        .collect();
    for (row, o) in t.rows.iter_mut().zip(list) {
        if prefix && info.kind.as_str() != "Event" {
            row[0] = format!("{}/{}", common::kind_prefix(info), row[0]);
        }
        if all_ns && info.namespaced {
            row.insert(0, o.meta().namespace.clone());
        }
        for key in &label_cols {
            row.push(o.meta().labels.get(key).cloned().unwrap_or_default());
        }
        if args.bool("show-labels", false) {
            row.push(table::format_labels(&o.meta().labels));
        }
    }
    for key in &label_cols {
        t.headers
            .push(key.rsplit('/').next().unwrap_or(key).to_uppercase());
    }
    if all_ns && info.namespaced {
        t.headers.insert(0, "NAMESPACE".into());
    }
    if args.bool("show-labels", false) {
        t.headers.push("LABELS".into());
    }
    t
}

/// A minimal JSONPath: `{.a.b}`, `{.items[*].metadata.name}`, `{.items[0].x}`, literal text.
fn jsonpath(spec: &str, objs: &[&Arc<Object>], single: bool) -> Result<String, String> {
    let template = spec
        .split_once('=')
        .map(|(_, t)| t)
        .ok_or("template format specified but no template given")?;
    let root = if single {
        serde_json::to_value(&**objs[0]).unwrap_or(Value::Null)
    } else {
        let items: Vec<Value> = objs
            .iter()
            .map(|o| serde_json::to_value(&***o).unwrap_or(Value::Null))
            .collect();
        serde_json::json!({"apiVersion": "v1", "items": items, "kind": "List"})
    };
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&unescape(&rest[..start]));
        let end = rest[start..].find('}').ok_or("unclosed action")? + start;
        let expr = rest[start + 1..end].trim();
        if let Some(lit) = expr.strip_prefix('"').and_then(|e| e.strip_suffix('"')) {
            out.push_str(&unescape(lit));
            rest = &rest[end + 1..];
            continue;
        }
        let vals = eval_path(&root, expr);
        out.push_str(
            &vals
                .iter()
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(" "),
        );
        rest = &rest[end + 1..];
    }
    out.push_str(&unescape(rest));
    Ok(out)
}

fn unescape(s: &str) -> String {
    s.replace("\\n", "\n").replace("\\t", "\t")
}

pub(crate) fn eval_path(root: &Value, expr: &str) -> Vec<Value> {
    let mut cur = vec![root.clone()];
    for part in expr
        .trim_start_matches('.')
        .split('.')
        .filter(|p| !p.is_empty())
    {
        let (key, index) = match part.split_once('[') {
            Some((k, i)) => (k, Some(i.trim_end_matches(']'))),
            None => (part, None),
        };
        let mut next = Vec::new();
        for v in cur {
            let v = if key.is_empty() {
                v
            } else {
                v.get(key).cloned().unwrap_or(Value::Null)
            };
            match index {
                None => next.push(v),
                Some("*") => next.extend(v.as_array().cloned().unwrap_or_default()),
                Some(i) => {
                    if let Some(x) = i.parse::<usize>().ok().and_then(|i| v.get(i)) {
                        next.push(x.clone());
                    }
                }
            }
        }
        cur = next;
    }
    cur.into_iter().filter(|v| !v.is_null()).collect()
}
