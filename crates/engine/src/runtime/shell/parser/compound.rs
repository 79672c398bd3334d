//! Compound commands: `if`, `while`/`until`, `for`, `{ }`, `( )` and redirections after them
//! (POSIX XCU §2.9.4).

use super::{is_meta, Command, Parser, Script, SyntaxError};

impl Parser {
    pub(super) fn command(&mut self) -> Result<Command, SyntaxError> {
        let cmd = self.command_inner()?;
        if matches!(cmd, Command::Simple(_)) {
            return Ok(cmd);
        }
        // Redirections after a compound command apply to everything inside it.
        let mut redirects = Vec::new();
        loop {
            self.skip_blanks();
            match self.redirect()? {
                Some(r) => redirects.push(r),
                None => break,
            }
        }
        if redirects.is_empty() {
            return Ok(cmd);
        }
        Ok(Command::Redirected {
            cmd: Box::new(cmd),
            redirects,
        })
    }

    fn command_inner(&mut self) -> Result<Command, SyntaxError> {
        self.skip_blanks();
        match self.peek_keyword() {
            Some("if") => return self.if_clause(),
            Some(k @ ("while" | "until")) => {
                self.pos += k.len();
                let cond = self.list(&["do"])?;
                let body = self.do_group()?;
                return Ok(Command::While {
                    cond,
                    body,
                    until: k == "until",
                });
            }
            Some("for") => return self.for_clause(),
            Some("{") => {
                self.pos += 1;
                let body = self.list(&["}"])?;
                if !self.keyword("}") {
                    return Err(self.expecting("}"));
                }
                return Ok(Command::Group(body));
            }
            Some(k @ ("then" | "else" | "elif" | "fi" | "do" | "done" | "}" | "esac" | "case")) => {
                return Err(SyntaxError {
                    message: format!("syntax error: unexpected \"{k}\""),
                });
            }
            _ => {}
        }
        if self.peek() == Some('(') {
            self.pos += 1;
            let body = self.list(&[])?;
            self.skip_separators();
            if !self.eat(")") {
                return Err(self.expecting(")"));
            }
            return Ok(Command::Subshell(body));
        }
        self.simple()
    }

    fn do_group(&mut self) -> Result<Script, SyntaxError> {
        self.skip_separators();
        if !self.keyword("do") {
            return Err(self.expecting("do"));
        }
        let body = self.list(&["done"])?;
        if !self.keyword("done") {
            return Err(self.expecting("done"));
        }
        Ok(body)
    }

    fn if_clause(&mut self) -> Result<Command, SyntaxError> {
        self.keyword("if");
        let mut branches = Vec::new();
        let mut otherwise = None;
        loop {
            let cond = self.list(&["then"])?;
            if !self.keyword("then") {
                return Err(self.expecting("then"));
            }
            let body = self.list(&["elif", "else", "fi"])?;
            branches.push((cond, body));
            if self.keyword("elif") {
                continue;
            }
            if self.keyword("else") {
                otherwise = Some(self.list(&["fi"])?);
            }
            if !self.keyword("fi") {
                return Err(self.expecting("fi"));
            }
            return Ok(Command::If {
                branches,
                otherwise,
            });
        }
    }

    fn for_clause(&mut self) -> Result<Command, SyntaxError> {
        self.keyword("for");
        self.skip_blanks();
        let var: String = self.src[self.pos..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == '_')
            .collect();
        if var.is_empty() || var.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(SyntaxError {
                message: "syntax error: bad for loop variable".into(),
            });
        }
        self.pos += var.len();
        self.skip_separators();
        let mut words = None;
        if self.keyword("in") {
            let mut list = Vec::new();
            loop {
                self.skip_blanks();
                match self.peek() {
                    Some(';' | '\n') => {
                        self.pos += 1;
                        break;
                    }
                    None => break,
                    Some(c) if is_meta(c) => return Err(self.unexpected()),
                    _ => list.push(self.word()?),
                }
            }
            words = Some(list);
        } else if self.peek() == Some(';') {
            self.pos += 1;
        }
        let body = self.do_group()?;
        Ok(Command::For { var, words, body })
    }
}
