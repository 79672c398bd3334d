//! Compiling a parsed script to the flat operations of [`super::vm`]: conditionals and loops
//! become jumps; `break`/`continue` are resolved here, dropping the `for` frames they leave.

use super::parser::{Command, Script, Simple, Word};
use super::vm::Op;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Loop {
    continue_at: usize,
    breaks: Vec<usize>,
    is_for: bool,
}

#[derive(Default)]
struct Compiler {
    ops: Vec<Op>,
    loops: Vec<Loop>,
}

/// Compiles a script to operations.
pub fn compile(script: &Script) -> Vec<Op> {
    let mut c = Compiler::default();
    c.list(script);
    c.ops
}

impl Compiler {
    fn list(&mut self, script: &Script) {
        if script.is_empty() {
            self.ops.push(Op::SetStatus(0));
        }
        for cmd in script {
            self.command(cmd);
        }
    }

    fn here(&self) -> usize {
        self.ops.len()
    }

    fn patch(&mut self, at: usize, target: usize) {
        if let Some(Op::Jump(t) | Op::JumpIfFail(t) | Op::JumpIfOk(t)) = self.ops.get_mut(at) {
            *t = target;
        }
    }

    fn command(&mut self, cmd: &Command) {
        match cmd {
            Command::Simple(s) => self.simple(s),
            Command::Pipeline { stages, negate } => {
                let simple: Option<Vec<Simple>> = stages
                    .iter()
                    .map(|s| {
                        if let Command::Simple(x) = s {
                            Some(x.clone())
                        } else {
                            None
                        }
                    })
                    .collect();
                match simple {
                    Some(list) => self.ops.push(Op::Pipeline(list)),
                    // Compound stages run one after another without a pipe (simplification).
                    None => stages.iter().for_each(|s| self.command(s)),
                }
                if *negate {
                    self.ops.push(Op::Negate);
                }
            }
            Command::And(a, b) | Command::Or(a, b) => {
                self.command(a);
                let jump = self.here();
                let is_and = matches!(cmd, Command::And(..));
                self.ops.push(if is_and {
                    Op::JumpIfFail(0)
                } else {
                    Op::JumpIfOk(0)
                });
                self.command(b);
                let end = self.here();
                self.patch(jump, end);
            }
            Command::Background(inner) => match inner.as_ref() {
                Command::Simple(s) => self.ops.push(Op::Background(s.clone())),
                // Background loops are not simulated: the shell goes on at once.
                _ => self.ops.push(Op::SetStatus(0)),
            },
            Command::If {
                branches,
                otherwise,
            } => self.if_clause(branches, otherwise.as_ref()),
            Command::While { cond, body, until } => self.while_loop(cond, body, *until),
            Command::For { var, words, body } => self.for_loop(var, words.clone(), body),
            Command::Group(body) => self.list(body),
            Command::Redirected { cmd, redirects } => {
                self.ops.push(Op::PushRedirects(redirects.clone()));
                self.command(cmd);
                self.ops.push(Op::PopRedirects);
            }
            Command::Subshell(body) => {
                self.ops.push(Op::SaveVars);
                self.list(body);
                self.ops.push(Op::RestoreVars);
            }
        }
    }

    fn simple(&mut self, s: &Simple) {
        let first = s.words.first().and_then(Word::literal);
        let kind = first
            .as_deref()
            .filter(|w| *w == "break" || *w == "continue");
        let Some(kind) = kind else {
            self.ops.push(Op::Simple(s.clone()));
            return;
        };
        let levels = s
            .words
            .get(1)
            .and_then(Word::literal)
            .and_then(|n| n.parse::<usize>().ok());
        let levels = levels.unwrap_or(1).clamp(1, self.loops.len().max(1));
        if self.loops.is_empty() {
            self.ops.push(Op::SetStatus(0));
            return;
        }
        let target = self.loops.len() - levels;
        // Leaving a `for` loop drops its iteration frame.
        let inner_fors = self.loops[target + 1..].iter().filter(|l| l.is_for).count();
        let pops = inner_fors + usize::from(kind == "break" && self.loops[target].is_for);
        self.ops.extend(std::iter::repeat_n(Op::ForPop, pops));
        if kind == "break" {
            let at = self.here();
            self.ops.push(Op::Jump(0));
            self.loops[target].breaks.push(at);
        } else {
            let to = self.loops[target].continue_at;
            self.ops.push(Op::Jump(to));
        }
    }

    fn if_clause(&mut self, branches: &[(Script, Script)], otherwise: Option<&Script>) {
        let mut ends = Vec::new();
        for (cond, body) in branches {
            self.list(cond);
            let skip = self.here();
            self.ops.push(Op::JumpIfFail(0));
            self.list(body);
            ends.push(self.here());
            self.ops.push(Op::Jump(0));
            let next = self.here();
            self.patch(skip, next);
        }
        match otherwise {
            Some(body) => self.list(body),
            None => self.ops.push(Op::SetStatus(0)),
        }
        let end = self.here();
        ends.into_iter().for_each(|at| self.patch(at, end));
    }

    fn while_loop(&mut self, cond: &Script, body: &Script, until: bool) {
        let top = self.here();
        self.list(cond);
        let exit = self.here();
        self.ops.push(if until {
            Op::JumpIfOk(0)
        } else {
            Op::JumpIfFail(0)
        });
        self.loops.push(Loop {
            continue_at: top,
            breaks: Vec::new(),
            is_for: false,
        });
        self.list(body);
        self.ops.push(Op::Jump(top));
        let end = self.here();
        self.ops.push(Op::SetStatus(0));
        self.patch(exit, end);
        if let Some(l) = self.loops.pop() {
            l.breaks.into_iter().for_each(|at| self.patch(at, end));
        }
    }

    fn for_loop(&mut self, var: &str, words: Option<Vec<Word>>, body: &Script) {
        self.ops.push(Op::ForInit(words));
        let top = self.here();
        self.ops.push(Op::ForNext {
            var: var.to_string(),
            end: 0,
        });
        self.loops.push(Loop {
            continue_at: top,
            breaks: Vec::new(),
            is_for: true,
        });
        self.list(body);
        self.ops.push(Op::Jump(top));
        let end = self.here();
        self.ops.push(Op::SetStatus(0));
        if let Some(Op::ForNext { end: e, .. }) = self.ops.get_mut(top) {
            *e = end;
        }
        if let Some(l) = self.loops.pop() {
            l.breaks.into_iter().for_each(|at| self.patch(at, end));
        }
    }
}
