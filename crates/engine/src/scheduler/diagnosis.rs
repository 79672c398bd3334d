//! Decisions are data: what every scheduling attempt saw, per node and per plugin, and the
//! FailedScheduling text derived from it.
//!
//! Mirrors `pkg/scheduler/framework/types.go` (`Diagnosis`, `FitError.Error`,
//! `NoNodeAvailableMsg`) and `schedule_one.go` (`truncateMessage`, `ErrNoNodesAvailable`).
//! The per-node rows have no upstream counterpart (upstream only logs them); they feed the
//! UI's scheduler table and `kubectl`. A decision keeps at most `MAX_ROWS` rows so that a
//! cluster of thousands of nodes does not keep thousands of rows per pod; the histogram
//! behind the message always covers every node.

use super::framework::{Code, Status};
use super::plugins::default_preemption::Candidate;
use crate::api::ObjectKey;
use crate::clock::SimTime;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Arc;

/// `ErrNoNodesAvailable`.
pub const NO_NODES_AVAILABLE: &str = "no nodes available to schedule pods";
/// `validation.NoteLengthLimit`: the longest event message.
pub const NOTE_LENGTH_LIMIT: usize = 1024;
/// Rows kept per decision, and decisions kept in the log.
pub const MAX_ROWS: usize = 100;
pub const MAX_DECISIONS: usize = 1000;

/// `framework.FitError` with its `Diagnosis` reduced to what `Error()` prints.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FitError {
    pub num_all_nodes: usize,
    /// A PreFilter rejection; then no per-node reasons are printed.
    pub pre_filter_msg: String,
    /// Reason → number of nodes that failed with it.
    pub reasons: BTreeMap<String, usize>,
    /// The PostFilter plugins' joined reasons (`no new claims to deallocate, preemption: ...`).
    pub post_filter_msg: String,
    /// Plugins that rejected the pod on some node or in PreFilter (`UnschedulablePlugins`).
    pub unschedulable_plugins: BTreeSet<&'static str>,
}

impl FitError {
    /// Counts every reason of every node's status, as `FitError.Error` does.
    pub fn count<'a>(&mut self, statuses: impl IntoIterator<Item = &'a Status>) {
        for s in statuses {
            self.add(&s.reasons, 1);
        }
    }

    pub fn add(&mut self, reasons: &[String], times: usize) {
        for r in reasons {
            *self.reasons.entry(r.clone()).or_default() += times;
        }
    }

    /// Mirrors `FitError.Error`: `0/N nodes are available: <reasons>. <post-filter>`, the
    /// `"<count> <reason>"` strings sorted as strings (`sort.Strings`).
    pub fn message(&self) -> String {
        let mut msg = format!("0/{} nodes are available:", self.num_all_nodes);
        if !self.pre_filter_msg.is_empty() {
            msg.push_str(&format!(" {}.", self.pre_filter_msg));
        } else {
            let mut parts: Vec<String> = self
                .reasons
                .iter()
                .map(|(reason, n)| format!("{n} {reason}"))
                .collect();
            crate::sort::ord(&mut parts);
            if !parts.is_empty() {
                msg.push_str(&format!(" {}.", parts.join(", ")));
            }
        }
        if !self.post_filter_msg.is_empty() {
            msg.push_str(&format!(" {}", self.post_filter_msg));
        }
        msg
    }
}

/// Mirrors schedule_one.go truncateMessage.
pub fn truncate_message(message: &str) -> String {
    if message.len() <= NOTE_LENGTH_LIMIT {
        return message.to_string();
    }
    let suffix = " ...";
    let mut cut = NOTE_LENGTH_LIMIT - suffix.len();
    while !message.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{suffix}", &message[..cut])
}

/// One plugin's contribution to a node's score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PluginScore {
    pub plugin: &'static str,
    pub raw: i64,
    /// After NormalizeScore (0–100).
    pub normalized: i64,
    pub weight: i64,
}

/// How one filter plugin judged one node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Verdict {
    Passed,
    Rejected {
        code: Code,
        reasons: Vec<String>,
    },
    /// PreFilter said the plugin has nothing to check for this pod.
    Skipped,
    /// An earlier filter already rejected the node.
    NotRun,
}

/// One evaluated node: the first rejecting filter (if any) and the scores.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NodeRow {
    pub node: String,
    pub rejected_by: Option<Status>,
    pub scores: Vec<PluginScore>,
    /// Σ normalized × weight.
    pub total: i64,
}

/// How an attempt ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Outcome {
    Scheduled {
        node: String,
    },
    Unschedulable {
        fit_error: FitError,
    },
    /// Not a fit problem: no nodes at all, or a failed binding.
    Error {
        message: String,
    },
}

/// Everything one scheduling attempt decided, for the inspector and `kubectl`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SchedulingDecision {
    pub pod: ObjectKey,
    pub uid: String,
    pub at: SimTime,
    /// 1 for the first attempt.
    pub attempt: u32,
    /// Filter plugins that ran, in order, and those PreFilter skipped.
    pub filters: Vec<&'static str>,
    pub skipped_filters: Vec<&'static str>,
    pub rows: Vec<NodeRow>,
    /// Evaluated nodes whose rows were not kept (beyond `MAX_ROWS`).
    pub rows_omitted: usize,
    pub outcome: Outcome,
    /// The node DefaultPreemption nominated and the pods it evicts there.
    pub nominated: Option<Candidate>,
}

