//! Strict decoding of a JSON value into an API type: one serde `Deserializer` over `&Value` that
//! collects the paths of unknown fields and prefixes an error with the path of the field that
//! failed (`spec.containers[0].ports[0].containerPort: invalid type: ...`).
//!
//! Not a port of an upstream file: it stands in for the strict decoder of
//! `k8s.io/apimachinery/pkg/runtime/serializer/json` (which reports unknown fields by path) on
//! the Rust side. It replaces serde_ignored wrapped in serde_path_to_error wrapped around
//! serde_json's `&Value` deserializer: every API type's derived decoder was compiled once per
//! wrapper layer, most of the web app's size. Messages stay serde_json's, with paths written
//! as serde_path_to_error wrote them (`a.b[0].c`, nothing for the root). One difference from
//! serde_json, on Go's side: a struct is never filled from an array (`metadata: [x]` is
//! `cannot unmarshal array into Go struct field`, as encoding/json says).

mod value_de;

use serde::de;
use serde_json::Value;
use std::cell::RefCell;
use std::fmt;
use value_de::ValueDe;

/// Decodes `value` as `T`, pushing the path of every field `T` does not know to `unknown`.
/// The error is `<path>: <message>`, or the bare message for a problem at the root.
pub fn decode<T: de::DeserializeOwned>(
    value: &Value,
    unknown: &mut Vec<String>,
) -> Result<T, String> {
    let seen = RefCell::new(Vec::new());
    let root = Path::Root;
    let out = T::deserialize(ValueDe {
        value,
        path: &root,
        unknown: &seen,
    });
    unknown.append(&mut seen.into_inner());
    out.map_err(|e| match e.path {
        Some(p) if !p.is_empty() => format!("{p}: {}", e.msg),
        _ => e.msg,
    })
}

/// Where a value sits, as a chain of parents on the stack.
pub(crate) enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(Path::Root, k) => f.write_str(k),
            Path::Key(p, k) => write!(f, "{p}.{k}"),
            Path::Index(p, i) => write!(f, "{p}[{i}]"),
        }
    }
}

/// A decoding error and, once known, the path of the innermost field it came from.
#[derive(Debug)]
pub struct Error {
    path: Option<String>,
    msg: String,
}

impl Error {
    /// Tags the error with `path` unless a deeper field already did.
    pub(crate) fn at(mut self, path: &Path) -> Self {
        if self.path.is_none() {
            self.path = Some(path.to_string());
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<M: fmt::Display>(msg: M) -> Self {
        Error {
            path: None,
            msg: msg.to_string(),
        }
    }

    fn invalid_type(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        Error::custom(format_args!(
            "invalid type: {}, expected {exp}",
            Json(unexp)
        ))
    }

    fn invalid_value(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        Error::custom(format_args!(
            "invalid value: {}, expected {exp}",
            Json(unexp)
        ))
    }
}

/// serde_json's wording of what it got: `null`, and floats as JSON writes them (`1e20`).
struct Json<'a>(de::Unexpected<'a>);

impl fmt::Display for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            de::Unexpected::Unit => f.write_str("null"),
            de::Unexpected::Float(v) => match serde_json::Number::from_f64(v) {
                Some(n) => write!(f, "floating point `{n}`"),
                None => self.0.fmt(f),
            },
            other => other.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Default, Deserialize)]
    #[serde(rename_all = "camelCase", default)]
    struct Port {
        container_port: i32,
        name: Option<String>,
    }

    #[derive(Debug, Default, Deserialize)]
    #[serde(default)]
    struct Spec {
        ports: Vec<Port>,
        labels: std::collections::BTreeMap<String, String>,
    }

    fn run<T: de::DeserializeOwned>(v: Value) -> (Result<T, String>, Vec<String>) {
        let mut unknown = Vec::new();
        let out = decode::<T>(&v, &mut unknown);
        (out, unknown)
    }

    #[test]
    fn unknown_fields_are_collected_with_paths() {
        let (out, unknown) = run::<Spec>(json!({
            "ports": [{"containerPort": 80}, {"containerPort": 81, "protocl": "TCP"}],
            "labels": {"app": "web"},
            "extra": {"x": 1}
        }));
        let spec = out.unwrap();
        assert_eq!((spec.ports[1].container_port, spec.labels.len()), (81, 1));
        assert_eq!(unknown, vec!["extra", "ports[1].protocl"]);
    }

    #[test]
    fn errors_name_the_innermost_field() {
        let (out, _) = run::<Spec>(json!({"ports": [{}, {"containerPort": "80"}]}));
        assert_eq!(
            out.unwrap_err(),
            "ports[1].containerPort: invalid type: string \"80\", expected i32"
        );
        let (out, _) = run::<Spec>(json!({"ports": [{"containerPort": 1, "name": 5}]}));
        assert_eq!(
            out.unwrap_err(),
            "ports[0].name: invalid type: integer `5`, expected a string"
        );
        let (out, _) = run::<Spec>(json!({"ports": [{"containerPort": -1.5}]}));
        assert_eq!(
            out.unwrap_err(),
            "ports[0].containerPort: invalid type: floating point `-1.5`, expected i32"
        );
    }

    #[test]
    fn root_errors_have_no_path() {
        let (out, _) = run::<Spec>(json!("text"));
        assert_eq!(
            out.unwrap_err(),
            "invalid type: string \"text\", expected struct Spec"
        );
        let (out, _) = run::<[i32; 2]>(json!([1, 2, 3]));
        assert_eq!(
            out.unwrap_err(),
            "invalid length 3, expected fewer elements in array"
        );
        // Go's encoding/json never fills a struct from an array (serde_json would).
        let (out, _) = run::<Spec>(json!({"ports": [[8080]]}));
        assert_eq!(
            out.unwrap_err(),
            "ports[0]: invalid type: sequence, expected struct Port"
        );
    }

    #[test]
    fn nulls_and_values_read_as_serde_json_reads_them() {
        let (out, _) = run::<Port>(json!({"containerPort": 1, "name": null}));
        assert_eq!(out.unwrap().name, None);
        let (out, _) = run::<Value>(json!({"a": [1, -2, 2.5, true, null]}));
        assert_eq!(out.unwrap(), json!({"a": [1, -2, 2.5, true, null]}));
        let (out, _) = run::<u8>(json!(300));
        assert_eq!(
            out.unwrap_err(),
            "invalid value: integer `300`, expected u8"
        );
    }
}
