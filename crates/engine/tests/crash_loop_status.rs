//! `kubectl get pods` STATUS through a crash loop (busybox `exit 1`), sampled every second.
//!
//! Current upstream (kubernetes#133066): the sync triggered by an exit publishes the
//! terminated instance (`Error`) and then finds the container in back-off; the pod worker
//! requeues the pod at the back-off's expiry, capped at the 1-minute resync. The status is
//! generated *before* each sync acts, so `CrashLoopBackOff` (from the reason cache the
//! previous sync filled) shows only at the restart sync for back-offs up to 60s, and from the
//! capped resync on for the 80s one. Restart delays: 0s, 10s, 20s, 40s, 80s.

use podflow_engine::api::derived::pod_row;
use podflow_engine::api::Kind;
use podflow_engine::network::Verb;
use podflow_engine::{Cluster, SimDuration};
use serde_json::json;

/// (second, STATUS, restart count) for each of the first 180 seconds.
fn samples() -> Vec<(u64, String, i32)> {
    let mut c = Cluster::new(5);
    let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "crash"},
        "spec": {"containers": [{"name": "c", "image": "busybox:1.36",
                                 "command": ["sh", "-c", "exit 1"]}]}});
    c.request(Verb::CreateRaw(pod)).unwrap();
    (1..=180)
        .map(|s| {
            c.advance(SimDuration::from_secs(1));
            let p = c
                .store()
                .get_by(Kind::Pod, "default", "crash")
                .and_then(|o| o.as_pod())
                .cloned()
                .expect("pod");
            let restarts = p.status.container_statuses[0].restart_count;
            (s, pod_row(&p, c.now()).status, restarts)
        })
        .collect()
}

#[test]
fn restarts_follow_the_back_off_and_error_shows_while_waiting() {
    let samples = samples();
    // The second at which each restart count is first seen.
    let mut restarts_at = vec![];
    for (s, _, n) in &samples {
        if (restarts_at.len() as i32) < *n {
            restarts_at.push(*s);
        }
    }
    let gaps: Vec<u64> = restarts_at.windows(2).map(|w| w[1] - w[0]).collect();
    assert_eq!(gaps, [10, 20, 40, 80], "restarts at {restarts_at:?}");
    let status_at = |t: u64| samples[t as usize - 1].1.clone();
    // Mid-wait of the 10s, 20s and 40s back-offs: the exited instance, not CrashLoopBackOff.
    for wait_start in &restarts_at[..3] {
        assert_eq!(status_at(wait_start + 5), "Error", "{samples:?}");
    }
    // The 80s back-off outlasts the 60s resync: that sync publishes CrashLoopBackOff.
    let (last, next) = (restarts_at[3], restarts_at[4]);
    assert_eq!(status_at(last + 30), "Error");
    assert_eq!(status_at(last + 65), "CrashLoopBackOff");
    assert_eq!(status_at(next), "Error", "the new instance exited at once");
    assert!(
        samples
            .iter()
            .all(|(_, st, _)| st != "Running" && st != "Completed"),
        "{samples:?}"
    );
}
