//! `kubectl expose`: mirrors `kubectl/pkg/cmd/expose/expose.go` and the service generator:
//! the selector comes from the object (a deployment's `matchLabels`, a pod's labels), the port
//! from `--port` or the first container port, `--target-port`, `--type`, `--name`,
//! `--node-port`; output `service/<name> exposed`.

use super::common::{self, flags};
use crate::parse::{flag, FlagKind::*};
use crate::Output;
use podflow_engine::network::Verb;
use podflow_engine::Cluster;
use serde_json::{json, Value};

pub(crate) const SPEC: &[crate::parse::Flag] = &[
    flag("port", None, Str),
    flag("target-port", None, Str),
    flag("type", None, Str),
    flag("name", None, Str),
    flag("protocol", None, Str),
    flag("selector", None, Str),
    flag("node-port", None, Int),
];

pub fn run(words: &[String], cluster: &mut Cluster) -> Output {
    let args = match flags("expose", words, SPEC) {
        Ok(a) => a,
        Err(o) => return o,
    };
    if args.positional.is_empty() {
        return common::no_resources();
    }
    let targets = match super::label::resolve_targets(&args.positional, &args, cluster) {
        Ok(t) => t,
        Err(o) => return o,
    };
    let mut out = Output::default();
    for (info, obj) in targets {
        let v = serde_json::to_value(&*obj).unwrap_or_default();
        let selector = match info.resource {
            "pods" => v.pointer("/metadata/labels").cloned(),
            "services" | "replicationcontrollers" => v.pointer("/spec/selector").cloned(),
            _ => v.pointer("/spec/selector/matchLabels").cloned(),
        };
        let Some(selector) = selector.filter(|s| s.as_object().is_some_and(|m| !m.is_empty()))
        else {
            out.stderr.push_str(&format!("error: couldn't retrieve selectors via --selector flag or introspection: the {} has no labels\n", info.singular));
            out.exit_code = 1;
            continue;
        };
        let ports_ptr = if info.resource == "pods" {
            "/spec/containers"
        } else {
            "/spec/template/spec/containers"
        };
        let first_port = v
            .pointer(ports_ptr)
            .and_then(Value::as_array)
            .and_then(|cs| {
                cs.iter()
                    .find_map(|c| c["ports"][0]["containerPort"].as_i64())
            });
        let port = match args
            .get("port")
            .and_then(|p| p.parse::<i64>().ok())
            .or(first_port)
        {
            Some(p) => p,
            None => {
                out.stderr.push_str("error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples\n");
                out.exit_code = 1;
                continue;
            }
        };
        let target: Value = match args.get("target-port") {
            Some(t) => t
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or(Value::String(t.into())),
            None => Value::from(port),
        };
        let name = args.get("name").unwrap_or(&obj.meta().name).to_string();
        let mut p = json!({"port": port, "protocol": args.get("protocol").unwrap_or("TCP"), "targetPort": target});
        if let Some(np) = args.get("node-port").and_then(|n| n.parse::<i64>().ok()) {
            p["nodePort"] = json!(np);
        }
        let mut svc = json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": name, "namespace": obj.meta().namespace},
            "spec": {"ports": [p], "selector": selector}
        });
        if !obj.meta().labels.is_empty() {
            svc["metadata"]["labels"] = json!(obj.meta().labels);
        }
        if let Some(t) = args.get("type") {
            svc["spec"]["type"] = Value::String(t.into());
        }
        match cluster.request(Verb::CreateRaw(svc)) {
            Ok(_) => out.stdout.push_str(&format!("service/{name} exposed\n")),
            Err(e) => {
                out.stderr.push_str(&format!("{}\n", e.kubectl_text()));
                out.exit_code = 1;
            }
        }
    }
    out
}
