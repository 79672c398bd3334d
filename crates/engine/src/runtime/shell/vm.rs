//! A parsed script compiled to a flat list of operations, and the machine that runs it.
//!
//! Flattening (instead of walking the syntax tree) makes a script resumable: a `sleep` just
//! stores the program counter, and the next [`Vm::run`] continues from there, so a running
//! container never re-parses its script. Each call runs a bounded number of operations, so
//! `while true; do :; done` burns virtual CPU time instead of hanging the simulation.

use super::builtins::{self, Outcome};
use super::expand::{expand_words, Vars};
use super::parser::{Command, Redirect, RedirectKind, Script, Simple, Word};
use super::Ctx;
use crate::clock::SimDuration;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    Simple(Simple),
    /// An argv used literally (a container `command` without a shell).
    Argv(Vec<String>),
    /// `a | b`: each stage's stdout becomes the next one's stdin.
    Pipeline(Vec<Simple>),
    /// A simple command run with `&`: its blocking outcomes are ignored.
    Background(Simple),
    Negate,
    Jump(usize),
    JumpIfFail(usize),
    JumpIfOk(usize),
    ForInit(Option<Vec<Word>>),
    ForNext {
        var: String,
        end: usize,
    },
    ForPop,
    SaveVars,
    RestoreVars,
    /// Start applying a compound command's redirections to every command inside it.
    PushRedirects(Vec<Redirect>),
    PopRedirects,
    SetStatus(i32),
}

/// Why [`Vm::run`] returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Yield {
    /// Blocked in `sleep` for this long; resume with `run`.
    Sleep(SimDuration),
    /// Blocked forever (`sleep infinity`, a foreground daemon started by [`Yield::Daemon`]).
    Forever,
    /// The script ended (or called `exit`) with this status.
    Exit(i32),
    /// The operation budget ran out while still running (a busy loop).
    Busy,
    /// A daemon took over in the foreground (`exec nginx`, or `nginx -g 'daemon off;'`).
    Daemon(super::daemons::Daemon),
}

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

/// The running state of one shell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vm {
    pub ops: Vec<Op>,
    pub pc: usize,
    pub vars: Vars,
    fors: Vec<(Vec<String>, usize)>,
    saved: Vec<Vars>,
    /// `exec` ran a command that blocked: when it resumes, the shell is gone.
    exit_after_resume: bool,
    /// The last `Yield::Exit` came from `exit` (or an `exec`ed command), not the script's end.
    pub explicit_exit: bool,
}

impl Vm {
    pub fn new(ops: Vec<Op>, vars: Vars) -> Vm {
        Vm {
            ops,
            pc: 0,
            vars,
            fors: Vec::new(),
            saved: Vec::new(),
            exit_after_resume: false,
            explicit_exit: false,
        }
    }

    /// Continues after a `sleep` finished.
    pub fn resume(&mut self) -> Option<i32> {
        self.vars.status = 0;
        self.exit_after_resume.then_some(0)
    }

    /// Runs until it blocks, ends, or `ctx.fuel` runs out.
    pub fn run(&mut self, ctx: &mut Ctx<'_, '_>) -> Yield {
        // The program is borrowed out for the loop so that no operation is cloned.
        let ops = std::mem::take(&mut self.ops);
        let mut result = Yield::Busy;
        while *ctx.fuel > 0 {
            *ctx.fuel -= 1;
            let Some(op) = ops.get(self.pc) else {
                result = Yield::Exit(self.vars.status);
                break;
            };
            self.pc += 1;
            if let Some(y) = self.step(op, ctx) {
                result = y;
                break;
            }
        }
        self.ops = ops;
        result
    }

    fn step(&mut self, op: &Op, ctx: &mut Ctx<'_, '_>) -> Option<Yield> {
        let outcome = match op {
            Op::Simple(s) => builtins::run_simple(s, &mut self.vars, ctx, false),
            Op::Argv(argv) => builtins::run_argv(argv, &mut self.vars, ctx),
            Op::Pipeline(stages) => builtins::run_pipeline(stages, &mut self.vars, ctx),
            _ => return self.control(op, ctx),
        };
        self.outcome(outcome)
    }

    fn control(&mut self, op: &Op, ctx: &mut Ctx<'_, '_>) -> Option<Yield> {
        match op {
            Op::Simple(_) | Op::Argv(_) | Op::Pipeline(_) => {}
            Op::Background(s) => {
                if let Outcome::Status(code) = builtins::run_simple(s, &mut self.vars, ctx, true) {
                    self.vars.status = code;
                }
            }
            Op::Negate => self.vars.status = i32::from(self.vars.status == 0),
            Op::Jump(t) => self.pc = *t,
            Op::JumpIfFail(t) if self.vars.status != 0 => self.pc = *t,
            Op::JumpIfOk(t) if self.vars.status == 0 => self.pc = *t,
            Op::JumpIfFail(_) | Op::JumpIfOk(_) => {}
            Op::ForInit(words) => {
                let items = match words {
                    Some(w) => expand_words(w, &mut self.vars, ctx),
                    None => self.vars.positional.clone(),
                };
                self.fors.push((items, 0));
            }
            Op::ForNext { var, end } => match self.fors.last_mut() {
                Some((items, i)) if *i < items.len() => {
                    let value = items[*i].clone();
                    *i += 1;
                    self.vars.set(var, &value);
                }
                _ => {
                    self.fors.pop();
                    self.pc = *end;
                }
            },
            Op::ForPop => {
                self.fors.pop();
            }
            Op::SaveVars => self.saved.push(self.vars.clone()),
            Op::RestoreVars => {
                let status = self.vars.status;
                if let Some(v) = self.saved.pop() {
                    self.vars = v;
                }
                self.vars.status = status;
            }
            Op::SetStatus(s) => self.vars.status = *s,
            Op::PushRedirects(list) => {
                let mut resolved = Vec::new();
                for r in list {
                    let target = super::expand::expand_one(&r.target, &mut self.vars, ctx);
                    let mut kind = r.kind;
                    // `>` truncates once, when the compound command starts.
                    if kind == RedirectKind::Write && target != "/dev/null" {
                        let _ = ctx.fs.write(&target, "", false);
                        kind = RedirectKind::Append;
                    }
                    resolved.push((r.fd, kind, target));
                }
                self.vars.redirects.push(resolved);
            }
            Op::PopRedirects => {
                self.vars.redirects.pop();
            }
        }
        None
    }

    fn outcome(&mut self, outcome: Outcome) -> Option<Yield> {
        match outcome {
            Outcome::Status(s) => {
                self.vars.status = s;
                None
            }
            Outcome::Exit(code) => {
                self.explicit_exit = true;
                Some(Yield::Exit(code))
            }
            Outcome::Sleep { duration, exec } => {
                self.exit_after_resume = exec;
                Some(Yield::Sleep(duration))
            }
            Outcome::Forever => Some(Yield::Forever),
            Outcome::Daemon(d) => Some(Yield::Daemon(d)),
        }
    }
}
