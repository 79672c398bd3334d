//! Words, quoting, expansions and redirections: the lexical half of the parser.
//!
//! Mirrors the token rules of POSIX XCU §2.3 (token recognition), §2.2 (quoting) and §2.6
//! (word expansions) as far as [`super::Part`] can represent them.

use super::{is_meta, Command, Parser, Part, Redirect, RedirectKind, Simple, SyntaxError, Word};

fn unterminated(what: &str) -> SyntaxError {
    SyntaxError {
        message: format!("syntax error: unterminated {what}"),
    }
}

fn push_lit(parts: &mut Vec<Part>, text: &str) {
    if let Some(Part::Lit(s)) = parts.last_mut() {
        s.push_str(text);
    } else {
        parts.push(Part::Lit(text.to_string()));
    }
}

impl Parser {
    /// A simple command: assignments, then words and redirections in any order.
    pub(super) fn simple(&mut self) -> Result<Command, SyntaxError> {
        let mut cmd = Simple::default();
        loop {
            self.skip_blanks();
            if let Some(r) = self.redirect()? {
                cmd.redirects.push(r);
                continue;
            }
            match self.peek() {
                None => break,
                Some(c) if is_meta(c) => break,
                _ => {}
            }
            let word = self.word()?;
            if cmd.words.is_empty() {
                if let Some((name, value)) = split_assignment(&word) {
                    cmd.assigns.push((name, value));
                    continue;
                }
            }
            cmd.words.push(word);
        }
        if cmd.words.is_empty() && cmd.assigns.is_empty() && cmd.redirects.is_empty() {
            return Err(self.unexpected());
        }
        Ok(Command::Simple(cmd))
    }

