//! Parser for the POSIX-sh subset that scripts in pod specs use.
//!
//! Follows the grammar of the POSIX Shell Command Language (XCU §2.10) as busybox `ash` reads
//! it: lists with `;`, `&`, newlines, `&&`, `||`, pipelines with `!`, `if`/`while`/`until`/
//! `for`/`case`-less compound commands, `{ }` groups, `( )` subshells, redirections
//! `> >> < 2> 2>&1 >&2 &>`, quoting and `$VAR ${VAR} ${VAR:-w} $(cmd) `cmd` $((expr))`.
//! Leaves out `case`, functions, here-documents, globbing and aliases. Never panics: every
//! malformed input becomes a [`SyntaxError`] with busybox's wording.

mod ast;
mod compound;
mod words;

pub use ast::{Command, Part, Redirect, RedirectKind, Script, Simple, Word};

/// A syntax error, worded as busybox `sh` reports it (`sh: syntax error: unexpected "fi"`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
}

const MAX_DEPTH: usize = 64;
const KEYWORDS: &[&str] = &[
    "then", "else", "elif", "fi", "do", "done", "}", "in", "esac", "if", "while", "until", "for",
    "{", "case", "!",
];

/// The text inside `$(( ))` as a word whose `$` expansions still need expanding.
pub fn parse_arith_word(expr: &str) -> Word {
    let mut src: Vec<char> = expr.chars().filter(|c| *c != '"').collect();
    src.push('"');
    let mut p = Parser {
        src,
        pos: 0,
        depth: 0,
    };
    let mut parts = Vec::new();
    match p.double_quoted(&mut parts) {
        Ok(()) => Word { parts },
        Err(_) => Word {
            parts: vec![Part::Lit(expr.to_string())],
        },
    }
}

/// Parses a whole script.
pub fn parse(src: &str) -> Result<Script, SyntaxError> {
    let mut p = Parser {
        src: src.chars().collect(),
        pos: 0,
        depth: 0,
    };
    let script = p.list(&[])?;
    p.skip_separators();
    match p.peek() {
        None => Ok(script),
        Some(_) => Err(p.unexpected()),
    }
}

struct Parser {
    src: Vec<char>,
    pos: usize,
    depth: usize,
}

