//! The words before the cursor, as bash's readline splits them for completion, and a lenient
//! scan of kubectl's flags over them.
//!
//! Unlike `parse::tokenize` this never fails: an unterminated quote just runs to the cursor,
//! because the learner is still typing it.

use crate::parse::{Flag, FlagKind, GLOBAL};

/// The command segment the cursor is in (after the last unquoted `|`).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Segment {
    /// The finished words before the word under the cursor, unquoted.
    pub words: Vec<String>,
    /// The word under the cursor, unquoted (empty after a space).
    pub current: String,
    /// Where the word under the cursor starts, in bytes of the line.
    pub start: usize,
    /// Whether a `|` came before: the segment is a pipe program's, not kubectl's.
    pub after_pipe: bool,
}

/// Splits `prefix` (the line up to the cursor) into words.
pub fn segment(prefix: &str) -> Segment {
    let mut seg = Segment::default();
    let mut quote: Option<char> = None;
    let mut in_word = false;
    let mut escaped = false;
    for (i, c) in prefix.char_indices() {
        if !in_word && quote.is_none() && !c.is_whitespace() && c != '|' {
            in_word = true;
            seg.start = i;
        }
        if escaped {
            escaped = false;
            seg.current.push(c);
            continue;
        }
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') | (None, '\\') => escaped = true,
            (Some(_), c) => seg.current.push(c),
            (None, '\'' | '"') => quote = Some(c),
            (None, '|') => {
                seg.words.clear();
                seg.current.clear();
                seg.after_pipe = true;
                in_word = false;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    seg.words.push(std::mem::take(&mut seg.current));
                    in_word = false;
                }
            }
            (None, c) => seg.current.push(c),
        }
    }
    if !in_word {
        seg.start = prefix.len();
    }
    seg
}

/// What a lenient flag scan found in some words.
#[derive(Debug, Default)]
pub struct Scan {
    /// Words that are neither flags nor flag values.
    pub positional: Vec<String>,
    /// The flag whose value the next word is (`-o` or `--output` as the last word).
    pub pending: Option<Flag>,
    /// Whether `--` came: the rest is a command for the container.
    pub dash_dash: bool,
    /// The index in the words of the first positional word (kubectl's verb).
    pub first_at: Option<usize>,
}

/// Finds a flag by long name in `spec` or the global flags.
pub fn find_long(spec: &[Flag], name: &str) -> Option<Flag> {
    spec.iter().chain(GLOBAL).find(|f| f.long == name).copied()
}

fn find_short(spec: &[Flag], c: char) -> Option<Flag> {
    spec.iter()
        .chain(GLOBAL)
        .find(|f| f.short == Some(c))
        .copied()
}

/// Scans words against a verb's flags as `parse::parse` would, but never fails: an unknown
/// flag is skipped, so what follows still completes.
pub fn scan(words: &[String], spec: &[Flag]) -> Scan {
    let mut out = Scan::default();
    for (i, w) in words.iter().enumerate() {
        if out.dash_dash {
            out.positional.push(w.clone());
            continue;
        }
        if out.pending.take().is_some() {
            continue;
        }
        if w == "--" {
            out.dash_dash = true;
        } else if let Some(body) = w.strip_prefix("--") {
            if !body.contains('=') {
                out.pending = find_long(spec, body).filter(|f| f.kind != FlagKind::Bool);
            }
        } else if w.len() > 1 && w.starts_with('-') {
            out.pending = short_pending(spec, &w[1..]);
        } else {
            out.first_at = out.first_at.or(Some(i));
            out.positional.push(w.clone());
        }
    }
    out
}

/// `-it` takes no value; `-n` does (the next word); `-nfoo` and `-n=foo` carry theirs.
fn short_pending(spec: &[Flag], body: &str) -> Option<Flag> {
    for (i, c) in body.char_indices() {
        let f = find_short(spec, c)?;
        if f.kind != FlagKind::Bool {
            let rest = &body[i + c.len_utf8()..];
            return rest.is_empty().then_some(f);
        }
    }
    None
}

/// The namespace the line names with `-n`/`--namespace` (the last one wins), if any.
pub fn namespace(words: &[String]) -> Option<String> {
    let mut found = None;
    let mut it = words.iter().peekable();
    while let Some(w) = it.next() {
        let inline = w
            .strip_prefix("--namespace=")
            .or_else(|| w.strip_prefix("-n="))
            .or_else(|| w.strip_prefix("-n").filter(|r| !r.is_empty()));
        if let Some(v) = inline {
            found = Some(v.to_string());
        } else if w == "-n" || w == "--namespace" {
            found = it.next().cloned();
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(ws: &[&str]) -> Vec<String> {
        ws.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn segment_splits_at_spaces_and_pipes() {
        let s = segment("kubectl get 'a b' po");
        assert_eq!(s.words, ["kubectl", "get", "a b"]);
        assert_eq!((s.current.as_str(), s.start), ("po", 18));
        let s = segment("kubectl get pods | gr");
        assert!(s.after_pipe);
        assert_eq!((s.words.len(), s.current.as_str(), s.start), (0, "gr", 19));
        let s = segment("kubectl ");
        assert_eq!((s.current.as_str(), s.start), ("", 8));
        assert_eq!(segment("'unterminated").current, "unterminated");
    }

    #[test]
    fn scan_knows_which_flags_take_values() {
        let spec = crate::commands::get::SPEC;
        let s = scan(
            &words(&["pods", "-o", "wide", "--show-labels", "x", "-n"]),
            spec,
        );
        assert_eq!(s.positional, ["pods", "x"]);
        assert_eq!(s.pending.map(|f| f.long), Some("namespace"));
        let s = scan(&words(&["-owide", "--output=yaml", "-Aw", "y"]), spec);
        assert_eq!((s.positional, s.pending.is_none()), (words(&["y"]), true));
        let s = scan(&words(&["--bogus", "a", "--", "sh"]), spec);
        assert_eq!((s.positional, s.dash_dash), (words(&["a", "sh"]), true));
    }

    #[test]
    fn namespace_in_every_spelling() {
        for line in [
            &["-n", "t"][..],
            &["-nt"],
            &["-n=t"],
            &["--namespace=t"],
            &["--namespace", "t"],
        ] {
            assert_eq!(namespace(&words(line)).as_deref(), Some("t"), "{line:?}");
        }
        assert_eq!(namespace(&words(&["-n"])), None);
        assert_eq!(namespace(&words(&["get", "pods"])), None);
    }
}
