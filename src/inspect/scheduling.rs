//! The Scheduling tab: kube-scheduler's latest decision about a pod, one row per node.
//!
//! Read from the scheduler's decision log (`scheduler::diagnosis::SchedulingDecision`): the
//! filter that rejected each node with the engine's own reason text, the normalized score of
//! each scoring plugin with its weight, and the total. The untolerated taint beside a
//! TaintToleration rejection is found with the plugin's own matcher against the node as it is
//! now (the reason text of v1.35+ no longer names it).

use super::{clock, find_pod};
use podflow_engine::api::{Kind, ObjectKey, Pod};
use podflow_engine::scheduler::diagnosis::{Outcome, SchedulingDecision};
use podflow_engine::scheduler::plugins::taint_toleration;
use podflow_engine::Cluster;

/// What the tab can say about a pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scheduling {
    /// The scheduler's newest attempt for this pod.
    Decided(SchedulingView),
    /// `spec.nodeName` was set by whoever created the pod: the scheduler never saw it.
    BoundDirectly { node: String },
    /// Pending and not yet tried (or its decision aged out of the log while it waits).
    NotYet,
    /// Bound, but the decision is no longer in the scheduler's bounded log.
    NotRecorded { node: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchedulingView {
    pub attempt: u32,
    pub at: String,
    /// The node the pod was bound to by this attempt.
    pub chosen: Option<String>,
    /// The FailedScheduling message (`0/3 nodes are available: ...`) when it did not bind.
    pub failure: Option<String>,
    /// Filter plugins in the order they ran.
    pub filters: Vec<&'static str>,
    /// Filters PreFilter skipped for this pod (nothing to check).
    pub skipped_filters: Vec<&'static str>,
    /// Scoring plugins as columns, with their weights.
    pub score_columns: Vec<(&'static str, i64)>,
    pub rows: Vec<SchedulingRow>,
    /// Nodes evaluated but not kept in the log.
    pub rows_omitted: usize,
    /// Some node passed the filters but no node was scored: with one feasible node the
    /// scheduler skips scoring.
    pub unscored: bool,
    /// The node preemption nominated, if any.
    pub nominated: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchedulingRow {
    pub node: String,
    /// The filter that rejected the node and its reasons, joined as the scheduler prints them.
    pub rejected: Option<(&'static str, String)>,
    /// For a TaintToleration rejection: the taint the pod does not tolerate (`env=dev:NoSchedule`).
    pub untolerated: Option<String>,
    /// Normalized score per column, `None` where the plugin did not score this node.
    pub scores: Vec<Option<i64>>,
    /// Σ normalized × weight, for scored nodes.
    pub total: Option<i64>,
    pub chosen: bool,
}

/// The Scheduling tab for a pod; `None` when the pod does not exist.
pub fn scheduling(c: &Cluster, namespace: &str, name: &str) -> Option<Scheduling> {
    let pod = find_pod(c, namespace, name)?;
    let key = ObjectKey::new(Kind::Pod, namespace, name);
    let decision = c
        .scheduler()
        .decisions()
        .iter()
        .rev()
        .find(|d| d.pod == key && d.uid == pod.metadata.uid);
    let node = pod.spec.node_name.clone();
    Some(match decision {
        Some(d) => Scheduling::Decided(view(c, pod, d)),
        None if node.is_empty() => Scheduling::NotYet,
        None if bound_by_scheduler(c, pod) => Scheduling::NotRecorded { node },
        None => Scheduling::BoundDirectly { node },
    })
}

/// Only a pod the scheduler bound has its `Scheduled` event; the kubelet marks any bound
/// pod PodScheduled, so the condition cannot tell.
fn bound_by_scheduler(c: &Cluster, pod: &Pod) -> bool {
    let obj = c
        .store()
        .get_by(Kind::Pod, &pod.metadata.namespace, &pod.metadata.name);
    obj.is_some_and(|o| {
        podflow_engine::events::for_object(c.store(), o)
            .iter()
            .any(|e| e.reason == "Scheduled")
    })
}

fn view(c: &Cluster, pod: &Pod, d: &SchedulingDecision) -> SchedulingView {
    let chosen = match &d.outcome {
        Outcome::Scheduled { node } => Some(node.clone()),
        _ => None,
    };
    let failure = chosen.is_none().then(|| d.message());
    let mut score_columns: Vec<(&'static str, i64)> = Vec::new();
    for s in d.rows.iter().flat_map(|r| &r.scores) {
        if !score_columns.iter().any(|(p, _)| *p == s.plugin) {
            score_columns.push((s.plugin, s.weight));
        }
    }
    let rows: Vec<SchedulingRow> = d
        .rows
        .iter()
        .map(|r| {
            let rejected = r
                .rejected_by
                .as_ref()
                .map(|s| (s.plugin, s.reasons.join(", ")));
            let untolerated = match &rejected {
                Some((taint_toleration::NAME, _)) => untolerated_taint(c, pod, &r.node),
                _ => None,
            };
            let scores: Vec<Option<i64>> = score_columns
                .iter()
                .map(|(p, _)| {
                    r.scores
                        .iter()
                        .find(|s| s.plugin == *p)
                        .map(|s| s.normalized)
                })
                .collect();
            SchedulingRow {
                node: r.node.clone(),
                total: (!r.scores.is_empty()).then_some(r.total),
                chosen: chosen.as_deref() == Some(r.node.as_str()),
                rejected,
                untolerated,
                scores,
            }
        })
        .collect();
    let unscored = rows.iter().any(|r| r.rejected.is_none()) && score_columns.is_empty();
    SchedulingView {
        attempt: d.attempt,
        at: clock(d.at),
        chosen,
        failure,
        filters: d.filters.clone(),
        skipped_filters: d.skipped_filters.clone(),
        score_columns,
        rows,
        rows_omitted: d.rows_omitted,
        unscored,
        nominated: d.nominated.as_ref().map(|n| n.node.clone()),
    }
}

fn untolerated_taint(c: &Cluster, pod: &Pod, node: &str) -> Option<String> {
    let node = c.store().get_by(Kind::Node, "", node)?.as_node()?;
    taint_toleration::find_untolerated_do_not_schedule(&node.spec.taints, &pod.spec.tolerations)
        .map(|t| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::super::testing::{advance_secs, run};
    use super::*;

    fn decided(c: &Cluster, name: &str) -> SchedulingView {
        match scheduling(c, "default", name) {
            Some(Scheduling::Decided(v)) => v,
            other => panic!("no decision for {name}: {other:?}"),
        }
    }

    fn first_pod(c: &Cluster, prefix: &str) -> String {
        c.store()
            .list(Kind::Pod, Some("default"))
            .filter_map(|o| o.as_pod())
            .map(|p| p.metadata.name.clone())
            .find(|n| n.starts_with(prefix))
            .unwrap_or_else(|| panic!("no pod {prefix}*"))
    }

    #[test]
    fn a_tainted_node_is_filtered_by_taint_toleration_and_the_other_worker_chosen() {
        let mut c = Cluster::new(1);
        run(
            &mut c,
            "kubectl taint nodes k8s-node-1 env=dev:NoSchedule",
            None,
        );
        run(
            &mut c,
            "kubectl create deployment web --image=nginx --replicas=3",
            None,
        );
        advance_secs(&mut c, 5);
        let v = decided(&c, &first_pod(&c, "web-"));
        assert_eq!(v.chosen.as_deref(), Some("k8s-node-2"));
        assert_eq!(v.failure, None);
        let row = |n: &str| v.rows.iter().find(|r| r.node == n).expect(n).clone();
        let node1 = row("k8s-node-1");
        let (plugin, reason) = node1.rejected.clone().expect("node-1 rejected");
        assert_eq!(plugin, "TaintToleration");
        assert_eq!(reason, "node(s) had untolerated taint(s)");
        assert_eq!(node1.untolerated.as_deref(), Some("env=dev:NoSchedule"));
        assert_eq!(node1.total, None);
        let master = row("k8s-master");
        assert_eq!(
            master.untolerated.as_deref(),
            Some("node-role.kubernetes.io/control-plane:NoSchedule")
        );
        // One feasible node: the scheduler does not score it.
        let node2 = row("k8s-node-2");
        assert!(node2.chosen && node2.rejected.is_none());
        assert!(v.unscored);
    }

    #[test]
    fn two_feasible_workers_are_scored_per_plugin_and_the_best_total_wins() {
        let mut c = Cluster::new(1);
        run(&mut c, "kubectl run web --image=nginx", None);
        advance_secs(&mut c, 5);
        let v = decided(&c, "web");
        assert!(!v.unscored);
        assert!(v
            .score_columns
            .iter()
            .any(|(p, _)| *p == "NodeResourcesFit"));
        let chosen = v.rows.iter().find(|r| r.chosen).expect("a chosen row");
        let best = v.rows.iter().filter_map(|r| r.total).max();
        assert_eq!(chosen.total, best);
        for r in v.rows.iter().filter(|r| r.rejected.is_none()) {
            let sum: i64 = r
                .scores
                .iter()
                .zip(&v.score_columns)
                .map(|(s, (_, w))| s.unwrap_or(0) * w)
                .sum();
            assert_eq!(r.total, Some(sum), "{}", r.node);
        }
    }

    #[test]
    fn an_unschedulable_pod_shows_the_failed_scheduling_message() {
        let mut c = Cluster::new(1);
        let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n  containers:\n  - name: c\n    image: nginx\n    resources:\n      requests:\n        cpu: \"64\"\n";
        run(&mut c, "kubectl apply -f -", Some(yaml));
        advance_secs(&mut c, 5);
        let v = decided(&c, "big");
        assert_eq!(v.chosen, None);
        let msg = v.failure.expect("a failure message");
        assert!(msg.starts_with("0/3 nodes are available: "), "{msg}");
        assert!(msg.contains("Insufficient cpu"), "{msg}");
        assert!(v.rows.iter().all(|r| !r.chosen));
    }

    #[test]
    fn a_pod_with_node_name_set_has_no_decision() {
        let mut c = Cluster::new(1);
        let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: pinned\nspec:\n  nodeName: k8s-node-1\n  containers:\n  - name: c\n    image: nginx\n";
        run(&mut c, "kubectl apply -f -", Some(yaml));
        advance_secs(&mut c, 5);
        assert_eq!(
            scheduling(&c, "default", "pinned"),
            Some(Scheduling::BoundDirectly {
                node: "k8s-node-1".into()
            })
        );
        assert_eq!(scheduling(&c, "default", "nope"), None);
    }
}
