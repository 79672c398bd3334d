//! TaintToleration: NoSchedule/NoExecute taints filter, PreferNoSchedule taints score.
//!
//! Mirrors `pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go` and the
//! matching rules of `staging/src/k8s.io/api/core/v1/toleration.go` (`ToleratesTaint`) and
//! `staging/src/k8s.io/component-helpers/scheduling/corev1/helpers.go`
//! (`TolerationsTolerateTaint`, `FindMatchingUntoleratedTaint`). The `Lt`/`Gt` operators of the
//! alpha TaintTolerationComparisonOperators gate are off, as in a default v1.36 cluster, so
//! they never match. The filter reason is the v1.35+ text without taint keys or values.

use crate::api::node::{Taint, TAINT_NO_EXECUTE, TAINT_NO_SCHEDULE, TAINT_PREFER_NO_SCHEDULE};
use crate::api::pod::Toleration;
use crate::api::Pod;
use crate::scheduler::framework::{
    default_normalize_score, CycleState, FilterPlugin, NodeInfo, ScorePlugin, Status,
    MAX_NODE_SCORE,
};

pub const NAME: &str = "TaintToleration";
pub const ERR_REASON_NOT_MATCH: &str = "node(s) had untolerated taint(s)";

pub struct TaintToleration;

/// Mirrors `Toleration.ToleratesTaint`: an empty effect matches every effect, an empty key
/// (with `Exists`) every key; `Equal` (or no operator) compares values.
pub fn tolerates_taint(t: &Toleration, taint: &Taint) -> bool {
    if !t.effect.is_empty() && t.effect != taint.effect {
        return false;
    }
    if !t.key.is_empty() && t.key != taint.key {
        return false;
    }
    match t.operator.as_str() {
        "" | "Equal" => t.value == taint.value,
        "Exists" => true,
        _ => false,
    }
}

/// Mirrors `TolerationsTolerateTaint`.
pub fn tolerations_tolerate_taint(tolerations: &[Toleration], taint: &Taint) -> bool {
    tolerations.iter().any(|t| tolerates_taint(t, taint))
}

/// Mirrors `FindMatchingUntoleratedTaint` with `DoNotScheduleTaintsFilterFunc`: the first
/// NoSchedule or NoExecute taint no toleration covers.
pub fn find_untolerated_do_not_schedule<'a>(
    taints: &'a [Taint],
    tolerations: &[Toleration],
) -> Option<&'a Taint> {
    taints
        .iter()
        .filter(|t| t.effect == TAINT_NO_SCHEDULE || t.effect == TAINT_NO_EXECUTE)
        .find(|t| !tolerations_tolerate_taint(tolerations, t))
}

/// Mirrors taint_toleration.go countIntolerableTaintsPreferNoSchedule, with the tolerations
/// PreScore keeps (`getAllTolerationPreferNoSchedule`: effect empty or PreferNoSchedule).
fn count_intolerable_prefer_no_schedule(taints: &[Taint], tolerations: &[Toleration]) -> i64 {
    let prefer: Vec<Toleration> = tolerations
        .iter()
        .filter(|t| t.effect.is_empty() || t.effect == TAINT_PREFER_NO_SCHEDULE)
        .cloned()
        .collect();
    taints
        .iter()
        .filter(|t| t.effect == TAINT_PREFER_NO_SCHEDULE)
        .filter(|t| !tolerations_tolerate_taint(&prefer, t))
        .count() as i64
}

impl FilterPlugin for TaintToleration {
    fn name(&self) -> &'static str {
        NAME
    }

    // Mirrors taint_toleration.go Filter.
    fn filter(&self, pod: &Pod, _state: &CycleState, node: &NodeInfo) -> Status {
        let Some(n) = node.node() else {
            return Status::unresolvable("node not found");
        };
        match find_untolerated_do_not_schedule(&n.spec.taints, &pod.spec.tolerations) {
            None => Status::success(),
            Some(_) => Status::unresolvable(ERR_REASON_NOT_MATCH),
        }
    }
}

