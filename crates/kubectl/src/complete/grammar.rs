//! What may follow each word: programs, kubectl's verbs, their flags and flag values,
//! resource types, object names; `podflow node|traffic`; the pipe programs.
//!
//! Candidates are returned unfiltered; `complete` keeps the ones that start with the word.

use super::lex::{self, Segment};
use crate::commands::{self, common};
use crate::parse::{Flag, FlagKind};
use podflow_engine::api::registry::{KindInfo, KINDS};
use podflow_engine::api::{Kind, Object};
use podflow_engine::Cluster;

/// The verbs `commands::dispatch` runs, in its order.
pub const VERBS: &[&str] = &[
    "annotate",
    "api-resources",
    "apply",
    "cordon",
    "uncordon",
    "drain",
    "create",
    "delete",
    "describe",
    "explain",
    "get",
    "help",
    "label",
    "scale",
    "taint",
    "top",
    "logs",
    "exec",
    "rollout",
    "set",
    "run",
    "expose",
    "version",
];

/// The global flags worth offering; the others (`--kubeconfig`, `--context`, ...) are
/// accepted and ignored, so offering them would only mislead.
const GLOBAL_OFFERED: &[&str] = &["namespace", "help"];

/// The flags a verb's parser accepts: its own `SPEC`.
pub fn spec(verb: &str) -> &'static [Flag] {
    match verb {
        "annotate" | "label" => commands::label::SPEC,
        "apply" => commands::apply::SPEC,
        "cordon" | "uncordon" | "drain" => commands::cordon::SPEC,
        "create" => commands::create::SPEC,
        "delete" => commands::delete::SPEC,
        "describe" => commands::describe::SPEC,
        "events" => commands::events::SPEC,
        "exec" => commands::exec::SPEC,
        "expose" => commands::expose::SPEC,
        "get" => commands::get::SPEC,
        "logs" => commands::logs::SPEC,
        "patch" => commands::patch::SPEC,
        "rollout" => commands::rollout::SPEC,
        "run" => commands::run::SPEC,
        "scale" => commands::scale::SPEC,
        "set" => commands::set::SPEC,
        "taint" => commands::taint::SPEC,
        "version" => commands::version::SPEC,
        "wait" => commands::wait::SPEC,
        _ => &[],
    }
}

/// The flags offered after `verb`: cordon and uncordon share drain's parser but only
/// `--selector` and `--dry-run` mean anything to them, as upstream.
pub fn offered_flags(verb: &str) -> Vec<Flag> {
    let own = spec(verb).iter().filter(|f| {
        !matches!(verb, "cordon" | "uncordon") || matches!(f.long, "selector" | "dry-run")
    });
    let global = GLOBAL_OFFERED.iter().filter_map(|g| lex::find_long(&[], g));
    own.copied().chain(global).collect()
}

fn strings(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

/// Everything that may stand at the cursor of `seg`.
pub fn candidates(seg: &Segment, cluster: &Cluster) -> Vec<String> {
    if seg.after_pipe {
        return match seg.words.is_empty() {
            true => strings(&["egrep", "grep", "head", "tail", "wc"]),
            false => Vec::new(),
        };
    }
    let ctx = Ctx {
        cluster,
        namespace: lex::namespace(&seg.words).unwrap_or_else(|| "default".into()),
    };
    match seg.words.split_first() {
        None => strings(&["kubectl", "podflow"]),
        Some((p, rest)) if p == "kubectl" => kubectl(rest, &seg.current, &ctx),
        Some((p, rest)) if p == "podflow" => podflow(rest, &seg.current, &ctx),
        Some(_) => Vec::new(),
    }
}

struct Ctx<'a> {
    cluster: &'a Cluster,
    namespace: String,
}

impl Ctx<'_> {
    /// Names of the objects of a kind, in the line's namespace when the kind has one.
    fn names(&self, info: &KindInfo) -> Vec<String> {
        let ns = info.namespaced.then_some(self.namespace.as_str());
        self.cluster
            .store()
            .list(info.kind, ns)
            .map(|o| o.meta().name.clone())
            .collect()
    }

    fn nodes(&self) -> Vec<String> {
        self.names(podflow_engine::api::registry::info(Kind::Node))
    }
}

fn kubectl(words: &[String], cur: &str, ctx: &Ctx) -> Vec<String> {
    // Global flags may come before the verb (`kubectl -n kube-system get pods`).
    let before = lex::scan(words, &[]);
    let Some(verb) = before.positional.first() else {
        return match (&before.pending, cur.starts_with('-')) {
            (Some(f), _) => flag_values("", f.long, ctx),
            (None, true) => flag_words("", cur),
            (None, false) => strings(VERBS),
        };
    };
    let verb = verb.as_str();
    let at = before.first_at.unwrap_or(0);
    let mut args = words[..at].to_vec();
    args.extend_from_slice(&words[at + 1..]);
    let scan = lex::scan(&args, spec(verb));
    if let Some(f) = scan.pending {
        if f.long == "container" {
            return containers(scan.positional.first(), ctx);
        }
        return flag_values(verb, f.long, ctx);
    }
    if scan.dash_dash {
        return Vec::new();
    }
    if let Some((name, _)) = cur.strip_prefix("--").and_then(|b| b.split_once('=')) {
        let prefix = format!("--{name}=");
        let values = flag_values(verb, name, ctx);
        return values.into_iter().map(|v| format!("{prefix}{v}")).collect();
    }
    if cur.starts_with('-') {
        return flag_words(verb, cur);
    }
    positional(verb, &scan.positional, cur, ctx)
}

