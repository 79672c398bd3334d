//! NodeAffinity: `nodeSelector` and required node affinity filter, preferred terms score.
//!
//! Mirrors `pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go` and
//! `staging/src/k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go`
//! (`GetRequiredNodeAffinity`, `NodeSelector.Match`, `PreferredSchedulingTerms.Score`).
//! Left out: the profile-level `addedAffinity` (no scheduler configuration in Podflow).

use crate::api::node::Node;
use crate::api::pod::{NodeSelectorRequirement, NodeSelectorTerm, PreferredSchedulingTerm};
use crate::api::Pod;
use crate::scheduler::framework::{
    default_normalize_score, Code, CycleState, FilterPlugin, NodeInfo, PreFilterResult,
    ScorePlugin, Status, MAX_NODE_SCORE,
};
use std::collections::BTreeSet;

pub const NAME: &str = "NodeAffinity";
pub const ERR_REASON_POD: &str = "node(s) didn't match Pod's node affinity/selector";
pub const ERR_REASON_CONFLICT: &str = "pod affinity terms conflict";
const OBJECT_NAME_FIELD: &str = "metadata.name";

pub struct NodeAffinity;

fn required_terms(pod: &Pod) -> Option<&[NodeSelectorTerm]> {
    let na = pod.spec.affinity.as_ref()?.node_affinity.as_ref()?;
    let req = na
        .required_during_scheduling_ignored_during_execution
        .as_ref()?;
    Some(&req.node_selector_terms)
}

fn preferred_terms(pod: &Pod) -> &[PreferredSchedulingTerm] {
    pod.spec
        .affinity
        .as_ref()
        .and_then(|a| a.node_affinity.as_ref())
        .map_or(&[], |na| {
            &na.preferred_during_scheduling_ignored_during_execution
        })
}

/// Mirrors `labels.Requirement.Matches` for the node-selector operators; an invalid
/// requirement (unknown operator, wrong value count, unparsable Gt/Lt) matches nothing.
fn expression_matches(r: &NodeSelectorRequirement, node: &Node) -> bool {
    let value = node.metadata.labels.get(&r.key);
    match r.operator.as_str() {
        "In" => !r.values.is_empty() && value.is_some_and(|v| r.values.contains(v)),
        "NotIn" => !r.values.is_empty() && value.is_none_or(|v| !r.values.contains(v)),
        "Exists" => r.values.is_empty() && value.is_some(),
        "DoesNotExist" => r.values.is_empty() && value.is_none(),
        "Gt" | "Lt" => {
            let [want] = r.values.as_slice() else {
                return false;
            };
            let (Ok(want), Some(Ok(have))) = (want.parse::<i64>(), value.map(|v| v.parse::<i64>()))
            else {
                return false;
            };
            if r.operator == "Gt" {
                have > want
            } else {
                have < want
            }
        }
        _ => false,
    }
}

/// `matchFields` supports only `metadata.name` with `In`/`NotIn` and exactly one value.
fn field_matches(r: &NodeSelectorRequirement, node: &Node) -> bool {
    if r.key != OBJECT_NAME_FIELD || r.values.len() != 1 {
        return false;
    }
    let equal = r.values[0] == node.metadata.name;
    match r.operator.as_str() {
        "In" => equal,
        "NotIn" => !equal,
        _ => false,
    }
}

fn term_is_empty(t: &NodeSelectorTerm) -> bool {
    t.match_expressions.is_empty() && t.match_fields.is_empty()
}

/// Mirrors `nodeSelectorTerm.match`: all expressions and fields hold; an empty term never does.
pub fn term_matches(t: &NodeSelectorTerm, node: &Node) -> bool {
    !term_is_empty(t)
        && t.match_expressions
            .iter()
            .all(|r| expression_matches(r, node))
        && t.match_fields.iter().all(|r| field_matches(r, node))
}

/// Mirrors `RequiredNodeAffinity.Match`: the nodeSelector map AND any required term.
pub fn required_matches(pod: &Pod, node: &Node) -> bool {
    let selector_ok = pod
        .spec
        .node_selector
        .iter()
        .all(|(k, v)| node.metadata.labels.get(k) == Some(v));
    selector_ok
        && required_terms(pod).is_none_or(|terms| terms.iter().any(|t| term_matches(t, node)))
}

