//! `kubectl create configmap NAME` and `kubectl create secret generic NAME`, from
//! `--from-literal=key=value` and `--from-file=[key=]path`.
//!
//! Mirrors `kubectl/pkg/cmd/create/create_configmap.go` and `create_secret.go`
//! (`handleConfigMapFromLiteralSources`, `handleConfigMapFromFileSources`, their errors, the
//! Secret's values in base64, `type` only with `--type`). Left out: `--from-env-file`, a
//! directory as `--from-file`, `binaryData`, and the `docker-registry` and `tls` secrets.

use super::common;
use crate::parse::Args;
use crate::{FileSource, Output};
use podflow_engine::api::config::base64_encode;
use serde_json::{json, Map, Value};

/// The data of `--from-file` then `--from-literal`, with kubectl's errors.
fn data(
    args: &Args,
    fs: &dyn FileSource,
    kind: &str,
    name: &str,
) -> Result<Map<String, Value>, Output> {
    let mut data = Map::new();
    let add = |key: String, value: String, data: &mut Map<String, Value>| {
        if data.contains_key(&key) {
            return Err(Output::error(format!(
                "cannot add key \"{key}\", another key by that name already exists in Data for {kind} \"{name}\""
            )));
        }
        data.insert(key, Value::String(value));
        Ok(())
    };
    for source in args.all("from-file") {
        let (key, path) = match source.split_once('=') {
            Some((k, p)) => (k.to_string(), p.to_string()),
            None => {
                let base = source.rsplit('/').next().unwrap_or(&source).to_string();
                (base, source.clone())
            }
        };
        let text = fs.read(&path).map_err(Output::error)?;
        add(key, text, &mut data)?;
    }
    for source in args.all("from-literal") {
        let Some((k, v)) = source.split_once('=') else {
            return Err(Output::error(format!(
                "invalid literal source {source}, expected key=value"
            )));
        };
        // A value may be quoted on the command line as well as by the shell.
        let v = v.trim_matches(|c| c == '"' || c == '\'');
        add(k.to_string(), v.to_string(), &mut data)?;
    }
    Ok(data)
}

pub fn configmap(args: &Args, fs: &dyn FileSource) -> Result<Value, Output> {
    let Some(name) = args.positional.get(1) else {
        return Err(common::usage_error(
            "create configmap",
            "exactly one NAME is required, got 0",
        ));
    };
    let data = data(args, fs, "ConfigMap", name)?;
    let mut cm = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}});
    if !data.is_empty() {
        cm["data"] = Value::Object(data);
    }
    Ok(cm)
}

pub fn secret(args: &Args, fs: &dyn FileSource) -> Result<Value, Output> {
    match args.positional.get(1).map(String::as_str) {
        Some("generic") => {}
        Some(other @ ("docker-registry" | "tls")) => {
            return Err(Output::error(format!(
                "podflow does not support \"kubectl create secret {other}\" yet"
            )))
        }
        Some(other) => {
            return Err(Output::error(format!(
                "unknown command \"{other}\" for \"kubectl create secret\""
            )))
        }
        None => {
            return Err(Output::error(
                "podflow supports \"kubectl create secret generic NAME\"",
            ))
        }
    }
    let Some(name) = args.positional.get(2) else {
        return Err(common::usage_error(
            "create secret generic",
            "exactly one NAME is required, got 0",
        ));
    };
    let data: Map<String, Value> = data(args, fs, "Secret", name)?
        .into_iter()
        .map(|(k, v)| {
            let plain = v.as_str().unwrap_or("");
            (k, Value::String(base64_encode(plain.as_bytes())))
        })
        .collect();
    let mut s = json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name}});
    if !data.is_empty() {
        s["data"] = Value::Object(data);
    }
    if let Some(t) = args.get("type") {
        s["type"] = Value::String(t.to_string());
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use crate::{MapFiles, Output};
    use podflow_engine::Cluster;

    fn kubectl(c: &mut Cluster, line: &str) -> Output {
        let files = MapFiles {
            files: [("app.properties".to_string(), "mode=teaching\n".to_string())].into(),
            stdin: None,
        };
        crate::run(line, c, &files)
    }

    #[test]
    fn configmaps_and_secrets_from_literals_and_files() {
        let mut c = Cluster::new(1);
        let out = kubectl(
            &mut c,
            "kubectl create configmap app --from-literal=MODE=teaching --from-file=props=app.properties",
        );
        assert_eq!(out.combined(), "configmap/app created\n");
        let out = kubectl(
            &mut c,
            "kubectl get cm app -o jsonpath={.data.MODE}/{.data.props}",
        );
        assert_eq!(out.stdout, "teaching/mode=teaching\n");
        let out = kubectl(
            &mut c,
            "kubectl create secret generic db --from-literal=password=s3cret",
        );
        assert_eq!(out.combined(), "secret/db created\n");
        let out = kubectl(
            &mut c,
            "kubectl get secret db -o jsonpath={.data.password}/{.type}",
        );
        assert_eq!(out.stdout, "czNjcmV0/Opaque");
        let out = kubectl(&mut c, "kubectl create configmap x --from-literal=novalue");
        assert_eq!(
            out.combined(),
            "error: invalid literal source novalue, expected key=value\n"
        );
        let out = kubectl(
            &mut c,
            "kubectl create cm y --from-literal=a=1 --from-literal=a=2",
        );
        assert_eq!(
            out.combined(),
            "error: cannot add key \"a\", another key by that name already exists in Data for ConfigMap \"y\"\n"
        );
        let out = kubectl(
            &mut c,
            "kubectl create configmap z --from-literal=k=v --dry-run=client -o yaml",
        );
        assert_eq!(
            out.stdout,
            "apiVersion: v1\ndata:\n  k: v\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: z\n"
        );
    }
}
