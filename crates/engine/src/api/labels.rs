//! Label selectors: `metav1.LabelSelector` and the string form `kubectl -l` takes.
//!
//! Mirrors `staging/src/k8s.io/apimachinery/pkg/labels/selector.go` (requirements with `=`,
//! `==`, `!=`, `in`, `notin`, exists, `!` not-exists) and `LabelSelectorAsSelector`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LabelSelector {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub match_labels: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LabelSelectorRequirement {
    pub key: String,
    pub operator: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    Equals,
    NotEquals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
}

/// One parsed requirement: `key op values`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    pub key: String,
    pub op: Op,
    pub values: Vec<String>,
}

impl Requirement {
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        let value = labels.get(&self.key);
        match self.op {
            Op::Equals | Op::In => value.is_some_and(|v| self.values.contains(v)),
            Op::NotEquals | Op::NotIn => value.is_none_or(|v| !self.values.contains(v)),
            Op::Exists => value.is_some(),
            Op::DoesNotExist => value.is_none(),
        }
    }
}

/// A conjunction of requirements; empty matches everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selector {
    pub requirements: Vec<Requirement>,
}

impl Selector {
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.requirements.iter().all(|r| r.matches(labels))
    }

    pub fn is_empty(&self) -> bool {
        self.requirements.is_empty()
    }

    /// A selector from a Service's or ReplicationController's plain `selector:` map.
    pub fn from_map(map: &BTreeMap<String, String>) -> Self {
        let requirements = map
            .iter()
            .map(|(k, v)| Requirement {
                key: k.clone(),
                op: Op::Equals,
                values: vec![v.clone()],
            })
            .collect();
        Selector { requirements }
    }

    /// `LabelSelectorAsSelector`; an unknown operator is an error with upstream's text.
    pub fn from_label_selector(ls: &LabelSelector) -> Result<Self, String> {
        let mut sel = Selector::from_map(&ls.match_labels);
        for expr in &ls.match_expressions {
            let op = match expr.operator.as_str() {
                "In" => Op::In,
                "NotIn" => Op::NotIn,
                "Exists" => Op::Exists,
                "DoesNotExist" => Op::DoesNotExist,
                other => {
                    return Err(format!(
                        "\"{other}\" is not a valid label selector operator"
                    ))
                }
            };
            sel.requirements.push(Requirement {
                key: expr.key.clone(),
                op,
                values: expr.values.clone(),
            });
        }
        Ok(sel)
    }

    /// Parses the `-l` string form: `app=web,tier!=db,env in (dev,qa),!legacy,release`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut requirements = Vec::new();
        for part in split_top_level(text) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            requirements.push(parse_requirement(part)?);
        }
        Ok(Selector { requirements })
    }
}

fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

fn parse_requirement(part: &str) -> Result<Requirement, String> {
    let invalid = || {
        format!(
            "unable to parse requirement: found '{part}', expected: in, notin, =, ==, !=, gt, lt"
        )
    };
    if let Some(key) = part.strip_prefix('!') {
        return Ok(Requirement {
            key: key.trim().to_string(),
            op: Op::DoesNotExist,
            values: vec![],
        });
    }
    for (token, op) in [("!=", Op::NotEquals), ("==", Op::Equals), ("=", Op::Equals)] {
        if let Some((k, v)) = part.split_once(token) {
            let key = k.trim().to_string();
            if key.is_empty() {
                return Err(invalid());
            }
            return Ok(Requirement {
                key,
                op,
                values: vec![v.trim().to_string()],
            });
        }
    }
    let words: Vec<&str> = part.splitn(2, char::is_whitespace).collect();
    if words.len() == 1 {
        return Ok(Requirement {
            key: part.to_string(),
            op: Op::Exists,
            values: vec![],
        });
    }
    let rest = words[1].trim();
    let (op, list) = if let Some(l) = rest.strip_prefix("notin") {
        (Op::NotIn, l)
    } else if let Some(l) = rest.strip_prefix("in") {
        (Op::In, l)
    } else {
        return Err(invalid());
    };
    let list = list.trim();
    let inner = list
        .strip_prefix('(')
        .and_then(|l| l.strip_suffix(')'))
        .ok_or_else(invalid)?;
    let values = inner
        .split(',')
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty());
    Ok(Requirement {
        key: words[0].to_string(),
        op,
        values: values.collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn string_selectors_match_like_kubectl() {
        let l = labels(&[("app", "web"), ("env", "dev")]);
        assert!(Selector::parse("app=web").unwrap().matches(&l));
        assert!(Selector::parse("app==web,env!=prod").unwrap().matches(&l));
        assert!(Selector::parse("env in (dev, qa)").unwrap().matches(&l));
        assert!(!Selector::parse("env notin (dev)").unwrap().matches(&l));
        assert!(Selector::parse("app").unwrap().matches(&l));
        assert!(!Selector::parse("!app").unwrap().matches(&l));
        assert!(Selector::parse("").unwrap().matches(&l));
    }

    #[test]
    fn label_selector_expressions() {
        let ls = LabelSelector {
            match_labels: labels(&[("app", "web")]),
            match_expressions: vec![LabelSelectorRequirement {
                key: "tier".into(),
                operator: "DoesNotExist".into(),
                values: vec![],
            }],
        };
        let sel = Selector::from_label_selector(&ls).unwrap();
        assert!(sel.matches(&labels(&[("app", "web")])));
        assert!(!sel.matches(&labels(&[("app", "web"), ("tier", "x")])));
    }
}
