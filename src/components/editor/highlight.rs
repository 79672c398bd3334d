//! Splits YAML text into coloured tokens for the editor's highlighted layer.
//!
//! A view helper only: it decides colours, never validity (the engine's dry run does that). It
//! works line by line with one piece of state, the block scalar (`|`, `>`) whose indented lines
//! are all string. The tokens of a line always concatenate back to the line exactly, so the
//! layer stays aligned with the textarea above it. Left out: multi-line quoted and plain
//! scalars (their continuation lines are coloured as plain values).

/// What a piece of a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tok {
    /// Indentation and spaces between tokens.
    Space,
    /// A tab: YAML forbids it in indentation, so it is shown.
    Tab,
    Key,
    /// `:`, `,`, `[`, `]`, `{`, `}`, `|`, `>`.
    Punct,
    /// A `- ` list item marker.
    Dash,
    /// `---` or `...`.
    Separator,
    Comment,
    Str,
    Number,
    /// `true`, `false`, `null`, `~` (and YAML 1.1's yes/no/on/off, which go-yaml v2 reads as
    /// booleans).
    Bool,
    /// `&anchor`, `*alias`, `!tag`.
    Meta,
    /// Any other plain value.
    Plain,
}

/// One line's tokens.
pub type Line = Vec<(Tok, String)>;

/// The tokens of every line of `text` (split at `\n`, so a final newline gives a last, empty
/// line, as the textarea shows it).
pub fn highlight(text: &str) -> Vec<Line> {
    let mut block: Option<usize> = None;
    text.split('\n')
        .map(|line| {
            let indent = line.len() - line.trim_start_matches(' ').len();
            if let Some(parent) = block {
                if line.trim().is_empty() || indent > parent {
                    return vec![
                        (Tok::Space, line[..indent].to_string()),
                        (Tok::Str, line[indent..].to_string()),
                    ]
                    .into_iter()
                    .filter(|(_, s)| !s.is_empty())
                    .collect();
                }
                block = None;
            }
            let mut out = Lexer::new(line);
            out.line();
            if out.opens_block {
                block = Some(indent);
            }
            out.tokens
        })
        .collect()
}

struct Lexer<'a> {
    rest: &'a str,
    tokens: Line,
    opens_block: bool,
}

impl<'a> Lexer<'a> {
    fn new(line: &'a str) -> Self {
        Lexer {
            rest: line,
            tokens: Vec::new(),
            opens_block: false,
        }
    }

    fn take(&mut self, tok: Tok, len: usize) {
        let len = len.min(self.rest.len());
        let (head, tail) = self.rest.split_at(len);
        if !head.is_empty() {
            match self.tokens.last_mut() {
                Some((t, s)) if *t == tok && matches!(tok, Tok::Space | Tok::Plain) => {
                    s.push_str(head)
                }
                _ => self.tokens.push((tok, head.to_string())),
            }
        }
        self.rest = tail;
    }

    fn spaces(&mut self) {
        loop {
            let n = self.rest.len() - self.rest.trim_start_matches(' ').len();
            self.take(Tok::Space, n);
            let t = self.rest.len() - self.rest.trim_start_matches('\t').len();
            if t == 0 {
                break;
            }
            self.take(Tok::Tab, t);
        }
    }

    fn line(&mut self) {
        self.spaces();
        for sep in ["---", "..."] {
            if self.rest.starts_with(sep)
                && self.rest[3..]
                    .chars()
                    .next()
                    .is_none_or(|c| c == ' ' || c == '\t')
            {
                self.take(Tok::Separator, 3);
                self.spaces();
            }
        }
        while (self.rest.starts_with("- ") || self.rest == "-" || self.rest.starts_with("-\t"))
            && !self.rest.is_empty()
        {
            self.take(Tok::Dash, 1);
            self.spaces();
        }
        if let Some(len) = key_len(self.rest) {
            self.take(Tok::Key, len);
            self.spaces();
            self.take(Tok::Punct, 1);
            self.spaces();
        }
        self.value();
    }

    /// The rest of the line after any key: a scalar, a flow collection or a comment.
    fn value(&mut self) {
        let start = self.tokens.len();
        while let Some(c) = self.rest.chars().next() {
            let first = self.tokens[start..]
                .iter()
                .all(|(t, _)| matches!(t, Tok::Space | Tok::Meta));
            match c {
                ' ' | '\t' => self.spaces(),
                '#' => self.take(Tok::Comment, self.rest.len()),
                '"' | '\'' => self.take(Tok::Str, quoted_len(self.rest, c)),
                '[' | ']' | '{' | '}' | ',' => self.take(Tok::Punct, 1),
                '|' | '>' if first => {
                    let n = self.rest.find([' ', '\t']).unwrap_or(self.rest.len());
                    self.opens_block = true;
                    self.take(Tok::Punct, n);
                }
                '&' | '*' | '!' => {
                    let n = self
                        .rest
                        .find([' ', '\t', ',', ']', '}'])
                        .unwrap_or(self.rest.len());
                    self.take(Tok::Meta, n);
                }
                _ => {
                    let n = plain_len(self.rest);
                    let word = &self.rest[..n];
                    let tok = scalar_kind(word.trim_end());
                    self.take(tok, n.max(c.len_utf8()));
                }
            }
        }
    }
}

