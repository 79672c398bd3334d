//! `coordination.k8s.io/v1` Lease: the kubelet's heartbeat object.
//!
//! Mirrors `staging/src/k8s.io/api/coordination/v1/types.go` (Lease, LeaseSpec) and
//! `metav1.MicroTime` (`staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/micro_time.go`), whose
//! JSON form has six fractional digits. Virtual time has millisecond precision, so the last
//! three digits are always zero. Left out: the coordinated leader election fields
//! (`strategy`, `preferredHolder`), which no node lease uses.

use super::meta::ObjectMeta;
use crate::clock::SimTime;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `metav1.MicroTime`: RFC 3339 with microseconds, held as virtual time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct MicroTime(pub SimTime);

impl MicroTime {
    /// `2026-12-01T09:00:10.250000Z`.
    pub fn rfc3339_micro(self) -> String {
        let secs = self.0.rfc3339();
        let micros = (self.0 .0 % 1000) * 1000;
        format!("{}.{micros:06}Z", secs.trim_end_matches('Z'))
    }

    /// Parses `…T09:00:10.250000Z` (any number of fractional digits) or `…T09:00:10Z`.
    pub fn parse(text: &str) -> Option<MicroTime> {
        let (whole, frac) = match text.split_once('.') {
            Some((w, f)) => (format!("{w}Z"), f.strip_suffix('Z')?),
            None => (text.to_string(), ""),
        };
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let base = SimTime::parse_rfc3339(&whole)?;
        let millis = format!("{frac:0<3}")[..3].parse::<u64>().ok()?;
        Some(MicroTime(SimTime(base.0 + millis)))
    }
}

impl Serialize for MicroTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.rfc3339_micro())
    }
}

impl<'de> Deserialize<'de> for MicroTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        MicroTime::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "parsing time \"{text}\" as \"2006-01-02T15:04:05.000000Z07:00\": cannot parse"
            ))
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Lease {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: LeaseSpec,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LeaseSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder_identity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lease_duration_seconds: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acquire_time: Option<MicroTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renew_time: Option<MicroTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lease_transitions: Option<i32>,
}

/// The namespace of the nodes' heartbeat leases (`corev1.NamespaceNodeLease`).
pub const NAMESPACE_NODE_LEASE: &str = "kube-node-lease";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn micro_time_round_trips_with_six_digits() {
        let t = MicroTime(SimTime(10_250));
        let text = t.rfc3339_micro();
        assert_eq!(text, "2026-12-01T09:00:10.250000Z");
        assert_eq!(MicroTime::parse(&text), Some(t));
        assert_eq!(
            MicroTime::parse("2026-12-01T09:00:10Z"),
            Some(MicroTime(SimTime(10_000)))
        );
        assert_eq!(MicroTime::parse("2026-12-01T09:00:10.x5Z"), None);
    }
}