impl FilterPlugin for NodeAffinity {
    fn name(&self) -> &'static str {
        NAME
    }

    // Mirrors node_affinity.go PreFilter: Skip without constraints; restrict to the node names
    // every term pins with `matchFields metadata.name In`.
    fn pre_filter(&self, pod: &Pod, _state: &CycleState) -> PreFilterResult {
        let Some(terms) = required_terms(pod) else {
            if pod.spec.node_selector.is_empty() {
                return PreFilterResult::status(Status::skip());
            }
            return PreFilterResult::all_nodes();
        };
        let mut node_names: Option<BTreeSet<String>> = None;
        for t in terms {
            let mut term_names: Option<BTreeSet<String>> = None;
            for r in &t.match_fields {
                if r.key == OBJECT_NAME_FIELD && r.operator == "In" {
                    let s: BTreeSet<String> = r.values.iter().cloned().collect();
                    term_names = Some(match term_names {
                        None => s,
                        Some(prev) => prev.intersection(&s).cloned().collect(),
                    });
                }
            }
            let Some(term_names) = term_names else {
                // A term without a name restriction admits every node; terms are ORed.
                return PreFilterResult::all_nodes();
            };
            node_names
                .get_or_insert_with(BTreeSet::new)
                .extend(term_names);
        }
        match node_names {
            Some(names) if names.is_empty() => {
                PreFilterResult::status(Status::unresolvable(ERR_REASON_CONFLICT))
            }
            names => PreFilterResult {
                status: Status::success(),
                node_names: names,
            },
        }
    }

    fn filter(&self, pod: &Pod, _state: &CycleState, node: &NodeInfo) -> Status {
        match node.node() {
            Some(n) if required_matches(pod, n) => Status::success(),
            _ => Status::unresolvable(ERR_REASON_POD),
        }
    }
}

