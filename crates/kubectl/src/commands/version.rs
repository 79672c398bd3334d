//! `kubectl version`: mirrors `kubectl/pkg/cmd/version/version.go` (client, kustomize and
//! server lines; `--client`; `-o json|yaml`).

use super::common::flags;
use crate::parse::{flag, FlagKind::*};
use crate::Output;

pub(crate) const SPEC: &[crate::parse::Flag] =
    &[flag("client", None, Bool), flag("output", Some('o'), Str)];

pub const CLIENT: &str = "v1.36.0";
pub const KUSTOMIZE: &str = "v5.7.1";

pub fn run(words: &[String]) -> Output {
    let args = match flags("version", words, SPEC) {
        Ok(a) => a,
        Err(o) => return o,
    };
    let server = podflow_engine::topology::KUBERNETES_VERSION;
    if let Some(o) = args.get("output") {
        if o != "yaml" && o != "json" {
            return Output::error("--output must be 'yaml' or 'json'");
        }
        return structured(o, server, args.bool("client", false));
    }
    let mut text = format!("Client Version: {CLIENT}\nKustomize Version: {KUSTOMIZE}\n");
    if !args.bool("client", false) {
        text.push_str(&format!("Server Version: {server}\n"));
    }
    Output::ok(text)
}

/// `-o yaml|json`: the version fields Podflow knows (upstream adds build date, git commit,
/// Go version and platform of the real binaries).
fn structured(format: &str, server: &str, client_only: bool) -> Output {
    let info = |v: &str| {
        let minor = v.split('.').nth(1).unwrap_or("");
        serde_json::json!({"gitVersion": v, "major": "1", "minor": minor})
    };
    let mut v = serde_json::json!({"clientVersion": info(CLIENT), "kustomizeVersion": KUSTOMIZE});
    if !client_only {
        v["serverVersion"] = info(server);
    }
    Output::ok(if format == "json" {
        crate::printers::json::to_json(&v)
    } else {
        crate::printers::yaml::to_yaml(&v)
    })
}