/// `-c`: the containers of the pod named on the line (`POD` or `pod/POD`).
fn containers(pod: Option<&String>, ctx: &Ctx) -> Vec<String> {
    let Some(pod) = pod else {
        return Vec::new();
    };
    let name = match pod.split_once('/') {
        Some(("pod" | "pods" | "po", n)) => n,
        Some(_) => return Vec::new(),
        None => pod,
    };
    match ctx
        .cluster
        .store()
        .get_by(Kind::Pod, &ctx.namespace, name)
        .map(|o| &**o)
    {
        Some(Object::Pod(p)) => p.spec.containers.iter().map(|c| c.name.clone()).collect(),
        _ => Vec::new(),
    }
}

/// `--long` (with `=` when it takes a value, so its value completes next) and `-s`.
fn flag_words(verb: &str, cur: &str) -> Vec<String> {
    let mut out = Vec::new();
    for f in offered_flags(verb) {
        let eq = if f.kind == FlagKind::Bool { "" } else { "=" };
        out.push(format!("--{}{eq}", f.long));
        // A lone `-` lists the shorthands too; `--` only the long names.
        if let (Some(s), false) = (f.short, cur.starts_with("--")) {
            out.push(format!("-{s}"));
        }
    }
    out
}

/// The values a flag takes, where they are a closed set or objects in the cluster.
fn flag_values(verb: &str, long: &str, ctx: &Ctx) -> Vec<String> {
    match long {
        "namespace" => ctx.names(podflow_engine::api::registry::info(Kind::Namespace)),
        "output" if verb == "get" => strings(&["json", "jsonpath=", "name", "wide", "yaml"]),
        "output" => strings(&["json", "name", "yaml"]),
        "dry-run" => strings(&["client", "none", "server"]),
        "type" => strings(&["ClusterIP", "LoadBalancer", "NodePort"]),
        "restart" => strings(&["Always", "Never", "OnFailure"]),
        "image-pull-policy" => strings(&["Always", "IfNotPresent", "Never"]),
        "cascade" => strings(&["background", "foreground", "orphan"]),
        "validate" => strings(&["false", "ignore", "strict", "true", "warn"]),
        "protocol" => strings(&["SCTP", "TCP", "UDP"]),
        _ => Vec::new(),
    }
}

/// Resource names as `kubectl api-resources` lists them: plural names and short names.
fn type_words(only: &[Kind]) -> Vec<String> {
    KINDS
        .iter()
        .filter(|k| only.is_empty() || only.contains(&k.kind))
        .flat_map(|k| std::iter::once(k.resource).chain(k.short_names.iter().copied()))
        .map(str::to_string)
        .collect()
}

/// A type, or `TYPE/NAME` once the word has a `/`, or `TYPE,TYPE` once it has a `,`.
fn type_or_name(cur: &str, only: &[Kind], ctx: &Ctx) -> Vec<String> {
    if let Some((t, _)) = cur.split_once('/') {
        let Ok(info) = common::resolve(t) else {
            return Vec::new();
        };
        if !only.is_empty() && !only.contains(&info.kind) {
            return Vec::new();
        }
        return ctx.names(info).iter().map(|n| format!("{t}/{n}")).collect();
    }
    if let Some((head, _)) = cur.rsplit_once(',') {
        return type_words(only)
            .iter()
            .map(|t| format!("{head},{t}"))
            .collect();
    }
    type_words(only)
}

/// Names of the type in `pos[0]`, leaving out the ones already on the line.
fn names_of(pos: &[String], ctx: &Ctx) -> Vec<String> {
    let Some(t) = pos.first().filter(|t| !t.contains([',', '/'])) else {
        return Vec::new();
    };
    let Ok(info) = common::resolve(t) else {
        return Vec::new();
    };
    let mut names = ctx.names(info);
    names.retain(|n| !pos[1..].contains(n));
    names
}

const SCALABLE: &[Kind] = &[
    Kind::Deployment,
    Kind::ReplicaSet,
    Kind::StatefulSet,
    Kind::ReplicationController,
];
const ROLLABLE: &[Kind] = &[Kind::Deployment, Kind::DaemonSet, Kind::StatefulSet];
const EXPOSABLE: &[Kind] = &[
    Kind::Deployment,
    Kind::Pod,
    Kind::ReplicaSet,
    Kind::ReplicationController,
    Kind::Service,
];