fn is_meta(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | ';' | '&' | '|' | '<' | '>' | '(' | ')'
    )
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.src.get(self.pos).copied()
    }

    fn peek_at(&self, off: usize) -> Option<char> {
        self.src.get(self.pos + off).copied()
    }

    fn eat(&mut self, s: &str) -> bool {
        let n = s.chars().count();
        if s.chars()
            .enumerate()
            .all(|(i, c)| self.peek_at(i) == Some(c))
        {
            self.pos += n;
            true
        } else {
            false
        }
    }

    /// Blanks, line continuations and comments.
    fn skip_blanks(&mut self) {
        loop {
            match self.peek() {
                Some(' ' | '\t' | '\r') => self.pos += 1,
                Some('\\') if self.peek_at(1) == Some('\n') => self.pos += 2,
                Some('#') => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.pos += 1;
                    }
                }
                _ => return,
            }
        }
    }

    fn skip_separators(&mut self) {
        loop {
            self.skip_blanks();
            match self.peek() {
                Some('\n') => self.pos += 1,
                _ => return,
            }
        }
    }

    /// The next token's text for error messages.
    fn unexpected(&mut self) -> SyntaxError {
        self.skip_blanks();
        let token: String = match self.peek() {
            None => {
                return SyntaxError {
                    message: "syntax error: unexpected end of file".into(),
                }
            }
            Some('\n') => "newline".into(),
            Some(c) if is_meta(c) => {
                let two: String = self.src[self.pos..].iter().take(2).collect();
                if ["&&", "||", ";;", ">>"].contains(&two.as_str()) {
                    two
                } else {
                    c.to_string()
                }
            }
            Some(_) => self.src[self.pos..]
                .iter()
                .take_while(|c| !is_meta(**c))
                .collect(),
        };
        SyntaxError {
            message: format!("syntax error: unexpected \"{token}\""),
        }
    }

    fn expecting(&mut self, what: &str) -> SyntaxError {
        self.skip_blanks();
        if self.peek().is_none() {
            return SyntaxError {
                message: format!("syntax error: unexpected end of file (expecting \"{what}\")"),
            };
        }
        self.unexpected()
    }

    /// The unquoted word at the cursor if it is a reserved word, without consuming it.
    fn peek_keyword(&mut self) -> Option<&'static str> {
        self.skip_blanks();
        let word: String = self.src[self.pos.min(self.src.len())..]
            .iter()
            .take_while(|c| !is_meta(**c) && !matches!(c, '\'' | '"' | '\\' | '$' | '`'))
            .collect();
        let end = self.src.get(self.pos + word.chars().count()).copied();
        if end.is_some_and(|c| !is_meta(c)) {
            return None;
        }
        KEYWORDS.iter().copied().find(|k| *k == word)
    }

    fn keyword(&mut self, k: &str) -> bool {
        if self.peek_keyword() == Some(KEYWORDS.iter().copied().find(|x| *x == k).unwrap_or("")) {
            self.pos += k.chars().count();
            true
        } else {
            false
        }
    }

    /// A list of and-or commands up to one of `stops` (a reserved word) or `)` or the end.
    fn list(&mut self, stops: &[&str]) -> Result<Script, SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(SyntaxError {
                message: "syntax error: nesting too deep".into(),
            });
        }
        let mut out = Vec::new();
        loop {
            self.skip_separators();
            match self.peek() {
                None | Some(')') => break,
                _ => {}
            }
            if let Some(k) = self.peek_keyword() {
                if stops.contains(&k) {
                    break;
                }
            }
            let mut cmd = self.and_or()?;
            self.skip_blanks();
            if self.peek() == Some('&') && self.peek_at(1) != Some('&') {
                self.pos += 1;
                cmd = Command::Background(Box::new(cmd));
            } else if self.peek() == Some(';') && self.peek_at(1) != Some(';') {
                self.pos += 1;
            } else if !matches!(self.peek(), None | Some('\n' | ')'))
                && self.peek_keyword().is_none()
            {
                return Err(self.unexpected());
            }
            out.push(cmd);
        }
        self.depth -= 1;
        Ok(out)
    }

    fn and_or(&mut self) -> Result<Command, SyntaxError> {
        let mut left = self.pipeline()?;
        loop {
            self.skip_blanks();
            if self.eat("&&") {
                self.skip_separators();
                left = Command::And(Box::new(left), Box::new(self.pipeline()?));
            } else if self.eat("||") {
                self.skip_separators();
                left = Command::Or(Box::new(left), Box::new(self.pipeline()?));
            } else {
                return Ok(left);
            }
        }
    }

    fn pipeline(&mut self) -> Result<Command, SyntaxError> {
        let negate = self.keyword("!");
        let mut stages = vec![self.command()?];
        loop {
            self.skip_blanks();
            if self.peek() == Some('|') && self.peek_at(1) != Some('|') {
                self.pos += 1;
                self.skip_separators();
                stages.push(self.command()?);
            } else {
                break;
            }
        }
        if stages.len() == 1 && !negate {
            return Ok(stages.remove(0));
        }
        Ok(Command::Pipeline { stages, negate })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(src: &str) -> bool {
        parse(src).is_ok()
    }

    #[test]
    fn accepts_the_scripts_tutorials_use() {
        for src in [
            "touch /tmp/healthy; sleep 30; rm -rf /tmp/healthy; sleep 600",
            "while true; do echo hello; sleep 10; done",
            "for i in 1 2 3; do echo $i; done",
            "if [ -f /tmp/x ]; then echo yes; else echo no; fi",
            "echo \"${GREETING:-hi} $(date)\" >> /var/log/app.log 2>&1",
            "i=0\nwhile [ $i -lt 3 ]\ndo\n  i=$((i+1))\ndone # comment",
            "exec nginx -g 'daemon off;'",
            "trap 'exit 0' TERM; sleep 3600 & wait",
            "cat /etc/hostname | wc -l",
            "{ echo a; echo b; } > /tmp/ab",
        ] {
            assert!(ok(src), "{src}: {:?}", parse(src));
        }
    }

    #[test]
    fn rejects_with_busybox_wording() {
        for (src, msg) in [
            (
                "if true; then echo",
                "syntax error: unexpected end of file (expecting \"fi\")",
            ),
            ("done", "syntax error: unexpected \"done\""),
            ("echo 'open", "syntax error: unterminated quoted string"),
            (
                "while true; do echo",
                "syntax error: unexpected end of file (expecting \"done\")",
            ),
            ("echo a && ", "syntax error: unexpected end of file"),
            (";", "syntax error: unexpected \";\""),
        ] {
            assert_eq!(
                parse(src).map_err(|e| e.message),
                Err(msg.to_string()),
                "{src}"
            );
        }
    }

    #[test]
    fn words_keep_quoting() {
        let script = parse("echo 'a b' \"$X\" c\\ d").expect("parses");
        let Some(Command::Simple(s)) = script.first() else {
            panic!("simple command expected");
        };
        assert_eq!(s.words.len(), 4);
        assert_eq!(s.words[1].literal().as_deref(), Some("a b"));
        assert_eq!(s.words[3].literal().as_deref(), Some("c d"));
        assert!(matches!(
            s.words[2].parts.last(),
            Some(Part::Var { quoted: true, .. })
        ));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "(".repeat(10_000);
        assert!(parse(&deep).is_err());
        let subst = "$(".repeat(10_000);
        assert!(parse(&subst).is_err());
    }
}
