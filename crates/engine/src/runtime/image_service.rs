//! The images present on one node, and pulls.
//!
//! Mirrors containerd's CRI image service (`internal/cri/server/images/image_pull.go`,
//! `image_status.go`): a pull resolves the reference against the registry (here the
//! catalogue in `images.rs`), takes the image's pull time, and leaves the image present under
//! its normalised name with an `imageID` of `repository@sha256:…`. Pulls are serialised, so a
//! pull waits for the ones before it (what `(… including waiting)` in the kubelet's `Pulled`
//! event measures). Left out: layers shared between images, disk usage, image GC.

use super::images::{lookup, normalize};
use crate::clock::SimTime;
use crate::kubelet::cri::PulledImage;
use std::collections::BTreeMap;

/// How long the registry takes to refuse a reference it does not know.
const RESOLVE_FAIL_MS: u64 = 800;
/// How long a pull of an image already present takes: the manifest is fetched, no layer is.
const MANIFEST_CHECK_MS: u64 = 450;

/// An image on the node's disk (or arriving at `ready_at`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresentImage {
    pub image_ref: String,
    pub size_bytes: u64,
    pub ready_at: SimTime,
}

#[derive(Clone, Debug, Default)]
pub struct ImageService {
    images: BTreeMap<String, PresentImage>,
    /// When the last queued pull finishes.
    busy_until: SimTime,
}

impl ImageService {
    /// `ImageStatus`: the image if it is on the node now.
    pub fn status(&self, image: &str, now: SimTime) -> Option<PulledImage> {
        let full = normalize(image).ok()?.full();
        let present = self.images.get(&full).filter(|i| i.ready_at <= now)?;
        Some(PulledImage {
            image_ref: present.image_ref.clone(),
            size_bytes: present.size_bytes,
            pull_ms: 0,
        })
    }

    /// `PullImage`: `(delay until the answer, result)`.
    pub fn pull(&mut self, image: &str, now: SimTime) -> (u64, Result<PulledImage, String>) {
        let (info, resolved) = match lookup(image) {
            Ok(found) => found,
            Err(e) => return (RESOLVE_FAIL_MS, Err(e.message())),
        };
        if let Some(p) = self.images.get(&resolved.full()) {
            // Already here, or arriving: a second pull only resolves the manifest, or joins
            // the pull under way (containerd deduplicates by reference).
            let delay = if p.ready_at > now {
                p.ready_at.saturating_sub(now).as_millis()
            } else {
                MANIFEST_CHECK_MS
            };
            let pulled = PulledImage {
                image_ref: p.image_ref.clone(),
                size_bytes: p.size_bytes,
                pull_ms: delay,
            };
            return (delay, Ok(pulled));
        }
        let start = self.busy_until.max(now);
        let ready_at = start + crate::clock::SimDuration::from_millis(info.pull_ms);
        self.busy_until = ready_at;
        let image_ref = format!(
            "{}@sha256:{}",
            resolved.repository,
            digest(&resolved.repository)
        );
        let present = PresentImage {
            image_ref: image_ref.clone(),
            size_bytes: info.size_bytes,
            ready_at,
        };
        self.images.insert(resolved.full(), present);
        let pulled = PulledImage {
            image_ref,
            size_bytes: info.size_bytes,
            pull_ms: info.pull_ms,
        };
        (ready_at.saturating_sub(now).as_millis(), Ok(pulled))
    }

    /// Puts an image on the node without a pull (images baked into the node's disk).
    pub fn preload(&mut self, image: &str) {
        if let Ok((info, resolved)) = lookup(image) {
            let image_ref = format!(
                "{}@sha256:{}",
                resolved.repository,
                digest(&resolved.repository)
            );
            let present = PresentImage {
                image_ref,
                size_bytes: info.size_bytes,
                ready_at: SimTime::ZERO,
            };
            self.images.insert(resolved.full(), present);
        }
    }

    /// Images on the node by normalised name, for the UI and the node's `status.images`.
    pub fn list(&self) -> &BTreeMap<String, PresentImage> {
        &self.images
    }
}

/// A stable, made-up sha256 for a repository (FNV-1a, stretched to 64 hex digits).
fn digest(repository: &str) -> String {
    (0u64..4)
        .map(|salt| {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
            for b in repository.bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
            format!("{h:016x}")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pulls_queue_and_images_appear_when_done() {
        let mut s = ImageService::default();
        let (d1, r1) = s.pull("nginx", SimTime(0));
        let (d2, _) = s.pull("busybox", SimTime(0));
        assert!(r1.is_ok());
        assert!(d2 > d1, "the second pull waits for the first");
        assert_eq!(s.status("nginx", SimTime(0)), None);
        let present = s.status("nginx:latest", SimTime(d1));
        assert_eq!(present.map(|p| p.size_bytes), Some(72_225_394));
        assert_eq!(digest("x").len(), 64);
    }

    #[test]
    fn a_second_pull_joins_the_first_and_a_present_image_is_only_checked() {
        let mut s = ImageService::default();
        let (d1, _) = s.pull("nginx", SimTime(0));
        let (d2, _) = s.pull("nginx:latest", SimTime(100));
        assert_eq!(d2, d1 - 100, "joins the pull under way");
        assert!(s.status("nginx", SimTime(d1)).is_some());
        let (d3, r) = s.pull("nginx", SimTime(d1 + 1000));
        assert_eq!(d3, MANIFEST_CHECK_MS);
        assert!(r.is_ok_and(|p| p.pull_ms == MANIFEST_CHECK_MS));
        assert!(
            s.status("nginx", SimTime(d1 + 1000)).is_some(),
            "still present meanwhile"
        );
    }

    #[test]
    fn unknown_images_fail_quickly() {
        let mut s = ImageService::default();
        let (delay, r) = s.pull("nginxx", SimTime(0));
        assert_eq!(delay, RESOLVE_FAIL_MS);
        assert!(r.is_err_and(|e| e.contains("pull access denied")));
    }
}
