//! The moving messages: which trace events to animate, when each starts and how long it
//! travels, and what it means in one line.
//!
//! Nothing here invents a message: every flight is one `TraceEvent` the engine recorded. The
//! engine's hops take milliseconds of virtual time, far too fast to see, so travel has a floor;
//! the gaps between messages follow virtual time at the current speed, capped so a command that
//! jumped minutes ahead does not leave the learner waiting.

use crate::i18n::Key;
use podflow_engine::Cluster;

/// At most this many flights per batch; the rest are counted as "+N more".
pub const MAX_FLIGHTS: usize = 8;
/// Wall-clock floor between two flights' starts, so each can be followed.
pub const STAGGER_MS: f64 = 160.0;
/// Travel time bounds in wall-clock milliseconds.
pub const MIN_TRAVEL_MS: f64 = 520.0;
pub const MAX_TRAVEL_MS: f64 = 1400.0;
/// The longest wait between two flights, whatever virtual time separated them.
pub const MAX_GAP_MS: f64 = 700.0;
/// A backlog longer than this is dropped: the stage shows what happens now, not a queue.
pub const MAX_BACKLOG_MS: f64 = 1500.0;

/// One trace event, ready to fly from `from` to `to` (actors as the trace prints them, which
/// are also the stage elements' `data-actor` values).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowEvent {
    pub seq: u64,
    pub from: String,
    pub to: String,
    pub kind: &'static str,
    pub summary: String,
    pub sent_ms: u64,
    pub deliver_ms: u64,
}

/// The events recorded since the last look.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FlowBatch {
    /// The newest events, oldest first, at most the `max` asked for.
    pub events: Vec<FlowEvent>,
    /// New events left out of `events`.
    pub skipped: usize,
    /// The newest `seq` in the trace: where the next look starts.
    pub newest: Option<u64>,
    /// The trace is not a continuation of the last look (reset, scrubbed back, restored).
    pub restarted: bool,
}

/// The events after `seen` (the newest `seq` the view already handled), at most `max`.
pub fn flow_since(c: &Cluster, seen: Option<u64>, max: usize) -> FlowBatch {
    let events = c.trace().events();
    let newest = events.last().map(|e| e.seq);
    let continues = match (seen, newest) {
        // The trace is sorted by seq: a binary search, not a scan of a long run's trace.
        (Some(s), Some(n)) => n >= s && events.binary_search_by_key(&s, |e| e.seq).is_ok(),
        (Some(_), None) => false,
        (None, _) => true,
    };
    if !continues {
        return FlowBatch {
            newest,
            restarted: true,
            ..FlowBatch::default()
        };
    }
    let fresh = match seen {
        Some(s) => c.trace().since(s + 1),
        None => events,
    };
    let skipped = fresh.len().saturating_sub(max);
    FlowBatch {
        events: fresh[skipped..]
            .iter()
            .map(|e| FlowEvent {
                seq: e.seq,
                from: e.from.to_string(),
                to: e.to.to_string(),
                kind: e.kind,
                summary: e.summary.clone(),
                sent_ms: e.sent_at.as_millis(),
                deliver_ms: e.deliver_at.as_millis(),
            })
            .collect(),
        skipped,
        newest,
        restarted: false,
    }
}

/// When a flight starts (after the batch arrives) and how long it travels, in wall-clock ms.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Flight {
    pub delay_ms: f64,
    pub duration_ms: f64,
}

/// Plans the flights of a batch at `speed` (virtual seconds per wall second), starting no
/// earlier than `backlog_ms` from now (when the previous batch's last flight may start).
pub fn plan_flights(events: &[FlowEvent], speed: f64, backlog_ms: f64) -> Vec<Flight> {
    let speed = if speed.is_finite() && speed > 0.0 {
        speed.clamp(0.05, 1000.0)
    } else {
        1.0
    };
    let mut start = backlog_ms.clamp(0.0, MAX_BACKLOG_MS);
    let mut prev_sent: Option<u64> = None;
    events
        .iter()
        .map(|e| {
            if let Some(p) = prev_sent {
                let gap = e.sent_ms.saturating_sub(p) as f64 / speed;
                start += gap.clamp(STAGGER_MS, MAX_GAP_MS);
            }
            prev_sent = Some(e.sent_ms);
            let travel = e.deliver_ms.saturating_sub(e.sent_ms) as f64 / speed;
            Flight {
                delay_ms: start,
                duration_ms: travel.clamp(MIN_TRAVEL_MS, MAX_TRAVEL_MS),
            }
        })
        .collect()
}

