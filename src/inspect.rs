//! The inspector's view models: what each tab shows for the selected pod or node.
//!
//! Pure projections of engine state (the store, the scheduler's decision log, the kubelets'
//! probe history and restart back-off); nothing here decides what Kubernetes would do. Each
//! tab's projection lives in its own file; this one holds the tab list and the events table.

mod containers;
mod node;
mod probes;
mod scheduling;

pub use containers::{
    containers, BackoffView, ContainerView, ContainersView, MountView, SandboxState, SandboxView,
    StateKind, StateView, VolumeView, PAUSE_IMAGE,
};
pub use node::{allocation, AllocationView, ResourceUse};
pub use probes::{probes, ProbeTick, ProbeView, TickResult};
pub use scheduling::{scheduling, Scheduling, SchedulingRow, SchedulingView};

use podflow_engine::api::{Kind, Object, Pod};
use podflow_engine::{Cluster, SimTime};

/// One tab of the inspector.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tab {
    Describe,
    Scheduling,
    Containers,
    Probes,
    Allocation,
    Events,
}

/// The tabs for a `pod` or `node` of that name: Probes only when a container declares one.
pub fn tabs(c: &Cluster, resource: &str, namespace: &str, name: &str) -> Vec<Tab> {
    match resource {
        "pod" => {
            let mut tabs = vec![Tab::Describe, Tab::Scheduling, Tab::Containers];
            if find_pod(c, namespace, name).is_some_and(has_probes) {
                tabs.push(Tab::Probes);
            }
            tabs.push(Tab::Events);
            tabs
        }
        "node" => vec![Tab::Describe, Tab::Allocation, Tab::Events],
        _ => vec![Tab::Describe, Tab::Events],
    }
}

fn has_probes(pod: &Pod) -> bool {
    pod.spec.containers.iter().any(|c| {
        c.liveness_probe.is_some() || c.readiness_probe.is_some() || c.startup_probe.is_some()
    })
}

/// The stored pod, if it exists.
pub(crate) fn find_pod<'a>(c: &'a Cluster, namespace: &str, name: &str) -> Option<&'a Pod> {
    c.store()
        .get_by(Kind::Pod, namespace, name)
        .and_then(|o| o.as_pod())
}

/// Virtual time as the timeline shows it (`00:01:05.250`).
pub(crate) fn clock(t: SimTime) -> String {
    t.to_string()
}

/// One row of the object's events, as `kubectl describe` lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRow {
    pub type_: String,
    pub reason: String,
    /// When it last happened, on the virtual clock.
    pub last_seen: String,
    pub count: i32,
    pub from: String,
    pub message: String,
}

/// The events about one pod or node, oldest first (`podflow_engine::events::for_object`).
pub fn object_events(c: &Cluster, resource: &str, namespace: &str, name: &str) -> Vec<EventRow> {
    let obj = match resource {
        "pod" => c.store().get_by(Kind::Pod, namespace, name),
        "node" => c.store().get_by(Kind::Node, "", name),
        _ => None,
    };
    let Some(obj) = obj else {
        return Vec::new();
    };
    let obj: &Object = obj;
    podflow_engine::events::for_object(c.store(), obj)
        .into_iter()
        .map(|e| EventRow {
            type_: e.type_.clone(),
            reason: e.reason.clone(),
            last_seen: e
                .last_timestamp
                .or(e.first_timestamp)
                .map(|t| clock(t.0))
                .unwrap_or_default(),
            count: e.count,
            from: if e.source.host.is_empty() {
                e.source.component.clone()
            } else {
                format!("{}, {}", e.source.component, e.source.host)
            },
            message: e.message.clone(),
        })
        .collect()
}

/// Test helpers: real engine runs driven by kubectl lines, as the browser drives them.
#[cfg(test)]
pub(crate) mod testing {
    use podflow_engine::{Cluster, SimDuration};
    use podflow_kubectl::MapFiles;

    /// Runs one kubectl line; `yaml` is what `-f -` reads. Panics with the output on error.
    pub fn run(c: &mut Cluster, line: &str, yaml: Option<&str>) -> String {
        let files = MapFiles {
            stdin: yaml.map(str::to_string),
            ..MapFiles::default()
        };
        let out = podflow_kubectl::run(line, c, &files);
        assert_eq!(out.exit_code, 0, "{line}: {}", out.combined());
        out.combined()
    }

    pub fn advance_secs(c: &mut Cluster, secs: u64) {
        c.advance(SimDuration::from_secs(secs));
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{advance_secs, run};
    use super::*;

    #[test]
    fn a_pod_without_probes_has_no_probes_tab_and_a_node_has_allocation() {
        let mut c = Cluster::new(1);
        run(&mut c, "kubectl run web --image=nginx", None);
        assert_eq!(
            tabs(&c, "pod", "default", "web"),
            vec![Tab::Describe, Tab::Scheduling, Tab::Containers, Tab::Events]
        );
        assert_eq!(
            tabs(&c, "node", "", "k8s-node-1"),
            vec![Tab::Describe, Tab::Allocation, Tab::Events]
        );
    }

    #[test]
    fn a_pods_events_are_its_own_oldest_first() {
        let mut c = Cluster::new(1);
        run(&mut c, "kubectl run web --image=nginx", None);
        advance_secs(&mut c, 20);
        let events = object_events(&c, "pod", "default", "web");
        let reasons: Vec<&str> = events.iter().map(|e| e.reason.as_str()).collect();
        assert_eq!(reasons.first(), Some(&"Scheduled"), "{reasons:?}");
        assert!(reasons.contains(&"Started"), "{reasons:?}");
        assert_eq!(events[0].from, "default-scheduler");
        assert!(object_events(&c, "pod", "default", "gone").is_empty());
    }
}
