//! Builds one document's JSON value and its position index from YAML events with marks.
//!
//! Mirrors what kubectl's `sigs.k8s.io/yaml.Unmarshal` produces (go-yaml v2 into `interface{}`,
//! then `convertToJSONableObject`): scalars typed by `resolve.rs`, later duplicate keys winning
//! (non-strict go-yaml v2 keeps the last one), `<<` merge keys, anchors and aliases. Events come
//! from saphyr-parser, whose spans give every key's line and column. Left out: complex
//! (non-scalar) keys and tags other than `!!str`, which make the builder give up so the caller
//! falls back to a value without positions.

use super::positions::{Position, PositionIndex, Seg};
use super::resolve;
use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A key written twice in one mapping. Lines are 1-based within the document, as go-yaml
/// counts them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DuplicateKey {
    pub key: String,
    pub line: usize,
    pub first_line: usize,
    /// 1-based line of the repeat in the whole text.
    pub abs_line: usize,
}

/// What the builder produced.
#[derive(Clone, Debug, Default)]
pub struct Built {
    pub value: Value,
    pub positions: PositionIndex,
    pub duplicates: Vec<DuplicateKey>,
}

/// Why the builder could not produce a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuildError {
    /// `json.Marshal` refused a value (NaN, infinities).
    Json(String),
    /// A null map key (`unsupported map key`).
    NullKey,
    /// Something the builder does not model; the caller falls back.
    Unsupported,
}

enum Frame {
    Map {
        map: Map<String, Value>,
        path: Vec<Seg>,
        key: Option<(String, bool)>,
        seen: BTreeMap<String, usize>,
        anchor: usize,
    },
    Seq {
        items: Vec<Value>,
        path: Vec<Seg>,
        anchor: usize,
    },
}

struct Builder {
    line_offset: usize,
    stack: Vec<Frame>,
    anchors: BTreeMap<usize, Value>,
    out: Built,
    root: Option<Value>,
}

/// Builds the first document of `text`; `start_line` is its 1-based line in the whole text.
pub fn build(text: &str, start_line: usize) -> Result<Built, BuildError> {
    let mut b = Builder {
        line_offset: start_line.saturating_sub(1),
        stack: Vec::new(),
        anchors: BTreeMap::new(),
        out: Built::default(),
        root: None,
    };
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|_| BuildError::Unsupported)?;
        match event {
            Event::DocumentEnd => break,
            Event::Scalar(v, style, anchor, tag) => {
                let is_str_tag = tag.as_ref().is_some_and(|t| t.suffix == "str");
                if tag.is_some() && !is_str_tag {
                    return Err(BuildError::Unsupported);
                }
                let plain = style == ScalarStyle::Plain && !is_str_tag;
                b.scalar(&v, plain, anchor, span)?;
            }
            Event::MappingStart(anchor, _) => b.open(span, anchor, true)?,
            Event::SequenceStart(anchor, _) => b.open(span, anchor, false)?,
            Event::MappingEnd | Event::SequenceEnd => b.close()?,
            Event::Alias(id) => {
                let v = b.anchors.get(&id).cloned().ok_or(BuildError::Unsupported)?;
                b.value(v, span, false)?;
            }
            _ => {}
        }
    }
    b.out.value = b.root.take().unwrap_or(Value::Null);
    Ok(b.out)
}

impl Builder {
    fn pos(&self, span: Span) -> Position {
        Position {
            line: span.start.line() + self.line_offset,
            column: span.start.col() + 1,
        }
    }

    /// The path a new node at the current point gets, recording its position.
    fn child_path(&mut self, span: Span) -> Vec<Seg> {
        let pos = self.pos(span);
        let path = match self.stack.last() {
            Some(Frame::Map { path, key, .. }) => {
                let mut p = path.clone();
                p.push(Seg::Key(
                    key.as_ref().map_or(String::new(), |k| k.0.clone()),
                ));
                return p;
            }
            Some(Frame::Seq { path, items, .. }) => {
                let mut p = path.clone();
                p.push(Seg::Index(items.len()));
                p
            }
            None => Vec::new(),
        };
        self.out.positions.insert(path.clone(), pos);
        path
    }

