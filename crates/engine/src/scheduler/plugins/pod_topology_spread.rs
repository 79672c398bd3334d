//! PodTopologySpread, scoring with the system default constraints: replicas of one workload
//! are spread over nodes (maxSkew 3 on `kubernetes.io/hostname`) and zones (maxSkew 5 on
//! `topology.kubernetes.io/zone`), both ScheduleAnyway.
//!
//! Mirrors `pkg/scheduler/framework/plugins/podtopologyspread/scoring.go` (`PreScore`,
//! `initPreScoreState`, `Score`, `NormalizeScore`, `scoreForCount`,
//! `topologyNormalizingWeight`), `plugin.go` (`systemDefaultConstraints`) and
//! `plugins/helper/spread.go` (`DefaultSelector`). Left out: explicit
//! `topologySpreadConstraints` (kept opaque in Podflow's PodSpec; such pods are skipped) and
//! the Filter half, which only explicit DoNotSchedule constraints use.

use super::node_affinity::required_matches;
use crate::api::labels::Selector;
use crate::api::{Kind, Object, Pod};
use crate::scheduler::framework::{Code, CycleState, NodeInfo, ScorePlugin, MAX_NODE_SCORE};
use crate::store::Store;
use std::collections::BTreeMap;

pub const NAME: &str = "PodTopologySpread";
const HOSTNAME: &str = "kubernetes.io/hostname";
const ZONE: &str = "topology.kubernetes.io/zone";
/// `systemDefaultConstraints`: (topology key, maxSkew).
const SYSTEM_DEFAULTS: [(&str, i64); 2] = [(HOSTNAME, 3), (ZONE, 5)];

pub struct PodTopologySpread;

/// What PreScore computed for the pod: the selector, per-constraint weights and zone counts.
#[derive(Clone, Debug, Default)]
pub struct SpreadState {
    pub selector: Selector,
    /// `topologyNormalizingWeight` per system default constraint.
    weights: [f64; 2],
    /// Matching pods per zone value, over the nodes the pod's node affinity admits.
    zone_counts: BTreeMap<String, i64>,
}

impl SpreadState {
    pub fn new(selector: Selector) -> Self {
        SpreadState {
            selector,
            ..SpreadState::default()
        }
    }
}

/// Mirrors helper.DefaultSelector: the selectors of the Services selecting the pod, plus its
/// controlling ReplicationController's, ReplicaSet's or StatefulSet's.
pub fn default_selector(pod: &Pod, store: &Store) -> Selector {
    let ns = pod.metadata.namespace.as_str();
    let mut set = BTreeMap::new();
    for obj in store.list(Kind::Service, Some(ns)) {
        if let Object::Service(s) = &**obj {
            let sel = s.spec.selector.clone().unwrap_or_default();
            if Selector::from_map(&sel).matches(&pod.metadata.labels) {
                set.extend(sel);
            }
        }
    }
    let mut selector = Selector::from_map(&set);
    let Some(owner) = pod.metadata.controller_ref() else {
        return selector;
    };
    let extra = match (owner.api_version.as_str(), owner.kind.as_str()) {
        ("v1", "ReplicationController") => match store
            .get_by(Kind::ReplicationController, ns, &owner.name)
            .map(|o| &**o)
        {
            Some(Object::ReplicationController(rc)) => Some(Selector::from_map(&rc.spec.selector)),
            _ => None,
        },
        ("apps/v1", "ReplicaSet") => match store
            .get_by(Kind::ReplicaSet, ns, &owner.name)
            .map(|o| &**o)
        {
            Some(Object::ReplicaSet(rs)) => rs
                .spec
                .selector
                .as_ref()
                .and_then(|s| Selector::from_label_selector(s).ok()),
            _ => None,
        },
        ("apps/v1", "StatefulSet") => match store
            .get_by(Kind::StatefulSet, ns, &owner.name)
            .map(|o| &**o)
        {
            Some(Object::StatefulSet(ss)) => ss
                .spec
                .selector
                .as_ref()
                .and_then(|s| Selector::from_label_selector(s).ok()),
            _ => None,
        },
        _ => None,
    };
    if let Some(extra) = extra {
        selector.requirements.extend(extra.requirements);
    }
    selector
}

/// Mirrors countPodsMatchSelector: same namespace, not terminating, labels match.
fn count_matching(node: &NodeInfo, selector: &Selector, namespace: &str) -> i64 {
    node.pods
        .iter()
        .filter(|(k, p)| k.namespace == namespace && !p.terminating && selector.matches(&p.labels))
        .count() as i64
}

