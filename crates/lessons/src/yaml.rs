//! Strict reading of a lesson's YAML tree: every field is known, typed and placed on a line.
//!
//! Not an upstream file. The YAML is read by the engine's manifest reader (go-yaml v2 typing,
//! a field path → line index), so a teacher's mistake is reported at the line it is on, as
//! kubectl reports a manifest's. Paths in messages are written `steps[2].goal.check[0].run`.

use podflow_engine::manifest::PositionIndex;
use podflow_engine::SimDuration;
use serde_json::{Map, Value};
use std::fmt;

/// A lesson file that cannot be used: where (1-based line, when known) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonError {
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for LessonError {}

/// The parsed document and its positions: every error is made here.
pub(crate) struct Cx<'a> {
    pub(crate) positions: &'a PositionIndex,
}

impl Cx<'_> {
    /// The line of `path`, or of its nearest written ancestor; none for the root.
    pub(crate) fn line(&self, path: &str) -> Option<usize> {
        if path.is_empty() {
            return None;
        }
        let first = path.split(['.', '[']).next().unwrap_or(path);
        // Nothing of this top-level field is written: no line would be honest.
        self.positions.get(first)?;
        self.positions.nearest(path).map(|(p, _)| p.line)
    }

    pub(crate) fn err(&self, path: &str, message: impl Into<String>) -> LessonError {
        let message = message.into();
        LessonError {
            line: self.line(path),
            message: if path.is_empty() {
                message
            } else {
                format!("{path}: {message}")
            },
        }
    }

    /// A mapping whose keys are all among `fields`.
    pub(crate) fn object<'v>(
        &self,
        v: &'v Value,
        path: &str,
        fields: &[&str],
    ) -> Result<&'v Map<String, Value>, LessonError> {
        let Value::Object(map) = v else {
            return Err(self.err(path, format!("expected a mapping, found {}", kind(v))));
        };
        // The first unknown field as written, so the message matches what the teacher sees.
        let unknown = map
            .keys()
            .filter(|k| !fields.contains(&k.as_str()))
            .map(|k| (self.line(&join(path, k)).unwrap_or(0), k))
            .min();
        if let Some((_, key)) = unknown {
            return Err(self.err(
                &join(path, key),
                format!(
                    "unknown field \"{key}\" (expected one of: {})",
                    fields.join(", ")
                ),
            ));
        }
        Ok(map)
    }

    pub(crate) fn required<'v>(
        &self,
        map: &'v Map<String, Value>,
        path: &str,
        key: &str,
    ) -> Result<&'v Value, LessonError> {
        match map.get(key) {
            Some(Value::Null) | None => Err(self.err(path, format!("missing \"{key}\""))),
            Some(v) => Ok(v),
        }
    }

    /// A non-empty string.
    pub(crate) fn string(&self, v: &Value, path: &str) -> Result<String, LessonError> {
        match v {
            Value::String(s) if !s.trim().is_empty() => Ok(s.clone()),
            Value::String(_) => Err(self.err(path, "must not be empty")),
            other => Err(self.err(path, format!("expected a string, found {}", kind(other)))),
        }
    }

    /// A string, number or boolean, as text (`equals: 2` compares with "2").
    pub(crate) fn scalar(&self, v: &Value, path: &str) -> Result<String, LessonError> {
        match v {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            other => Err(self.err(
                path,
                format!("expected a string or a number, found {}", kind(other)),
            )),
        }
    }

    pub(crate) fn list<'v>(&self, v: &'v Value, path: &str) -> Result<&'v [Value], LessonError> {
        match v {
            Value::Array(items) => Ok(items),
            other => Err(self.err(path, format!("expected a list, found {}", kind(other)))),
        }
    }

    /// One string or a list of strings.
    pub(crate) fn strings(&self, v: &Value, path: &str) -> Result<Vec<String>, LessonError> {
        match v {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| self.string(item, &format!("{path}[{i}]")))
                .collect(),
            other => Ok(vec![self.string(other, path)?]),
        }
    }

    /// A whole number in `range`.
    pub(crate) fn integer(
        &self,
        v: &Value,
        path: &str,
        range: std::ops::RangeInclusive<i64>,
    ) -> Result<i64, LessonError> {
        match v.as_i64() {
            Some(n) if range.contains(&n) => Ok(n),
            Some(n) => Err(self.err(
                path,
                format!("{n} is out of range ({}..{})", range.start(), range.end()),
            )),
            None => Err(self.err(path, format!("expected a whole number, found {}", kind(v)))),
        }
    }

    /// A duration with its unit (`30s`, `2m`, `1m30s`), more than zero.
    pub(crate) fn duration(&self, v: &Value, path: &str) -> Result<SimDuration, LessonError> {
        let bad = |shown: String| {
            self.err(
                path,
                format!("invalid duration {shown}: write it with a unit, e.g. 30s, 2m, 1m30s"),
            )
        };
        let Value::String(s) = v else {
            return Err(bad(match v {
                Value::Number(n) => n.to_string(),
                other => kind(other).to_string(),
            }));
        };
        match SimDuration::parse(s) {
            Some(d) if d.as_millis() > 0 => Ok(d),
            _ => Err(bad(format!("\"{s}\""))),
        }
    }
}

/// `path.key`, or `key` at the root.
pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// How a value's type is named in messages.
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_line_then_message() {
        let e = LessonError {
            line: Some(7),
            message: "steps[0]: missing \"goal\"".into(),
        };
        assert_eq!(e.to_string(), "line 7: steps[0]: missing \"goal\"");
        let e = LessonError {
            line: None,
            message: "the lesson file is empty".into(),
        };
        assert_eq!(e.to_string(), "the lesson file is empty");
    }

    #[test]
    fn durations_need_a_unit() {
        let positions = PositionIndex::default();
        let cx = Cx {
            positions: &positions,
        };
        assert_eq!(
            cx.duration(&"1m30s".into(), "w").unwrap().as_millis(),
            90_000
        );
        assert!(cx.duration(&90.into(), "w").is_err());
        assert!(cx.duration(&"0s".into(), "w").is_err());
        assert_eq!(join("", "id"), "id");
        assert_eq!(kind(&Value::Null), "nothing");
    }
}
