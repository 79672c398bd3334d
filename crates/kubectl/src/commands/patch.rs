//! `kubectl patch (TYPE NAME | TYPE/NAME) -p PATCH [--type strategic|merge|json]`.
//!
//! Mirrors `kubectl/pkg/cmd/patch/patch.go`: the patch is JSON or YAML (`-p` or
//! `--patch-file`), and prints `deployment.apps/web patched`, or `patched (no change)` when
//! the object is the same afterwards. The merge runs on the client and the result is sent as
//! an update (re-read and retried on a conflict), where upstream sends the patch for the API
//! server to apply: the outcome is the same object. Strategic merge uses the same patch merge
//! keys as `apply` (containers, volumes and env by name, ports, volume mounts) and `null` to
//! delete a field; `$patch` directives are left out. A JSON patch that does not apply is
//! reported in the json-patch crate's words, not the API server's (evanphx/json-patch).

use super::apply_merge::merge_key;
use super::common::{self, flags};
use crate::parse::{flag, FlagKind::*};
use crate::{FileSource, Output};
use podflow_engine::Cluster;
use serde_json::Value;

pub(crate) const SPEC: &[crate::parse::Flag] = &[
    flag("patch", Some('p'), Str),
    flag("patch-file", None, Str),
    flag("type", None, Str),
];

const USAGE: &str = "patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE]";

#[derive(Clone, Copy, PartialEq)]
enum PatchType {
    Strategic,
    Merge,
    Json,
}

pub fn run(words: &[String], cluster: &mut Cluster, fs: &dyn FileSource) -> Output {
    let args = match flags("patch", words, SPEC) {
        Ok(a) => a,
        Err(o) => return o,
    };
    let kind = match args.get("type").unwrap_or("strategic") {
        "strategic" => PatchType::Strategic,
        "merge" => PatchType::Merge,
        "json" => PatchType::Json,
        other => {
            return Output::error(format!(
                "--type must be one of [json merge strategic], not \"{other}\""
            ))
        }
    };
    let text = match (args.get("patch"), args.get("patch-file")) {
        (Some(_), Some(_)) => {
            return Output::error("cannot specify --patch and --patch-file together")
        }
        (Some(p), None) => p.to_string(),
        (None, Some(f)) => match fs.read(f) {
            Ok(t) => t,
            Err(e) => return Output::error(e),
        },
        (None, None) => return common::usage_error("patch", "Must specify -p to patch"),
    };
    let patch = match parse(&text) {
        Ok(v) => v,
        Err(e) => return Output::error(format!("unable to parse \"{text}\": {e}")),
    };
    if args.positional.is_empty() {
        return common::usage_error("patch", USAGE);
    }
    let targets = match super::label::resolve_targets(&args.positional, &args, cluster) {
        Ok(t) => t,
        Err(o) => return o,
    };
    let mut out = Output::default();
    for (info, obj) in targets {
        let before = serde_json::to_value(&*obj).unwrap_or_default();
        // A patch that does not apply is reported once, not retried.
        let mut trial = before.clone();
        if let Err(e) = apply(&mut trial, &patch, kind) {
            out.stderr.push_str(&format!("Error from server: {e}\n"));
            out.exit_code = 1;
            continue;
        }
        let prefix = common::kind_prefix(info);
        let name = &obj.meta().name;
        if trial == before {
            out.stdout
                .push_str(&format!("{prefix}/{name} patched (no change)\n"));
            continue;
        }
        let result = common::update_json(cluster, &obj, |v| {
            let _ = apply(v, &patch, kind);
        });
        match result {
            Ok(_) => out.stdout.push_str(&format!("{prefix}/{name} patched\n")),
            Err(e) => {
                let failed = common::api_error(&e);
                out.stderr.push_str(&failed.stderr);
                out.exit_code = 1;
            }
        }
    }
    out
}

/// JSON, or YAML as kubectl converts it (`yaml.ToJSON`).
fn parse(text: &str) -> Result<Value, String> {
    if let Ok(v) = serde_json::from_str(text) {
        return Ok(v);
    }
    let mut docs = crate::manifest::parse_documents(text);
    match docs.len() {
        1 => docs.remove(0),
        _ => Err("expected one JSON or YAML document".to_string()),
    }
}

