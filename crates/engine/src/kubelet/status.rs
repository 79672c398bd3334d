//! The pod status the kubelet reports: phase, container statuses, IPs, QoS.
//!
//! Mirrors `pkg/kubelet/kubelet_pods.go` (`generateAPIPodStatus`, `getPhase`,
//! `convertToAPIContainerStatuses`); the conditions come from `conditions.rs`. Left out:
//! sidecars, resize status, `hostIPs`, and the termination message file.

use super::cri::{ContainerSnapshot, ContainerState};
use super::pod_actions::should_container_be_restarted;
use super::runtime_cache::RuntimePod;
use crate::api::pod::{
    Container, ContainerState as ApiState, ContainerStateRunning, ContainerStateTerminated,
    ContainerStateWaiting, ContainerStatus, Pod, PodIp, PodStatus,
};
use crate::api::Time;
use crate::clock::SimTime;
use std::collections::BTreeMap;

/// The prober's view of a container instance (`prober_manager.go` `UpdatePodStatus`).
pub trait ContainerHealth {
    fn ready(&self, container_id: &str) -> bool;
    fn started(&self, container_id: &str) -> bool;
}

/// Waiting reasons from the last sync, by container name (`reason_cache.go`).
pub type ReasonCache = BTreeMap<String, (String, String)>;

/// Everything status generation reads.
pub struct StatusInput<'a> {
    pub pod: &'a Pod,
    pub runtime: &'a RuntimePod,
    pub reasons: &'a ReasonCache,
    pub health: &'a dyn ContainerHealth,
    /// The worker finished terminating the pod: its containers will not restart.
    pub pod_is_terminal: bool,
    pub host_ip: &'a str,
    pub now: SimTime,
}

/// Mirrors `generateAPIPodStatus`.
pub fn generate_api_pod_status(input: &StatusInput) -> PodStatus {
    let pod = input.pod;
    let old = &pod.status;
    let mut s = PodStatus {
        nominated_node_name: old.nominated_node_name.clone(),
        host_ip: input.host_ip.to_string(),
        start_time: old.start_time.or(Some(Time(input.now))),
        qos_class: super::qos::compute_pod_qos(pod).to_string(),
        ..PodStatus::default()
    };
    if let Some(ip) = &input.runtime.sandbox_ip {
        s.pod_ip = ip.clone();
        s.pod_ips = vec![PodIp { ip: ip.clone() }];
    } else if !old.pod_ip.is_empty() {
        s.pod_ip = old.pod_ip.clone();
        s.pod_ips = old.pod_ips.clone();
    }
    s.init_container_statuses = container_statuses(input, &pod.spec.init_containers, true);
    s.container_statuses = container_statuses(input, &pod.spec.containers, false);
    s.phase = get_phase(
        pod,
        &s.init_container_statuses,
        &s.container_statuses,
        input.pod_is_terminal,
    )
    .to_string();
    if matches!(old.phase.as_str(), "Succeeded" | "Failed") {
        s.phase = old.phase.clone();
    }
    let sandbox_ready = input.runtime.sandbox_ip.is_some();
    s.conditions =
        super::conditions::pod_conditions(&input.pod.status, &s, sandbox_ready, input.now);
    s
}

/// Mirrors `convertToAPIContainerStatuses`.
fn container_statuses(
    input: &StatusInput,
    specs: &[Container],
    is_init: bool,
) -> Vec<ContainerStatus> {
    let default_reason = if !is_init && !input.pod.spec.init_containers.is_empty() {
        "PodInitializing"
    } else {
        "ContainerCreating"
    };
    specs
        .iter()
        .map(|c| {
            let mut st = match input.runtime.latest(&c.name) {
                Some(latest) => to_api_status(latest, input.health),
                None => ContainerStatus {
                    name: c.name.clone(),
                    state: waiting(default_reason, ""),
                    image: c.image.clone(),
                    ..ContainerStatus::default()
                },
            };
            if let Some(prev) = input.runtime.previous(&c.name) {
                if prev.state == ContainerState::Exited {
                    st.last_state = to_api_status(prev, input.health).state;
                }
            }
            apply_reason_cache(input, &c.name, &mut st);
            st
        })
        .collect()
}

