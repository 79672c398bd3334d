//! Scoring the feasible nodes and picking one.
//!
//! Mirrors `pkg/scheduler/schedule_one.go` (`prioritizeNodes`, `selectHost`) and
//! `framework/runtime/framework.go` (`RunPreScorePlugins`, `RunScorePlugins` with
//! normalization and weights). Only the best `MAX_ROWS` rows are materialized for the
//! decision record.

use super::diagnosis::{NodeRow, PluginScore, MAX_ROWS};
use super::framework::{Code, CycleState, NodeInfo};
use super::plugins::registry::SCORES;
use crate::api::Pod;
use crate::rng::Rng;

/// Every score plugin's raw and normalized scores, by feasible node, and the weighted totals.
pub(super) struct ScoreTable {
    plugins: Vec<(&'static str, i64, Vec<i64>, Vec<i64>)>,
    pub(super) totals: Vec<i64>,
}

impl ScoreTable {
    /// Rows for the chosen node first, then the best others by total, at most `MAX_ROWS`; only
    /// these rows are built, so a large cluster costs no per-node allocation here.
    pub(super) fn top_rows(&self, feasible: &[&NodeInfo], chosen: usize) -> Vec<NodeRow> {
        let mut order: Vec<usize> = (0..feasible.len()).filter(|i| *i != chosen).collect();
        // Partition out the best rows by total first, then order only those (by name on ties).
        let keep = (MAX_ROWS - 1).min(order.len());
        if keep < order.len() {
            order.select_nth_unstable_by(keep, |a, b| {
                self.totals[*b].cmp(&self.totals[*a]).then(a.cmp(b))
            });
            order.truncate(keep);
        }
        crate::sort::by(&mut order, |a, b| {
            let by_total = self.totals[*b].cmp(&self.totals[*a]);
            by_total.then_with(|| feasible[*a].name.cmp(&feasible[*b].name))
        });
        std::iter::once(chosen)
            .chain(order)
            .map(|i| NodeRow {
                node: feasible[i].name.clone(),
                rejected_by: None,
                scores: self
                    .plugins
                    .iter()
                    .map(|(plugin, weight, raw, norm)| PluginScore {
                        plugin,
                        raw: raw[i],
                        normalized: norm[i],
                        weight: *weight,
                    })
                    .collect(),
                total: self.totals[i],
            })
            .collect()
    }
}

/// Mirrors prioritizeNodes: with one feasible node there is nothing to compare and no plugin
/// runs; otherwise each score plugin scores, normalizes and is weighted.
pub(super) fn prioritize_nodes(
    pod: &Pod,
    state: &mut CycleState,
    all: &[&NodeInfo],
    feasible: &[&NodeInfo],
) -> ScoreTable {
    let mut table = ScoreTable {
        plugins: Vec::new(),
        totals: vec![0; feasible.len()],
    };
    if feasible.len() == 1 {
        return table;
    }
    for (plugin, weight) in SCORES.iter() {
        if plugin.pre_score(pod, state, all, feasible) == Code::Skip {
            continue;
        }
        let raw: Vec<i64> = feasible
            .iter()
            .map(|n| plugin.score(pod, state, n))
            .collect();
        let mut normalized = raw.clone();
        plugin.normalize(&mut normalized);
        for (t, n) in table.totals.iter_mut().zip(&normalized) {
            *t += n * weight;
        }
        table
            .plugins
            .push((plugin.name(), *weight, raw, normalized));
    }
    table
}

/// Mirrors selectHost: the highest total wins; ties are broken by reservoir sampling, each of
/// the k tied nodes replacing the pick with probability 1/k.
pub(super) fn select_host(totals: &[i64], rng: &mut Rng) -> usize {
    let mut best = 0;
    let mut count = 1u32;
    for (i, total) in totals.iter().enumerate().skip(1) {
        if *total > totals[best] {
            best = i;
            count = 1;
        } else if *total == totals[best] {
            count += 1;
            if rng.below(count) == 0 {
                best = i;
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn select_host_breaks_ties_among_the_best_only() {
        let totals = [10, 30, 30, 5];
        let mut picked = BTreeSet::new();
        let mut rng = Rng::new(1);
        for _ in 0..50 {
            picked.insert(select_host(&totals, &mut rng));
        }
        assert_eq!(picked, [1, 2].into());
    }
}
