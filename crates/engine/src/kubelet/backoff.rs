//! Per-key exponential back-off, as the kubelet uses it for container restarts
//! (CrashLoopBackOff) and image pulls (ImagePullBackOff).
//!
//! Mirrors `staging/src/k8s.io/client-go/util/flowcontrol/backoff.go` (`Next`,
//! `IsInBackOffSince`, `IsInBackOffSinceUpdate`, `hasExpired`) with the kubelet's settings from
//! `pkg/kubelet/kubelet.go`: 10s initial, 300s maximum, no jitter. Left out: the periodic
//! garbage collection of old entries (an expired entry is simply reset on its next use).

use crate::clock::{SimDuration, SimTime};
use std::collections::BTreeMap;

/// `backOffPeriod` and `MaxContainerBackOff` / `MaxImageBackOff`.
pub const INITIAL: SimDuration = SimDuration::from_secs(10);
pub const MAX: SimDuration = SimDuration::from_secs(300);

/// One key's current period and when it last grew.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub backoff: SimDuration,
    pub last_update: SimTime,
}

#[derive(Clone, Debug, Default)]
pub struct Backoff {
    entries: BTreeMap<String, Entry>,
}

impl Backoff {
    /// Mirrors `Backoff.Next`: start at 10s, or double up to 300s; an entry idle for more than
    /// twice the maximum starts over.
    pub fn next(&mut self, key: &str, event_time: SimTime, now: SimTime) {
        let backoff = match self.entries.get(key) {
            Some(e) if !has_expired(event_time, e.last_update) => {
                SimDuration(e.backoff.0.saturating_mul(2).min(MAX.0))
            }
            _ => INITIAL,
        };
        self.entries.insert(
            key.to_string(),
            Entry {
                backoff,
                last_update: now,
            },
        );
    }

    /// Mirrors `Backoff.IsInBackOffSince`: less than the period has passed since `event_time`.
    pub fn is_in_backoff_since(&self, key: &str, event_time: SimTime, now: SimTime) -> bool {
        match self.entries.get(key) {
            Some(e) if !has_expired(event_time, e.last_update) => {
                now.saturating_sub(event_time) < e.backoff
            }
            _ => false,
        }
    }

    /// Mirrors `Backoff.IsInBackOffSinceUpdate`: less than the period since the last `next`.
    pub fn is_in_backoff_since_update(&self, key: &str, now: SimTime) -> bool {
        match self.entries.get(key) {
            Some(e) if !has_expired(now, e.last_update) => {
                now.saturating_sub(e.last_update) < e.backoff
            }
            _ => false,
        }
    }

    /// The current period of a key (`Backoff.Get`), zero when there is none.
    pub fn get(&self, key: &str) -> SimDuration {
        self.entries
            .get(key)
            .map_or(SimDuration::ZERO, |e| e.backoff)
    }

    /// Every key's entry, for the UI.
    pub fn entries(&self) -> &BTreeMap<String, Entry> {
        &self.entries
    }
}

/// `hasExpired`: stable once the key was fine for twice the maximum period.
fn has_expired(event_time: SimTime, last_update: SimTime) -> bool {
    event_time.saturating_sub(last_update).0 > MAX.0 * 2
}

/// Go's `time.Duration.String` for a whole number of milliseconds: `523ms`, `3.2s`, `1m20s`,
/// `5m0s`, `1h0m0s`.
pub fn go_duration(d: SimDuration) -> String {
    let ms = d.0;
    if ms == 0 {
        return "0s".to_string();
    }
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let (h, m, s, frac) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    let mut secs = s.to_string();
    if frac > 0 {
        let f = format!("{frac:03}");
        secs.push('.');
        secs.push_str(f.trim_end_matches('0'));
    }
    match (h, m) {
        (0, 0) => format!("{secs}s"),
        (0, m) => format!("{m}m{secs}s"),
        (h, m) => format!("{h}h{m}m{secs}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: u64) -> SimTime {
        SimTime(s * 1000)
    }

    #[test]
    fn restart_delays_double_to_five_minutes() {
        let mut b = Backoff::default();
        let mut periods = vec![];
        let mut now = t(0);
        for _ in 0..7 {
            b.next("c", now, now);
            periods.push(go_duration(b.get("c")));
            now = now + b.get("c");
        }
        assert_eq!(
            periods,
            ["10s", "20s", "40s", "1m20s", "2m40s", "5m0s", "5m0s"]
        );
    }

    #[test]
    fn in_backoff_until_the_period_passed_since_the_exit() {
        let mut b = Backoff::default();
        assert!(!b.is_in_backoff_since("c", t(0), t(0)));
        b.next("c", t(0), t(0));
        assert!(b.is_in_backoff_since("c", t(0), t(9)));
        assert!(!b.is_in_backoff_since("c", t(0), t(10)));
        assert!(b.is_in_backoff_since_update("c", t(5)));
    }

    #[test]
    fn ten_quiet_minutes_reset_the_entry() {
        let mut b = Backoff::default();
        b.next("c", t(0), t(0));
        b.next("c", t(20), t(20));
        assert_eq!(b.get("c"), SimDuration::from_secs(20));
        b.next("c", t(20 + 601), t(20 + 601));
        assert_eq!(b.get("c"), INITIAL);
    }

    #[test]
    fn go_durations() {
        assert_eq!(go_duration(SimDuration(3200)), "3.2s");
        assert_eq!(go_duration(SimDuration(523)), "523ms");
        assert_eq!(go_duration(SimDuration(1234)), "1.234s");
        assert_eq!(go_duration(SimDuration(3_600_000)), "1h0m0s");
    }
}