/// The length of a mapping key at the start of `s` (plain or quoted), when `s` is `key: ...`.
fn key_len(s: &str) -> Option<usize> {
    let first = s.chars().next()?;
    let len = if first == '"' || first == '\'' {
        quoted_len(s, first)
    } else {
        if matches!(first, '#' | '[' | '{' | '&' | '*' | '!' | '|' | '>') {
            return None;
        }
        s.match_indices(':').map(|(i, _)| i).find(|i| {
            s[i + 1..]
                .chars()
                .next()
                .is_none_or(|c| c == ' ' || c == '\t')
        })?
    };
    let after = &s[len..];
    let gap = after.len() - after.trim_start_matches([' ', '\t']).len();
    let is_key = after[gap..].starts_with(':')
        && after[gap + 1..]
            .chars()
            .next()
            .is_none_or(|c| c == ' ' || c == '\t');
    let comment = s[..len].contains(" #");
    (is_key && !comment && len > 0).then_some(len)
}

/// The length of the quoted scalar at the start of `s`; the whole rest when it is unterminated.
fn quoted_len(s: &str, quote: char) -> usize {
    let mut escaped = false;
    for (i, c) in s.char_indices().skip(1) {
        if quote == '"' && c == '\\' && !escaped {
            escaped = true;
            continue;
        }
        if c == quote && !escaped {
            // '' is an escaped quote inside single quotes.
            if quote == '\'' && s[i + 1..].starts_with('\'') {
                continue;
            }
            return i + 1;
        }
        escaped = false;
    }
    s.len()
}

/// The length of the plain scalar at the start of `s`: up to ` #`, or a flow indicator.
fn plain_len(s: &str) -> usize {
    let mut prev_space = false;
    for (i, c) in s.char_indices() {
        if (c == '#' && prev_space) || matches!(c, ',' | ']' | '}') && i > 0 {
            return s[..i].trim_end_matches([' ', '\t']).len();
        }
        prev_space = c == ' ' || c == '\t';
    }
    s.trim_end_matches([' ', '\t']).len()
}

fn scalar_kind(word: &str) -> Tok {
    const BOOLS: &[&str] = &[
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    ];
    if BOOLS.contains(&word.to_ascii_lowercase().as_str()) {
        Tok::Bool
    } else if is_number(word) {
        Tok::Number
    } else {
        Tok::Plain
    }
}

fn is_number(word: &str) -> bool {
    let w = word.strip_prefix(['-', '+']).unwrap_or(word);
    if let Some(hex) = w.strip_prefix("0x") {
        return !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    let mut digits = 0;
    let mut dots = 0;
    for c in w.chars() {
        match c {
            '0'..='9' => digits += 1,
            '.' => dots += 1,
            _ => return false,
        }
    }
    digits > 0 && dots <= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(line: &str) -> Vec<(Tok, String)> {
        highlight(line).into_iter().next().unwrap_or_default()
    }

    fn owned(toks: &[(Tok, &str)]) -> Vec<(Tok, String)> {
        toks.iter().map(|(t, s)| (*t, s.to_string())).collect()
    }

    #[test]
    fn keys_values_and_comments() {
        use Tok::*;
        assert_eq!(
            kinds("  image: nginx:1.14  # 镜像"),
            owned(&[
                (Space, "  "),
                (Key, "image"),
                (Punct, ":"),
                (Space, " "),
                (Plain, "nginx:1.14"),
                (Space, "  "),
                (Comment, "# 镜像")
            ])
        );
        assert_eq!(
            kinds("- containerPort: 80"),
            owned(&[
                (Dash, "-"),
                (Space, " "),
                (Key, "containerPort"),
                (Punct, ":"),
                (Space, " "),
                (Number, "80")
            ])
        );
        assert_eq!(
            kinds("    value: \"password\"")[4],
            (Str, "\"password\"".into())
        );
        assert_eq!(kinds("  hostNetwork: true")[4], (Bool, "true".into()));
        assert_eq!(kinds("---"), owned(&[(Separator, "---")]));
        assert_eq!(
            kinds("# note: not a key"),
            owned(&[(Comment, "# note: not a key")])
        );
    }

    #[test]
    fn flow_collections_and_urls() {
        use Tok::*;
        let t = kinds("args: [\"sh\", -c, 'a: b']");
        for tok in owned(&[(Str, "\"sh\""), (Str, "'a: b'"), (Punct, "["), (Punct, "]")]) {
            assert!(t.contains(&tok), "{t:?}");
        }
        let url = kinds("- http://example.org:8080/x");
        assert_eq!(
            url.last(),
            Some(&(Plain, "http://example.org:8080/x".into()))
        );
    }

    #[test]
    fn block_scalars_colour_their_lines_as_strings() {
        let lines = highlight("script: |\n  echo: hi\n\n  done\nnext: 1");
        assert_eq!(lines[1][1], (Tok::Str, "echo: hi".to_string()));
        assert_eq!(lines[3][1], (Tok::Str, "done".to_string()));
        assert_eq!(lines[4][0], (Tok::Key, "next".to_string()));
    }

    #[test]
    fn tokens_always_rebuild_the_text() {
        let samples = [
            include_str!("../../../assets/examples/mistake-liveness-args-indent.yaml"),
            include_str!("../../../assets/examples/web-service.yaml"),
            "a:\t1\n\t- x\n- - - y\n\"k\" : v # c\n'it''s': \"a\\\"b\" \n: x\n-\n-x: y\nk:v\n[a, {b: c}]\n--- |\n  t\n...\nkey: 'open\n",
        ];
        for text in samples {
            let rebuilt: Vec<String> = highlight(text)
                .iter()
                .map(|l| l.iter().map(|(_, s)| s.as_str()).collect())
                .collect();
            assert_eq!(rebuilt.join("\n"), text);
        }
    }

    #[test]
    fn tabs_are_marked() {
        assert_eq!(
            highlight("\tcontainers:")[0][0],
            (Tok::Tab, "\t".to_string())
        );
    }
}
