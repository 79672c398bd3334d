//! `kubectl wait --for=delete|create|condition=NAME[=VALUE]|jsonpath='{...}'[=VALUE]`.
//!
//! Mirrors `kubectl/pkg/cmd/wait/` (`conditionFuncFor`, `IsDeleted`, `ConditionalWait`,
//! `JSONPathWait`, `extendErrWaitTimeout`): the objects are waited for one after another
//! within one `--timeout` (default 30s; 0 checks once; negative means a week), and each
//! prints `<kind>/<name> condition met`. Where kubectl blocks on a watch, Podflow runs the
//! cluster's virtual clock event by event until the condition holds or time runs out, so the
//! wait takes the virtual time it would take on a real cluster. Left out: `-f FILE`.

use super::common::{self, flags};
use crate::parse::{flag, Args, FlagKind::*};
use crate::Output;
use podflow_engine::api::registry::KindInfo;
use podflow_engine::api::Object;
use podflow_engine::{Cluster, SimDuration, SimTime};
use serde_json::Value;
use std::sync::Arc;

pub(crate) const SPEC: &[crate::parse::Flag] = &[
    flag("for", None, Str),
    flag("timeout", None, Str),
    flag("selector", Some('l'), Str),
    flag("all", None, Bool),
];

const USAGE: &str = "wait ([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=delete|--for condition=available|--for=jsonpath='{}'[=value]]";

/// What `--for` asks.
#[derive(Debug, PartialEq)]
enum Condition {
    Delete,
    Create,
    /// A `status.conditions[]` entry of this type with this status (case-insensitive).
    Status(String, String),
    /// A JSONPath and the value it must print (any value when `None`).
    JsonPath(String, Option<String>),
}

pub fn run(words: &[String], cluster: &mut Cluster) -> Output {
    let args = match flags("wait", words, SPEC) {
        Ok(a) => a,
        Err(o) => return o,
    };
    let cond = match condition(args.get("for").unwrap_or("")) {
        Ok(c) => c,
        Err(e) => return Output::error(e),
    };
    let timeout = match timeout(args.get("timeout")) {
        Ok(t) => t,
        Err(e) => return Output::error(e),
    };
    let targets = match targets(&args, cluster) {
        Ok(t) => t,
        Err(o) => return o,
    };
    if targets.is_empty() && cond != Condition::Delete {
        return if args.positional.is_empty() {
            common::usage_error("wait", USAGE)
        } else {
            Output::error("no matching resources found")
        };
    }
    let deadline = timeout.map(|t| cluster.now() + t);
    let mut out = Output::default();
    for (info, ns, name) in targets {
        match wait_one(cluster, info, &ns, &name, &cond, deadline) {
            Ok(true) => out.stdout.push_str(&format!(
                "{}/{name} condition met\n",
                common::kind_prefix(info)
            )),
            Ok(false) => {}
            Err(e) => {
                out.stderr.push_str(&e);
                out.exit_code = 1;
                return out;
            }
        }
    }
    out
}

fn condition(text: &str) -> Result<Condition, String> {
    if text.eq_ignore_ascii_case("delete") {
        return Ok(Condition::Delete);
    }
    if text.eq_ignore_ascii_case("create") {
        return Ok(Condition::Create);
    }
    if let Some(rest) = text.strip_prefix("condition=") {
        let (name, value) = rest.split_once('=').unwrap_or((rest, "true"));
        return Ok(Condition::Status(name.to_string(), value.to_string()));
    }
    if let Some(rest) = text.strip_prefix("jsonpath=") {
        let parts: Vec<&str> = rest.split('=').collect();
        if parts.len() > 2 {
            return Err("jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'".into());
        }
        let expr = relaxed(parts[0].trim_matches(['\'', '"']));
        if expr.is_empty() {
            return Err("jsonpath expression cannot be empty".into());
        }
        let value = match parts.get(1) {
            Some(&"") => return Err("jsonpath wait value cannot be empty".into()),
            Some(v) => Some(v.trim_matches(['\'', '"']).to_string()),
            None => None,
        };
        return Ok(Condition::JsonPath(expr, value));
    }
    Err(format!("unrecognized condition: \"{text}\""))
}

/// `RelaxedJSONPathExpression`: `{.a.b}`, `.a.b` and `a.b` all name the same path.
fn relaxed(expr: &str) -> String {
    let inner = expr.trim().trim_start_matches('{').trim_end_matches('}');
    inner.trim().trim_start_matches('.').to_string()
}

