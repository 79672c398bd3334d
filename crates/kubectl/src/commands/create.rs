//! `kubectl create`: `-f FILE`, and the generators `deployment`, `namespace`, `service
//! clusterip|nodeport`, `job`.
//!
//! Mirrors `kubectl/pkg/cmd/create/create.go`, `create_deployment.go` (labels `app: <name>`,
//! container named after the image, `--replicas`, `--port`), `create_namespace.go`,
//! `create_service.go` (`--tcp=port[:targetPort]`, port name `<port>-<targetPort>`,
//! `--node-port`) and `create_job.go` (`restartPolicy: Never`, command after `--`).

use super::apply::{print_failures, read_docs, Failure};
use super::common::{self, flags};
use crate::parse::{flag, FlagKind::*};
use crate::{FileSource, Output};
use podflow_engine::network::Verb;
use podflow_engine::Cluster;
use serde_json::{json, Value};

pub(crate) const SPEC: &[crate::parse::Flag] = &[
    flag("filename", Some('f'), Str),
    flag("image", None, Str),
    flag("replicas", Some('r'), Int),
    flag("port", None, Int),
    flag("tcp", None, Str),
    flag("node-port", None, Int),
    flag("dry-run", None, Str),
    flag("output", Some('o'), Str),
    flag("validate", None, Str),
    flag("save-config", None, Bool),
    flag("from-literal", None, Str),
    flag("from-file", None, Str),
    flag("type", None, Str),
];

pub fn run(words: &[String], cluster: &mut Cluster, fs: &dyn FileSource) -> Output {
    let args = match flags("create", words, SPEC) {
        Ok(a) => a,
        Err(o) => return o,
    };
    if args.has("filename") {
        return from_files(&args, cluster, fs);
    }
    let ns = args.namespace().unwrap_or("default").to_string();
    let verb = args.positional.first().map(String::as_str);
    if matches!(verb, Some("deployment" | "deploy")) && !args.has("image") {
        return common::required_flag(cluster, "image");
    }
    let (mut obj, prefix) = match generate(&args, fs) {
        Ok(x) => x,
        Err(o) => return o,
    };
    let dry = match common::dry_run(&args) {
        Ok(d) => d,
        Err(o) => return o,
    };
    if let Some(mode) = dry {
        // The generators leave the namespace out unless one was given.
        if args.namespace().is_some() && obj["kind"] != "Namespace" {
            obj["metadata"]["namespace"] = Value::String(ns);
        }
        return common::print_dry_run(&obj, prefix, mode, args.get("output"));
    }
    if obj["kind"] != "Namespace" {
        obj["metadata"]["namespace"] = Value::String(ns);
    }
    // Mirrors the generators' `failed to create <what>: <err>` wrapping.
    let what = match prefix {
        "deployment.apps" => Some("deployment".to_string()),
        "job.batch" => Some("job".to_string()),
        "service" => obj["spec"]["type"].as_str().map(|t| format!("{t} service")),
        _ => None,
    };
    match cluster.request(Verb::CreateRaw(obj)) {
        Ok(o) => Output::ok(format!("{prefix}/{} created\n", o.meta().name)),
        Err(e) => match what {
            Some(w) => Output::error(format!("failed to create {w}: {}", e.message)),
            None => common::api_error(&e),
        },
    }
}

fn from_files(args: &crate::parse::Args, cluster: &mut Cluster, fs: &dyn FileSource) -> Output {
    if let Err(o) = super::validate::mode(args) {
        return o;
    }
    let mut out = Output::default();
    let mut failures = Vec::new();
    for f in args.all("filename") {
        let docs = match read_docs(&f, fs) {
            Ok(d) => d,
            Err(o) => return o,
        };
        for doc in docs {
            let v = match doc {
                Ok(v) => v,
                Err(e) => {
                    failures.push(Failure::Client(format!("error parsing {f}: {e}")));
                    continue;
                }
            };
            let (info, ns, _) = match super::apply::identify(&v, args, &f) {
                Ok(x) => x,
                Err(o) => {
                    out.stderr.push_str(&o.stderr);
                    out.exit_code = 1;
                    continue;
                }
            };
            let mut v = v;
            if info.namespaced {
                v["metadata"]["namespace"] = Value::String(ns);
            }
            let mode = match super::validate::mode(args) {
                Ok(m) => m,
                Err(o) => return o,
            };
            let mut warnings = String::new();
            let sent = super::validate::send(cluster, v, mode, Verb::CreateRaw, &mut warnings);
            out.note(&warnings);
            match sent {
                Ok(o) => out.stdout.push_str(&format!(
                    "{}/{} created\n",
                    common::kind_prefix(info),
                    o.meta().name
                )),
                Err(e) => failures.push(Failure::Server(e, format!("error when creating \"{f}\""))),
            }
        }
    }
    print_failures(&mut out, &failures);
    out
}

