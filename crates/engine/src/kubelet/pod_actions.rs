//! Plan, then act: what one sync of a pod must do, computed from the spec and what the
//! runtime reported.
//!
//! Mirrors `pkg/kubelet/kuberuntime/kuberuntime_manager.go` (`computePodActions`,
//! `findNextInitContainerToRun`, `containerSucceeded`) and `pkg/kubelet/container/helpers.go`
//! (`ShouldContainerBeRestarted`). The plan is plain data; `pod_worker.rs` turns it into CRI
//! calls. Left out: sidecar (restartable init) containers, ephemeral containers, in-place
//! resize and the container-hash check that restarts a container whose spec changed (pod
//! specs are immutable here apart from the image, which the API does not let change yet).

use super::cri::{ContainerSnapshot, ContainerState};
use super::runtime_cache::RuntimePod;
use crate::api::pod::Pod;

/// Why a running container is killed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KillReason {
    LivenessProbe,
    StartupProbe,
}

/// One running container to stop, with the `Killing` event's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerToKill {
    pub id: String,
    pub name: String,
    pub message: String,
    pub reason: KillReason,
}

/// Mirrors `podActions`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodActions {
    pub kill_pod: bool,
    pub create_sandbox: bool,
    /// Index into `spec.initContainers`.
    pub next_init_container: Option<usize>,
    /// Indices into `spec.containers`.
    pub containers_to_start: Vec<usize>,
    pub containers_to_kill: Vec<ContainerToKill>,
}

/// Probe verdicts the plan depends on: which container ids failed liveness or startup.
pub trait ProbeFailures {
    fn liveness_failed(&self, container_id: &str) -> bool;
    fn startup_failed(&self, container_id: &str) -> bool;
}

/// Mirrors `computePodActions`.
pub fn compute_pod_actions(
    pod: &Pod,
    status: &RuntimePod,
    probes: &dyn ProbeFailures,
) -> PodActions {
    let mut changes = PodActions::default();
    if status.sandbox_ip.is_none() {
        return sandbox_actions(pod, status);
    }
    let (init_failed, next, done) = find_next_init_container_to_run(pod, status);
    if !done {
        if let Some(next) = next {
            if init_failed && !should_restart_on_failure(pod) {
                changes.kill_pod = true;
            } else {
                changes.next_init_container = Some(next);
            }
        }
        return changes;
    }
    let restart = should_restart_on_failure(pod);
    let mut keep_count = 0;
    for (idx, container) in pod.spec.containers.iter().enumerate() {
        let latest = status.latest(&container.name);
        let Some(running) = latest.filter(|c| c.state == ContainerState::Running) else {
            if should_container_be_restarted(&container.name, pod, status) {
                changes.containers_to_start.push(idx);
            }
            continue;
        };
        let (message, reason) = if probes.liveness_failed(&running.id) {
            (
                format!("Container {} failed liveness probe", container.name),
                KillReason::LivenessProbe,
            )
        } else if probes.startup_failed(&running.id) {
            (
                format!("Container {} failed startup probe", container.name),
                KillReason::StartupProbe,
            )
        } else {
            keep_count += 1;
            continue;
        };
        let message = if restart {
            changes.containers_to_start.push(idx);
            format!("{message}, will be restarted")
        } else {
            message
        };
        changes.containers_to_kill.push(ContainerToKill {
            id: running.id.clone(),
            name: container.name.clone(),
            message,
            reason,
        });
    }
    if keep_count == 0 && changes.containers_to_start.is_empty() {
        changes.kill_pod = true;
    }
    changes
}

/// The `createPodSandbox` branch of `computePodActions`: a new sandbox means everything
/// starts over, unless the pod is done.
fn sandbox_actions(pod: &Pod, status: &RuntimePod) -> PodActions {
    let mut changes = PodActions {
        kill_pod: true,
        create_sandbox: true,
        ..PodActions::default()
    };
    if !should_restart_on_failure(pod)
        && status.sandbox_attempts != 0
        && !status.containers.is_empty()
    {
        changes.create_sandbox = false;
        return changes;
    }
    let to_start: Vec<usize> = (0..pod.spec.containers.len())
        .filter(|&i| {
            pod.spec.restart_policy != "OnFailure"
                || !container_succeeded(&pod.spec.containers[i].name, status)
        })
        .collect();
    if !pod.spec.init_containers.is_empty() {
        changes.next_init_container = Some(0);
        return changes;
    }
    if to_start.is_empty() {
        changes.create_sandbox = false;
    }
    changes.containers_to_start = to_start;
    changes
}

/// Mirrors `findNextInitContainerToRun`: `(last one failed, next to start, all done)`.
fn find_next_init_container_to_run(pod: &Pod, status: &RuntimePod) -> (bool, Option<usize>, bool) {
    let inits = &pod.spec.init_containers;
    if inits.is_empty() {
        return (false, None, true);
    }
    let main_running = pod.spec.containers.iter().any(|c| {
        status
            .latest(&c.name)
            .is_some_and(|s| s.state == ContainerState::Running)
    });
    if main_running {
        return (false, None, true);
    }
    for (i, c) in inits.iter().enumerate().rev() {
        if status.latest(&c.name).is_some_and(is_init_container_failed) {
            return (true, Some(i), false);
        }
    }
    for (i, c) in inits.iter().enumerate().rev() {
        let Some(s) = status.latest(&c.name) else {
            continue;
        };
        match s.state {
            ContainerState::Running => return (false, None, false),
            ContainerState::Exited if i == inits.len() - 1 => return (false, None, true),
            ContainerState::Exited => return (false, Some(i + 1), false),
            ContainerState::Created => {}
        }
    }
    (false, Some(0), false)
}