impl ScorePlugin for TaintToleration {
    fn name(&self) -> &'static str {
        NAME
    }

    fn score(&self, pod: &Pod, _state: &CycleState, node: &NodeInfo) -> i64 {
        node.node().map_or(0, |n| {
            count_intolerable_prefer_no_schedule(&n.spec.taints, &pod.spec.tolerations)
        })
    }

    fn normalize(&self, scores: &mut [i64]) {
        default_normalize_score(MAX_NODE_SCORE, true, scores);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::framework::Code;
    use crate::scheduler::testing::{make_node, make_pod, state_for};

    fn taint(key: &str, value: &str, effect: &str) -> Taint {
        Taint {
            key: key.into(),
            value: value.into(),
            effect: effect.into(),
            time_added: None,
        }
    }

    fn tol(key: &str, op: &str, value: &str, effect: &str) -> Toleration {
        Toleration {
            key: key.into(),
            operator: op.into(),
            value: value.into(),
            effect: effect.into(),
            toleration_seconds: None,
        }
    }

    #[test]
    fn tolerates_taint_table() {
        let t = taint("env", "dev", "NoSchedule");
        let cases = [
            (
                "equal, same value and effect",
                tol("env", "Equal", "dev", "NoSchedule"),
                true,
            ),
            (
                "empty operator means Equal",
                tol("env", "", "dev", "NoSchedule"),
                true,
            ),
            (
                "equal, other value",
                tol("env", "Equal", "prod", "NoSchedule"),
                false,
            ),
            (
                "equal, empty value does not match dev",
                tol("env", "", "", ""),
                false,
            ),
            (
                "exists ignores value",
                tol("env", "Exists", "", "NoSchedule"),
                true,
            ),
            (
                "empty effect matches all effects",
                tol("env", "Exists", "", ""),
                true,
            ),
            ("other effect", tol("env", "Exists", "", "NoExecute"), false),
            (
                "empty key with Exists matches all",
                tol("", "Exists", "", ""),
                true,
            ),
            ("other key", tol("team", "Exists", "", ""), false),
            (
                "Lt is off without the feature gate",
                tol("env", "Lt", "dev", ""),
                false,
            ),
        ];
        for (name, toleration, want) in cases {
            assert_eq!(tolerates_taint(&toleration, &t), want, "{name}");
        }
    }

    #[test]
    fn filter_table() {
        let cases = [
            ("no taints", make_pod("p"), make_node("n"), Code::Success),
            (
                "untolerated NoSchedule",
                make_pod("p"),
                make_node("n").taint("env", "dev", "NoSchedule"),
                Code::UnschedulableAndUnresolvable,
            ),
            (
                "untolerated NoExecute",
                make_pod("p"),
                make_node("n").taint("env", "dev", "NoExecute"),
                Code::UnschedulableAndUnresolvable,
            ),
            (
                "PreferNoSchedule never filters",
                make_pod("p"),
                make_node("n").taint("env", "dev", "PreferNoSchedule"),
                Code::Success,
            ),
            (
                "tolerated",
                make_pod("p").toleration("env", "Equal", "dev", "NoSchedule"),
                make_node("n").taint("env", "dev", "NoSchedule"),
                Code::Success,
            ),
        ];
        for (name, pod, node, want) in cases {
            let pod = pod.obj();
            let ni = node.info(&[]);
            let got = TaintToleration.filter(&pod, &state_for(&pod, &[&ni]), &ni);
            assert_eq!(got.code, want, "{name}");
            if want != Code::Success {
                assert_eq!(got.reasons, vec![ERR_REASON_NOT_MATCH]);
            }
        }
    }

    #[test]
    fn score_prefers_fewer_intolerable_prefer_no_schedule_taints() {
        // taint_toleration_test.go: 0, 1 and 2 intolerable taints score 100, 50, 0.
        let pod = make_pod("p")
            .toleration("foo", "Equal", "bar", "NoSchedule")
            .obj();
        let nodes = [
            make_node("n0").info(&[]),
            make_node("n1")
                .taint("a", "b", "PreferNoSchedule")
                .info(&[]),
            make_node("n2")
                .taint("a", "b", "PreferNoSchedule")
                .taint("c", "d", "PreferNoSchedule")
                .info(&[]),
        ];
        let state = state_for(&pod, &nodes.iter().collect::<Vec<_>>());
        let mut scores: Vec<i64> = nodes
            .iter()
            .map(|n| TaintToleration.score(&pod, &state, n))
            .collect();
        TaintToleration.normalize(&mut scores);
        assert_eq!(scores, vec![100, 50, 0]);
    }
}