/// A cached waiting reason (CrashLoopBackOff, ErrImagePull...) replaces the state of a
/// container that is due to be (re)started.
fn apply_reason_cache(input: &StatusInput, name: &str, st: &mut ContainerStatus) {
    if !should_container_be_restarted(name, input.pod, input.runtime) {
        return;
    }
    let Some((reason, message)) = input.reasons.get(name) else {
        return;
    };
    if st.state.terminated.is_some() {
        st.last_state = std::mem::take(&mut st.state);
    }
    st.state = waiting(reason, message);
}

fn waiting(reason: &str, message: &str) -> ApiState {
    ApiState {
        waiting: Some(ContainerStateWaiting {
            reason: reason.to_string(),
            message: message.to_string(),
        }),
        ..ApiState::default()
    }
}

/// Mirrors `toAPIContainerStatus` for one runtime instance.
fn to_api_status(c: &ContainerSnapshot, health: &dyn ContainerHealth) -> ContainerStatus {
    let container_id = format!("containerd://{}", c.id);
    let mut st = ContainerStatus {
        name: c.name.clone(),
        restart_count: c.attempt as i32,
        image: c.image.clone(),
        image_id: c.image_ref.clone(),
        container_id: container_id.clone(),
        started: Some(false),
        ..ContainerStatus::default()
    };
    match c.state {
        ContainerState::Created => st.state = waiting("ContainerCreating", ""),
        ContainerState::Running => {
            st.state.running = Some(ContainerStateRunning {
                started_at: c.started_at.map(Time),
            });
            st.started = Some(health.started(&c.id));
            st.ready = health.ready(&c.id);
        }
        ContainerState::Exited => {
            st.state.terminated = Some(ContainerStateTerminated {
                exit_code: c.exit_code,
                reason: c.reason.clone(),
                started_at: c.started_at.map(Time),
                finished_at: c.finished_at.map(Time),
                container_id,
                ..ContainerStateTerminated::default()
            });
        }
    }
    st
}

