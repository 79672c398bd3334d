//! Virtual time: the engine never reads a wall clock.
//!
//! Mirrors nothing upstream; Kubernetes components read `time.Now()` through
//! `k8s.io/utils/clock`, whose fake clock is what this models. Time is milliseconds since the
//! simulation began; `EPOCH_UNIX_SECS` maps it to calendar time for timestamps a learner reads.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Calendar time at which every simulation starts: 2026-12-01T09:00:00Z.
pub const EPOCH_UNIX_SECS: i64 = 1_796_115_600;

/// A point on the virtual clock, in milliseconds since the simulation began.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct SimTime(pub u64);

/// A span of virtual time in milliseconds.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct SimDuration(pub u64);

impl SimDuration {
    pub const ZERO: SimDuration = SimDuration(0);

    pub const fn from_millis(ms: u64) -> Self {
        SimDuration(ms)
    }

    pub const fn from_secs(s: u64) -> Self {
        SimDuration(s * 1000)
    }

    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// Parses `500ms`, `30s`, `2m`, `1h`, or a sum such as `1m30s`.
    pub fn parse(text: &str) -> Option<SimDuration> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let mut total: u64 = 0;
        let mut rest = text;
        while !rest.is_empty() {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            let value: u64 = rest[..digits].parse().ok()?;
            rest = &rest[digits..];
            let unit_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
            let unit_ms = match &rest[..unit_len] {
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                _ => return None,
            };
            rest = &rest[unit_len..];
            total = total.checked_add(value.checked_mul(unit_ms)?)?;
        }
        Some(SimDuration(total))
    }
}

impl SimTime {
    pub const ZERO: SimTime = SimTime(0);

    pub fn saturating_sub(self, earlier: SimTime) -> SimDuration {
        SimDuration(self.0.saturating_sub(earlier.0))
    }

    pub fn as_millis(self) -> u64 {
        self.0
    }

    /// Whole seconds since the Unix epoch, as Kubernetes stores timestamps.
    pub fn unix_secs(self) -> i64 {
        EPOCH_UNIX_SECS + (self.0 / 1000) as i64
    }

    /// RFC 3339 at second precision, as `metav1.Time` serialises: `2026-12-01T09:00:05Z`.
    pub fn rfc3339(self) -> String {
        let (y, mo, d, h, mi, s, _) = civil(self.unix_secs());
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    }

    /// RFC 1123 with numeric zone, as `kubectl describe` prints: `Tue, 01 Dec 2026 09:00:05 +0000`.
    pub fn rfc1123z(self) -> String {
        const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let (y, mo, d, h, mi, s, days) = civil(self.unix_secs());
        let weekday = DAYS[days.rem_euclid(7) as usize];
        let month = MONTHS[(mo - 1) as usize];
        format!("{weekday}, {d:02} {month} {y:04} {h:02}:{mi:02}:{s:02} +0000")
    }

    /// Parses the RFC 3339 form written by [`SimTime::rfc3339`]; times before the simulation
    /// began clamp to zero.
    pub fn parse_rfc3339(text: &str) -> Option<SimTime> {
        let b = text.as_bytes();
        if b.len() != 20 || b[4] != b'-' || b[10] != b'T' || b[19] != b'Z' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<i64>().ok();
        let days = days_from_civil(num(0..4)?, num(5..7)?, num(8..10)?);
        let secs = days * 86_400 + num(11..13)? * 3600 + num(14..16)? * 60 + num(17..19)?;
        Some(SimTime(((secs - EPOCH_UNIX_SECS).max(0) as u64) * 1000))
    }
}

impl std::ops::Add<SimDuration> for SimTime {
    type Output = SimTime;
    fn add(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_add(d.0))
    }
}

impl fmt::Display for SimTime {
    /// The virtual clock as the UI shows it: `00:01:05.250`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0;
        let (h, m, s, milli) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
        write!(f, "{h:02}:{m:02}:{s:02}.{milli:03}")
    }
}

// Howard Hinnant's days-from-civil algorithms, so no date crate is needed.
fn civil(unix: i64) -> (i64, i64, i64, i64, i64, i64, i64) {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d, secs / 3600, secs / 60 % 60, secs % 60, days)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_is_the_documented_date() {
        assert_eq!(SimTime::ZERO.rfc3339(), "2026-12-01T09:00:00Z");
        assert_eq!(SimTime(5_000).rfc1123z(), "Tue, 01 Dec 2026 09:00:05 +0000");
    }

    #[test]
    fn rfc3339_round_trips() {
        let t = SimTime(3_723_000);
        assert_eq!(SimTime::parse_rfc3339(&t.rfc3339()), Some(t));
    }

    #[test]
    fn durations_parse_like_the_script_language() {
        assert_eq!(SimDuration::parse("500ms"), Some(SimDuration(500)));
        assert_eq!(SimDuration::parse("30s"), Some(SimDuration(30_000)));
        assert_eq!(SimDuration::parse("2m"), Some(SimDuration(120_000)));
        assert_eq!(SimDuration::parse("1h"), Some(SimDuration(3_600_000)));
        assert_eq!(SimDuration::parse("1m30s"), Some(SimDuration(90_000)));
        assert_eq!(SimDuration::parse("3x"), None);
        assert_eq!(SimDuration::parse(""), None);
        assert_eq!(SimDuration::parse("s"), None);
    }
}
