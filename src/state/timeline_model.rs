//! The timeline's pure logic: which snapshots of the cluster to keep, where play goes next
//! (idle skipping), and how the virtual clock is written.
//!
//! Scrubbing back replays the session from the latest kept snapshot at or before the moment
//! asked for, so a drag costs at most one snapshot interval of replay. Snapshots are whole
//! `Cluster` clones, and a clone carries the whole trace, so the set is bounded twice: at most
//! [`MAX_SNAPSHOTS`] of them, and at most [`MAX_WEIGHT`] trace events summed over all of them
//! (a trace event with its strings is a few hundred bytes, so about 40 MB at worst). When either
//! bound is reached every other snapshot is dropped and the interval doubles: the set always
//! spans the whole history, more sparsely the longer it gets.

use podflow_engine::{SimDuration, SimTime};

/// Virtual time between two snapshots, at first.
pub const SNAPSHOT_INTERVAL: SimDuration = SimDuration::from_secs(10);
/// The most snapshots kept at once.
pub const MAX_SNAPSHOTS: usize = 48;
/// The most trace events kept over all snapshots (each snapshot weighs its trace's length).
pub const MAX_WEIGHT: usize = 150_000;

/// Play skips ahead only when the next event is at least this far away...
pub const IDLE_MIN: SimDuration = SimDuration::from_secs(2);
/// ...and then stops this long before it, so the event itself is seen arriving.
pub const IDLE_LEAD: SimDuration = SimDuration::from_millis(300);

/// A snapshot: the state at `at`, after the first `actions` recorded actions had run.
#[derive(Clone, Debug)]
pub struct Snapshot<T> {
    pub at: SimTime,
    pub actions: usize,
    pub weight: usize,
    pub state: T,
}

/// A bounded, time-ordered set of snapshots.
#[derive(Clone, Debug)]
pub struct Snapshots<T> {
    items: Vec<Snapshot<T>>,
    interval: SimDuration,
}

impl<T> Default for Snapshots<T> {
    fn default() -> Self {
        Snapshots {
            items: Vec::new(),
            interval: SNAPSHOT_INTERVAL,
        }
    }
}

impl<T> Snapshots<T> {
    /// How many are kept.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The current spacing between snapshots.
    pub fn interval(&self) -> SimDuration {
        self.interval
    }

    /// Whether a snapshot at `at` would be kept: none is within one interval of it.
    pub fn wants(&self, at: SimTime) -> bool {
        let i = self.items.partition_point(|s| s.at <= at);
        let far = |s: &Snapshot<T>| s.at.max(at).saturating_sub(s.at.min(at)) >= self.interval;
        let before = i.checked_sub(1).and_then(|j| self.items.get(j));
        before.is_none_or(far) && self.items.get(i).is_none_or(far)
    }

    /// Keeps a snapshot when [`Snapshots::wants`] it; `make` clones the state only then.
    /// Returns whether it was kept.
    pub fn offer(
        &mut self,
        at: SimTime,
        actions: usize,
        weight: usize,
        make: impl FnOnce() -> T,
    ) -> bool {
        if weight > MAX_WEIGHT || !self.wants(at) {
            return false;
        }
        let snap = Snapshot {
            at,
            actions,
            weight,
            state: make(),
        };
        let i = self.items.partition_point(|s| s.at <= at);
        self.items.insert(i, snap);
        while self.items.len() > MAX_SNAPSHOTS || self.weight() > MAX_WEIGHT {
            self.thin();
        }
        true
    }

    fn weight(&self) -> usize {
        self.items.iter().map(|s| s.weight).sum()
    }

    /// Drops every other snapshot (the newest always stays) and doubles the interval.
    fn thin(&mut self) {
        let n = self.items.len();
        let mut i = 0;
        self.items.retain(|_| {
            i += 1;
            (n - i).is_multiple_of(2)
        });
        self.interval = SimDuration::from_millis(self.interval.as_millis().saturating_mul(2));
    }

    /// The latest snapshot at or before `t`.
    pub fn latest_at_or_before(&self, t: SimTime) -> Option<&Snapshot<T>> {
        let i = self.items.partition_point(|s| s.at <= t);
        i.checked_sub(1).and_then(|j| self.items.get(j))
    }

    /// Forgets the snapshots a new future invalidates: the learner acted at `at`, after the
    /// first `actions` actions, so anything later, or with more actions behind it, is gone.
    pub fn truncate(&mut self, at: SimTime, actions: usize) {
        self.items.retain(|s| s.at <= at && s.actions <= actions);
    }

    /// Forgets everything and starts the spacing again.
    pub fn clear(&mut self) {
        *self = Snapshots::default();
    }
}

/// Where one tick of play should take the clock: `step` ahead, or, when skipping idle time and
/// the next queued event is at least [`IDLE_MIN`] away, to [`IDLE_LEAD`] before it. With
/// nothing queued at all the clock simply runs.
pub fn play_target(
    now: SimTime,
    next_event: Option<SimTime>,
    step: SimDuration,
    skip_idle: bool,
) -> SimTime {
    let normal = now + step;
    match next_event {
        Some(next) if skip_idle && next.saturating_sub(now) >= IDLE_MIN => {
            let lead = SimTime(next.as_millis().saturating_sub(IDLE_LEAD.as_millis()));
            lead.max(normal)
        }
        _ => normal,
    }
}