/// `None` checks once (`--timeout=0`).
fn timeout(text: Option<&str>) -> Result<Option<SimDuration>, String> {
    let Some(t) = text else {
        return Ok(Some(SimDuration::from_secs(30)));
    };
    if t.starts_with('-') {
        return Ok(Some(SimDuration::from_secs(168 * 3600)));
    }
    if t.trim_end_matches(['s', 'm', 'h'])
        .chars()
        .all(|c| c == '0')
    {
        return Ok(None);
    }
    SimDuration::parse(t).map(Some).ok_or_else(|| {
        format!("invalid argument \"{t}\" for \"--timeout\" flag: time: invalid duration \"{t}\"")
    })
}

/// The named objects, or a type's objects with `-l` / `--all`: (kind, namespace, name).
fn targets(
    args: &Args,
    cluster: &Cluster,
) -> Result<Vec<(&'static KindInfo, String, String)>, Output> {
    if args.has("selector") || args.bool("all", false) {
        let Some(kind) = args.positional.first() else {
            return Err(common::no_resources());
        };
        let info = common::resolve(kind)?;
        let sel = common::selector(args)?;
        let ns = common::namespace_for(info, args);
        let scope = info.namespaced.then_some(ns.as_str());
        return Ok(common::list(cluster, info.kind, scope, &sel)
            .iter()
            .map(|o| (info, ns.clone(), o.meta().name.clone()))
            .collect());
    }
    Ok(common::targets(&args.positional)?
        .into_iter()
        .map(|(info, name)| (info, common::namespace_for(info, args), name))
        .collect())
}

/// Runs the clock until `cond` holds for one object. `Ok(false)`: nothing to report (a
/// `delete` wait on an object already gone). `Err`: kubectl's error text.
fn wait_one(
    cluster: &mut Cluster,
    info: &'static KindInfo,
    ns: &str,
    name: &str,
    cond: &Condition,
    deadline: Option<SimTime>,
) -> Result<bool, String> {
    let first = common::get(cluster, info, ns, name);
    let object_name = format!("{}/{name}", info.resource);
    match (cond, &first) {
        (Condition::Delete, None) => return Ok(false),
        (Condition::Status(..) | Condition::JsonPath(..), None) => {
            return Err(common::not_found(info, name))
        }
        _ => {}
    }
    let uid = first.as_ref().map(|o| o.meta().uid.clone());
    let met = |cluster: &Cluster| -> Result<bool, String> {
        let now = common::get(cluster, info, ns, name);
        match cond {
            Condition::Delete => Ok(now.is_none_or(|o| Some(&o.meta().uid) != uid.as_ref())),
            Condition::Create => Ok(now.is_some()),
            _ => match now {
                None => Err(common::not_found(info, name)),
                Some(o) => Ok(holds(&o, cond)),
            },
        }
    };
    let Some(deadline) = deadline else {
        return match met(cluster)? {
            true => Ok(true),
            false => Err(format!("error: condition not met for {object_name}\n")),
        };
    };
    // Most events touch other objects: look again only when this one was written.
    let version =
        |c: &Cluster| common::get(c, info, ns, name).map(|o| o.meta().resource_version.clone());
    let mut seen = None;
    loop {
        let now = Some(version(cluster));
        if now != seen {
            if met(cluster)? {
                return Ok(true);
            }
            seen = now;
        }
        if !cluster.step_before(deadline) {
            let left = deadline.saturating_sub(cluster.now());
            cluster.advance(left);
            return Err(format!(
                "error: timed out waiting for the condition on {object_name}\n"
            ));
        }
    }
}

fn holds(obj: &Arc<Object>, cond: &Condition) -> bool {
    let v = serde_json::to_value(&**obj).unwrap_or(Value::Null);
    match cond {
        Condition::Status(name, want) => status_condition(&v, name, want),
        Condition::JsonPath(expr, want) => {
            let found = super::get::eval_path(&v, expr);
            match (found.as_slice(), want) {
                ([], _) => false,
                ([_], None) => true,
                ([one], Some(want)) => {
                    let text = match one {
                        Value::String(s) => s.clone(),
                        Value::Object(_) | Value::Array(_) => return false,
                        other => other.to_string(),
                    };
                    text.trim() == want.trim()
                }
                _ => false,
            }
        }
        Condition::Delete | Condition::Create => false,
    }
}

