//! `kubectl apply -f` and the manifest reading `create -f` and `delete -f` share.
//!
//! Mirrors `kubectl/pkg/cmd/apply/apply.go` (client-side apply): a new object is created with
//! the `kubectl.kubernetes.io/last-applied-configuration` annotation; an existing one is
//! `unchanged` when that annotation equals the new configuration, otherwise `configured` by a
//! three-way strategic merge (`apply_merge.rs`). Errors follow
//! `cmd/util/helpers.go` as described in the reference §6.1–6.3: the client-side mapping
//! error, YAML errors, one error in the `The Pod "x" is invalid:` form, several errors each on
//! its own line through the generic form.

use super::common::{self, flags};
use crate::parse::{flag, Args, FlagKind::*};
use crate::printers::describe::LAST_APPLIED;
use crate::{manifest, FileSource, Output};
use podflow_engine::api::registry::{self, KindInfo};
use podflow_engine::apiserver::errors::{ApiError, Reason};
use podflow_engine::network::Verb;
use podflow_engine::Cluster;
use serde_json::Value;

pub(crate) const SPEC: &[crate::parse::Flag] = &[
    flag("filename", Some('f'), Str),
    flag("validate", None, Str),
    flag("dry-run", None, Str),
    flag("output", Some('o'), Str),
    flag("recursive", Some('R'), Bool),
    flag("server-side", None, Bool),
    flag("force", None, Bool),
    flag("prune", None, Bool),
    flag("selector", Some('l'), Str),
];

/// One failure of a multi-object command, printable alone or among others.
pub enum Failure {
    /// Client-side text, printed after `error: ` when alone.
    Client(String),
    /// A server error and the `error when creating "file"` context.
    Server(ApiError, String),
}

impl Failure {
    fn alone(&self) -> String {
        match self {
            Failure::Client(t) => format!("error: {t}\n"),
            Failure::Server(e, ctx) if e.reason == Reason::Invalid => {
                let _ = ctx;
                invalid_text(e)
            }
            Failure::Server(e, ctx) => format!(
                "Error from server ({}): {ctx}: {}\n",
                e.reason.as_str(),
                e.message
            ),
        }
    }

    fn among_others(&self) -> String {
        match self {
            Failure::Client(t) => format!("{t}\n"),
            Failure::Server(e, ctx) => format!(
                "Error from server ({}): {ctx}: {}\n",
                e.reason.as_str(),
                e.message
            ),
        }
    }
}

/// `The Pod "x" is invalid: <cause>`, or the bulleted form for several causes.
fn invalid_text(e: &ApiError) -> String {
    let head = e.message.split(" is invalid:").next().unwrap_or(&e.message);
    if e.causes.len() <= 1 {
        return format!("The {}\n", e.message);
    }
    let mut s = format!("The {head} is invalid: \n");
    for c in &e.causes {
        s.push_str(&format!("* {c}\n"));
    }
    s
}

pub fn print_failures(out: &mut Output, failures: &[Failure]) {
    if failures.is_empty() {
        return;
    }
    out.exit_code = 1;
    if failures.len() == 1 {
        out.stderr.push_str(&failures[0].alone());
    } else {
        for f in failures {
            out.stderr.push_str(&f.among_others());
        }
    }
}

/// A file's documents (`-` is standard input); a missing file is an `Output` error.
pub fn read_docs(path: &str, fs: &dyn FileSource) -> Result<Vec<manifest::Doc>, Output> {
    if path == "-" {
        return Ok(manifest::parse_documents(&fs.stdin().unwrap_or_default()));
    }
    // `-f DIR`: every manifest in the folder, in name order (cli-runtime's FileVisitor).
    if let Some(files) = fs.list(path) {
        let mut docs = Vec::new();
        for f in files {
            let text = fs.read(&f).map_err(Output::error)?;
            docs.extend(manifest::parse_documents(&text));
        }
        return Ok(docs);
    }
    let text = fs.read(path).map_err(Output::error)?;
    Ok(manifest::parse_documents(&text))
}