/// The one-line meaning of a message kind (the trace's `kind`).
pub fn caption_key(kind: &str) -> Key {
    match kind {
        "create" => Key::FlowCreate,
        "update" => Key::FlowUpdate,
        "update-status" => Key::FlowUpdateStatus,
        "delete" => Key::FlowDelete,
        "bind" => Key::FlowBind,
        "response" => Key::FlowResponse,
        "error" => Key::FlowError,
        "etcd-txn" => Key::FlowEtcdTxn,
        "etcd-ok" => Key::FlowEtcdOk,
        "etcd-error" => Key::FlowEtcdError,
        "watch" => Key::FlowWatch,
        "run-pod-sandbox" => Key::FlowSandbox,
        "pod-sandbox-ready" => Key::FlowSandboxReady,
        "image-status" => Key::FlowImageStatus,
        "image-status-result" => Key::FlowImageStatusResult,
        "pull-image" => Key::FlowPullImage,
        "image-pulled" => Key::FlowImagePulled,
        "image-pull-error" => Key::FlowImagePullError,
        "create-container" => Key::FlowCreateContainer,
        "container-created" => Key::FlowContainerCreated,
        "create-container-error" => Key::FlowCreateContainerError,
        "start-container" => Key::FlowStartContainer,
        "container-started" => Key::FlowContainerStarted,
        "stop-container" => Key::FlowStopContainer,
        "container-stopped" => Key::FlowContainerStopped,
        "container-exited" => Key::FlowContainerExited,
        "remove-pod-sandbox" => Key::FlowRemoveSandbox,
        "pod-sandbox-removed" => Key::FlowSandboxRemoved,
        "exec-probe" | "http-probe" | "tcp-probe" => Key::FlowProbe,
        "probe-result" => Key::FlowProbeResult,
        "exec" | "exec-sync" => Key::FlowExec,
        "exec-result" | "exec-output" => Key::FlowExecResult,
        "service-request" => Key::FlowServiceRequest,
        "service-response" => Key::FlowServiceResponse,
        _ => Key::FlowOther,
    }
}

