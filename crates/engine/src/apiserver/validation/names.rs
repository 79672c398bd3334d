//! Names, label keys and values, annotations, and object metadata.
//!
//! Mirrors `staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go` (IsDNS1123Label,
//! IsDNS1123Subdomain, IsQualifiedName, IsValidLabelValue, IsValidPortName, RegexError — whose
//! doubled space before `or` is kept), `pkg/api/validation/objectmeta.go` (ValidateObjectMeta,
//! ValidateAnnotations) and `apis/meta/v1/validation` (ValidateLabels). Left out: owner
//! references and managed fields.

use super::field::{self, Path};
use crate::api::meta::StringMap;
use crate::api::ObjectMeta;
use crate::apiserver::errors::Cause;

const LABEL_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const SUBDOMAIN_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const QUALIFIED_NAME_FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_VALUE_FMT: &str = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
const TOTAL_ANNOTATION_SIZE_LIMIT: usize = 256 * 1024;

/// `RegexError`: the message, then the examples joined with `,  or ` (sic).
fn regex_error(msg: &str, fmt: &str, examples: &[&str]) -> String {
    let ex: Vec<String> = examples.iter().map(|e| format!("'{e}'")).collect();
    format!(
        "{msg} (e.g. {}, regex used for validation is '{fmt}')",
        ex.join(",  or ")
    )
}

fn max_len_error(n: usize) -> String {
    format!("must be no more than {n} characters")
}

fn is_label_shape(s: &str) -> bool {
    let b = s.as_bytes();
    let ok = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    !b.is_empty()
        && b.first().is_some_and(ok)
        && b.last().is_some_and(ok)
        && b.iter().all(|c| ok(c) || *c == b'-')
}

/// Mirrors `IsDNS1123Label`.
pub fn dns1123_label(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !is_label_shape(value) {
        errs.push(regex_error(
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
            LABEL_FMT,
            &["my-name", "123-abc"],
        ));
    }
    errs
}

/// Mirrors `IsDNS1123Subdomain`.
pub fn dns1123_subdomain(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 253 {
        errs.push(max_len_error(253));
    }
    if !value.split('.').all(is_label_shape) {
        errs.push(regex_error(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
            SUBDOMAIN_FMT,
            &["example.com"],
        ));
    }
    errs
}

fn is_qualified_name_part(s: &str) -> bool {
    let b = s.as_bytes();
    let alnum = |c: &u8| c.is_ascii_alphanumeric();
    !b.is_empty()
        && b.first().is_some_and(alnum)
        && b.last().is_some_and(alnum)
        && b.iter().all(|c| alnum(c) || b"-_.".contains(c))
}

/// Mirrors `IsQualifiedName`: `[prefix/]name`.
pub fn qualified_name(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let parts: Vec<&str> = value.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else {
                for msg in dns1123_subdomain(prefix) {
                    errs.push(format!("prefix part {msg}"));
                }
            }
            *name
        }
        _ => {
            errs.push(regex_error(
                "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
                QUALIFIED_NAME_FMT,
                &["MyName", "my.name", "123-abc"],
            ) + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            return errs;
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        errs.push(format!("name part {}", max_len_error(63)));
    }
    if !name.is_empty() && !is_qualified_name_part(name) {
        errs.push(format!(
            "name part {}",
            regex_error(
                "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
                QUALIFIED_NAME_FMT,
                &["MyName", "my.name", "123-abc"],
            )
        ));
    }
    errs
}

/// Mirrors `IsValidLabelValue`.
pub fn label_value(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !value.is_empty() && !is_qualified_name_part(value) {
        errs.push(regex_error(
            "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
            LABEL_VALUE_FMT,
            &["MyValue", "my_value", "12345"],
        ));
    }
    errs
}

/// Mirrors `IsValidPortName` (IANA service names).
pub fn port_name(port: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if port.len() > 15 {
        errs.push("must be no more than 15 characters".to_string());
    }
    if !port
        .bytes()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
    {
        errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".into());
    }
    if !port.bytes().any(|c| c.is_ascii_lowercase()) {
        errs.push("must contain at least one letter (a-z)".into());
    }
    if port.contains("--") {
        errs.push("must not contain consecutive hyphens".into());
    }
    if port.starts_with('-') || port.ends_with('-') {
        errs.push("must not begin or end with a hyphen".into());
    }
    errs
}

