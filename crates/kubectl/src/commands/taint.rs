//! `kubectl taint`.
//!
//! Mirrors `kubectl/pkg/cmd/taint/taint.go` and `utils.go` (`parseTaints`, `parseTaint`,
//! `reorganizeTaints`, `checkIfTaintsAlreadyExists`): resources first, then taint specs;
//! new taints go before existing ones; output `node/<n> tainted|untainted|modified`.

use super::common::{self, flags};
use crate::parse::{flag, FlagKind::*};
use crate::Output;
use podflow_engine::api::node::Taint;
use podflow_engine::api::Object;
use podflow_engine::Cluster;

pub(crate) const SPEC: &[crate::parse::Flag] = &[
    flag("overwrite", None, Bool),
    flag("all", None, Bool),
    flag("selector", Some('l'), Str),
    flag("dry-run", None, Str),
];

const NAME_ERR: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

fn usage(msg: &str) -> Output {
    Output::stderr(format!(
        "error: {msg}\nSee 'kubectl taint -h' for help and examples\n"
    ))
}

fn valid_name(n: &str) -> bool {
    let b = n.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || b"-_.".contains(c))
}

// Mirrors utils.go parseTaint.
fn parse_taint(st: &str) -> Result<Taint, String> {
    let parts: Vec<&str> = st.split(':').collect();
    let (kv, effect) = match parts.as_slice() {
        [k] => (*k, ""),
        [kv, e] => {
            if !["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(e) {
                return Err(format!(
                    "invalid taint effect: {e}, unsupported taint effect"
                ));
            }
            (*kv, *e)
        }
        _ => return Err(format!("invalid taint spec: {st}")),
    };
    let (key, value) = if parts.len() == 2 {
        let kvs: Vec<&str> = kv.split('=').collect();
        match kvs.as_slice() {
            [k] => (*k, ""),
            [k, v] => (*k, *v),
            _ => return Err(format!("invalid taint spec: {st}")),
        }
    } else {
        (kv, "")
    };
    let name = key.rsplit('/').next().unwrap_or(key);
    if !valid_name(name) {
        return Err(format!("invalid taint spec: {st}, {NAME_ERR}"));
    }
    Ok(Taint {
        key: key.into(),
        value: value.into(),
        effect: effect.into(),
        time_added: None,
    })
}

fn parse_taints(specs: &[String]) -> Result<(Vec<Taint>, Vec<Taint>), String> {
    let (mut add, mut remove) = (Vec::new(), Vec::new());
    for s in specs {
        if let Some(r) = s.strip_suffix('-') {
            remove.push(parse_taint(r)?);
        } else {
            let t = parse_taint(s)?;
            if t.effect.is_empty() {
                return Err(format!("invalid taint spec: {s}"));
            }
            if add
                .iter()
                .any(|a: &Taint| a.key == t.key && a.effect == t.effect)
            {
                return Err(format!(
                    "duplicated taints with the same key and effect: {t}"
                ));
            }
            add.push(t);
        }
    }
    Ok((add, remove))
}

pub fn run(words: &[String], cluster: &mut Cluster) -> Output {
    let args = match flags("taint", words, SPEC) {
        Ok(a) => a,
        Err(o) => return o,
    };
    let mut resources = Vec::new();
    let mut specs = Vec::new();
    for s in &args.positional {
        let is_taint = s.contains('=') || s.contains(':') || s.ends_with('-');
        match (is_taint, specs.is_empty()) {
            (true, _) => specs.push(s.clone()),
            (false, true) => resources.push(s.clone()),
            (false, false) => {
                return Output::error(format!(
                    "all resources must be specified before taint changes: {s}"
                ))
            }
        }
    }
    if resources.is_empty() {
        return Output::error("one or more resources must be specified as <resource> <name>");
    }
    if specs.is_empty() {
        return Output::error("at least one taint update is required");
    }
    let (add, remove) = match parse_taints(&specs) {
        Ok(x) => x,
        Err(e) => return usage(&e),
    };
    let type_ = resources[0].split('/').next().unwrap_or("");
    if !matches!(type_, "node" | "nodes" | "no") {
        return Output::error(format!(
            "invalid resource type {type_}, only node types are supported"
        ));
    }
    let targets = match super::label::resolve_targets(&resources, &args, cluster) {
        Ok(t) => t,
        Err(o) => return o,
    };
    let mut out = Output::default();
    for (_, obj) in targets {
        match taint_one(cluster, &obj, &add, &remove, args.bool("overwrite", false)) {
            Ok(line) => out.stdout.push_str(&line),
            Err(e) => {
                out.stderr.push_str(&format!("error: {e}\n"));
                out.exit_code = 1;
            }
        }
    }
    out
}

// Mirrors taint.go updateTaints and utils.go reorganizeTaints.
fn taint_one(
    cluster: &mut Cluster,
    obj: &Object,
    add: &[Taint],
    remove: &[Taint],
    overwrite: bool,
) -> Result<String, String> {
    let Object::Node(node) = obj else {
        return Err("unexpected type, expected Node".into());
    };
    let old = &node.spec.taints;
    if !overwrite {
        let exists: Vec<&str> = add
            .iter()
            .filter(|t| old.iter().any(|o| o.key == t.key && o.effect == t.effect))
            .map(|t| t.key.as_str())
            .collect();
        if !exists.is_empty() {
            return Err(format!(
                "node {} already has {} taint(s) with same effect(s) and --overwrite is false",
                node.metadata.name,
                exists.join(",")
            ));
        }
    }
    let mut next: Vec<Taint> = add.to_vec();
    for o in old {
        if !next.iter().any(|t| t.key == o.key && t.effect == o.effect) {
            next.push(o.clone());
        }
    }
    let added = old.len() != next.len();
    let mut errors = Vec::new();
    let mut deleted = false;
    for r in remove {
        let before = next.len();
        next.retain(|t| !(t.key == r.key && (r.effect.is_empty() || t.effect == r.effect)));
        deleted = next.len() != before;
        if !deleted {
            errors.push(format!("taint \"{r}\" not found"));
        }
    }
    if !errors.is_empty() {
        return Err(errors.join(", "));
    }
    let op = if (added && deleted) || overwrite {
        "modified"
    } else if added {
        "tainted"
    } else {
        "untainted"
    };
    let taints = serde_json::to_value(&next).unwrap_or_default();
    common::update_json(cluster, obj, |v| v["spec"]["taints"] = taints.clone())
        .map_err(|e| e.message)?;
    Ok(format!("node/{} {op}\n", node.metadata.name))
}