/// Mirrors topologyNormalizingWeight.
fn normalizing_weight(size: usize) -> f64 {
    ((size + 2) as f64).ln()
}

fn label<'a>(node: &'a NodeInfo, key: &str) -> Option<&'a String> {
    node.node().and_then(|n| n.metadata.labels.get(key))
}

impl ScorePlugin for PodTopologySpread {
    fn name(&self) -> &'static str {
        NAME
    }

    // Mirrors scoring.go PreScore/initPreScoreState with the system defaults (so nodes
    // missing a topology key are not ignored, and a zone count only matters to nodes that
    // have the zone label).
    fn pre_score(
        &self,
        pod: &Pod,
        state: &mut CycleState,
        all: &[&NodeInfo],
        feasible: &[&NodeInfo],
    ) -> Code {
        let Some(mut spread) = state.spread.take() else {
            return Code::Skip;
        };
        if spread.selector.is_empty() || !pod.spec.topology_spread_constraints.is_empty() {
            return Code::Skip;
        }
        let zones: std::collections::BTreeSet<&str> = feasible
            .iter()
            .map(|n| label(n, ZONE).map_or("", |z| z.as_str()))
            .collect();
        spread.weights = [
            normalizing_weight(feasible.len()),
            normalizing_weight(zones.len()),
        ];
        for node in all {
            let (Some(zone), Some(n)) = (label(node, ZONE), node.node()) else {
                continue;
            };
            if zones.contains(zone.as_str()) && required_matches(pod, n) {
                let c = count_matching(node, &spread.selector, &pod.metadata.namespace);
                *spread.zone_counts.entry(zone.clone()).or_default() += c;
            }
        }
        state.spread = Some(spread);
        Code::Success
    }

    // Mirrors scoring.go Score and scoreForCount.
    fn score(&self, pod: &Pod, state: &CycleState, node: &NodeInfo) -> i64 {
        let Some(spread) = &state.spread else {
            return 0;
        };
        let mut score = 0.0;
        for (i, (key, max_skew)) in SYSTEM_DEFAULTS.iter().enumerate() {
            let Some(value) = label(node, key) else {
                continue;
            };
            let cnt = if *key == HOSTNAME {
                count_matching(node, &spread.selector, &pod.metadata.namespace)
            } else {
                spread.zone_counts.get(value).copied().unwrap_or(0)
            };
            score += cnt as f64 * spread.weights[i] + (max_skew - 1) as f64;
        }
        score.round() as i64
    }

    // Mirrors scoring.go NormalizeScore: fewer matching pods score higher.
    fn normalize(&self, scores: &mut [i64]) {
        let (min, max) = (
            scores.iter().copied().min().unwrap_or(0),
            scores.iter().copied().max().unwrap_or(0),
        );
        for s in scores.iter_mut() {
            *s = if max == 0 {
                MAX_NODE_SCORE
            } else {
                MAX_NODE_SCORE * (max + min - *s) / max
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::testing::{make_node, make_pod, state_for};

    fn web(name: &str) -> Pod {
        let mut p = make_pod(name).obj();
        p.metadata.labels.insert("app".into(), "web".into());
        p
    }

    #[test]
    fn nodes_with_fewer_replicas_score_higher() {
        let pod = web("new");
        let a = make_node("a").info(&[web("w1"), web("w2")]);
        let b = make_node("b").info(&[web("w3")]);
        let c = make_node("c").info(&[make_pod("other").obj()]);
        let nodes = [&a, &b, &c];
        let mut state = state_for(&pod, &nodes);
        state.spread = Some(SpreadState::new(
            Selector::parse("app=web").unwrap_or_default(),
        ));
        assert_eq!(
            PodTopologySpread.pre_score(&pod, &mut state, &nodes, &nodes),
            Code::Success
        );
        // weight ln(5) ≈ 1.609: 2 → round(3.22 + 2) = 5, 1 → 4, 0 → 2.
        let mut scores: Vec<i64> = nodes
            .iter()
            .map(|n| PodTopologySpread.score(&pod, &state, n))
            .collect();
        assert_eq!(scores, vec![5, 4, 2]);
        PodTopologySpread.normalize(&mut scores);
        // 100 × (5 + 2 − s) / 5.
        assert_eq!(scores, vec![40, 60, 100]);
    }

    #[test]
    fn pods_without_a_workload_selector_skip() {
        let pod = make_pod("bare").obj();
        let a = make_node("a").info(&[]);
        let mut state = state_for(&pod, &[&a]);
        state.spread = Some(SpreadState::default());
        assert_eq!(
            PodTopologySpread.pre_score(&pod, &mut state, &[&a], &[&a]),
            Code::Skip
        );
    }
}
