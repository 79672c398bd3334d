//! `kubectl set image`: mirrors `kubectl/pkg/cmd/set/set_image.go` (`CONTAINER=IMAGE` pairs,
//! `*` for every container, output `deployment.apps/web image updated`, error
//! `unable to find container named "x"`). Other `set` subcommands are not simulated.

use super::common::{self, flags};
use crate::parse::{flag, FlagKind::*};
use crate::Output;
use podflow_engine::Cluster;
use serde_json::Value;

pub(crate) const SPEC: &[crate::parse::Flag] =
    &[flag("all", None, Bool), flag("selector", Some('l'), Str)];

pub fn run(words: &[String], cluster: &mut Cluster) -> Output {
    let args = match flags("set", words, SPEC) {
        Ok(a) => a,
        Err(o) => return o,
    };
    let Some((sub, rest)) = args.positional.split_first() else {
        return crate::help::for_verb("set");
    };
    if sub != "image" {
        return Output::error(format!(
            "podflow does not support \"kubectl set {sub}\" yet"
        ));
    }
    let (pairs, res): (Vec<String>, Vec<String>) =
        rest.iter().cloned().partition(|w| w.contains('='));
    if res.is_empty() {
        return common::no_resources();
    }
    if pairs.is_empty() {
        return common::usage_error("set image", "at least one image update is required");
    }
    let targets = match super::label::resolve_targets(&res, &args, cluster) {
        Ok(t) => t,
        Err(o) => return o,
    };
    let mut out = Output::default();
    for (info, obj) in targets {
        let ptr = if info.resource == "pods" {
            "/spec/containers"
        } else {
            "/spec/template/spec/containers"
        };
        let mut v = serde_json::to_value(&*obj).unwrap_or_default();
        if v.pointer(ptr).and_then(Value::as_array).is_none() {
            continue;
        }
        if let Some(name) = set_images(&mut v, ptr, &pairs) {
            out.stderr.push_str(&format!(
                "error: unable to find container named \"{name}\"\n"
            ));
            out.exit_code = 1;
            continue;
        }
        // Upstream sends a patch, applied to the newest copy: re-read and retry on a conflict,
        // as the scheduler or a controller may write the object while the request travels.
        let edit = |v: &mut Value| {
            set_images(v, ptr, &pairs);
        };
        match common::update_json(cluster, &obj, edit) {
            Ok(_) => out.stdout.push_str(&format!(
                "{}/{} image updated\n",
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

/// Sets each `CONTAINER=IMAGE` pair on the containers at `ptr`; returns a name not found.
fn set_images(v: &mut Value, ptr: &str, pairs: &[String]) -> Option<String> {
    let containers = v.pointer_mut(ptr).and_then(Value::as_array_mut)?;
    let mut missing = None;
    for p in pairs {
        let (name, image) = p.split_once('=').unwrap_or((p, ""));
        let mut found = false;
        for c in containers.iter_mut() {
            if name == "*" || c["name"] == name {
                c["image"] = Value::String(image.to_string());
                found = true;
            }
        }
        if !found {
            missing = Some(name.to_string());
        }
    }
    missing
}