/// The object a `create <generator>` builds, and the kind prefix of its output line.
fn generate(
    args: &crate::parse::Args,
    fs: &dyn FileSource,
) -> Result<(Value, &'static str), Output> {
    let pos = &args.positional;
    Ok(match pos.first().map(String::as_str) {
        Some("deployment" | "deploy") => match deployment(args) {
            Ok(o) => (o, "deployment.apps"),
            Err(o) => return Err(o),
        },
        Some("namespace" | "ns") => match pos.get(1) {
            Some(n) => (
                json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": n}}),
                "namespace",
            ),
            None => {
                return Err(common::usage_error(
                    "create namespace",
                    "exactly one NAME is required, got 0",
                ))
            }
        },
        Some("service" | "svc") => match service(args) {
            Ok(o) => (o, "service"),
            Err(o) => return Err(o),
        },
        Some("configmap" | "cm") => (super::create_config::configmap(args, fs)?, "configmap"),
        Some("secret") => (super::create_config::secret(args, fs)?, "secret"),
        Some("job") => match job(args) {
            Ok(o) => (o, "job.batch"),
            Err(o) => return Err(o),
        },
        Some(other) => {
            return Err(Output::error(format!(
                "podflow does not support \"kubectl create {other}\" yet"
            )))
        }
        None => return Err(Output::error("must specify one of -f and -k")),
    })
}

/// The container name `create deployment` derives from an image: no registry, tag or digest.
fn container_name(image: &str) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    let last = last.split('@').next().unwrap_or(last);
    last.split(':').next().unwrap_or(last).to_string()
}

// Mirrors create_deployment.go createDeployment.
fn deployment(args: &crate::parse::Args) -> Result<Value, Output> {
    let Some(name) = args.positional.get(1) else {
        return Err(common::usage_error(
            "create deployment",
            "NAME is required for deployment",
        ));
    };
    let images = args.all("image");
    if images.is_empty() {
        return Err(Output::stderr(
            "error: required flag(s) \"image\" not set\n".to_string(),
        ));
    }
    let port = args.get("port").and_then(|p| p.parse::<i64>().ok());
    let containers: Vec<Value> = images
        .iter()
        .map(|img| {
            let mut c = json!({"image": img, "name": container_name(img), "resources": {}});
            if let Some(p) = port {
                c["ports"] = json!([{"containerPort": p}]);
            }
            c
        })
        .collect();
    let replicas: i64 = args
        .get("replicas")
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    Ok(json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "labels": {"app": name}},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}}, "strategy": {},
                 "template": {"metadata": {"labels": {"app": name}},
                              "spec": {"containers": containers}}}
    }))
}

// Mirrors create_service.go.
fn service(args: &crate::parse::Args) -> Result<Value, Output> {
    let (type_, name) = match (args.positional.get(1), args.positional.get(2)) {
        (Some(t), Some(n)) => (t.as_str(), n),
        _ => {
            return Err(common::usage_error(
                "create service",
                "exactly one NAME is required, got 0",
            ))
        }
    };
    let type_ = match type_ {
        "clusterip" => "ClusterIP",
        "nodeport" => "NodePort",
        "loadbalancer" => "LoadBalancer",
        other => {
            return Err(Output::error(format!(
                "podflow does not support \"kubectl create service {other}\" yet"
            )))
        }
    };
    let mut ports = Vec::new();
    for spec in args.all("tcp") {
        let (port, target) = spec.split_once(':').unwrap_or((&spec, &spec));
        let (Ok(p), Ok(t)) = (port.parse::<i64>(), target.parse::<i64>()) else {
            return Err(Output::error(format!("invalid port: {spec}")));
        };
        let mut entry =
            json!({"name": format!("{p}-{t}"), "port": p, "protocol": "TCP", "targetPort": t});
        if let Some(np) = args.get("node-port").and_then(|n| n.parse::<i64>().ok()) {
            entry["nodePort"] = json!(np);
        }
        ports.push(entry);
    }
    if ports.is_empty() && type_ != "ClusterIP" {
        return Err(Output::stderr(
            "error: at least one tcp port specifier must be provided\n".to_string(),
        ));
    }
    Ok(json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": name, "labels": {"app": name}},
        "spec": {"ports": ports, "selector": {"app": name}, "type": type_}
    }))
}

// Mirrors create_job.go createJob.
fn job(args: &crate::parse::Args) -> Result<Value, Output> {
    let Some(name) = args.positional.get(1) else {
        return Err(common::usage_error(
            "create job",
            "NAME is required for job",
        ));
    };
    let Some(image) = args.get("image") else {
        return Err(Output::error("either --image or --from must be specified"));
    };
    let mut c = json!({"image": image, "name": name, "resources": {}});
    if let Some(cmd) = args.after_dash.as_ref().filter(|c| !c.is_empty()) {
        c["command"] = json!(cmd);
    }
    Ok(json!({
        "apiVersion": "batch/v1", "kind": "Job",
        "metadata": {"name": name},
        "spec": {"template": {"metadata": {}, "spec": {"containers": [c], "restartPolicy": "Never"}}}
    }))
}
