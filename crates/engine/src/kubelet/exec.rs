//! `kubectl exec` at the kubelet: find the container, run the command through the CRI.
//!
//! Mirrors `pkg/kubelet/server/server.go` `getExec` and the CRI `ExecSync` path (the real
//! command is streamed; here it runs to completion and its combined output comes back at
//! once). The API server's `pods/exec` proxying is left out: kubectl talks to the kubelet.

use super::cri::{ContainerState, ExecPurpose, NodeMessage};
use super::Kubelet;
use crate::cluster::Ctx;
use crate::network::Body;
use crate::trace::Actor;

impl Kubelet {
    /// A `kubectl exec` request, or the runtime's answer to one.
    pub(super) fn on_exec(&mut self, ctx: &mut Ctx, msg: &NodeMessage) {
        match msg {
            NodeMessage::Exec {
                pod_uid,
                container,
                argv,
                id,
            } => {
                let running = self
                    .workers
                    .get(pod_uid)
                    .and_then(|w| w.runtime.latest(container));
                let Some(c) = running.filter(|c| c.state == ContainerState::Running) else {
                    let e = format!(
                        "unable to upgrade connection: container not found (\"{container}\")"
                    );
                    self.exec_results.insert(*id, Err(e));
                    return;
                };
                let call = NodeMessage::ExecSync {
                    pod_uid: pod_uid.clone(),
                    container_id: c.id.clone(),
                    argv: argv.clone(),
                    purpose: ExecPurpose::Kubectl(*id),
                    timeout_secs: None,
                };
                ctx.out.send(
                    &self.actor(),
                    &Actor::Runtime(self.node.clone()),
                    Body::Node(call),
                );
            }
            NodeMessage::ExecSyncResult {
                pod_uid,
                purpose: ExecPurpose::Kubectl(id),
                exit_code,
                output,
                error,
                ..
            } => {
                // kubectl prints a failed start as the API server relays it.
                let result = match error {
                    Some(e) => Err(format!(
                        "Internal error occurred: error executing command in container: {}",
                        strip_rpc(e)
                    )),
                    None => Ok((*exit_code, output.clone())),
                };
                self.exec_results.insert(*id, result);
                let answer = NodeMessage::ExecOutput {
                    pod_uid: pod_uid.clone(),
                    id: *id,
                    exit_code: *exit_code,
                };
                ctx.out
                    .send(&self.actor(), &Actor::Kubectl, Body::Node(answer));
            }
            _ => {}
        }
    }
}

/// `failed to exec in container: …` from `rpc error: code = Unknown desc = failed to exec …`.
fn strip_rpc(e: &str) -> &str {
    e.split_once(" desc = ").map_or(e, |(_, rest)| rest)
}