/// `ConditionalWait.checkCondition`, with its observedGeneration guard.
fn status_condition(v: &Value, name: &str, want: &str) -> bool {
    let Some(conditions) = v.pointer("/status/conditions").and_then(Value::as_array) else {
        return false;
    };
    let generation = v.pointer("/metadata/generation").and_then(Value::as_i64);
    for c in conditions {
        let ty = c.get("type").and_then(Value::as_str).unwrap_or("");
        let Some(status) = c.get("status").and_then(Value::as_str) else {
            continue;
        };
        if !ty.eq_ignore_ascii_case(name) {
            continue;
        }
        let observed = c
            .get("observedGeneration")
            .or(v.pointer("/status/observedGeneration"))
            .and_then(Value::as_i64);
        if let (Some(g), Some(o)) = (generation, observed) {
            if o < g {
                return false;
            }
        }
        return status.eq_ignore_ascii_case(want);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::run_line as kubectl;

    #[test]
    fn waits_in_virtual_time_until_the_pod_is_ready() {
        let mut c = Cluster::new(1);
        kubectl(&mut c, "kubectl run web --image=nginx");
        let before = c.now();
        let out = kubectl(&mut c, "kubectl wait --for=condition=Ready pod/web");
        assert_eq!(out.combined(), "pod/web condition met\n");
        let waited = c.now().saturating_sub(before).as_millis();
        assert!(waited > 1000 && waited < 30_000, "waited {waited} ms");
        let out = kubectl(&mut c, "kubectl get pod web -o jsonpath={.status.phase}");
        assert_eq!(out.stdout, "Running");
    }

    #[test]
    fn times_out_with_kubectls_error_after_the_timeout() {
        let mut c = Cluster::new(1);
        kubectl(&mut c, "kubectl run web --image=nginx");
        let before = c.now();
        let out = kubectl(
            &mut c,
            "kubectl wait --for=jsonpath={.status.phase}=Succeeded pod/web --timeout=20s",
        );
        assert_eq!(
            out.combined(),
            "error: timed out waiting for the condition on pods/web\n"
        );
        assert_eq!(out.exit_code, 1);
        assert_eq!(c.now().saturating_sub(before).as_millis(), 20_000);
    }

    #[test]
    fn delete_jsonpath_create_and_errors() {
        let mut c = Cluster::new(1);
        kubectl(
            &mut c,
            "kubectl create deployment web --image=nginx --replicas=2",
        );
        let out = kubectl(
            &mut c,
            "kubectl wait --for=jsonpath='{.status.readyReplicas}'=2 deployment/web",
        );
        assert_eq!(out.combined(), "deployment.apps/web condition met\n");
        let out = kubectl(
            &mut c,
            "kubectl wait --for=condition=Available deploy web --timeout=0",
        );
        assert_eq!(out.combined(), "deployment.apps/web condition met\n");
        let out = kubectl(&mut c, "kubectl wait --for=condition=Ready pods -l app=web");
        assert_eq!(out.stdout.lines().count(), 2, "{}", out.combined());
        kubectl(&mut c, "kubectl run solo --image=nginx");
        kubectl(&mut c, "kubectl delete pod solo --wait=false");
        let out = kubectl(&mut c, "kubectl wait --for=delete pod/solo --timeout=60s");
        assert_eq!(out.combined(), "pod/solo condition met\n");
        let out = kubectl(&mut c, "kubectl wait --for=delete pod/gone");
        assert_eq!((out.combined().as_str(), out.exit_code), ("", 0));
        let out = kubectl(&mut c, "kubectl wait --for=condition=Ready pod/gone");
        assert_eq!(
            out.combined(),
            "Error from server (NotFound): pods \"gone\" not found\n"
        );
        let out = kubectl(&mut c, "kubectl wait --for=ready pod/x");
        assert_eq!(out.combined(), "error: unrecognized condition: \"ready\"\n");
        let out = kubectl(
            &mut c,
            "kubectl wait --for=condition=Ready pods -l app=nope",
        );
        assert_eq!(out.combined(), "error: no matching resources found\n");
        let out = kubectl(
            &mut c,
            "kubectl wait --for=condition=Ready pod/late --timeout=0",
        );
        assert_eq!(
            out.combined(),
            "Error from server (NotFound): pods \"late\" not found\n"
        );
        kubectl(&mut c, "kubectl run late --image=nginx");
        let out = kubectl(
            &mut c,
            "kubectl wait --for=condition=Ready pod/late --timeout=0",
        );
        assert_eq!(out.combined(), "error: condition not met for pods/late\n");
        let out = kubectl(&mut c, "kubectl wait --for=create pod/late");
        assert_eq!(out.combined(), "pod/late condition met\n");
    }
}