impl SchedulingDecision {
    /// The FailedScheduling text (untruncated, as the PodScheduled condition carries it), or
    /// the Scheduled text on success.
    pub fn message(&self) -> String {
        match &self.outcome {
            Outcome::Scheduled { node } => format!(
                "Successfully assigned {}/{} to {node}",
                self.pod.namespace, self.pod.name
            ),
            Outcome::Unschedulable { fit_error } => fit_error.message(),
            Outcome::Error { message } => message.clone(),
        }
    }

    /// A plain-text table of the attempt, one line per kept node: the rejecting filter and
    /// its reasons, or the weighted scores. Derived only from the record (for the CLI).
    pub fn render(&self) -> String {
        let outcome = match &self.outcome {
            Outcome::Scheduled { node } => format!("bound to {node}"),
            _ => format!("failed: {}", self.message()),
        };
        let mut out = format!(
            "{}/{} attempt {} at {}: {outcome}\n",
            self.pod.namespace, self.pod.name, self.attempt, self.at
        );
        let width = self
            .rows
            .iter()
            .map(|r| r.node.len())
            .max()
            .unwrap_or(4)
            .max(4);
        for row in &self.rows {
            let detail = match &row.rejected_by {
                Some(s) => format!("{}: {}", s.plugin, s.reasons.join(", ")),
                None if row.scores.is_empty() => "feasible (the only one: not scored)".to_string(),
                None => {
                    let parts: Vec<String> = row
                        .scores
                        .iter()
                        .map(|p| format!("{} {}x{}", p.plugin, p.normalized, p.weight))
                        .collect();
                    format!("{} = {}", parts.join(" + "), row.total)
                }
            };
            out.push_str(&format!("  {:width$}  {detail}\n", row.node));
        }
        if self.rows_omitted > 0 {
            out.push_str(&format!("  ... {} more nodes\n", self.rows_omitted));
        }
        out
    }

    /// Per-plugin verdicts for one row, in filter order.
    pub fn verdicts(&self, row: &NodeRow) -> Vec<(&'static str, Verdict)> {
        let mut rejected = false;
        self.filters
            .iter()
            .map(|p| {
                let v = if rejected {
                    Verdict::NotRun
                } else if self.skipped_filters.contains(p) {
                    Verdict::Skipped
                } else {
                    match &row.rejected_by {
                        Some(s) if s.plugin == *p => {
                            rejected = true;
                            Verdict::Rejected {
                                code: s.code,
                                reasons: s.reasons.clone(),
                            }
                        }
                        _ => Verdict::Passed,
                    }
                };
                (*p, v)
            })
            .collect()
    }
}

/// The bounded log of decisions, newest last. Decisions are shared, so snapshotting a
/// cluster (cloning it) does not copy them.
#[derive(Clone, Debug, Default)]
pub struct DecisionLog {
    log: VecDeque<Arc<SchedulingDecision>>,
}

impl DecisionLog {
    pub fn push(&mut self, d: SchedulingDecision) {
        if self.log.len() == MAX_DECISIONS {
            self.log.pop_front();
        }
        self.log.push_back(Arc::new(d));
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &SchedulingDecision> + '_ {
        self.log.iter().map(|d| &**d)
    }

    /// The newest decision about a pod.
    pub fn latest(&self, pod: &ObjectKey) -> Option<&SchedulingDecision> {
        self.iter().rev().find(|d| &d.pod == pod)
    }

    pub fn len(&self) -> usize {
        self.log.len()
    }

    pub fn is_empty(&self) -> bool {
        self.log.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fit(reasons: &[(&str, usize)], post: &str) -> FitError {
        FitError {
            num_all_nodes: 3,
            pre_filter_msg: String::new(),
            reasons: reasons.iter().map(|(r, n)| (r.to_string(), *n)).collect(),
            post_filter_msg: post.into(),
            unschedulable_plugins: BTreeSet::new(),
        }
    }

    #[test]
    fn reasons_are_sorted_as_strings() {
        let f = fit(
            &[("node(s) had untolerated taint(s)", 2), ("Insufficient cpu", 1)],
            "no new claims to deallocate, preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
        );
        assert_eq!(
            f.message(),
            "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint(s). no new claims to deallocate, preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling."
        );
        let f = fit(&[("b", 10), ("a", 2)], "");
        assert_eq!(f.message(), "0/3 nodes are available: 10 b, 2 a.");
    }

    #[test]
    fn pre_filter_message_replaces_the_node_reasons() {
        let mut f = fit(&[("x", 3)], "");
        f.pre_filter_msg = "pod affinity terms conflict".into();
        assert_eq!(
            f.message(),
            "0/3 nodes are available: pod affinity terms conflict."
        );
    }

    #[test]
    fn long_messages_are_truncated_with_an_ellipsis() {
        let long = "x".repeat(2000);
        let t = truncate_message(&long);
        assert_eq!(t.len(), NOTE_LENGTH_LIMIT);
        assert!(t.ends_with(" ..."));
        assert_eq!(truncate_message("short"), "short");
    }
}
