//! `kubectl scale`: mirrors `kubectl/pkg/cmd/scale/scale.go` (`--replicas` required,
//! `--current-replicas` precondition, output `deployment.apps/web scaled`). Scaling writes
//! `spec.replicas` with an update where upstream uses the scale subresource.

use super::common::{self, flags};
use crate::parse::{flag, FlagKind::*};
use crate::Output;
use podflow_engine::Cluster;

pub(crate) const SPEC: &[crate::parse::Flag] = &[
    flag("replicas", None, Int),
    flag("current-replicas", None, Int),
    flag("all", None, Bool),
    flag("selector", Some('l'), Str),
    flag("timeout", None, Str),
];

pub fn run(words: &[String], cluster: &mut Cluster) -> Output {
    let args = match flags("scale", words, SPEC) {
        Ok(a) => a,
        Err(o) => return o,
    };
    let Some(replicas) = args.get("replicas").and_then(|r| r.parse::<i64>().ok()) else {
        return common::required_flag(cluster, "replicas");
    };
    if replicas < 0 {
        return Output::error(
            "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
        );
    }
    if args.positional.is_empty() {
        return common::no_resources();
    }
    let targets = match super::label::resolve_targets(&args.positional, &args, cluster) {
        Ok(t) => t,
        Err(o) => return o,
    };
    let mut out = Output::default();
    for (info, obj) in targets {
        if !matches!(
            info.resource,
            "deployments" | "replicasets" | "statefulsets" | "replicationcontrollers"
        ) {
            out.stderr.push_str(&format!(
                "error: no objects passed to scale {} \"{}\" is not scalable\n",
                common::group_resource(info),
                obj.meta().name
            ));
            out.exit_code = 1;
            continue;
        }
        let v = serde_json::to_value(&*obj).unwrap_or_default();
        if let Some(cur) = args
            .get("current-replicas")
            .and_then(|c| c.parse::<i64>().ok())
        {
            let have = v
                .pointer("/spec/replicas")
                .and_then(|r| r.as_i64())
                .unwrap_or(1);
            if have != cur {
                out.stderr.push_str(&format!(
                    "error: Expected replicas to be {cur}, was {have}\n"
                ));
                out.exit_code = 1;
                continue;
            }
        }
        match common::update_json(cluster, &obj, |v| v["spec"]["replicas"] = replicas.into()) {
            Ok(_) => out.stdout.push_str(&format!(
                "{}/{} scaled\n",
                common::kind_prefix(info),
                obj.meta().name
            )),
            Err(e) => {
                out.stderr.push_str(&format!("{}\n", e.kubectl_text()));
                out.exit_code = 1;
            }
        }
    }
    out
}