fn positional(verb: &str, pos: &[String], cur: &str, ctx: &Ctx) -> Vec<String> {
    let slash_form = pos.first().is_some_and(|p| p.contains('/'));
    match (verb, pos.len()) {
        ("get", 0) => {
            let mut t = type_or_name(cur, &[], ctx);
            if !cur.contains(['/', ',']) {
                t.push("all".into());
            }
            t
        }
        ("describe" | "delete", 0) => type_or_name(cur, &[], ctx),
        ("describe" | "delete" | "get", _) if slash_form => type_or_name(cur, &[], ctx),
        ("describe" | "delete" | "get", _) => names_of(pos, ctx),
        ("label" | "annotate" | "explain", 0) => type_or_name(cur, &[], ctx),
        ("label" | "annotate", 1) if !slash_form => names_of(pos, ctx),
        ("scale", 0) => type_or_name(cur, SCALABLE, ctx),
        ("scale", 1) if !slash_form => names_of(pos, ctx),
        ("expose", 0) => type_or_name(cur, EXPOSABLE, ctx),
        ("expose", 1) if !slash_form => names_of(pos, ctx),
        ("cordon" | "uncordon" | "drain", _) => without(ctx.nodes(), pos),
        ("taint", _) => taint(pos, cur, ctx),
        ("logs" | "exec", 0) if cur.contains('/') => type_or_name(cur, &[], ctx),
        ("logs" | "exec", 0) => ctx.names(podflow_engine::api::registry::info(Kind::Pod)),
        ("rollout", 0) => strings(&["history", "restart", "status", "undo"]),
        ("rollout", 1) => type_or_name(cur, ROLLABLE, ctx),
        ("rollout", 2) if !pos[1].contains('/') => names_of(&pos[1..], ctx),
        ("set", 0) => strings(&["image"]),
        ("set", 1) => type_or_name(cur, ROLLABLE, ctx),
        ("set", 2) if !pos[1].contains('/') => names_of(&pos[1..], ctx),
        ("top", 0) => strings(&["node", "pod"]),
        ("create", 0) => strings(&["deployment", "job", "namespace", "service"]),
        ("create", 1) if pos[0] == "service" || pos[0] == "svc" => {
            strings(&["clusterip", "loadbalancer", "nodeport"])
        }
        ("help", 0) => strings(VERBS),
        _ => Vec::new(),
    }
}

fn without(mut all: Vec<String>, typed: &[String]) -> Vec<String> {
    all.retain(|n| !typed.contains(n));
    all
}

/// `taint nodes NAME... KEY=VALUE:EFFECT`: node names, then the named nodes' taints with `-`
/// (to remove them), or the effects once the word has a `:`.
fn taint(pos: &[String], cur: &str, ctx: &Ctx) -> Vec<String> {
    if let Some((head, _)) = cur.split_once(':') {
        let effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
        return effects.iter().map(|e| format!("{head}:{e}")).collect();
    }
    let Some(first) = pos.first() else {
        return type_or_name(cur, &[Kind::Node], ctx);
    };
    let named: Vec<&str> = match first.split_once('/') {
        Some(_) => pos
            .iter()
            .filter_map(|p| p.split_once('/'))
            .map(|p| p.1)
            .collect(),
        None => pos[1..].iter().map(String::as_str).collect(),
    };
    let mut out = Vec::new();
    let specs_started = pos
        .iter()
        .any(|p| p.contains(['=', ':']) || p.ends_with('-'));
    if !specs_started && !first.contains('/') && !cur.contains('=') {
        out = without(ctx.nodes(), pos);
    }
    for name in named {
        let node = ctx.cluster.store().get_by(Kind::Node, "", name);
        if let Some(Object::Node(n)) = node.map(|o| &**o) {
            for t in &n.spec.taints {
                let kv = match t.value.as_str() {
                    "" => t.key.clone(),
                    v => format!("{}={v}", t.key),
                };
                out.push(format!("{kv}:{}-", t.effect));
            }
        }
    }
    out
}

/// `podflow node stop|start NAME`, `podflow traffic [NAMESPACE/]SERVICE [--port N] [--count N]`.
fn podflow(words: &[String], cur: &str, ctx: &Ctx) -> Vec<String> {
    let services = |ns: &str| {
        let info = podflow_engine::api::registry::info(Kind::Service);
        let c = Ctx {
            cluster: ctx.cluster,
            namespace: ns.to_string(),
        };
        c.names(info)
    };
    let args: Vec<&str> = words.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] => strings(&["node", "traffic"]),
        ["node"] => strings(&["start", "stop"]),
        ["node", "start" | "stop"] => ctx.nodes(),
        ["traffic", .., "--port" | "--count"] => Vec::new(),
        ["traffic", ..] if cur.starts_with('-') => strings(&["--count=", "--port="]),
        ["traffic", rest @ ..] if rest.iter().all(|w| w.starts_with('-')) => {
            match cur.split_once('/') {
                Some((ns, _)) => services(ns).iter().map(|s| format!("{ns}/{s}")).collect(),
                None => services("default"),
            }
        }
        _ => Vec::new(),
    }
}
