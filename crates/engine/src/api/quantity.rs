//! `resource.Quantity`: `500m`, `128Mi`, `1Gi`, `2`, `1e3`.
//!
//! Mirrors `staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go`, reduced to what
//! scheduling and limits need: values are read as milli-units (cpu) or whole units (memory,
//! pods). Decoding validates like `UnmarshalJSON` (a string or a number; a bad one fails the
//! whole decode with upstream's message). The text is stored as the user wrote it;
//! `canonical()` gives `String()`'s form for messages (`0.5` → `500m`, `2048Mi` → `2Gi`).
//! Left out: precision below a milli-unit.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A quantity as written; parsed on use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Quantity(pub String);

impl<'de> Deserialize<'de> for Quantity {
    /// Mirrors `Quantity.UnmarshalJSON`: a JSON string or number that must parse; `null` is 0.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) => s.trim().to_string(),
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Null => "0".to_string(),
            // Go hands the raw JSON to ParseQuantity, which rejects it.
            other => other.to_string(),
        };
        parse_milli(&text).map_err(serde::de::Error::custom)?;
        Ok(Quantity(text))
    }
}

/// `ResourceList`: resource name → quantity, sorted by name.
pub type ResourceList = BTreeMap<String, Quantity>;

/// Why a quantity did not parse, with upstream's messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QuantityError {
    /// `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`
    Format,
    /// `unable to parse quantity's suffix`
    Suffix,
}

impl std::fmt::Display for QuantityError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            QuantityError::Format => "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            QuantityError::Suffix => "unable to parse quantity's suffix",
        })
    }
}

impl Quantity {
    pub fn new(text: impl Into<String>) -> Self {
        Quantity(text.into())
    }

    /// The value in thousandths of a unit (`500m` → 500, `2` → 2000, `1Ki` → 1 024 000).
    pub fn milli_value(&self) -> Result<i64, QuantityError> {
        parse_milli(&self.0)
    }

    /// The value rounded up to whole units, as `Quantity.Value()` does.
    pub fn value(&self) -> Result<i64, QuantityError> {
        self.milli_value().map(|m| (m + 999).div_euclid(1000))
    }
}

impl Quantity {
    /// The canonical form `Quantity.String()` prints: the largest exact SI (or, for binary
    /// quantities of at least 1Ki, power-of-1024) suffix; milli-units when not whole.
    pub fn canonical(&self) -> String {
        let Ok(milli) = self.milli_value() else {
            return self.0.clone();
        };
        let binary = self.0.trim_end().ends_with('i');
        if milli % 1000 != 0 {
            return format!("{milli}m");
        }
        let v = milli / 1000;
        if binary && v.abs() >= 1024 {
            return scaled(v, 1024, &["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]);
        }
        scaled(v, 1000, &["", "k", "M", "G", "T", "P", "E"])
    }
}

fn scaled(v: i64, base: i64, suffixes: &[&str]) -> String {
    let mut n = 0;
    let mut m = v;
    while n + 1 < suffixes.len() && m != 0 && m % base == 0 {
        m /= base;
        n += 1;
    }
    format!("{m}{}", suffixes[n])
}

impl From<&str> for Quantity {
    fn from(s: &str) -> Self {
        Quantity(s.to_string())
    }
}

fn parse_milli(text: &str) -> Result<i64, QuantityError> {
    let t = text.trim();
    let (sign, body) = match t.as_bytes().first() {
        Some(b'-') => (-1.0, &t[1..]),
        Some(b'+') => (1.0, &t[1..]),
        _ => (1.0, t),
    };
    let num_len = body
        .bytes()
        .take_while(|c| c.is_ascii_digit() || *c == b'.')
        .count();
    if num_len == 0 {
        return Err(QuantityError::Format);
    }
    let number: f64 = body[..num_len].parse().map_err(|_| QuantityError::Format)?;
    let suffix = &body[num_len..];
    if !suffix
        .bytes()
        .all(|c| b"eEinumkKMGTP+-0123456789".contains(&c))
    {
        return Err(QuantityError::Format);
    }
    let factor = suffix_factor(suffix).ok_or(QuantityError::Suffix)?;
    Ok((sign * number * factor * 1000.0).round() as i64)
}

fn suffix_factor(suffix: &str) -> Option<f64> {
    let binary = |p: i32| Some(1024f64.powi(p));
    let decimal = |p: i32| Some(10f64.powi(p));
    match suffix {
        "" => decimal(0),
        "n" => decimal(-9),
        "u" => decimal(-6),
        "m" => decimal(-3),
        "k" => decimal(3),
        "M" => decimal(6),
        "G" => decimal(9),
        "T" => decimal(12),
        "P" => decimal(15),
        "E" => decimal(18),
        "Ki" => binary(1),
        "Mi" => binary(2),
        "Gi" => binary(3),
        "Ti" => binary(4),
        "Pi" => binary(5),
        "Ei" => binary(6),
        s if s.starts_with(['e', 'E']) => s[1..].parse::<i32>().ok().map(|p| 10f64.powi(p)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_and_memory_forms() {
        assert_eq!(Quantity::from("500m").milli_value(), Ok(500));
        assert_eq!(Quantity::from("2").milli_value(), Ok(2000));
        assert_eq!(Quantity::from("0.5").milli_value(), Ok(500));
        assert_eq!(Quantity::from("128Mi").value(), Ok(134_217_728));
        assert_eq!(Quantity::from("1G").value(), Ok(1_000_000_000));
        assert_eq!(Quantity::from("1e3").value(), Ok(1000));
    }

    #[test]
    fn canonical_forms() {
        let c = |s: &str| Quantity::from(s).canonical();
        assert_eq!(c("0.5"), "500m");
        assert_eq!(c("2"), "2");
        assert_eq!(c("2000"), "2k");
        assert_eq!(c("1000m"), "1");
        assert_eq!(c("128Mi"), "128Mi");
        assert_eq!(c("2048Mi"), "2Gi");
        assert_eq!(c("1536"), "1536");
        assert_eq!(c("1G"), "1G");
    }

    #[test]
    fn decoding_validates() {
        let ok: Result<Quantity, _> = serde_json::from_value(serde_json::json!(0.5));
        assert_eq!(ok.map(|q| q.0).ok(), Some("0.5".to_string()));
        let bad: Result<Quantity, _> = serde_json::from_value(serde_json::json!("500x"));
        assert_eq!(
            bad.map_err(|e| e.to_string()),
            Err(QuantityError::Format.to_string())
        );
        let bad: Result<Quantity, _> = serde_json::from_value(serde_json::json!("100mi"));
        assert_eq!(
            bad.map_err(|e| e.to_string()),
            Err("unable to parse quantity's suffix".to_string())
        );
    }

    #[test]
    fn bad_quantities_give_upstream_errors() {
        assert_eq!(
            Quantity::from("500x").milli_value(),
            Err(QuantityError::Format)
        );
        assert_eq!(
            Quantity::from("2GB").milli_value(),
            Err(QuantityError::Format)
        );
        assert_eq!(
            Quantity::from("100mi").milli_value(),
            Err(QuantityError::Suffix)
        );
        assert_eq!(Quantity::from("").milli_value(), Err(QuantityError::Format));
    }
}