/// A CSS modifier grouping kinds by who speaks: the API path, etcd, the node, traffic.
pub fn kind_tone(kind: &str) -> &'static str {
    match kind {
        "error" | "etcd-error" | "image-pull-error" | "create-container-error" => "bad",
        "etcd-txn" | "etcd-ok" => "etcd",
        "watch" => "watch",
        "service-request" | "service-response" => "traffic",
        k if k.contains("probe") => "probe",
        "create" | "update" | "update-status" | "delete" | "bind" | "response" => "api",
        _ => "node",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use podflow_engine::SimDuration;
    use podflow_kubectl::{run, NoFiles};

    fn ev(seq: u64, sent: u64, deliver: u64) -> FlowEvent {
        FlowEvent {
            seq,
            from: "kubectl".into(),
            to: "kube-apiserver".into(),
            kind: "create",
            summary: String::new(),
            sent_ms: sent,
            deliver_ms: deliver,
        }
    }

    #[test]
    fn a_command_flies_from_kubectl_to_the_apiserver_then_to_etcd() {
        let mut c = Cluster::new(1);
        let first = flow_since(&c, None, MAX_FLIGHTS);
        run("kubectl create namespace demo", &mut c, &NoFiles);
        let batch = flow_since(&c, first.newest, 100);
        assert!(!batch.restarted);
        assert_eq!(batch.skipped, 0);
        let hops: Vec<_> = batch
            .events
            .iter()
            .map(|e| (e.from.as_str(), e.to.as_str(), e.kind))
            .collect();
        assert_eq!(hops[0], ("kubectl", "kube-apiserver", "create"));
        assert_eq!(hops[1], ("kube-apiserver", "etcd", "etcd-txn"));
        assert!(hops.contains(&("kube-apiserver", "kubectl", "response")));
        // Nothing new: an empty batch that still continues.
        let again = flow_since(&c, batch.newest, MAX_FLIGHTS);
        assert!(again.events.is_empty() && !again.restarted);
    }

    #[test]
    fn a_busy_tick_keeps_the_newest_and_counts_the_rest() {
        let mut c = Cluster::new(1);
        run(
            "kubectl create deployment web --image=nginx --replicas=5",
            &mut c,
            &NoFiles,
        );
        c.advance(SimDuration::from_secs(30));
        let all = flow_since(&c, None, usize::MAX);
        let batch = flow_since(&c, None, MAX_FLIGHTS);
        assert_eq!(batch.events.len(), MAX_FLIGHTS);
        assert_eq!(batch.skipped, all.events.len() - MAX_FLIGHTS);
        assert_eq!(batch.events.last(), all.events.last());
        assert!(batch.skipped > 100, "{}", batch.skipped);
    }

    #[test]
    fn a_reset_cluster_is_a_restart_not_a_flood() {
        let mut c = Cluster::new(1);
        run("kubectl create namespace demo", &mut c, &NoFiles);
        let seen = flow_since(&c, None, 1).newest;
        let fresh = Cluster::new(1);
        let batch = flow_since(&fresh, seen, MAX_FLIGHTS);
        assert!(batch.restarted);
        assert!(batch.events.is_empty());
    }

    #[test]
    fn flights_follow_virtual_time_at_the_speed_within_bounds() {
        let events = [
            ev(1, 0, 10),
            ev(2, 10, 12),
            ev(3, 400, 405),
            ev(4, 60_000, 60_005),
        ];
        let at_1x = plan_flights(&events, 1.0, 0.0);
        assert_eq!(at_1x[0].delay_ms, 0.0);
        // 10 ms apart is too close to follow: the stagger floor.
        assert_eq!(at_1x[1].delay_ms, STAGGER_MS);
        // 390 ms apart at 1x: 390 ms later.
        assert_eq!(at_1x[2].delay_ms, STAGGER_MS + 390.0);
        // A minute apart: capped.
        assert_eq!(at_1x[3].delay_ms, STAGGER_MS + 390.0 + MAX_GAP_MS);
        assert!(at_1x.iter().all(|f| f.duration_ms == MIN_TRAVEL_MS));
        // At a quarter speed the same gap takes four times as long (within the cap).
        let slow = plan_flights(&events[..3], 0.25, 0.0);
        assert_eq!(slow[2].delay_ms, STAGGER_MS + MAX_GAP_MS);
        // A backlog delays the batch, but never by more than the backlog cap.
        let late = plan_flights(&events[..1], 1.0, 99_999.0);
        assert_eq!(late[0].delay_ms, MAX_BACKLOG_MS);
        let nan = plan_flights(&events[..2], f64::NAN, 0.0);
        assert_eq!(nan[1].delay_ms, STAGGER_MS);
        let long = plan_flights(&[ev(1, 0, 5000)], 1.0, 0.0);
        assert_eq!(long[0].duration_ms, MAX_TRAVEL_MS);
    }

    #[test]
    fn every_kind_of_a_pod_start_has_its_own_caption() {
        let mut c = Cluster::new(1);
        run("kubectl run web --image=nginx", &mut c, &NoFiles);
        c.advance(SimDuration::from_secs(20));
        run("kubectl delete pod web", &mut c, &NoFiles);
        let kinds: std::collections::BTreeSet<&str> =
            c.trace().events().iter().map(|e| e.kind).collect();
        for kind in &kinds {
            assert_ne!(caption_key(kind), Key::FlowOther, "{kind} has no caption");
        }
        assert!(
            kinds.contains("bind") && kinds.contains("pull-image"),
            "{kinds:?}"
        );
        assert_eq!(kind_tone("etcd-ok"), "etcd");
        assert_eq!(kind_tone("http-probe"), "probe");
    }
}
