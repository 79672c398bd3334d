//! A parsed script compiled to a flat list of operations, and the machine that runs it.
//!
//! Flattening (instead of walking the syntax tree) makes a script resumable: a `sleep` just
//! stores the program counter, and the next [`Vm::run`] continues from there, so a running
//! container never re-parses its script. Each call runs a bounded number of operations, so
//! `while true; do :; done` burns virtual CPU time instead of hanging the simulation.

use super::builtins::{self, Outcome};
use super::expand::{expand_words, Vars};
use super::parser::{Redirect, RedirectKind, Simple, Word};
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

pub use super::compile::compile;

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