/// Kind, namespace and name of a manifest, resolved client-side as the REST mapper does.
pub fn identify(
    v: &Value,
    args: &Args,
    file: &str,
) -> Result<(&'static KindInfo, String, String), Output> {
    identify_doc(v, args, file).map_err(|f| {
        let mut o = Output::default();
        print_failures(&mut o, &[f]);
        o
    })
}

fn identify_doc(
    v: &Value,
    args: &Args,
    file: &str,
) -> Result<(&'static KindInfo, String, String), Failure> {
    let api_version = v.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    let kind = v.get("kind").and_then(Value::as_str).unwrap_or("");
    let name = v
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let doc_ns = v
        .pointer("/metadata/namespace")
        .and_then(Value::as_str)
        .unwrap_or("");
    let mut missing = Vec::new();
    if api_version.is_empty() {
        missing.push("apiVersion not set");
    }
    if kind.is_empty() {
        missing.push("kind not set");
    }
    if !missing.is_empty() {
        let list = if missing.len() == 1 {
            missing[0].to_string()
        } else {
            format!("[{}]", missing.join(", "))
        };
        return Err(Failure::Client(format!("error validating \"{file}\": error validating data: {list}; if you choose to ignore these errors, turn validation off with --validate=false")));
    }
    let Some(info) = registry::resolve(api_version, kind) else {
        return Err(Failure::Client(format!("resource mapping not found for name: \"{name}\" namespace: \"{doc_ns}\" from \"{file}\": no matches for kind \"{kind}\" in version \"{api_version}\"\nensure CRDs are installed first")));
    };
    let flag_ns = args.namespace();
    if let (Some(f), false) = (flag_ns, doc_ns.is_empty()) {
        if info.namespaced && f != doc_ns {
            return Err(Failure::Client(format!("the namespace from the provided object \"{doc_ns}\" does not match the namespace \"{f}\". You must pass '--namespace={doc_ns}' to perform this operation.")));
        }
    }
    let ns = if !info.namespaced {
        String::new()
    } else if !doc_ns.is_empty() {
        doc_ns.to_string()
    } else {
        flag_ns.unwrap_or("default").to_string()
    };
    Ok((info, ns, name))
}

pub fn run(words: &[String], cluster: &mut Cluster, fs: &dyn FileSource) -> Output {
    let args = match flags("apply", words, SPEC) {
        Ok(a) => a,
        Err(o) => return o,
    };
    if let Err(o) = super::validate::mode(&args) {
        return o;
    }
    let files = args.all("filename");
    if files.is_empty() {
        return Output::error("must specify one of -f and -k");
    }
    let mut out = Output::default();
    let mut failures = Vec::new();
    for f in &files {
        let docs = match read_docs(f, fs) {
            Ok(d) => d,
            Err(o) => return o,
        };
        for doc in docs {
            match doc {
                Err(e) => failures.push(Failure::Client(format!("error parsing {f}: {e}"))),
                Ok(v) => {
                    // Warnings print as the server's answer arrives, before the result line.
                    let mut warnings = String::new();
                    let result = apply_one(cluster, &args, f, v, &mut warnings);
                    out.note(&warnings);
                    match result {
                        Ok(line) => out.stdout.push_str(&line),
                        Err(fail) => failures.push(fail),
                    }
                }
            }
        }
    }
    print_failures(&mut out, &failures);
    out
}

/// The configuration kubectl records: the manifest with its namespace, annotation removed.
fn last_applied(v: &Value, ns: &str) -> Value {
    let mut cfg = v.clone();
    if let Some(meta) = cfg.get_mut("metadata").and_then(Value::as_object_mut) {
        if !ns.is_empty() {
            meta.insert("namespace".into(), Value::String(ns.into()));
        }
        let ann = meta
            .entry("annotations")
            .or_insert_with(|| serde_json::json!({}));
        if let Some(a) = ann.as_object_mut() {
            a.remove(LAST_APPLIED);
        }
    }
    cfg
}

