//! Pods as a node or the pending lane draws them: a few chips, the rest counted by STATUS.
//!
//! With hundreds of pods a chip each would bury the stage on a projector and cost the page
//! a long frame on every tick; the node's inspector (Allocation) lists them all.

use std::collections::BTreeMap;

use super::PodView;

/// The most pod chips a node (or the pending lane) draws; the rest are counted.
pub const MAX_CHIPS: usize = 8;

/// Pods as a node or the pending lane draws them: up to [`MAX_CHIPS`] chips, the rest counted.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct PodList {
    /// The pods drawn, in the store's order (namespace, name).
    pub shown: Vec<PodView>,
    /// The pods not drawn, as `(STATUS, how many)`, the most numerous first.
    pub hidden: Vec<(String, usize)>,
}

impl PodList {
    /// Keeps every pod when they fit; else the ones a learner most needs to see (failing, then
    /// on their way, then Running, then Completed), still in the store's order, and counts the
    /// rest by STATUS.
    pub fn summarise(views: Vec<PodView>, max: usize) -> PodList {
        if views.len() <= max {
            return PodList {
                shown: views,
                hidden: Vec::new(),
            };
        }
        let rank = |tone: &str| match tone {
            "bad" => 0,
            "busy" => 1,
            "ok" => 2,
            _ => 3,
        };
        let mut order: Vec<usize> = (0..views.len()).collect();
        order.sort_by_key(|&i| (rank(views[i].tone), i));
        let mut keep = vec![false; views.len()];
        for &i in &order[..max] {
            keep[i] = true;
        }
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut shown = Vec::with_capacity(max);
        for (view, keep) in views.into_iter().zip(keep) {
            if keep {
                shown.push(view);
            } else {
                *counts.entry(view.status).or_default() += 1;
            }
        }
        let mut hidden: Vec<(String, usize)> = counts.into_iter().collect();
        hidden.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        PodList { shown, hidden }
    }

    /// How many pods are not drawn.
    pub fn hidden_count(&self) -> usize {
        self.hidden.iter().map(|(_, n)| n).sum()
    }

    /// No pod at all, drawn or counted.
    pub fn is_empty(&self) -> bool {
        self.shown.is_empty() && self.hidden.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(name: &str, status: &str, tone: &'static str) -> PodView {
        PodView {
            namespace: "default".into(),
            name: name.into(),
            status: status.into(),
            ready: "0/1".into(),
            restarts: "0".into(),
            ip: String::new(),
            tone,
            grace_left: None,
        }
    }

    #[test]
    fn a_few_pods_are_all_drawn_in_order() {
        let pods = vec![pod("a", "Running", "ok"), pod("b", "Pending", "busy")];
        let list = PodList::summarise(pods.clone(), 8);
        assert_eq!(list.shown, pods);
        assert!(list.hidden.is_empty());
        assert_eq!(list.hidden_count(), 0);
        assert!(!list.is_empty() && PodList::default().is_empty());
    }

    #[test]
    fn many_pods_keep_the_failing_and_starting_ones_and_count_the_rest() {
        let mut pods: Vec<PodView> = (0..10)
            .map(|i| pod(&format!("run-{i}"), "Running", "ok"))
            .collect();
        pods.push(pod("z-crash", "CrashLoopBackOff", "bad"));
        pods.push(pod("y-new", "ContainerCreating", "busy"));
        pods.push(pod("x-done", "Completed", "done"));
        let list = PodList::summarise(pods, 4);
        let names: Vec<&str> = list.shown.iter().map(|p| p.name.as_str()).collect();
        // The failing and the starting pod first, then Running ones; drawn in the store's order.
        assert_eq!(names, ["run-0", "run-1", "z-crash", "y-new"]);
        assert_eq!(
            list.hidden,
            vec![("Running".to_string(), 8), ("Completed".to_string(), 1)]
        );
        assert_eq!(list.hidden_count(), 9);
    }
}
