//! What a learner does to the cluster from outside its components: power nodes off and on,
//! `kubectl exec` into a container, send traffic to a Service.

use super::{Cluster, Item, TimerKind, MAX_STEPS_PER_REQUEST};
use crate::api::Kind;
use crate::clock::SimTime;
use crate::network::{Body, Timer};
use crate::proxy::KubeProxy;
use crate::trace::Actor;
use std::sync::Arc;

impl Cluster {
    /// Opens `count` connections to a Service port from a worker node, one after another, and
    /// returns which pod answered each (or the error); see `proxy::traffic::send`.
    pub fn send_traffic(
        &mut self,
        namespace: &str,
        name: &str,
        port: i32,
        count: usize,
    ) -> Vec<crate::proxy::TrafficResult> {
        crate::proxy::traffic::send(self, namespace, name, port, count)
    }

    /// Sends one envelope from outside the components (a learner's client), traced as usual.
    pub(crate) fn inject(&mut self, from: &Actor, to: &Actor, body: Body) {
        let mut out = self.outbox();
        out.send(from, to, body);
        self.flush(out);
    }

    pub(crate) fn kube_proxy_mut(&mut self, node: &str) -> Option<&mut KubeProxy> {
        self.nodes.get_mut(node).map(|a| &mut a.proxy)
    }

    /// The node's kubelet starts: it lists its pods and begins heartbeating.
    pub(super) fn start_kubelet(&mut self, name: &Arc<str>) {
        let timer = Timer {
            to: Actor::Kubelet(name.clone()),
            kind: TimerKind::Kubelet(crate::kubelet::Timer::Start),
        };
        self.enqueue(self.now, Item::Timer(timer));
    }

    /// Powers a node off: its kubelet and runtime stop (no heartbeats, no container work),
    /// so node lifecycle sees it go silent. False when there is no such node.
    pub fn stop_node(&mut self, name: &str) -> bool {
        let Some(a) = self.nodes.get_mut(name) else {
            return false;
        };
        a.kubelet.set_stopped(true);
        a.runtime.set_stopped(true, self.now);
        true
    }

    /// Powers a stopped node back on: every process it ran is gone; the kubelet restarts,
    /// relists and heartbeats again.
    pub fn start_node(&mut self, name: &str) -> bool {
        let Some(a) = self.nodes.get_mut(name) else {
            return false;
        };
        a.kubelet.set_stopped(false);
        a.runtime.set_stopped(false, self.now);
        let name = a.kubelet.node.clone();
        self.start_kubelet(&name);
        true
    }

    /// `kubectl exec`: runs `argv` in a running container of a pod and returns its exit code
    /// and combined output. The request travels kubectl → kubelet → containerd and back as
    /// envelopes; the clock runs until the answer arrives, as for `request`.
    pub fn exec(
        &mut self,
        namespace: &str,
        pod: &str,
        container: &str,
        argv: Vec<String>,
    ) -> Result<(i32, String), String> {
        let found = self.store.get_by(Kind::Pod, namespace, pod);
        let Some(p) = found.and_then(|o| o.as_pod()) else {
            return Err(format!("pods \"{pod}\" not found"));
        };
        let node: Arc<str> = p.spec.node_name.as_str().into();
        let id = self.trace.len() as u64;
        let msg = crate::kubelet::NodeMessage::Exec {
            pod_uid: p.metadata.uid.clone(),
            container: container.to_string(),
            argv,
            id,
        };
        let mut out = self.outbox();
        out.send(
            &Actor::Kubectl,
            &Actor::Kubelet(node.clone()),
            Body::Node(msg),
        );
        self.flush(out);
        for _ in 0..MAX_STEPS_PER_REQUEST {
            let agents = self.nodes.get_mut(&node);
            if let Some(result) = agents.and_then(|a| a.kubelet.take_exec_result(id)) {
                return result;
            }
            if !self.step_before(SimTime(u64::MAX)) {
                break;
            }
        }
        Err("unable to upgrade connection: the node did not answer".to_string())
    }
}
