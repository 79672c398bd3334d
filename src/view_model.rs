//! Pure projections of engine state into the small structs the components render.
//!
//! No behaviour is decided here: STATUS, READY and node status come from the engine's
//! `api::derived`, exactly as kubectl prints them. The stage's parts live in submodules:
//! `nodes` (nodes, pods, requested resources), `flow` (the moving messages), `workloads`
//! (Deployments, Services, traffic answers) and `actions` (the lines the stage's buttons run).

mod actions;
mod flow;
mod nodes;
mod pod_list;
mod workloads;

pub use actions::*;
pub use flow::*;
pub use nodes::*;
pub use pod_list::*;
pub use workloads::*;

use podflow_engine::api::{Kind, Object};
use podflow_engine::apiserver::errors::{ApiError, Reason};
use podflow_engine::manifest;
use podflow_engine::trace::{Actor, TraceEvent};
use podflow_engine::Cluster;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageView {
    pub seq: u64,
    pub at: String,
    pub from: String,
    pub to: String,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventView {
    pub type_: String,
    pub reason: String,
    pub object: String,
    pub message: String,
}

/// The newest `count` messages, newest first.
pub fn recent_messages(c: &Cluster, count: usize) -> Vec<MessageView> {
    let events = c.trace().events();
    events.iter().rev().take(count).map(message_view).collect()
}

fn message_view(e: &TraceEvent) -> MessageView {
    MessageView {
        seq: e.seq,
        at: e.sent_at.to_string(),
        from: e.from.to_string(),
        to: e.to.to_string(),
        summary: e.summary.clone(),
    }
}

/// Which control plane components exchanged a message during the last `window_ms` of virtual
/// time: the stage lights them up.
pub fn active_components(c: &Cluster, window_ms: u64) -> Vec<&'static str> {
    let since = c.now().as_millis().saturating_sub(window_ms);
    let mut active = Vec::new();
    for e in c.trace().events().iter().rev() {
        if e.deliver_at.as_millis() < since {
            break;
        }
        for actor in [&e.from, &e.to] {
            let name = match actor {
                Actor::ApiServer => "kube-apiserver",
                Actor::Etcd => "etcd",
                Actor::Scheduler => "kube-scheduler",
                Actor::ControllerManager => "kube-controller-manager",
                _ => continue,
            };
            if !active.contains(&name) {
                active.push(name);
            }
        }
        if active.len() == 4 {
            break;
        }
    }
    active
}

/// The newest `count` events of the cluster, newest first.
pub fn recent_events(c: &Cluster, count: usize) -> Vec<EventView> {
    let mut events: Vec<_> = c
        .store()
        .list(Kind::Event, None)
        .filter_map(|o| match &**o {
            Object::Event(e) => Some((
                (
                    e.last_timestamp,
                    e.metadata.resource_version.parse::<u64>().ok(),
                ),
                e,
            )),
            _ => None,
        })
        .collect();
    // Only the newest `count` are shown: select them, then sort those few (a cluster of many
    // pods holds thousands of Events, read on every tick).
    if events.len() > count && count > 0 {
        let cut = events.len() - count;
        events.select_nth_unstable_by(cut, |a, b| a.0.cmp(&b.0));
        events.drain(..cut);
    }
    events.sort_by_key(|e| e.0);
    events
        .iter()
        .rev()
        .take(count)
        .map(|(_, e)| EventView {
            type_: e.type_.clone(),
            reason: e.reason.clone(),
            object: format!(
                "{}/{}",
                e.involved_object.kind.to_lowercase(),
                e.involved_object.name
            ),
            message: e.message.clone(),
        })
        .collect()
}

/// The editor's problems as `(line, message)`: YAML errors, then what the API server would
/// answer (a dry run: nothing is written).
pub fn diagnostics(c: &Cluster, text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for doc in manifest::parse(text) {
        match &doc.value {
            Err(e) => out.push((e.line.unwrap_or(doc.start_line), e.message.clone())),
            Ok(_) if doc.is_empty() => {}
            Ok(v) => {
                // An object that exists already is not a problem: apply configures it.
                match c.dry_run(v) {
                    Err(err) if err.reason != Reason::AlreadyExists => {
                        out.extend(located(&doc, &err))
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

/// Field errors (422) read best one per line; a decoding error (400) is one message, shown
/// whole at its first line, with its other fields (unknown fields) marked too.
fn located(doc: &manifest::Document, err: &ApiError) -> Vec<(usize, String)> {
    let mut lines = manifest::locate(doc, err);
    if err.reason != Reason::Invalid {
        if let Some(first) = lines.first_mut() {
            first.1 = err.message.clone();
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_cluster_shows_three_nodes_and_no_pending_pod() {
        let c = Cluster::new(1);
        let (nodes, pending) = nodes_and_pending(&c);
        assert_eq!(nodes.len(), 3);
        assert!(pending.is_empty());
        assert_eq!(
            nodes[0].taints,
            vec!["node-role.kubernetes.io/control-plane:NoSchedule"]
        );
    }

    #[test]
    fn a_pod_under_apps_v1_is_flagged_at_its_line() {
        let c = Cluster::new(1);
        let text = include_str!("../assets/examples/mistake-apps-v1-pod.yaml");
        let d = diagnostics(&c, text);
        assert!(!d.is_empty());
        assert!(
            d[0].1
                .contains("no matches for kind \"Pod\" in version \"apps/v1\""),
            "{d:?}"
        );
    }

    #[test]
    fn the_example_pod_is_valid() {
        let c = Cluster::new(1);
        assert!(diagnostics(&c, include_str!("../assets/examples/nginx-pod.yaml")).is_empty());
    }

    #[test]
    fn recent_events_are_the_newest_whatever_their_number() {
        let mut c = Cluster::new(1);
        let line = "kubectl create deployment web --image=nginx --replicas=12";
        assert_eq!(
            podflow_kubectl::run(line, &mut c, &podflow_kubectl::NoFiles).exit_code,
            0
        );
        c.advance(podflow_engine::SimDuration::from_secs(60));
        let all = recent_events(&c, usize::MAX);
        assert!(all.len() > 40, "{}", all.len());
        assert_eq!(recent_events(&c, 30), all[..30].to_vec());
        assert_eq!(recent_events(&c, 1), all[..1].to_vec());
        assert!(recent_events(&c, 0).is_empty());
    }
}