    fn expecting_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }

    fn scalar(
        &mut self,
        v: &str,
        plain: bool,
        anchor: usize,
        span: Span,
    ) -> Result<(), BuildError> {
        if self.expecting_key() {
            return self.key(v, plain, span);
        }
        let value = if plain {
            resolve::plain(v).map_err(|e| BuildError::Json(e.0))?
        } else {
            Value::String(v.to_string())
        };
        if anchor > 0 {
            self.anchors.insert(anchor, value.clone());
        }
        self.child_path(span);
        self.value(value, span, true)
    }

    fn key(&mut self, raw: &str, plain: bool, span: Span) -> Result<(), BuildError> {
        let k = resolve::key_string(raw, plain).ok_or(BuildError::NullKey)?;
        let pos = self.pos(span);
        let line_offset = self.line_offset;
        let Some(Frame::Map {
            path, key, seen, ..
        }) = self.stack.last_mut()
        else {
            return Err(BuildError::Unsupported);
        };
        let merge = plain && raw == "<<";
        if !merge {
            if let Some(first) = seen.get(&k) {
                self.out.duplicates.push(DuplicateKey {
                    key: k.clone(),
                    line: pos.line - line_offset,
                    first_line: first - line_offset,
                    abs_line: pos.line,
                });
            } else {
                seen.insert(k.clone(), pos.line);
            }
        }
        let mut p = path.clone();
        p.push(Seg::Key(k.clone()));
        self.out.positions.insert(p, pos);
        *key = Some((k, merge));
        Ok(())
    }

    fn open(&mut self, span: Span, anchor: usize, mapping: bool) -> Result<(), BuildError> {
        if self.expecting_key() {
            return Err(BuildError::Unsupported);
        }
        let path = self.child_path(span);
        self.stack.push(if mapping {
            Frame::Map {
                map: Map::new(),
                path,
                key: None,
                seen: BTreeMap::new(),
                anchor,
            }
        } else {
            Frame::Seq {
                items: Vec::new(),
                path,
                anchor,
            }
        });
        Ok(())
    }

    fn close(&mut self) -> Result<(), BuildError> {
        let (value, anchor) = match self.stack.pop() {
            Some(Frame::Map { map, anchor, .. }) => (Value::Object(map), anchor),
            Some(Frame::Seq { items, anchor, .. }) => (Value::Array(items), anchor),
            None => return Err(BuildError::Unsupported),
        };
        if anchor > 0 {
            self.anchors.insert(anchor, value.clone());
        }
        self.value(value, Span::default(), true)
    }

    /// Stores a finished node into its parent (or as the root).
    fn value(&mut self, v: Value, span: Span, positioned: bool) -> Result<(), BuildError> {
        if !positioned {
            self.child_path(span);
        }
        match self.stack.last_mut() {
            Some(Frame::Map { map, key, .. }) => {
                let (k, merge) = key.take().ok_or(BuildError::Unsupported)?;
                if merge {
                    merge_into(map, v);
                } else {
                    map.insert(k, v);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(v),
            None => self.root = Some(v),
        }
        Ok(())
    }
}

/// go-yaml's `<<`: a mapping, or a list of mappings, contributes its keys.
fn merge_into(map: &mut Map<String, Value>, v: Value) {
    match v {
        Value::Object(m) => map.extend(m),
        Value::Array(items) => items.into_iter().rev().for_each(|i| merge_into(map, i)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_and_positions() {
        let text = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: web\n    image: nginx\n    ports:\n    - containerPort: 80\n";
        let b = build(text, 1).unwrap();
        assert_eq!(
            b.value["spec"]["containers"][0]["ports"][0]["containerPort"],
            json!(80)
        );
        let p = b.positions.get("spec.containers[0].image").unwrap();
        assert_eq!((p.line, p.column), (6, 5));
        let p = b
            .positions
            .get("spec.containers[0].ports[0].containerPort")
            .unwrap();
        assert_eq!(p.line, 8);
        assert_eq!(
            b.positions.get("spec.containers[0]").map(|p| p.line),
            Some(5)
        );
    }

    #[test]
    fn later_duplicates_win_and_are_recorded() {
        let b = build("a: 1\nb: 2\na: 3\n", 5).unwrap();
        assert_eq!(b.value, json!({"a": 3, "b": 2}));
        assert_eq!(b.duplicates[0].line, 3);
        assert_eq!(b.duplicates[0].first_line, 1);
        assert_eq!(b.duplicates[0].abs_line, 7);
    }

    #[test]
    fn anchors_aliases_and_merges() {
        let b = build("base: &b {x: 1, z: 2}\nc:\n  <<: *b\n  z: 3\nd: *b\n", 1).unwrap();
        assert_eq!(b.value["c"], json!({"x": 1, "z": 3}));
        assert_eq!(b.value["d"], json!({"x": 1, "z": 2}));
    }

    #[test]
    fn quoted_scalars_stay_strings() {
        let b = build("a: \"80\"\nb: 'yes'\nc: yes\n", 1).unwrap();
        assert_eq!(b.value, json!({"a": "80", "b": "yes", "c": true}));
    }
}