/// Mirrors `getPhase` (regular init containers only).
pub fn get_phase(
    pod: &Pod,
    inits: &[ContainerStatus],
    mains: &[ContainerStatus],
    pod_is_terminal: bool,
) -> &'static str {
    let policy = pod.spec.restart_policy.as_str();
    let (mut pending_init, mut failed_init) = (0, 0);
    for st in inits {
        if st.state.running.is_some() {
            pending_init += 1;
        } else if let Some(t) = &st.state.terminated {
            failed_init += usize::from(t.exit_code != 0);
        } else if let Some(t) = &st.last_state.terminated {
            failed_init += usize::from(t.exit_code != 0);
        } else {
            pending_init += 1;
        }
    }
    let (mut running, mut waiting, mut stopped, mut succeeded) = (0, 0, 0, 0);
    for st in mains {
        if st.state.running.is_some() {
            running += 1;
        } else if let Some(t) = &st.state.terminated {
            stopped += 1;
            succeeded += usize::from(t.exit_code == 0);
        } else if st.last_state.terminated.is_some() {
            stopped += 1;
        } else {
            waiting += 1;
        }
    }
    if failed_init > 0 && policy == "Never" {
        return "Failed";
    }
    if pending_init > 0 || waiting > 0 {
        return "Pending";
    }
    if running > 0 {
        return "Running";
    }
    if stopped == 0 {
        return "Pending";
    }
    match (pod_is_terminal, policy, stopped == succeeded) {
        (true, _, true) => "Succeeded",
        (true, _, false) => "Failed",
        (false, "Always", _) => "Running",
        (false, _, true) => "Succeeded",
        (false, "Never", false) => "Failed",
        _ => "Running",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::Container;

    struct AllReady;
    impl ContainerHealth for AllReady {
        fn ready(&self, _: &str) -> bool {
            true
        }
        fn started(&self, _: &str) -> bool {
            true
        }
    }

    fn pod(policy: &str) -> Pod {
        let mut p = Pod::default();
        p.spec.restart_policy = policy.into();
        p.spec.containers.push(Container {
            name: "nginx".into(),
            image: "nginx".into(),
            ..Container::default()
        });
        p
    }

    fn snap(state: ContainerState, exit: i32) -> ContainerSnapshot {
        ContainerSnapshot {
            id: "abc".into(),
            name: "nginx".into(),
            attempt: 0,
            state,
            image: "docker.io/library/nginx:latest".into(),
            image_ref: String::new(),
            created_at: SimTime::ZERO,
            started_at: Some(SimTime::ZERO),
            finished_at: None,
            exit_code: exit,
            reason: if exit == 0 { "Completed" } else { "Error" }.into(),
        }
    }

    fn status(p: &Pod, rt: &RuntimePod, reasons: &ReasonCache) -> PodStatus {
        generate_api_pod_status(&StatusInput {
            pod: p,
            runtime: rt,
            reasons,
            health: &AllReady,
            pod_is_terminal: false,
            host_ip: "192.168.56.11",
            now: SimTime::ZERO,
        })
    }

    #[test]
    fn a_new_pod_is_pending_and_container_creating() {
        let s = status(&pod("Always"), &RuntimePod::default(), &ReasonCache::new());
        assert_eq!(s.phase, "Pending");
        let w = s.container_statuses[0]
            .state
            .waiting
            .as_ref()
            .map(|w| w.reason.as_str());
        assert_eq!(w, Some("ContainerCreating"));
        let types: Vec<&str> = s.conditions.iter().map(|c| c.type_.as_str()).collect();
        assert_eq!(
            types,
            [
                "PodReadyToStartContainers",
                "Initialized",
                "Ready",
                "ContainersReady",
                "PodScheduled"
            ]
        );
        assert_eq!(
            s.conditions[2].message,
            "containers with unready status: [nginx]"
        );
        assert_eq!(s.qos_class, "BestEffort");
    }

    #[test]
    fn running_and_ready() {
        let mut rt = RuntimePod {
            sandbox_ip: Some("10.244.1.2".into()),
            ..RuntimePod::default()
        };
        rt.upsert(snap(ContainerState::Running, 0));
        let s = status(&pod("Always"), &rt, &ReasonCache::new());
        assert_eq!(s.phase, "Running");
        assert_eq!(s.pod_ip, "10.244.1.2");
        assert!(s.conditions.iter().all(|c| c.status == "True"));
    }

    #[test]
    fn exits_give_phase_by_restart_policy() {
        let mut rt = RuntimePod {
            sandbox_ip: Some("10.244.1.2".into()),
            ..RuntimePod::default()
        };
        rt.upsert(snap(ContainerState::Exited, 1));
        assert_eq!(
            status(&pod("Never"), &rt, &ReasonCache::new()).phase,
            "Failed"
        );
        assert_eq!(
            status(&pod("OnFailure"), &rt, &ReasonCache::new()).phase,
            "Running"
        );
        assert_eq!(
            status(&pod("Always"), &rt, &ReasonCache::new()).phase,
            "Running"
        );
        rt.upsert(snap(ContainerState::Exited, 0));
        assert_eq!(
            status(&pod("OnFailure"), &rt, &ReasonCache::new()).phase,
            "Succeeded"
        );
    }

    #[test]
    fn crash_loop_reason_moves_the_exit_to_last_state() {
        let mut rt = RuntimePod {
            sandbox_ip: Some("10.244.1.2".into()),
            ..RuntimePod::default()
        };
        rt.upsert(snap(ContainerState::Exited, 0));
        let mut reasons = ReasonCache::new();
        reasons.insert(
            "nginx".into(),
            ("CrashLoopBackOff".into(), "back-off 10s".into()),
        );
        let s = status(&pod("Always"), &rt, &reasons);
        let c = &s.container_statuses[0];
        assert_eq!(
            c.state.waiting.as_ref().map(|w| w.reason.as_str()),
            Some("CrashLoopBackOff")
        );
        assert_eq!(
            c.last_state.terminated.as_ref().map(|t| t.exit_code),
            Some(0)
        );
        assert_eq!(s.phase, "Running");
    }
}