fn apply(target: &mut Value, patch: &Value, kind: PatchType) -> Result<(), String> {
    match kind {
        PatchType::Merge => {
            json_patch::merge(target, patch);
            Ok(())
        }
        PatchType::Json => {
            let ops: json_patch::Patch = serde_json::from_value(patch.clone())
                .map_err(|e| format!("json: cannot unmarshal the patch: {e}"))?;
            json_patch::patch(target, &ops).map_err(|e| e.to_string())
        }
        PatchType::Strategic => {
            strategic(target, patch, "");
            Ok(())
        }
    }
}

/// A strategic merge patch: maps merge, `null` deletes, lists with a patch merge key merge
/// element by element, other lists are replaced.
fn strategic(target: &mut Value, patch: &Value, field: &str) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, pv) in p {
                if pv.is_null() {
                    t.remove(k);
                    continue;
                }
                match t.get_mut(k) {
                    Some(tv) if tv.is_object() && pv.is_object() => strategic(tv, pv, k),
                    Some(tv) if tv.is_array() && pv.is_array() => strategic(tv, pv, k),
                    _ => {
                        t.insert(k.clone(), pv.clone());
                    }
                }
            }
        }
        (Value::Array(t), Value::Array(p)) => {
            let Some(key) = p.first().and_then(|s| merge_key(field, s)) else {
                *t = p.clone();
                return;
            };
            for pv in p {
                let id = pv.get(key);
                match t.iter_mut().find(|tv| tv.get(key) == id) {
                    Some(tv) => strategic(tv, pv, field),
                    None => t.push(pv.clone()),
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::run_line as kubectl;

    #[test]
    fn strategic_merge_patches_a_container_by_name() {
        let mut c = Cluster::new(1);
        kubectl(&mut c, "kubectl create deployment web --image=nginx");
        let out = kubectl(
            &mut c,
            r#"kubectl patch deployment web -p '{"spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}}'"#,
        );
        assert_eq!(out.combined(), "deployment.apps/web patched\n");
        let out = kubectl(
            &mut c,
            "kubectl get deploy web -o jsonpath={.spec.replicas}/{.spec.template.spec.containers[0].image}/{.spec.template.spec.containers[0].imagePullPolicy}",
        );
        // The server defaulted the policy for `nginx` (latest) to Always; a patch keeps it.
        assert_eq!(out.stdout, "3/nginx:1.27/Always");
        let out = kubectl(&mut c, "kubectl patch deploy/web -p 'spec: {replicas: 3}'");
        assert_eq!(out.combined(), "deployment.apps/web patched (no change)\n");
    }

    #[test]
    fn merge_and_json_patches_and_their_errors() {
        let mut c = Cluster::new(1);
        kubectl(
            &mut c,
            "kubectl run web --image=nginx --labels=app=web,tier=fe",
        );
        let out = kubectl(
            &mut c,
            r#"kubectl patch pod web --type merge -p '{"metadata":{"labels":{"tier":null}}}'"#,
        );
        assert_eq!(out.combined(), "pod/web patched\n");
        let out = kubectl(&mut c, "kubectl get pod web --show-labels --no-headers");
        assert!(out.stdout.contains(" app=web\n"), "{}", out.stdout);
        let out = kubectl(
            &mut c,
            r#"kubectl patch pod web --type=json -p '[{"op":"replace","path":"/spec/containers/0/image","value":"nginx:1.27"}]'"#,
        );
        assert_eq!(out.combined(), "pod/web patched\n");
        let out = kubectl(
            &mut c,
            r#"kubectl patch pod web --type=json -p '[{"op":"replace","path":"/spec/nodeName","value":"k8s-node-1"}]'"#,
        );
        assert_eq!(out.exit_code, 1, "{}", out.combined());
        assert!(
            out.stderr.starts_with("The Pod \"web\" is invalid:"),
            "{}",
            out.stderr
        );
        let out = kubectl(&mut c, "kubectl patch pod web --type=xml -p '{}'");
        assert_eq!(
            out.combined(),
            "error: --type must be one of [json merge strategic], not \"xml\"\n"
        );
        let out = kubectl(&mut c, "kubectl patch pod nope -p '{}'");
        assert_eq!(
            out.combined(),
            "Error from server (NotFound): pods \"nope\" not found\n"
        );
    }
}