/// Mirrors `IsValidPortNum`.
pub fn port_num(port: i64) -> Vec<String> {
    if (1..=65535).contains(&port) {
        vec![]
    } else {
        vec!["must be between 1 and 65535, inclusive".into()]
    }
}

/// Every message of `check` as an Invalid cause at `path`.
pub fn each(path: &Path, value: &str, msgs: Vec<String>) -> Vec<Cause> {
    msgs.iter()
        .map(|m| field::invalid(path, value, m))
        .collect()
}

/// Mirrors `ValidateLabels`: keys are qualified names, values label values, both at `path`.
pub fn labels(map: &StringMap, path: &Path) -> Vec<Cause> {
    let mut c = Vec::new();
    for (k, v) in map {
        c.extend(each(path, k, qualified_name(k)));
        c.extend(each(path, v, label_value(v)));
    }
    c
}

/// Mirrors `ValidateAnnotations`.
pub fn annotations(map: &StringMap, path: &Path) -> Vec<Cause> {
    let mut c = Vec::new();
    let mut total = 0;
    for (k, v) in map {
        c.extend(each(path, k, qualified_name(&k.to_lowercase())));
        total += k.len() + v.len();
    }
    if total > TOTAL_ANNOTATION_SIZE_LIMIT {
        c.push(field::too_long(path, TOTAL_ANNOTATION_SIZE_LIMIT));
    }
    c
}

/// Mirrors `ValidateObjectMeta` with the kind's name rule (`NameIsDNSSubdomain` or
/// `NameIsDNSLabel`).
pub fn object_meta(meta: &ObjectMeta, namespaced: bool, name_is_label: bool) -> Vec<Cause> {
    let root = Path::new("metadata");
    let mut c = Vec::new();
    if meta.name.is_empty() {
        c.push(field::required(
            &root.child("name"),
            "name or generateName is required",
        ));
    } else {
        let msgs = if name_is_label {
            dns1123_label(&meta.name)
        } else {
            dns1123_subdomain(&meta.name)
        };
        c.extend(each(&root.child("name"), &meta.name, msgs));
    }
    if namespaced {
        if meta.namespace.is_empty() {
            c.push(field::required(&root.child("namespace"), ""));
        } else {
            let ns = root.child("namespace");
            c.extend(each(&ns, &meta.namespace, dns1123_label(&meta.namespace)));
        }
    }
    c.extend(labels(&meta.labels, &root.child("labels")));
    c.extend(annotations(&meta.annotations, &root.child("annotations")));
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_texts() {
        assert_eq!(
            dns1123_subdomain("Web_Pod"),
            vec!["a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')".to_string()]
        );
        assert_eq!(
            dns1123_label("Web"),
            vec!["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')".to_string()]
        );
        assert!(dns1123_subdomain("web-1.example").is_empty());
        assert_eq!(dns1123_label(&"a".repeat(64)), vec![max_len_error(63)]);
    }

    #[test]
    fn label_keys_and_values() {
        assert!(qualified_name("app.kubernetes.io/name").is_empty());
        assert_eq!(qualified_name("/x"), vec!["prefix part must be non-empty"]);
        assert_eq!(qualified_name("a/b/c").len(), 1);
        assert!(label_value("").is_empty());
        assert!(label_value("v1.2_beta").is_empty());
        let mut m = StringMap::new();
        m.insert("app".into(), "web server".into());
        let c = labels(&m, &Path::new("metadata.labels"));
        assert!(c[0]
            .to_string()
            .starts_with("metadata.labels: Invalid value: \"web server\": a valid label must be"));
    }

    #[test]
    fn port_names() {
        assert!(port_name("http").is_empty());
        assert_eq!(
            port_name("80"),
            vec!["must contain at least one letter (a-z)"]
        );
    }
}