fn apply_one(
    cluster: &mut Cluster,
    args: &Args,
    file: &str,
    v: Value,
    warnings: &mut String,
) -> Result<String, Failure> {
    let (info, ns, name) = identify_doc(&v, args, file)?;
    let cfg = last_applied(&v, &ns);
    let cfg_text = format!(
        "{}\n",
        serde_json::to_string(&sorted(&cfg)).unwrap_or_default()
    );
    let prefix = common::kind_prefix(info);
    let dry = dry_run_suffix(args)?;
    let current = common::get(cluster, info, &ns, &name);
    if let Some(suffix) = dry {
        let op = match &current {
            None => "created",
            Some(c) if c.meta().annotations.get(LAST_APPLIED) == Some(&cfg_text) => "unchanged",
            Some(_) => "configured",
        };
        return Ok(format!("{prefix}/{name} {op}{suffix}\n"));
    }
    let Some(current) = current else {
        let mut new = cfg.clone();
        new["metadata"]["annotations"][LAST_APPLIED] = Value::String(cfg_text);
        let mode = super::validate::mode(args).map_err(|o| {
            Failure::Client(
                o.stderr
                    .trim_start_matches("error: ")
                    .trim_end()
                    .to_string(),
            )
        })?;
        return match super::validate::send(cluster, new, mode, Verb::CreateRaw, warnings) {
            Ok(o) => Ok(format!("{prefix}/{} created\n", o.meta().name)),
            Err(e) => Err(Failure::Server(
                e,
                format!("error when creating \"{file}\""),
            )),
        };
    };
    if current.meta().annotations.get(LAST_APPLIED) == Some(&cfg_text) {
        return Ok(format!("{prefix}/{name} unchanged\n"));
    }
    if !current.meta().annotations.contains_key(LAST_APPLIED) {
        // Mirrors apply.go warningNoLastAppliedConfigAnnotation.
        warnings.push_str(&format!(
            "Warning: resource {}/{name} is missing the {LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n",
            common::group_resource(info)
        ));
    }
    let mode = super::validate::mode(args).unwrap_or(super::validate::Mode::Strict);
    configure(cluster, &current.key(), &cfg, &cfg_text, mode, warnings)
        .map(|_| format!("{prefix}/{name} configured\n"))
        .map_err(|e| Failure::Server(e, format!("error when applying patch to \"{file}\"")))
}

// Mirrors apply's patcher: merge into the live object, re-reading and retrying on a conflict
// (maxPatchRetry = 5).
fn configure(
    cluster: &mut Cluster,
    key: &podflow_engine::api::ObjectKey,
    cfg: &Value,
    cfg_text: &str,
    mode: super::validate::Mode,
    warnings: &mut String,
) -> Result<(), ApiError> {
    let mut last_err = None;
    for _ in 0..5 {
        let Some(current) = cluster.store().get(key).cloned() else {
            break;
        };
        let previous: Value = current
            .meta()
            .annotations
            .get(LAST_APPLIED)
            .and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or(Value::Null);
        let mut merged = serde_json::to_value(&*current).unwrap_or(Value::Null);
        super::apply_merge::merge(&mut merged, &previous, cfg);
        merged["metadata"]["annotations"][LAST_APPLIED] = Value::String(cfg_text.to_string());
        match super::validate::send(cluster, merged, mode, Verb::UpdateRaw, warnings) {
            Ok(_) => return Ok(()),
            Err(e) if e.reason == Reason::Conflict => last_err = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last_err.unwrap_or_else(|| ApiError::not_found(key.kind, &key.name)))
}

/// ` (dry run)` / ` (server dry run)` for `--dry-run=client|server`.
fn dry_run_suffix(args: &Args) -> Result<Option<&'static str>, Failure> {
    match common::dry_run(args) {
        Ok(d) => Ok(d.map(|m| {
            if m == "server" {
                " (server dry run)"
            } else {
                " (dry run)"
            }
        })),
        Err(o) => Err(Failure::Client(
            o.stderr
                .trim_start_matches("error: ")
                .trim_end()
                .to_string(),
        )),
    }
}

/// Keys sorted at every level, as kubectl's map round trip serialises them.
pub fn sorted(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut e: Vec<_> = m.iter().collect();
            podflow_engine::sort::by(&mut e, |a, b| a.0.cmp(b.0));
            Value::Object(e.into_iter().map(|(k, v)| (k.clone(), sorted(v))).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
        o => o.clone(),
    }
}
