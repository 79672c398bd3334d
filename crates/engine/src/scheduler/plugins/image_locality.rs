//! ImageLocality: prefers nodes that already hold the pod's images, weighted by image size
//! and by how many nodes have them.
//!
//! Mirrors `pkg/scheduler/framework/plugins/imagelocality/image_locality.go`
//! (`calculatePriority`, `sumImageScores`, `scaledImageScore`, `normalizedImageName`).

use crate::api::Pod;
use crate::scheduler::framework::{CycleState, NodeInfo, ScorePlugin, MAX_NODE_SCORE};

pub const NAME: &str = "ImageLocality";

const MB: i64 = 1024 * 1024;
const MIN_THRESHOLD: i64 = 23 * MB;
const MAX_CONTAINER_THRESHOLD: i64 = 1000 * MB;

pub struct ImageLocality;

/// Mirrors normalizedImageName: an image without a tag means `:latest`.
pub fn normalized_image_name(name: &str) -> String {
    let colon = name.rfind(':').map_or(-1, |i| i as i64);
    let slash = name.rfind('/').map_or(-1, |i| i as i64);
    if colon <= slash {
        format!("{name}:latest")
    } else {
        name.to_string()
    }
}

/// Mirrors calculatePriority.
fn calculate_priority(sum: i64, num_containers: usize) -> i64 {
    let max = MAX_CONTAINER_THRESHOLD * num_containers.max(1) as i64;
    let sum = sum.clamp(MIN_THRESHOLD, max.max(MIN_THRESHOLD));
    if max <= MIN_THRESHOLD {
        return 0;
    }
    MAX_NODE_SCORE * (sum - MIN_THRESHOLD) / (max - MIN_THRESHOLD)
}

/// The pod's images, init containers first (`sumImageScores` walks both lists).
pub fn pod_images(pod: &Pod) -> impl Iterator<Item = String> + '_ {
    pod.spec
        .init_containers
        .iter()
        .chain(&pod.spec.containers)
        .map(|c| normalized_image_name(&c.image))
}

impl ScorePlugin for ImageLocality {
    fn name(&self) -> &'static str {
        NAME
    }

    // Mirrors image_locality.go Score: each present image counts its size scaled by the
    // share of nodes that have it.
    fn score(&self, pod: &Pod, state: &CycleState, node: &NodeInfo) -> i64 {
        let total = state.total_nodes.max(1) as f64;
        let sum: i64 = state
            .images
            .iter()
            .filter_map(|(img, with)| {
                let size = *node.images.get(img)?;
                Some((size as f64 * (*with as f64 / total)) as i64)
            })
            .fold(0i64, i64::saturating_add);
        let n = pod.spec.init_containers.len() + pod.spec.containers.len();
        calculate_priority(sum, n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::testing::{make_node, make_pod, state_for};

    #[test]
    fn names_are_normalized() {
        assert_eq!(normalized_image_name("nginx"), "nginx:latest");
        assert_eq!(normalized_image_name("nginx:1.27"), "nginx:1.27");
        assert_eq!(
            normalized_image_name("localhost:5000/app"),
            "localhost:5000/app:latest"
        );
    }

    #[test]
    fn score_scales_with_size_and_spread() {
        let pod = make_pod("p").image("big:1").obj();
        let with = make_node("a").image("big:1", 523 * MB).info(&[]);
        let without = make_node("b").info(&[]);
        let state = state_for(&pod, &[&with, &without]);
        // 523MB on 1 of 2 nodes → 261.5MB → (261-23)*100/(1000-23) = 24.
        assert_eq!(ImageLocality.score(&pod, &state, &with), 24);
        assert_eq!(ImageLocality.score(&pod, &state, &without), 0);
        let small = make_pod("q").image("tiny:1").obj();
        let n = make_node("c").image("tiny:1", MB).info(&[]);
        let state = state_for(&small, &[&n]);
        assert_eq!(ImageLocality.score(&small, &state, &n), 0);
    }
}