/// The virtual clock as the timeline writes it: `mm:ss`, or `h:mm:ss` from the first hour.
pub fn clock_label(t: SimTime) -> String {
    let secs = t.as_millis() / 1000;
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// The calendar time the engine stamps objects with at `t`: `2026-12-01 09:00:05 UTC`.
pub fn calendar_label(t: SimTime) -> String {
    let iso = t.rfc3339();
    format!("{} UTC", iso.trim_end_matches('Z').replace('T', " "))
}

/// Where `t` sits on a timeline from zero to `end`, in percent (0 when the timeline is empty).
pub fn percent(t: SimTime, end: SimTime) -> f64 {
    if end.as_millis() == 0 {
        return 0.0;
    }
    (t.as_millis().min(end.as_millis()) as f64) * 100.0 / end.as_millis() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: u64) -> SimTime {
        SimTime(s * 1000)
    }

    #[test]
    fn snapshots_are_spaced_by_the_interval_and_found_before_a_moment() {
        let mut s = Snapshots::default();
        assert!(s.offer(secs(0), 0, 1, || "seed"));
        assert!(!s.offer(secs(5), 0, 1, || "too close"));
        assert!(s.offer(secs(10), 1, 1, || "ten"));
        assert!(s.offer(secs(30), 2, 1, || "thirty"));
        // A gap left by scrubbing is filled later, between its neighbours.
        assert!(s.offer(secs(20), 1, 1, || "twenty"));
        assert_eq!(s.len(), 4);
        assert_eq!(
            s.latest_at_or_before(secs(25)).map(|x| x.state),
            Some("twenty")
        );
        assert_eq!(
            s.latest_at_or_before(secs(30)).map(|x| x.state),
            Some("thirty")
        );
        assert_eq!(
            s.latest_at_or_before(secs(9)).map(|x| x.state),
            Some("seed")
        );
        assert!(Snapshots::<u8>::default()
            .latest_at_or_before(secs(9))
            .is_none());
    }

    #[test]
    fn the_count_cap_thins_the_set_and_doubles_the_interval() {
        let mut s = Snapshots::default();
        for i in 0..=MAX_SNAPSHOTS as u64 {
            s.offer(secs(i * 10), 0, 1, || i);
        }
        assert!(s.len() <= MAX_SNAPSHOTS);
        assert_eq!(s.len(), MAX_SNAPSHOTS / 2 + 1);
        assert_eq!(s.interval(), SimDuration::from_secs(20));
        // The newest is always kept, and the set still spans the history.
        let last = MAX_SNAPSHOTS as u64;
        assert_eq!(
            s.latest_at_or_before(secs(last * 10)).map(|x| x.state),
            Some(last)
        );
        assert_eq!(s.latest_at_or_before(secs(15)).map(|x| x.state), Some(0));
    }

    #[test]
    fn the_weight_cap_bounds_the_trace_events_kept() {
        let mut s = Snapshots::default();
        let w = MAX_WEIGHT / 4;
        for i in 0..8u64 {
            s.offer(secs(i * 20), 0, w, || i);
        }
        assert!(s.len() <= 4, "{}", s.len());
        assert!(s.items.iter().map(|x| x.weight).sum::<usize>() <= MAX_WEIGHT);
        assert!(!s.offer(secs(1000), 0, MAX_WEIGHT + 1, || 99));
    }

    #[test]
    fn acting_in_the_past_forgets_later_snapshots() {
        let mut s = Snapshots::default();
        for (i, actions) in [0, 1, 1, 3].iter().enumerate() {
            s.offer(secs(i as u64 * 10), *actions, 1, || i);
        }
        s.truncate(secs(25), 1);
        assert_eq!(s.len(), 3);
        s.truncate(secs(25), 0);
        assert_eq!(s.len(), 1);
        s.clear();
        assert!(s.is_empty());
    }

    #[test]
    fn play_skips_idle_time_only_when_asked_and_worth_it() {
        let step = SimDuration::from_millis(100);
        let now = secs(5);
        assert_eq!(play_target(now, Some(secs(15)), step, false), SimTime(5100));
        assert_eq!(
            play_target(now, Some(secs(15)), step, true),
            SimTime(14_700)
        );
        assert_eq!(
            play_target(now, Some(SimTime(6000)), step, true),
            SimTime(5100)
        );
        assert_eq!(play_target(now, None, step, true), SimTime(5100));
        // A fast play that would pass the lead anyway keeps its own step.
        let fast = SimDuration::from_millis(9_900);
        assert_eq!(
            play_target(now, Some(secs(15)), fast, true),
            SimTime(14_900)
        );
    }

    #[test]
    fn clocks_read_as_minutes_and_calendar_time() {
        assert_eq!(clock_label(SimTime(0)), "00:00");
        assert_eq!(clock_label(SimTime(65_900)), "01:05");
        assert_eq!(clock_label(SimTime(3_725_000)), "1:02:05");
        assert_eq!(calendar_label(SimTime(5_000)), "2026-12-01 09:00:05 UTC");
        assert_eq!(percent(secs(5), secs(20)), 25.0);
        assert_eq!(percent(secs(50), secs(20)), 100.0);
        assert_eq!(percent(secs(5), SimTime(0)), 0.0);
    }
}
