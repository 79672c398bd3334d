//! Running one simple command: expansion, redirections, the shell's own builtins, and the
//! hand-off to userland utilities ([`super::utils`]) and server programs ([`super::daemons`]).
//!
//! Mirrors the command search of POSIX XCU §2.9.1 (special builtins, then `$PATH`) with the
//! binaries an image ships standing in for `$PATH`. Leaves out functions and `hash`.

use super::daemons::{self, Daemon};
use super::expand::{expand_one, expand_words, Vars};
use super::fs::FsError;
use super::parser::{RedirectKind, Simple};
use super::special;
use super::utils;
use super::{Ctx, ShellKind, Stream};
use crate::clock::SimDuration;

/// What running a command leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Status(i32),
    /// `exit N`, or the end of an `exec`ed command.
    Exit(i32),
    /// Blocked in `sleep`; `exec` = the shell was replaced, so it ends when the sleep does.
    Sleep {
        duration: SimDuration,
        exec: bool,
    },
    Forever,
    Daemon(Daemon),
}

/// A command's standard streams.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Io {
    pub stdin: Option<String>,
    pub stdout: String,
    pub stderr: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Dest {
    Out,
    Err,
    File(String),
}

/// Runs a simple command from a script.
pub fn run_simple(s: &Simple, vars: &mut Vars, ctx: &mut Ctx<'_, '_>, background: bool) -> Outcome {
    run_with_stdin(s, vars, ctx, background, None)
}

fn run_with_stdin(
    s: &Simple,
    vars: &mut Vars,
    ctx: &mut Ctx<'_, '_>,
    background: bool,
    stdin: Option<String>,
) -> Outcome {
    let argv = expand_words(&s.words, vars, ctx);
    let mut saved = Vec::new();
    for (name, word) in &s.assigns {
        let value = expand_one(word, vars, ctx);
        if argv.is_empty() {
            vars.set(name, &value);
        } else {
            saved.push((name.clone(), vars.get(name).map(str::to_string)));
            vars.export(name, Some(&value));
        }
    }
    let mut io = Io {
        stdin,
        ..Io::default()
    };
    let Some(dests) = open_redirects(s, vars, ctx, &mut io) else {
        return Outcome::Status(1);
    };
    let outcome = if argv.is_empty() {
        Outcome::Status(if s.words.is_empty() { 0 } else { vars.status })
    } else {
        dispatch(&argv, &mut io, vars, ctx)
    };
    route(io, &dests, ctx);
    for (name, old) in saved {
        match old {
            Some(v) => vars.set(&name, &v),
            None => vars.unset(&name),
        }
    }
    match outcome {
        Outcome::Daemon(d) if background => {
            ctx.background.push(d);
            Outcome::Status(0)
        }
        Outcome::Sleep { .. } | Outcome::Forever if background => Outcome::Status(0),
        Outcome::Exit(c) if background => Outcome::Status(c),
        other => other,
    }
}

/// Runs a container's literal argv (no shell: no expansion, no redirections).
pub fn run_argv(argv: &[String], vars: &mut Vars, ctx: &mut Ctx<'_, '_>) -> Outcome {
    let mut io = Io::default();
    let outcome = dispatch(argv, &mut io, vars, ctx);
    route(io, &[Dest::Out, Dest::Err], ctx);
    outcome
}

/// `a | b | c`: stages run one after another, each reading the previous one's output.
pub fn run_pipeline(stages: &[Simple], vars: &mut Vars, ctx: &mut Ctx<'_, '_>) -> Outcome {
    let mut carried: Option<String> = None;
    let mut last = Outcome::Status(0);
    for (i, stage) in stages.iter().enumerate() {
        let mut out = Vec::new();
        let outcome = {
            let mut sub = ctx.nested(&mut out);
            sub.depth -= 1;
            run_with_stdin(stage, vars, &mut sub, false, carried.take())
        };
        let is_last = i + 1 == stages.len();
        let mut text = String::new();
        for (stream, chunk) in out {
            match stream {
                Stream::Stdout if !is_last => text.push_str(&chunk),
                s => ctx.out.push((s, chunk)),
            }
        }
        carried = Some(text);
        last = match outcome {
            // A stage cannot block the pipeline in this model: a sleeping stage just ends.
            Outcome::Sleep { .. } | Outcome::Forever | Outcome::Daemon(_) => Outcome::Status(0),
            Outcome::Exit(c) => Outcome::Status(c),
            o => o,
        };
    }
    last
}