impl ScorePlugin for NodeAffinity {
    fn name(&self) -> &'static str {
        NAME
    }

    fn pre_score(
        &self,
        pod: &Pod,
        _state: &mut CycleState,
        _all: &[&NodeInfo],
        _feasible: &[&NodeInfo],
    ) -> Code {
        if preferred_terms(pod).is_empty() {
            Code::Skip
        } else {
            Code::Success
        }
    }

    // Mirrors `PreferredSchedulingTerms.Score`: the sum of the weights of matching terms;
    // terms with weight 0 or an empty preference are dropped.
    fn score(&self, pod: &Pod, _state: &CycleState, node: &NodeInfo) -> i64 {
        let Some(n) = node.node() else {
            return 0;
        };
        preferred_terms(pod)
            .iter()
            .filter(|t| t.weight != 0 && !term_is_empty(&t.preference))
            .filter(|t| term_matches(&t.preference, n))
            .map(|t| i64::from(t.weight))
            .sum()
    }

    fn normalize(&self, scores: &mut [i64]) {
        default_normalize_score(MAX_NODE_SCORE, false, scores);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::testing::{make_node, make_pod, state_for, PodBuilder};

    fn node() -> Node {
        make_node("node-1")
            .label("env", "dev")
            .label("gen", "5")
            .obj()
    }

    #[test]
    fn required_affinity_table() {
        let none: &[(&str, &str, &[&str])] = &[];
        let cases: Vec<(&str, PodBuilder, bool)> = vec![
            ("nothing required", make_pod("p"), true),
            (
                "nodeSelector match",
                make_pod("p").node_selector(&[("env", "dev")]),
                true,
            ),
            (
                "nodeSelector miss",
                make_pod("p").node_selector(&[("env", "prod")]),
                false,
            ),
            (
                "In",
                make_pod("p").required_term(&[("env", "In", &["dev", "qa"])], none),
                true,
            ),
            (
                "In miss",
                make_pod("p").required_term(&[("env", "In", &["qa"])], none),
                false,
            ),
            (
                "NotIn absent key matches",
                make_pod("p").required_term(&[("zone", "NotIn", &["a"])], none),
                true,
            ),
            (
                "NotIn",
                make_pod("p").required_term(&[("env", "NotIn", &["dev"])], none),
                false,
            ),
            (
                "Exists",
                make_pod("p").required_term(&[("env", "Exists", &[])], none),
                true,
            ),
            (
                "DoesNotExist",
                make_pod("p").required_term(&[("env", "DoesNotExist", &[])], none),
                false,
            ),
            (
                "Gt",
                make_pod("p").required_term(&[("gen", "Gt", &["4"])], none),
                true,
            ),
            (
                "Gt strict",
                make_pod("p").required_term(&[("gen", "Gt", &["5"])], none),
                false,
            ),
            (
                "Lt",
                make_pod("p").required_term(&[("gen", "Lt", &["6"])], none),
                true,
            ),
            (
                "Lt unparsable",
                make_pod("p").required_term(&[("env", "Lt", &["6"])], none),
                false,
            ),
            (
                "terms are ORed",
                make_pod("p")
                    .required_term(&[("env", "In", &["qa"])], none)
                    .required_term(&[("env", "In", &["dev"])], none),
                true,
            ),
            (
                "expressions are ANDed",
                make_pod("p")
                    .required_term(&[("env", "In", &["dev"]), ("gen", "In", &["4"])], none),
                false,
            ),
            (
                "empty term selects nothing",
                make_pod("p").required_term(none, none),
                false,
            ),
            (
                "matchFields name In",
                make_pod("p").required_term(none, &[("metadata.name", "In", &["node-1"])]),
                true,
            ),
            (
                "matchFields name NotIn",
                make_pod("p").required_term(none, &[("metadata.name", "NotIn", &["node-1"])]),
                false,
            ),
            (
                "matchFields other key",
                make_pod("p").required_term(none, &[("metadata.uid", "In", &["x"])]),
                false,
            ),
            (
                "selector and affinity both apply",
                make_pod("p")
                    .node_selector(&[("env", "prod")])
                    .required_term(&[("env", "In", &["dev"])], none),
                false,
            ),
        ];
        let n = node();
        for (name, pod, want) in cases {
            assert_eq!(required_matches(&pod.obj(), &n), want, "{name}");
        }
    }

    #[test]
    fn pre_filter_restricts_to_pinned_names_or_rejects_conflicts() {
        let none: &[(&str, &str, &[&str])] = &[];
        let pod = make_pod("p")
            .required_term(none, &[("metadata.name", "In", &["a"])])
            .obj();
        let res = NodeAffinity.pre_filter(&pod, &CycleState::default());
        assert_eq!(res.node_names, Some(["a".to_string()].into()));
        let conflict = make_pod("p")
            .required_term(
                none,
                &[
                    ("metadata.name", "In", &["a"]),
                    ("metadata.name", "In", &["b"]),
                ],
            )
            .obj();
        let res = NodeAffinity.pre_filter(&conflict, &CycleState::default());
        assert_eq!(res.status.reasons, vec![ERR_REASON_CONFLICT]);
        let res = NodeAffinity.pre_filter(&make_pod("p").obj(), &CycleState::default());
        assert_eq!(res.status.code, Code::Skip);
    }

    #[test]
    fn preferred_terms_score_and_normalize() {
        let pod = make_pod("p")
            .preferred_term(20, &[("env", "In", &["dev"])])
            .preferred_term(60, &[("gen", "Exists", &[])])
            .preferred_term(0, &[("env", "Exists", &[])])
            .obj();
        let a = make_node("a").label("env", "dev").info(&[]);
        let b = make_node("b")
            .label("env", "dev")
            .label("gen", "1")
            .info(&[]);
        let c = make_node("c").info(&[]);
        let state = state_for(&pod, &[&a, &b, &c]);
        let mut scores: Vec<i64> = [&a, &b, &c]
            .iter()
            .map(|n| NodeAffinity.score(&pod, &state, n))
            .collect();
        assert_eq!(scores, vec![20, 80, 0]);
        NodeAffinity.normalize(&mut scores);
        assert_eq!(scores, vec![25, 100, 0]);
        let filter = NodeAffinity.filter(&pod, &state, &c);
        assert!(filter.is_success());
    }
}
