//! The kubelet's image manager: pull policy, image pull back-off, and the events' texts.
//!
//! Mirrors `pkg/kubelet/images/image_manager.go` (`EnsureImageExists`, `imagePullPrecheck`,
//! `pullImage`, `imageNotPresentOnNeverPolicyError`, `evalCRIPullErr`) and the pull-policy
//! default of `pkg/apis/core/v1/defaults.go` (`SetDefaults_Container`), applied here when the
//! API server left the field empty. Left out: pull secrets and the credential verification
//! of `KubeletEnsureSecretPulledImages` (its event wording is kept), parallel pulls.

use super::backoff::go_duration;
use crate::api::pod::Container;
use crate::clock::SimDuration;

/// `imagePullPolicy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PullPolicy {
    Always,
    IfNotPresent,
    Never,
}

/// The container's policy; empty means the API default: `Always` for `:latest` or no tag,
/// `IfNotPresent` otherwise.
pub fn pull_policy(c: &Container) -> PullPolicy {
    match c.image_pull_policy.as_str() {
        "Always" => PullPolicy::Always,
        "Never" => PullPolicy::Never,
        "IfNotPresent" => PullPolicy::IfNotPresent,
        _ => default_policy(&c.image),
    }
}

/// Mirrors `SetDefaults_Container`'s use of `parsers.ParseImageName`.
fn default_policy(image: &str) -> PullPolicy {
    let name = image.split('@').next().unwrap_or(image);
    let last = name.rsplit('/').next().unwrap_or(name);
    let tag = last.split_once(':').map(|(_, t)| t);
    match (tag, image.contains('@')) {
        (Some("latest"), _) | (None, false) => PullPolicy::Always,
        _ => PullPolicy::IfNotPresent,
    }
}

/// The image back-off key: `<pod uid>_<image>`.
pub fn backoff_key(pod_uid: &str, image: &str) -> String {
    format!("{pod_uid}_{image}")
}

pub fn pulling(image: &str) -> String {
    format!("Pulling image {image:?}")
}

/// `Successfully pulled image "nginx" in 3.2s (3.2s including waiting). Image size: N bytes.`
pub fn pulled(image: &str, pull: SimDuration, total: SimDuration, size: u64) -> String {
    format!(
        "Successfully pulled image {image:?} in {} ({} including waiting). Image size: {size} bytes.",
        go_duration(pull),
        go_duration(total)
    )
}

/// The `Pulled` event when no pull is needed (with the v1.35+ credential-check wording).
pub fn already_present(image: &str) -> String {
    format!("Container image {image:?} already present on machine and can be accessed by the pod")
}

pub fn never_pull(image: &str) -> String {
    format!("Container image {image:?} is not present with pull policy of Never")
}

pub fn failed_to_pull(image: &str, err: &str) -> String {
    format!("Failed to pull image {image:?}: {err}")
}

pub fn back_off_pulling(image: &str) -> String {
    format!("Back-off pulling image {image:?}")
}

/// The waiting message during ImagePullBackOff: the back-off text plus the last pull error.
pub fn back_off_waiting_message(image: &str, last_error: Option<&str>) -> String {
    match last_error {
        Some(e) => format!("{}: ErrImagePull: {e}", back_off_pulling(image)),
        None => back_off_pulling(image),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn container(image: &str, policy: &str) -> Container {
        Container {
            image: image.into(),
            image_pull_policy: policy.into(),
            ..Container::default()
        }
    }

    #[test]
    fn default_policy_follows_the_tag() {
        assert_eq!(pull_policy(&container("nginx", "")), PullPolicy::Always);
        assert_eq!(
            pull_policy(&container("nginx:latest", "")),
            PullPolicy::Always
        );
        assert_eq!(
            pull_policy(&container("nginx:1.27", "")),
            PullPolicy::IfNotPresent
        );
        assert_eq!(
            pull_policy(&container("localhost:5000/app", "")),
            PullPolicy::Always
        );
        assert_eq!(
            pull_policy(&container("nginx:1.27", "Never")),
            PullPolicy::Never
        );
        let digest = format!("nginx@sha256:{}", "a".repeat(64));
        assert_eq!(
            pull_policy(&container(&digest, "")),
            PullPolicy::IfNotPresent
        );
    }

    #[test]
    fn event_texts() {
        assert_eq!(
            pulled("nginx", SimDuration(3200), SimDuration(3200), 72_225_394),
            "Successfully pulled image \"nginx\" in 3.2s (3.2s including waiting). Image size: 72225394 bytes."
        );
        assert_eq!(
            already_present("nginx:1.27"),
            "Container image \"nginx:1.27\" already present on machine and can be accessed by the pod"
        );
        assert_eq!(
            never_pull("nginx:1.27"),
            "Container image \"nginx:1.27\" is not present with pull policy of Never"
        );
    }
}
