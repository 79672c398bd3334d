//! The shell's special builtins (`exit`, `exec`, `export`, `trap`, `cd` …) and child shells
//! started from a script. Mirrors POSIX XCU §2.14; leaves out `eval`, `.`, `times`, `ulimit`.

use super::builtins::{dispatch, shell_kind, Io, Outcome};
use super::expand::{run_to_end, Vars};
use super::parser;
use super::vm::{compile, Vm};
use super::{Ctx, Stream};

/// The shell's own builtins (no `$PATH` search).
pub fn special(
    name: &str,
    argv: &[String],
    io: &mut Io,
    vars: &mut Vars,
    ctx: &mut Ctx<'_, '_>,
) -> Option<Outcome> {
    let status = |b: bool| Some(Outcome::Status(i32::from(!b)));
    match name {
        ":" | "true" => status(true),
        "false" => status(false),
        "exit" => {
            let code = argv
                .get(1)
                .and_then(|c| c.parse::<i64>().ok())
                .map_or(vars.status, |c| (c & 0xff) as i32);
            Some(Outcome::Exit(code))
        }
        "exec" => Some(match dispatch(&argv[1..], io, vars, ctx) {
            Outcome::Status(s) if argv.len() > 1 => Outcome::Exit(s),
            Outcome::Sleep { duration, .. } => Outcome::Sleep {
                duration,
                exec: true,
            },
            other => other,
        }),
        "export" | "unset" | "set" | "shift" => Some(variables(name, argv, vars)),
        "trap" => Some(trap(argv, vars)),
        "cd" => {
            let dir = argv.get(1).map_or("/root", String::as_str);
            let ok = ctx.fs.is_dir(dir);
            if !ok {
                io.stderr.push_str(&format!(
                    "{}cd: can't cd to {dir}: No such file or directory\n",
                    ctx.shell.prefix()
                ));
            }
            Some(Outcome::Status(if ok { 0 } else { 2 }))
        }
        "pwd" => {
            io.stdout.push_str("/\n");
            status(true)
        }
        "wait" => status(true),
        "read" => {
            let line = io
                .stdin
                .as_deref()
                .and_then(|s| s.lines().next())
                .map(str::to_string);
            if let (Some(var), Some(l)) = (argv.get(1), &line) {
                vars.set(var, l);
            }
            status(line.is_some())
        }
        _ => None,
    }
}

/// `export`, `unset`, `set -- args`, `shift`: the shell's variables and positional parameters.
fn variables(name: &str, argv: &[String], vars: &mut Vars) -> Outcome {
    let status = |b: bool| Outcome::Status(i32::from(!b));
    match name {
        "export" => {
            for a in &argv[1..] {
                match a.split_once('=') {
                    Some((k, v)) => vars.export(k, Some(v)),
                    None => vars.export(a, None),
                }
            }
            status(true)
        }
        "unset" => {
            argv[1..].iter().for_each(|a| vars.unset(a));
            status(true)
        }
        "set" => {
            if let Some(i) = argv.iter().position(|a| a == "--") {
                vars.positional = argv[i + 1..].to_vec();
            }
            status(true)
        }
        "shift" => {
            let n = argv
                .get(1)
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(1);
            let ok = n <= vars.positional.len();
            if ok {
                vars.positional.drain(..n);
            }
            status(ok)
        }
        _ => status(true),
    }
}

/// `trap 'cmd' TERM` / `trap - TERM`: only SIGTERM handlers matter to the simulation.
fn trap(argv: &[String], vars: &mut Vars) -> Outcome {
    let Some(action) = argv.get(1) else {
        return Outcome::Status(0);
    };
    let is_term = |s: &String| matches!(s.as_str(), "TERM" | "SIGTERM" | "15");
    if argv[2..].iter().any(is_term) {
        vars.trap_term = if action == "-" {
            None
        } else {
            Some(action.clone())
        };
    }
    Outcome::Status(0)
}

/// `sh -c 'script'` (or `sh file`) run from inside a script: a child shell, synchronous, whose
/// `sleep`s take no time (simplification).
pub fn nested_shell(
    base: &str,
    args: &[String],
    io: &mut Io,
    vars: &mut Vars,
    ctx: &mut Ctx<'_, '_>,
) -> Outcome {
    if ctx.depth >= 8 {
        return Outcome::Status(2);
    }
    let kind = shell_kind(base, ctx.image.userland);
    let script = match args.first().map(String::as_str) {
        Some("-c") => args.get(1).cloned().unwrap_or_default(),
        Some(file) => match ctx.fs.read(file) {
            Ok(text) => text,
            Err(_) => {
                io.stderr.push_str(&format!(
                    "{base}: can't open '{file}': No such file or directory\n"
                ));
                return Outcome::Status(2);
            }
        },
        None => io.stdin.clone().unwrap_or_default(),
    };
    let parsed = match parser::parse(&script) {
        Ok(p) => p,
        Err(e) => {
            io.stderr
                .push_str(&format!("{}{}\n", kind.prefix(), e.message));
            return Outcome::Status(2);
        }
    };
    let mut child = Vars::from_env(
        &vars
            .environ()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<Vec<_>>(),
    );
    child.positional = args.iter().skip(3).cloned().collect();
    let mut out = Vec::new();
    let code = {
        let mut sub = ctx.nested(&mut out);
        sub.shell = kind;
        run_to_end(&mut Vm::new(compile(&parsed), child), &mut sub)
    };
    for (stream, text) in out {
        match stream {
            Stream::Stdout => io.stdout.push_str(&text),
            Stream::Stderr => io.stderr.push_str(&text),
        }
    }
    Outcome::Status(code)
}
