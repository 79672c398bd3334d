//! Where each field of a document is written: field path → line and column of its key.
//!
//! Paths are Kubernetes field paths as API errors spell them (`spec.containers[0].image`,
//! `metadata.labels[app.kubernetes.io/name]`); a path is stored as segments, so a map key may
//! be written either `.key` or `[key]`. Lookups that miss fall back to the nearest ancestor
//! written in the text, which is where a missing required field should be pointed at.

use serde::Serialize;
use std::collections::BTreeMap;

/// A 1-based line and column in the whole manifest text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One step of a field path.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// Positions of every key and list item of one document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PositionIndex {
    entries: BTreeMap<Vec<Seg>, Position>,
}

impl PositionIndex {
    /// Records where the node at `path` is written (its key, or the item for list items).
    pub fn insert(&mut self, path: Vec<Seg>, pos: Position) {
        self.entries.entry(path).or_insert(pos);
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The exact position of a field path, if that field is written in the text.
    pub fn get(&self, path: &str) -> Option<Position> {
        let segs = parse_path(path);
        self.entries
            .get(&segs)
            .or_else(|| self.entries.get(&numeric_as_keys(&segs)))
            .copied()
    }

    /// The position of `path`, or of its nearest ancestor that is written; `true` when exact.
    /// A path without indices (`spec.containers.ports.containerPort`, as Go type errors give
    /// it) matches the first list item that has the field.
    pub fn nearest(&self, path: &str) -> Option<(Position, bool)> {
        if let Some(p) = self.get(path) {
            return Some((p, true));
        }
        let segs = parse_path(path);
        if let Some(p) = self.through_first_items(&segs) {
            return Some((p, true));
        }
        let mut prefix = segs;
        while prefix.pop().is_some() {
            if let Some(p) = self.entries.get(&prefix) {
                return Some((*p, false));
            }
        }
        self.entries.values().next().map(|p| (*p, false))
    }

    /// Resolves keys that name list fields by stepping into the first item that continues.
    fn through_first_items(&self, segs: &[Seg]) -> Option<Position> {
        let mut found: Vec<Seg> = Vec::new();
        for seg in segs {
            let direct = with(&found, seg.clone());
            if self.has_prefix(&direct) {
                found = direct;
                continue;
            }
            let Seg::Key(_) = seg else { return None };
            found = (0..)
                .map(|i| with(&found, Seg::Index(i)))
                .take_while(|item| self.entries.contains_key(item))
                .map(|item| with(&item, seg.clone()))
                .find(|p| self.has_prefix(p))?;
        }
        self.entries.get(&found).copied()
    }

    fn has_prefix(&self, prefix: &[Seg]) -> bool {
        self.entries
            .range(prefix.to_vec()..)
            .next()
            .is_some_and(|(k, _)| k.starts_with(prefix))
    }
}

fn with(base: &[Seg], seg: Seg) -> Vec<Seg> {
    let mut v = base.to_vec();
    v.push(seg);
    v
}

fn numeric_as_keys(segs: &[Seg]) -> Vec<Seg> {
    segs.iter()
        .map(|s| match s {
            Seg::Index(i) => Seg::Key(i.to_string()),
            k => k.clone(),
        })
        .collect()
}

/// Parses `spec.containers[0].image` or `metadata.labels[a.b/c]` into segments.
pub fn parse_path(path: &str) -> Vec<Seg> {
    let mut segs = Vec::new();
    let mut cur = String::new();
    let mut chars = path.chars();
    while let Some(c) = chars.next() {
        match c {
            '.' => push_key(&mut segs, &mut cur),
            '[' => {
                push_key(&mut segs, &mut cur);
                let inner: String = chars.by_ref().take_while(|c| *c != ']').collect();
                segs.push(match inner.parse::<usize>() {
                    Ok(i) => Seg::Index(i),
                    Err(_) => Seg::Key(inner),
                });
            }
            c => cur.push(c),
        }
    }
    push_key(&mut segs, &mut cur);
    segs
}

fn push_key(segs: &mut Vec<Seg>, cur: &mut String) {
    if !cur.is_empty() {
        segs.push(Seg::Key(std::mem::take(cur)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Seg {
        Seg::Key(k.into())
    }

    fn index() -> PositionIndex {
        let mut ix = PositionIndex::default();
        let at = |line| Position { line, column: 1 };
        ix.insert(vec![key("spec")], at(5));
        ix.insert(vec![key("spec"), key("containers")], at(6));
        ix.insert(vec![key("spec"), key("containers"), Seg::Index(0)], at(7));
        let c0 = vec![key("spec"), key("containers"), Seg::Index(0)];
        ix.insert(with(&c0, key("name")), at(7));
        ix.insert(with(&c0, key("ports")), at(9));
        let p0 = with(&with(&c0, key("ports")), Seg::Index(0));
        ix.insert(p0.clone(), at(10));
        ix.insert(with(&p0, key("containerPort")), at(10));
        ix.insert(vec![key("metadata"), key("labels"), key("app.io/x")], at(3));
        ix
    }

    #[test]
    fn paths_parse_like_kubernetes_field_paths() {
        assert_eq!(
            parse_path("spec.containers[0].image"),
            vec![key("spec"), key("containers"), Seg::Index(0), key("image")]
        );
        assert_eq!(
            parse_path("metadata.labels[app.io/x]"),
            vec![key("metadata"), key("labels"), key("app.io/x")]
        );
    }

    #[test]
    fn exact_and_nearest_lookups() {
        let ix = index();
        assert_eq!(ix.get("spec.containers[0].name").map(|p| p.line), Some(7));
        assert_eq!(ix.get("metadata.labels[app.io/x]").map(|p| p.line), Some(3));
        let (p, exact) = ix.nearest("spec.containers[0].image").unwrap();
        assert_eq!((p.line, exact), (7, false));
        let (p, exact) = ix.nearest("spec.containers.ports.containerPort").unwrap();
        assert_eq!((p.line, exact), (10, true));
    }
}
