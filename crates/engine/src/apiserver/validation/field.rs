//! Field errors with upstream's wording: `Required value`, `Invalid value: <v>: <detail>`,
//! `Unsupported value: "x": supported values: "A", "B"`, `Forbidden: ...`, `Duplicate value`,
//! `Not found`, `Too long`.
//!
//! Mirrors `staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go` (`ErrorBody`)
//! and `path.go` (`Child`, `Index`, `Key`). A bad value prints as Go prints it: strings quoted,
//! numbers and booleans bare.

use crate::apiserver::errors::Cause;

/// A field path under construction (`spec.containers[0].image`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path(pub String);

impl Path {
    pub fn new(root: &str) -> Path {
        Path(root.to_string())
    }

    pub fn child(&self, name: &str) -> Path {
        if self.0.is_empty() {
            Path(name.to_string())
        } else {
            Path(format!("{}.{name}", self.0))
        }
    }

    pub fn index(&self, i: usize) -> Path {
        Path(format!("{}[{i}]", self.0))
    }

    pub fn key(&self, k: &str) -> Path {
        Path(format!("{}[{k}]", self.0))
    }
}

impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A bad value as `field.Invalid` prints it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    /// Printed as given (Go's `%#v` of structs and maps).
    Raw(String),
    Null,
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Str(s) => write!(f, "{}", go_quote(s)),
            Value::Int(i) => write!(f, "{i}"),
            Value::Raw(r) => f.write_str(r),
            Value::Null => f.write_str("null"),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Str(s.to_string())
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Value {
        Value::Str(s.clone())
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<i32> for Value {
    fn from(i: i32) -> Value {
        Value::Int(i64::from(i))
    }
}

/// Go's `%q`: double quotes with Go escapes for quotes, backslashes and control characters.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `field.Required`: `Required value` or `Required value: <detail>`.
pub fn required(path: &Path, detail: &str) -> Cause {
    Cause::new(path.0.clone(), with_detail("Required value", detail))
}

/// `field.Invalid`.
pub fn invalid(path: &Path, value: impl Into<Value>, detail: &str) -> Cause {
    let body = format!("Invalid value: {}", value.into());
    Cause::new(path.0.clone(), with_detail(&body, detail))
}

/// `field.NotSupported`.
pub fn not_supported(path: &Path, value: impl Into<Value>, supported: &[&str]) -> Cause {
    let list: Vec<String> = supported.iter().map(|s| go_quote(s)).collect();
    let body = format!(
        "Unsupported value: {}: supported values: {}",
        value.into(),
        list.join(", ")
    );
    Cause::new(path.0.clone(), body)
}

/// `field.Forbidden`.
pub fn forbidden(path: &Path, detail: &str) -> Cause {
    Cause::new(path.0.clone(), with_detail("Forbidden", detail))
}

/// `field.Duplicate`.
pub fn duplicate(path: &Path, value: impl Into<Value>) -> Cause {
    Cause::new(path.0.clone(), format!("Duplicate value: {}", value.into()))
}

/// `field.NotFound`.
pub fn not_found(path: &Path, value: impl Into<Value>) -> Cause {
    Cause::new(path.0.clone(), format!("Not found: {}", value.into()))
}

/// `field.TooLong` with a byte limit.
pub fn too_long(path: &Path, max: usize) -> Cause {
    let unit = if max == 1 { "byte" } else { "bytes" };
    Cause::new(
        path.0.clone(),
        format!("Too long: may not be more than {max} {unit}"),
    )
}

fn with_detail(body: &str, detail: &str) -> String {
    if detail.is_empty() {
        body.to_string()
    } else {
        format!("{body}: {detail}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_match_upstream() {
        let p = Path::new("spec").child("containers").index(0).child("name");
        assert_eq!(p.0, "spec.containers[0].name");
        assert_eq!(
            required(&p, "").to_string(),
            "spec.containers[0].name: Required value"
        );
        assert_eq!(
            not_supported(&Path::new("spec.restartPolicy"), "never", &["Always", "OnFailure", "Never"])
                .to_string(),
            "spec.restartPolicy: Unsupported value: \"never\": supported values: \"Always\", \"OnFailure\", \"Never\""
        );
        assert_eq!(
            invalid(
                &Path::new("x"),
                70000,
                "must be between 1 and 65535, inclusive"
            )
            .to_string(),
            "x: Invalid value: 70000: must be between 1 and 65535, inclusive"
        );
        assert_eq!(
            not_found(&Path::new("v"), "data").to_string(),
            "v: Not found: \"data\""
        );
        assert_eq!(go_quote("a\"b"), "\"a\\\"b\"");
    }
}
