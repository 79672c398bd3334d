//! Plain-scalar typing as go-yaml v2 does it, so `yes`, `0x1F` and `080` mean what they mean
//! to kubectl.
//!
//! Mirrors `resolve.go` of go-yaml v2 (sigs.k8s.io/yaml/goyaml.v2, YAML 1.1 rules): booleans
//! `y/yes/true/on` and `n/no/false/off` in three casings, nulls `~`/`null`/empty, ints through Go's
//! `strconv.ParseInt(s, 0, 64)` (so a leading `0` is octal), then the YAML float pattern.
//! Timestamps stay strings, as go-yaml v2.4 keeps them for `interface{}` targets. The JSON
//! conversion follows `encoding/json`: an integral float is written without a fraction.

use serde_json::{Number, Value};

/// Why a scalar cannot become JSON (`json.Marshal` refuses NaN and infinities).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsupported(pub String);

/// Types a plain (unquoted, untagged) scalar.
pub fn plain(s: &str) -> Result<Value, Unsupported> {
    if let Some(v) = special(s) {
        return v;
    }
    let first = s.chars().next().unwrap_or(' ');
    if first == '.' {
        return Ok(s.parse::<f64>().map_or_else(|_| string(s), float));
    }
    if !(first.is_ascii_digit() || first == '+' || first == '-') {
        return Ok(string(s));
    }
    let plain: String = s.chars().filter(|c| *c != '_').collect();
    if let Some(i) = go_parse_int(&plain) {
        return Ok(i);
    }
    if is_yaml_float(&plain) {
        if let Ok(f) = plain.parse::<f64>() {
            return Ok(float(f));
        }
    }
    Ok(string(s))
}

/// The key string sigs.k8s.io/yaml makes of a resolved key (`convertToJSONableObject`).
pub fn key_string(raw: &str, plain_style: bool) -> Option<String> {
    if !plain_style {
        return Some(raw.to_string());
    }
    match plain(raw) {
        Ok(Value::Null) => None,
        Ok(Value::String(s)) => Some(s),
        Ok(Value::Bool(b)) => Some(b.to_string()),
        Ok(Value::Number(n)) => Some(n.to_string()),
        _ => Some(raw.to_string()),
    }
}

fn string(s: &str) -> Value {
    Value::String(s.to_string())
}

fn special(s: &str) -> Option<Result<Value, Unsupported>> {
    let v = match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Value::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Value::Bool(false)
        }
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        ".nan" | ".NaN" | ".NAN" => return Some(Err(Unsupported("NaN".into()))),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Some(Err(Unsupported("+Inf".into())))
        }
        "-.inf" | "-.Inf" | "-.INF" => return Some(Err(Unsupported("-Inf".into()))),
        _ => return None,
    };
    Some(Ok(v))
}

/// `strconv.ParseInt(s, 0, 64)`, falling back to `ParseUint` as go-yaml does.
fn go_parse_int(s: &str) -> Option<Value> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    if neg {
        let v = 0i64.checked_sub_unsigned(magnitude)?;
        Some(Value::Number(v.into()))
    } else {
        Some(Value::Number(magnitude.into()))
    }
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_float(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => digits(frac),
        Some((int, frac)) => digits(int) && (frac.is_empty() || digits(frac)),
        None => digits(mantissa),
    };
    let exp_ok = exp.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mantissa_ok && exp_ok
}

/// A float as `encoding/json` writes it: integral values below 1e21 have no fraction.
fn float(f: f64) -> Value {
    if f.fract() == 0.0 && f.abs() < 1e21 {
        if f >= i64::MIN as f64 && f <= i64::MAX as f64 {
            return Value::Number((f as i64).into());
        }
        if f >= 0.0 && f <= u64::MAX as f64 {
            return Value::Number((f as u64).into());
        }
    }
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn yaml_1_1_booleans_and_nulls() {
        assert_eq!(plain("yes"), Ok(json!(true)));
        assert_eq!(plain("Off"), Ok(json!(false)));
        assert_eq!(plain("~"), Ok(json!(null)));
        assert_eq!(plain("yesterday"), Ok(json!("yesterday")));
    }

    #[test]
    fn numbers_follow_go() {
        assert_eq!(plain("80"), Ok(json!(80)));
        assert_eq!(plain("-5"), Ok(json!(-5)));
        assert_eq!(plain("0x1F"), Ok(json!(31)));
        assert_eq!(plain("0777"), Ok(json!(511)));
        assert_eq!(plain("080"), Ok(json!(80)));
        assert_eq!(plain("0.5"), Ok(json!(0.5)));
        assert_eq!(plain("1e3"), Ok(json!(1000)));
        assert_eq!(plain(".5"), Ok(json!(0.5)));
        assert_eq!(plain("1_000"), Ok(json!(1000)));
        assert_eq!(plain("500m"), Ok(json!("500m")));
        assert_eq!(plain("1.2.3"), Ok(json!("1.2.3")));
        assert_eq!(plain("2024-01-01"), Ok(json!("2024-01-01")));
        assert!(plain(".nan").is_err());
    }

    #[test]
    fn keys_become_strings() {
        assert_eq!(key_string("80", true), Some("80".into()));
        assert_eq!(key_string("on", true), Some("true".into()));
        assert_eq!(key_string("on", false), Some("on".into()));
        assert_eq!(key_string("~", true), None);
    }
}
