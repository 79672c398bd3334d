//! The syntax tree of a parsed script (POSIX XCU §2.9 command forms).

/// One piece of a word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Literal text (quoting already removed).
    Lit(String),
    /// `$NAME`, `${NAME}` or a special parameter; `quoted` = inside "…" (no field splitting).
    Var { name: String, quoted: bool },
    /// `${NAME:-word}` (colon: also when empty) / `${NAME-word}`.
    Default {
        name: String,
        colon: bool,
        word: Vec<Part>,
        quoted: bool,
    },
    /// `$(…)` or `` `…` ``.
    Command { script: Script, quoted: bool },
    /// `$((…))`, unevaluated.
    Arith { expr: String, quoted: bool },
}

/// A word: parts concatenated, then split into fields where unquoted expansions allow.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    pub parts: Vec<Part>,
}

impl Word {
    /// The text if the word is a plain unquoted-or-quoted literal (for keywords, assignments).
    pub fn literal(&self) -> Option<String> {
        let mut s = String::new();
        for p in &self.parts {
            match p {
                Part::Lit(t) => s.push_str(t),
                _ => return None,
            }
        }
        Some(s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedirectKind {
    /// `>` (truncate)
    Write,
    /// `>>`
    Append,
    /// `<`
    Read,
    /// `N>&M`: fd becomes a copy of `M` (target word holds M).
    Dup,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    pub fd: u8,
    pub kind: RedirectKind,
    pub target: Word,
}

/// A simple command: assignments, words and redirections.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Simple {
    pub assigns: Vec<(String, Word)>,
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Simple(Simple),
    /// `a | b | c`, optionally negated with `!`.
    Pipeline {
        stages: Vec<Command>,
        negate: bool,
    },
    And(Box<Command>, Box<Command>),
    Or(Box<Command>, Box<Command>),
    /// `cmd &`
    Background(Box<Command>),
    /// `if c; then …; elif c; then …; else …; fi`
    If {
        branches: Vec<(Script, Script)>,
        otherwise: Option<Script>,
    },
    /// `while c; do …; done` (`until` when `until`).
    While {
        cond: Script,
        body: Script,
        until: bool,
    },
    /// `for v in words; do …; done` (`words` None = `"$@"`).
    For {
        var: String,
        words: Option<Vec<Word>>,
        body: Script,
    },
    /// `{ …; }`
    Group(Script),
    /// `( … )`
    Subshell(Script),
    /// A compound command with redirections: `{ …; } > file`, `while …; done >> log`.
    Redirected {
        cmd: Box<Command>,
        redirects: Vec<Redirect>,
    },
}

pub type Script = Vec<Command>;