    /// A redirection operator and its target, if one starts at the cursor.
    pub(super) fn redirect(&mut self) -> Result<Option<Redirect>, SyntaxError> {
        let start = self.pos;
        let mut fd = None;
        if let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            if matches!(self.peek_at(1), Some('>' | '<')) {
                fd = Some(d as u8);
                self.pos += 1;
            }
        }
        let (default_fd, mut kind) = if self.eat("&>") {
            (u8::MAX, RedirectKind::Write)
        } else if self.eat(">>") {
            (1, RedirectKind::Append)
        } else if self.eat(">&") {
            (1, RedirectKind::Dup)
        } else if self.eat(">|") || self.eat(">") {
            (1, RedirectKind::Write)
        } else if self.eat("<") {
            (0, RedirectKind::Read)
        } else {
            self.pos = start;
            return Ok(None);
        };
        self.skip_blanks();
        if matches!(
            self.peek(),
            None | Some('\n' | ';' | '&' | '|' | '<' | '>' | '(' | ')')
        ) {
            return Err(self.unexpected());
        }
        let target = self.word()?;
        // `>&file` with a non-number target means "stdout and stderr to file" in bash; sh
        // rejects it, so keep Dup only for digits.
        if kind == RedirectKind::Dup && target.literal().is_none_or(|t| t.parse::<u8>().is_err()) {
            kind = RedirectKind::Write;
        }
        Ok(Some(Redirect {
            fd: fd.unwrap_or(default_fd),
            kind,
            target,
        }))
    }

    /// One word up to the next unquoted metacharacter.
    pub(super) fn word(&mut self) -> Result<Word, SyntaxError> {
        let mut parts = Vec::new();
        while let Some(c) = self.peek() {
            if is_meta(c) {
                break;
            }
            self.pos += 1;
            match c {
                '\\' => match self.peek() {
                    Some('\n') => self.pos += 1,
                    Some(n) => {
                        self.pos += 1;
                        push_lit(&mut parts, &n.to_string());
                    }
                    None => push_lit(&mut parts, "\\"),
                },
                '\'' => {
                    let len = self.src[self.pos..].iter().position(|c| *c == '\'');
                    let len = len.ok_or_else(|| unterminated("quoted string"))?;
                    let text: String = self.src[self.pos..self.pos + len].iter().collect();
                    self.pos += len + 1;
                    push_lit(&mut parts, &text);
                }
                '"' => self.double_quoted(&mut parts)?,
                '$' => self.dollar(&mut parts, false)?,
                '`' => self.backtick(&mut parts, false)?,
                c => push_lit(&mut parts, c.encode_utf8(&mut [0; 4])),
            }
        }
        Ok(Word { parts })
    }

    pub(super) fn double_quoted(&mut self, parts: &mut Vec<Part>) -> Result<(), SyntaxError> {
        push_lit(parts, "");
        loop {
            let Some(c) = self.peek() else {
                return Err(unterminated("quoted string"));
            };
            self.pos += 1;
            match c {
                '"' => return Ok(()),
                '\\' => match self.peek() {
                    Some(n @ ('$' | '`' | '"' | '\\')) => {
                        self.pos += 1;
                        push_lit(parts, n.encode_utf8(&mut [0; 4]));
                    }
                    Some('\n') => self.pos += 1,
                    _ => push_lit(parts, "\\"),
                },
                '$' => self.dollar(parts, true)?,
                '`' => self.backtick(parts, true)?,
                c => push_lit(parts, c.encode_utf8(&mut [0; 4])),
            }
        }
    }

    /// After a `$`: a parameter, `${…}`, `$(…)` or `$((…))`.
    fn dollar(&mut self, parts: &mut Vec<Part>, quoted: bool) -> Result<(), SyntaxError> {
        if self.peek() == Some('(') && self.peek_at(1) == Some('(') {
            self.pos += 2;
            let mut depth = 0usize;
            let mut expr = String::new();
            loop {
                match self.peek() {
                    None => return Err(unterminated("arithmetic")),
                    Some(')') if depth == 0 && self.peek_at(1) == Some(')') => {
                        self.pos += 2;
                        parts.push(Part::Arith { expr, quoted });
                        return Ok(());
                    }
                    Some(c) => {
                        depth = match c {
                            '(' => depth + 1,
                            ')' => depth.saturating_sub(1),
                            _ => depth,
                        };
                        expr.push(c);
                        self.pos += 1;
                    }
                }
            }
        }
        if self.peek() == Some('(') {
            self.pos += 1;
            let script = self.list(&[])?;
            self.skip_separators();
            if !self.eat(")") {
                return Err(self.expecting(")"));
            }
            parts.push(Part::Command { script, quoted });
            return Ok(());
        }
        if self.peek() == Some('{') {
            self.pos += 1;
            return self.braced(parts, quoted);
        }
        let name: String = match self.peek() {
            Some(c @ ('?' | '$' | '#' | '@' | '*' | '!' | '-' | '0'..='9')) => c.to_string(),
            Some(c) if c.is_ascii_alphabetic() || c == '_' => self.src[self.pos..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == '_')
                .collect(),
            _ => {
                push_lit(parts, "$");
                return Ok(());
            }
        };
        self.pos += name.len();
        parts.push(Part::Var { name, quoted });
        Ok(())
    }

    /// `${NAME}`, `${#NAME}`, `${NAME:-word}`, `${NAME-word}` (`=`/`:=` read as `-`/`:-`).
    fn braced(&mut self, parts: &mut Vec<Part>, quoted: bool) -> Result<(), SyntaxError> {
        let len = self.src[self.pos..].iter().position(|c| *c == '}');
        let len = len.ok_or_else(|| unterminated("${"))?;
        let name: String = self.src[self.pos..self.pos + len]
            .iter()
            .enumerate()
            .take_while(|(i, c)| {
                c.is_ascii_alphanumeric() || **c == '_' || (*i == 0 && "#?$@*!".contains(**c))
            })
            .map(|(_, c)| *c)
            .collect();
        self.pos += name.chars().count();
        if name.is_empty() {
            return Err(SyntaxError {
                message: "syntax error: bad substitution".into(),
            });
        }
        if self.eat("}") {
            parts.push(Part::Var { name, quoted });
            return Ok(());
        }
        let colon = self.eat(":");
        if !(self.eat("-") || self.eat("=")) {
            return Err(SyntaxError {
                message: "syntax error: bad substitution".into(),
            });
        }
        let mut word = Vec::new();
        loop {
            match self.peek() {
                None => return Err(unterminated("${")),
                Some('}') => {
                    self.pos += 1;
                    break;
                }
                Some('$') => {
                    self.pos += 1;
                    self.dollar(&mut word, true)?;
                }
                Some('"') => {
                    self.pos += 1;
                    self.double_quoted(&mut word)?;
                }
                Some(c) => {
                    self.pos += 1;
                    push_lit(&mut word, c.encode_utf8(&mut [0; 4]));
                }
            }
        }
        parts.push(Part::Default {
            name,
            colon,
            word,
            quoted,
        });
        Ok(())
    }

    fn backtick(&mut self, parts: &mut Vec<Part>, quoted: bool) -> Result<(), SyntaxError> {
        let mut inner = String::new();
        loop {
            match self.peek() {
                None => return Err(unterminated("`")),
                Some('`') => {
                    self.pos += 1;
                    break;
                }
                Some('\\') if matches!(self.peek_at(1), Some('`' | '\\' | '$')) => {
                    inner.push(self.peek_at(1).unwrap_or('\\'));
                    self.pos += 2;
                }
                Some(c) => {
                    inner.push(c);
                    self.pos += 1;
                }
            }
        }
        if self.depth > super::MAX_DEPTH {
            return Err(SyntaxError {
                message: "syntax error: nesting too deep".into(),
            });
        }
        let mut sub = Parser {
            src: inner.chars().collect(),
            pos: 0,
            depth: self.depth + 1,
        };
        let script = sub.list(&[])?;
        sub.skip_separators();
        if sub.peek().is_some() {
            return Err(sub.unexpected());
        }
        parts.push(Part::Command { script, quoted });
        Ok(())
    }
}

/// `NAME=value` at the start of a simple command.
fn split_assignment(word: &Word) -> Option<(String, Word)> {
    let Some(Part::Lit(first)) = word.parts.first() else {
        return None;
    };
    let eq = first.find('=')?;
    let name = &first[..eq];
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return None;
    }
    let mut parts = word.parts.clone();
    parts[0] = Part::Lit(first[eq + 1..].to_string());
    Some((name.to_string(), Word { parts }))
}
