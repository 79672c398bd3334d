//! YAML syntax errors worded and numbered as kubectl prints them.
//!
//! The text comes from libyaml (through serde_yaml 0.9 and unsafe-libyaml), which go-yaml ports
//! line by line, so the problem strings are the same. The line number follows go-yaml v2's
//! `parser.fail` (sigs.k8s.io/yaml/goyaml.v2 `decode.go`), which kubectl's
//! `sigs.k8s.io/yaml.Unmarshal` uses: the problem mark's 0-based line, plus one for scanner
//! errors only, and no `line N: ` at all when that is 0. So a parser error such as
//! `did not find expected key` names the line *before* the offending token.

use serde::Serialize;

/// A document that is not valid YAML.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct YamlError {
    /// As kubectl prints it after `error parsing <file>: `, e.g.
    /// `error converting YAML to JSON: yaml: line 11: did not find expected key`.
    pub message: String,
    /// 1-based line in the whole text where the problem is (for the editor), when known.
    pub line: Option<usize>,
    /// 1-based column of the problem, when known.
    pub column: Option<usize>,
}

/// Problems libyaml's parser (not its scanner) reports (`parser.c`); go-yaml does not add one
/// to their line.
const PARSER_PROBLEMS: &[&str] = &[
    "did not find expected <document start>",
    "found duplicate %YAML directive",
    "found incompatible YAML document",
    "found duplicate %TAG directive",
    "found undefined tag handle",
    "did not find expected node content",
    "did not find expected '-' indicator",
    "did not find expected key",
    "did not find expected ',' or ']'",
    "did not find expected ',' or '}'",
];

/// Checks one document with libyaml; `None` when it is well-formed.
/// `start_line` is the 1-based line of the document's first line in the whole text.
pub fn check(doc: &str, start_line: usize) -> Option<YamlError> {
    let err = serde_yaml::from_str::<serde::de::IgnoredAny>(doc).err()?;
    Some(from_libyaml(&err, start_line))
}

/// Mirrors go-yaml v2 `parser.fail`, wrapped as `sigs.k8s.io/yaml` wraps it.
fn from_libyaml(err: &serde_yaml::Error, start_line: usize) -> YamlError {
    let display = err.to_string();
    let problem = display
        .split(" at line ")
        .next()
        .unwrap_or(&display)
        .split(" at position ")
        .next()
        .unwrap_or(&display)
        .to_string();
    let debug = format!("{err:?}");
    let scanner = if debug.contains("kind: SCANNER") {
        true
    } else if debug.contains("kind: PARSER") {
        false
    } else {
        !PARSER_PROBLEMS.contains(&problem.as_str())
    };
    let reader = debug.contains("kind: READER");
    let mark = err.location();
    // `Location` is 1-based; go-yaml works on libyaml's 0-based marks.
    let mark_line = mark.as_ref().map_or(0, |m| m.line().saturating_sub(1));
    let go_line = if reader || mark_line == 0 {
        0
    } else if scanner {
        mark_line + 1
    } else {
        mark_line
    };
    let place = if go_line == 0 {
        String::new()
    } else {
        format!("line {go_line}: ")
    };
    YamlError {
        message: format!("error converting YAML to JSON: yaml: {place}{problem}"),
        line: mark.as_ref().map(|m| m.line() + start_line - 1),
        column: mark.as_ref().map(|m| m.column()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parser_errors_name_the_line_before_the_token() {
        let doc = "a:\n  b: 1\n - c\n";
        let e = check(doc, 1).unwrap();
        assert_eq!(
            e.message,
            "error converting YAML to JSON: yaml: line 2: did not find expected key"
        );
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn scanner_errors_name_their_own_line() {
        let e = check("a: 1\nb: c: d\n", 10).unwrap();
        assert_eq!(
            e.message,
            "error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context"
        );
        assert_eq!(e.line, Some(11));
    }

    #[test]
    fn common_learner_mistakes() {
        let msg = |doc: &str| check(doc, 1).map(|e| e.message).unwrap_or_default();
        assert_eq!(
            msg("spec:\n\tcontainers: []\n"),
            "error converting YAML to JSON: yaml: line 2: found character that cannot start any token"
        );
        assert_eq!(
            msg("metadata:\n  name: \"web\n"),
            "error converting YAML to JSON: yaml: line 3: found unexpected end of stream"
        );
        assert_eq!(
            msg("a: [1, 2\nb: 3\n"),
            "error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'"
        );
    }

    #[test]
    fn valid_yaml_has_no_error() {
        assert_eq!(check("a: [1, 2]\nb: {c: d}\n", 1), None);
        assert_eq!(check("", 1), None);
    }
}
