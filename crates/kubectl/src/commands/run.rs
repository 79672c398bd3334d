//! `kubectl run`: mirrors `kubectl/pkg/cmd/run/run.go` and the pod generator (label
//! `run=<name>`, container named after the pod, `--port`, `--labels`, `--env`, `--restart`,
//! `--command`, arguments after `--`; output `pod/<name> created`). Attaching (`-i`, `-t`,
//! `--rm`) is not simulated.

use super::common::{self, flags};
use crate::parse::{flag, FlagKind::*};
use crate::Output;
use podflow_engine::network::Verb;
use podflow_engine::Cluster;
use serde_json::{json, Value};

pub(crate) const SPEC: &[crate::parse::Flag] = &[
    flag("image", None, Str),
    flag("port", None, Int),
    flag("labels", Some('l'), Str),
    flag("env", None, Str),
    flag("restart", None, Str),
    flag("command", None, Bool),
    flag("image-pull-policy", None, Str),
    flag("dry-run", None, Str),
    flag("output", Some('o'), Str),
    flag("stdin", Some('i'), Bool),
    flag("tty", Some('t'), Bool),
    flag("rm", None, Bool),
];

pub fn run(words: &[String], cluster: &mut Cluster) -> Output {
    let args = match flags("run", words, SPEC) {
        Ok(a) => a,
        Err(o) => return o,
    };
    // cobra checks required flags before the command runs.
    let Some(image) = args.get("image") else {
        return common::required_flag(cluster, "image");
    };
    let Some(name) = args.positional.first() else {
        return common::usage_error("run", "NAME is required for run");
    };
    if args.bool("stdin", false) || args.bool("tty", false) {
        return Output::error(
            "podflow does not support attaching to a container (\"kubectl run -i/-t\") yet",
        );
    }
    let mut labels = serde_json::Map::new();
    match args.get("labels") {
        Some(l) => {
            for kv in l.split(',') {
                let Some((k, v)) = kv.split_once('=') else {
                    return Output::error(format!("invalid label spec: {kv}"));
                };
                labels.insert(k.into(), Value::String(v.into()));
            }
        }
        None => {
            labels.insert("run".into(), Value::String(name.clone()));
        }
    }
    let mut c = json!({"image": image, "name": name, "resources": {}});
    if let Some(p) = args.get("port").and_then(|p| p.parse::<i64>().ok()) {
        c["ports"] = json!([{"containerPort": p}]);
    }
    let env: Vec<Value> = args
        .all("env")
        .iter()
        .filter_map(|e| e.split_once('='))
        .map(|(k, v)| json!({"name": k, "value": v}))
        .collect();
    if !env.is_empty() {
        c["env"] = Value::Array(env);
    }
    if let Some(p) = args.get("image-pull-policy") {
        c["imagePullPolicy"] = Value::String(p.into());
    }
    if let Some(rest) = args.after_dash.as_ref().filter(|r| !r.is_empty()) {
        let key = if args.bool("command", false) {
            "command"
        } else {
            "args"
        };
        c[key] = json!(rest);
    }
    let restart = args.get("restart").unwrap_or("Always");
    let ns = args.namespace().unwrap_or("default");
    let mut pod = json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "labels": labels},
        "spec": {"containers": [c], "dnsPolicy": "ClusterFirst", "restartPolicy": restart}
    });
    let dry = match common::dry_run(&args) {
        Ok(d) => d,
        Err(o) => return o,
    };
    if args.namespace().is_some() || dry.is_none() {
        pod["metadata"]["namespace"] = Value::String(ns.to_string());
    }
    if let Some(mode) = dry {
        return common::print_dry_run(&pod, "pod", mode, args.get("output"));
    }
    match cluster.request(Verb::CreateRaw(pod)) {
        Ok(o) => Output::ok(format!("pod/{} created\n", o.meta().name)),
        Err(e) => common::api_error(&e),
    }
}
