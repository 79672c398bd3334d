//! Tab completion for the terminal: what may come next at the cursor of a command line.
//!
//! Plays the part of kubectl's cobra completion (`kubectl __complete`, which `source <(kubectl
//! completion bash)` wires into bash) for the verbs Podflow simulates, plus `podflow ...` and
//! the pipe programs. Flags are read from each verb's own `SPEC`, the table its option parsing
//! uses, so the list cannot drift from what is accepted. Object names come from the store, in
//! the namespace the line names (`-n`), else `default`. Left out: file names after `-f` (the
//! browser has no files), label keys, and `kubectl explain` field paths.
//!
//! Pure: `complete` reads the cluster and returns data; the terminal decides what a key does.

mod grammar;
mod lex;

use podflow_engine::Cluster;
use std::ops::Range;

/// The candidates for the word under the cursor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completion {
    /// The bytes of the line a candidate replaces: from the start of the word under the cursor
    /// to the cursor.
    pub replace: Range<usize>,
    /// Whole words that may stand there, sorted and without duplicates.
    pub candidates: Vec<String>,
}

/// What one Tab press does to the line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub line: String,
    /// The new cursor, in bytes.
    pub cursor: usize,
}

impl Completion {
    /// What one Tab inserts, as bash does: the only candidate and a space (no space after a
    /// `/`, `=`, `,` or `:`, where the word goes on), else the candidates' longest common
    /// prefix. `None` when that adds nothing: the caller beeps, and a second Tab lists.
    pub fn apply(&self, line: &str) -> Option<Edit> {
        let typed = line.get(self.replace.clone())?;
        let tail = line.get(self.replace.end..)?;
        let (first, rest) = self.candidates.split_first()?;
        let insert = if rest.is_empty() {
            // No space where the word goes on, nor where one follows already.
            let open = first.ends_with(['/', '=', ',', ':']) || tail.starts_with(' ');
            format!("{first}{}", if open { "" } else { " " })
        } else {
            common_prefix(&self.candidates).to_string()
        };
        if insert == typed || insert.len() < typed.len() {
            return None;
        }
        let head = line.get(..self.replace.start)?;
        Some(Edit {
            line: format!("{head}{insert}{tail}"),
            cursor: head.len() + insert.len(),
        })
    }
}

/// The longest prefix every word shares, on a character boundary.
pub fn common_prefix(words: &[String]) -> &str {
    let Some(first) = words.first() else {
        return "";
    };
    let mut end = first.len();
    for w in &words[1..] {
        end = first
            .char_indices()
            .zip(w.chars())
            .take_while(|((_, a), b)| a == b)
            .map(|((i, a), _)| i + a.len_utf8())
            .last()
            .unwrap_or(0)
            .min(end);
    }
    &first[..end]
}

/// The candidates at `cursor` (a byte offset into `line`; clamped into it) on `cluster`.
pub fn complete(line: &str, cursor: usize, cluster: &Cluster) -> Completion {
    let mut cursor = cursor.min(line.len());
    while !line.is_char_boundary(cursor) {
        cursor -= 1;
    }
    let seg = lex::segment(&line[..cursor]);
    let mut candidates = grammar::candidates(&seg, cluster);
    candidates.retain(|c| c.starts_with(seg.current.as_str()));
    candidates.sort();
    candidates.dedup();
    Completion {
        replace: seg.start..cursor,
        candidates,
    }
}

#[cfg(test)]
mod contract_tests;
#[cfg(test)]
mod tests;