fn open_redirects(
    s: &Simple,
    vars: &mut Vars,
    ctx: &mut Ctx<'_, '_>,
    io: &mut Io,
) -> Option<Vec<Dest>> {
    let mut dests = vec![Dest::Out, Dest::Err];
    for (fd, kind, target) in vars.redirects.iter().flatten() {
        match kind {
            RedirectKind::Write | RedirectKind::Append => {
                set_dest(&mut dests, *fd, Dest::File(target.clone()))
            }
            RedirectKind::Dup => {
                let from = target.parse::<usize>().unwrap_or(1).clamp(1, 2);
                let fd = usize::from((*fd).clamp(1, 2));
                dests[fd - 1] = dests[from - 1].clone();
            }
            RedirectKind::Read => io.stdin = ctx.fs.read(target).ok(),
        }
    }
    for r in &s.redirects {
        let target = expand_one(&r.target, vars, ctx);
        let fd = usize::from(r.fd.min(2));
        match r.kind {
            RedirectKind::Read => match ctx.fs.read(&target) {
                Ok(text) => io.stdin = Some(text),
                Err(e) => {
                    let msg = match ctx.shell {
                        ShellKind::Ash => format!("sh: can't open '{target}': {}\n", e.text()),
                        ShellKind::Dash => format!("sh: 1: cannot open {target}: No such file\n"),
                        ShellKind::Bash => format!("bash: line 1: {target}: {}\n", e.text()),
                    };
                    ctx.out.push((Stream::Stderr, msg));
                    return None;
                }
            },
            RedirectKind::Dup => {
                let from = target.parse::<usize>().unwrap_or(1).min(2);
                if fd < 3 && from >= 1 {
                    dests[fd.max(1) - 1] = dests[from - 1].clone();
                }
            }
            RedirectKind::Write | RedirectKind::Append => {
                if target == "/dev/null" {
                    set_dest(&mut dests, r.fd, Dest::File(target));
                    continue;
                }
                if let Err(e) = ctx.fs.write(&target, "", r.kind == RedirectKind::Append) {
                    // ash and dash word ENOENT their own way (`errmsg(errno, ...)`) and
                    // print strerror for anything else (a read-only mount).
                    let missing = e == FsError::NotFound;
                    let msg = match ctx.shell {
                        ShellKind::Ash if missing => {
                            format!("sh: can't create {target}: nonexistent directory\n")
                        }
                        ShellKind::Ash => format!("sh: can't create {target}: {}\n", e.text()),
                        ShellKind::Dash if missing => {
                            format!("sh: 1: cannot create {target}: Directory nonexistent\n")
                        }
                        ShellKind::Dash => {
                            format!("sh: 1: cannot create {target}: {}\n", e.text())
                        }
                        ShellKind::Bash => format!("bash: line 1: {target}: {}\n", e.text()),
                    };
                    ctx.out.push((Stream::Stderr, msg));
                    return None;
                }
                set_dest(&mut dests, r.fd, Dest::File(target));
            }
        }
    }
    Some(dests)
}

fn set_dest(dests: &mut [Dest], fd: u8, dest: Dest) {
    match fd {
        1 => dests[0] = dest,
        2 => dests[1] = dest,
        u8::MAX => {
            dests[0] = dest.clone();
            dests[1] = dest;
        }
        _ => {}
    }
}

fn route(io: Io, dests: &[Dest], ctx: &mut Ctx<'_, '_>) {
    for (text, dest) in [(io.stdout, &dests[0]), (io.stderr, &dests[1])] {
        if text.is_empty() {
            continue;
        }
        // Output costs work too, so a loop printing huge lines yields sooner.
        *ctx.fuel = ctx.fuel.saturating_sub(text.len() as u64 / 64);
        match dest {
            Dest::Out => ctx.out.push((Stream::Stdout, text)),
            Dest::Err => ctx.out.push((Stream::Stderr, text)),
            Dest::File(path) if path == "/dev/null" => {}
            Dest::File(path) => {
                let _ = ctx.fs.write(path, &text, true);
            }
        }
    }
}

/// Finds and runs `argv[0]`.
pub fn dispatch(argv: &[String], io: &mut Io, vars: &mut Vars, ctx: &mut Ctx<'_, '_>) -> Outcome {
    let Some(name) = argv.first() else {
        return Outcome::Status(0);
    };
    if let Some(outcome) = special::special(name, argv, io, vars, ctx) {
        return outcome;
    }
    let base = name.rsplit('/').next().unwrap_or(name);
    if !has_binary(ctx.image, name) {
        io.stderr.push_str(&ctx.shell.not_found(name));
        return Outcome::Status(127);
    }
    if matches!(base, "sh" | "ash" | "bash" | "dash") {
        return special::nested_shell(base, &argv[1..], io, vars, ctx);
    }
    if let Some(outcome) = daemons::start(base, argv, vars, ctx, io) {
        return outcome;
    }
    utils::run(base, argv, io, vars, ctx)
}

/// Whether the image ships `name` (a bare command or an absolute path).
pub fn has_binary(image: &crate::runtime::images::ImageInfo, name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    if name.contains('/') {
        let dir = &name[..name.len() - base.len()];
        let bin_dir = matches!(
            dir,
            "/bin/" | "/usr/bin/" | "/sbin/" | "/usr/sbin/" | "/usr/local/bin/"
        );
        if !bin_dir {
            return daemons::binaries(image).contains(&name);
        }
    }
    daemons::binaries(image)
        .iter()
        .any(|b| b.rsplit('/').next() == Some(base))
        || utils::available(base, image.userland)
}

/// Which shell `sh`/`bash` is in an image.
pub fn shell_kind(base: &str, userland: crate::runtime::images::Userland) -> ShellKind {
    use crate::runtime::images::Userland;
    match (base, userland) {
        ("bash", _) => ShellKind::Bash,
        (_, Userland::Gnu) => ShellKind::Dash,
        _ => ShellKind::Ash,
    }
}
