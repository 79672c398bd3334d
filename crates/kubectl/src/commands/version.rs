//! `kubectl version`: mirrors `kubectl/pkg/cmd/version/version.go` (client, kustomize and
//! server lines; `--client`; `-o json|yaml`).

use super::common::flags;
use crate::parse::{flag, FlagKind::*};
use crate::Output;

const SPEC: &[crate::parse::Flag] = &[flag("client", None, Bool), flag("output", Some('o'), Str)];

pub const CLIENT: &str = "v1.36.0";
pub const KUSTOMIZE: &str = "v5.7.1";

pub fn run(words: &[String]) -> Output {
    let args = match flags("version", words, SPEC) {
        Ok(a) => a,
        Err(o) => return o,
    };
    let server = podflow_engine::topology::KUBERNETES_VERSION;
    let mut text = format!("Client Version: {CLIENT}\nKustomize Version: {KUSTOMIZE}\n");
    if !args.bool("client", false) {
        text.push_str(&format!("Server Version: {server}\n"));
    }
    Output::ok(text)
}
