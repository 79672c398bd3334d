//! What the kubelet knows of one pod's sandbox and containers, as the runtime reported it.
//!
//! Mirrors `pkg/kubelet/container/runtime.go` `PodStatus` (sandbox statuses plus every
//! container instance, newest first on lookup) as kept by `pkg/kubelet/container/cache.go`.
//! Filled only from CRI answers and PLEG events, never by reading the runtime's memory, so the
//! kubelet sees what a real one would. Left out: multiple sandboxes per pod (one at a time).

use super::cri::{ContainerSnapshot, ContainerState};

/// One pod as seen through the CRI.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuntimePod {
    /// The sandbox's IP once `RunPodSandbox` answered; `None` when there is none (or it was
    /// removed).
    pub sandbox_ip: Option<String>,
    /// How many sandboxes were created for the pod (`attempt` of `PodSandboxChanged`).
    pub sandbox_attempts: u32,
    /// Every container instance, in creation order.
    pub containers: Vec<ContainerSnapshot>,
}

impl RuntimePod {
    /// Records a container's newest state, replacing the instance with the same id.
    pub fn upsert(&mut self, c: ContainerSnapshot) {
        match self.containers.iter_mut().find(|x| x.id == c.id) {
            Some(slot) => *slot = c,
            None => {
                self.containers.push(c);
                self.prune();
            }
        }
    }

    /// Mirrors `PodStatus.FindContainerStatusByName`: the newest instance of a container.
    pub fn latest(&self, name: &str) -> Option<&ContainerSnapshot> {
        self.containers.iter().rev().find(|c| c.name == name)
    }

    /// The instance before the newest one, for `lastState`.
    pub fn previous(&self, name: &str) -> Option<&ContainerSnapshot> {
        self.containers
            .iter()
            .rev()
            .filter(|c| c.name == name)
            .nth(1)
    }

    /// Containers whose newest instance is running.
    pub fn running(&self) -> Vec<&ContainerSnapshot> {
        self.containers
            .iter()
            .filter(|c| c.state == ContainerState::Running)
            .collect()
    }

    pub fn by_id(&self, id: &str) -> Option<&ContainerSnapshot> {
        self.containers.iter().find(|c| c.id == id)
    }

    /// Keeps the two newest instances per name, as the container GC would (the current one
    /// and the one `kubectl logs --previous` reads).
    pub fn prune(&mut self) {
        let mut keep = Vec::new();
        for c in self.containers.iter().rev() {
            let seen = keep
                .iter()
                .filter(|k: &&ContainerSnapshot| k.name == c.name)
                .count();
            if seen < 2 {
                keep.push(c.clone());
            }
        }
        keep.reverse();
        self.containers = keep;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SimTime;

    fn snap(id: &str, name: &str, state: ContainerState) -> ContainerSnapshot {
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
            exit_code: 0,
            reason: String::new(),
        }
    }

    #[test]
    fn newest_instance_wins_and_prune_keeps_two() {
        let mut p = RuntimePod::default();
        p.upsert(snap("a", "c", ContainerState::Exited));
        p.upsert(snap("b", "c", ContainerState::Exited));
        p.upsert(snap("d", "c", ContainerState::Running));
        assert_eq!(p.latest("c").map(|c| c.id.as_str()), Some("d"));
        assert_eq!(p.previous("c").map(|c| c.id.as_str()), Some("b"));
        p.prune();
        assert_eq!(p.containers.len(), 2);
        p.upsert(snap("d", "c", ContainerState::Exited));
        assert!(p.running().is_empty());
    }
}