fn is_init_container_failed(s: &ContainerSnapshot) -> bool {
    s.state == ContainerState::Exited && s.exit_code != 0
}

/// `shouldRestartOnFailure`: every policy but `Never`.
pub fn should_restart_on_failure(pod: &Pod) -> bool {
    pod.spec.restart_policy != "Never"
}

fn container_succeeded(name: &str, status: &RuntimePod) -> bool {
    status
        .latest(name)
        .is_some_and(|s| s.state == ContainerState::Exited && s.exit_code == 0)
}

/// Mirrors `ShouldContainerBeRestarted`.
pub fn should_container_be_restarted(name: &str, pod: &Pod, status: &RuntimePod) -> bool {
    if pod.metadata.deletion_timestamp.is_some() {
        return false;
    }
    let Some(s) = status.latest(name) else {
        return true;
    };
    match s.state {
        ContainerState::Running => false,
        ContainerState::Created => true,
        ContainerState::Exited => match pod.spec.restart_policy.as_str() {
            "Never" => false,
            "OnFailure" => s.exit_code != 0,
            _ => true,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::Container;
    use crate::clock::SimTime;

    struct NoFailures;
    impl ProbeFailures for NoFailures {
        fn liveness_failed(&self, id: &str) -> bool {
            id == "dead"
        }
        fn startup_failed(&self, _: &str) -> bool {
            false
        }
    }

    fn pod(policy: &str, inits: &[&str], mains: &[&str]) -> Pod {
        let mut p = Pod::default();
        p.spec.restart_policy = policy.into();
        let c = |n: &&str| Container {
            name: n.to_string(),
            ..Container::default()
        };
        p.spec.init_containers = inits.iter().map(c).collect();
        p.spec.containers = mains.iter().map(c).collect();
        p
    }

    fn snap(id: &str, name: &str, state: ContainerState, exit: i32) -> ContainerSnapshot {
        ContainerSnapshot {
            id: id.into(),
            name: name.into(),
            attempt: 0,
            state,
            image: String::new(),
            image_ref: String::new(),
            created_at: SimTime::ZERO,
            started_at: None,
            finished_at: None,
            exit_code: exit,
            reason: String::new(),
        }
    }

    fn with_sandbox(cs: Vec<ContainerSnapshot>) -> RuntimePod {
        RuntimePod {
            sandbox_ip: Some("10.244.1.2".into()),
            sandbox_attempts: 1,
            containers: cs,
        }
    }

    #[test]
    fn a_new_pod_gets_a_sandbox_and_all_containers() {
        let a = compute_pod_actions(
            &pod("Always", &[], &["a", "b"]),
            &RuntimePod::default(),
            &NoFailures,
        );
        assert!(a.create_sandbox && a.kill_pod);
        assert_eq!(a.containers_to_start, vec![0, 1]);
        let a = compute_pod_actions(
            &pod("Always", &["i"], &["a"]),
            &RuntimePod::default(),
            &NoFailures,
        );
        assert_eq!(a.next_init_container, Some(0));
        assert!(a.containers_to_start.is_empty());
    }

    #[test]
    fn init_containers_run_in_order() {
        let p = pod("Always", &["i1", "i2"], &["a"]);
        let s = with_sandbox(vec![snap("1", "i1", ContainerState::Exited, 0)]);
        assert_eq!(
            compute_pod_actions(&p, &s, &NoFailures).next_init_container,
            Some(1)
        );
        let s = with_sandbox(vec![
            snap("1", "i1", ContainerState::Exited, 0),
            snap("2", "i2", ContainerState::Exited, 0),
        ]);
        assert_eq!(
            compute_pod_actions(&p, &s, &NoFailures).containers_to_start,
            vec![0]
        );
        let never = pod("Never", &["i1"], &["a"]);
        let s = with_sandbox(vec![snap("1", "i1", ContainerState::Exited, 1)]);
        assert!(compute_pod_actions(&never, &s, &NoFailures).kill_pod);
    }

    #[test]
    fn restart_policy_decides_what_restarts() {
        let exited = |code| with_sandbox(vec![snap("1", "a", ContainerState::Exited, code)]);
        let starts = |policy, code| {
            compute_pod_actions(&pod(policy, &[], &["a"]), &exited(code), &NoFailures)
                .containers_to_start
        };
        assert_eq!(starts("Always", 0), vec![0]);
        assert_eq!(starts("OnFailure", 1), vec![0]);
        assert!(starts("OnFailure", 0).is_empty());
        assert!(starts("Never", 1).is_empty());
        let a = compute_pod_actions(&pod("Never", &[], &["a"]), &exited(1), &NoFailures);
        assert!(a.kill_pod);
    }

    #[test]
    fn liveness_failure_kills_and_restarts() {
        let s = with_sandbox(vec![snap("dead", "a", ContainerState::Running, 0)]);
        let a = compute_pod_actions(&pod("Always", &[], &["a"]), &s, &NoFailures);
        assert_eq!(a.containers_to_start, vec![0]);
        assert_eq!(
            a.containers_to_kill[0].message,
            "Container a failed liveness probe, will be restarted"
        );
        let a = compute_pod_actions(&pod("Never", &[], &["a"]), &s, &NoFailures);
        assert_eq!(
            a.containers_to_kill[0].message,
            "Container a failed liveness probe"
        );
        assert!(a.kill_pod);
    }
}
