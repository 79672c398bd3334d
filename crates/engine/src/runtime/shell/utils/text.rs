//! Text and test utilities: `test`/`[`, `date`, `env`/`printenv`, `hostname`, `head`,
//! `tail`, `wc -l`, `grep` (fixed strings), `tee`. Leaves out regular expressions and most
//! options.

use super::Io;
use crate::clock::SimTime;
use crate::runtime::shell::expand::Vars;
use crate::runtime::shell::Ctx;

/// Runs `name` if it is a text utility.
pub fn run(
    name: &str,
    args: &[String],
    io: &mut Io,
    vars: &mut Vars,
    ctx: &mut Ctx<'_, '_>,
) -> Option<i32> {
    Some(match name {
        "test" => test(args, io, ctx),
        "[" => match args.split_last() {
            Some((last, rest)) if last == "]" => test(rest, io, ctx),
            _ => {
                io.stderr
                    .push_str(&format!("{}[: missing ]\n", ctx.shell.prefix()));
                2
            }
        },
        "date" => date(args, io, ctx.now),
        "hostname" => {
            let name = ctx.fs.read("/etc/hostname").unwrap_or_default();
            io.stdout.push_str(&format!("{}\n", name.trim_end()));
            0
        }
        "env" | "printenv" => env(name, args, io, vars),
        "head" | "tail" => head_tail(name == "head", args, io, ctx),
        "wc" => {
            let text = io.stdin.clone().unwrap_or_default();
            io.stdout.push_str(&format!("{}\n", text.lines().count()));
            0
        }
        "grep" => grep(args, io),
        "tee" => {
            let text = io.stdin.clone().unwrap_or_default();
            for p in args.iter().filter(|a| !a.starts_with('-')) {
                let _ = ctx.fs.write(p, &text, args.iter().any(|a| a == "-a"));
            }
            io.stdout.push_str(&text);
            0
        }
        _ => return None,
    })
}

/// `test` / `[`: file tests, string and integer comparisons, `!`, `-a`, `-o`.
fn test(args: &[String], io: &mut Io, ctx: &mut Ctx<'_, '_>) -> i32 {
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    match eval_test(&a, ctx, 0) {
        Some(true) => 0,
        Some(false) => 1,
        None => {
            io.stderr
                .push_str(&format!("{}test: syntax error\n", ctx.shell.prefix()));
            2
        }
    }
}

fn eval_test(a: &[&str], ctx: &mut Ctx<'_, '_>, depth: usize) -> Option<bool> {
    if depth > 32 {
        return None;
    }
    if let Some(i) = a.iter().position(|x| *x == "-o").filter(|i| *i > 0) {
        return Some(
            eval_test(&a[..i], ctx, depth + 1)? || eval_test(&a[i + 1..], ctx, depth + 1)?,
        );
    }
    if let Some(i) = a.iter().position(|x| *x == "-a").filter(|i| *i > 0) {
        return Some(
            eval_test(&a[..i], ctx, depth + 1)? && eval_test(&a[i + 1..], ctx, depth + 1)?,
        );
    }
    let int = |s: &str| s.trim().parse::<i64>().ok();
    Some(match a {
        [] => false,
        ["!", rest @ ..] => !eval_test(rest, ctx, depth + 1)?,
        [s] => !s.is_empty(),
        ["-n", s] => !s.is_empty(),
        ["-z", s] => s.is_empty(),
        ["-f", p] => ctx.fs.is_file(p),
        ["-d", p] => ctx.fs.is_dir(p),
        ["-e" | "-r" | "-w" | "-x", p] => ctx.fs.exists(p),
        ["-s", p] => ctx.fs.read(p).is_ok_and(|t| !t.is_empty()),
        [l, "=" | "==", r] => l == r,
        [l, "!=", r] => l != r,
        [l, op, r] => {
            let (l, r) = (int(l)?, int(r)?);
            match *op {
                "-eq" => l == r,
                "-ne" => l != r,
                "-lt" => l < r,
                "-le" => l <= r,
                "-gt" => l > r,
                "-ge" => l >= r,
                _ => return None,
            }
        }
        _ => return None,
    })
}

/// `date` in the C locale: `Tue Dec  1 09:00:05 UTC 2026`, or `+FORMAT`.
fn date(args: &[String], io: &mut Io, now: SimTime) -> i32 {
    // rfc1123z: "Tue, 01 Dec 2026 09:00:05 +0000"; rfc3339: "2026-12-01T09:00:05Z".
    let r = now.rfc1123z();
    let iso = now.rfc3339();
    let field = |i: usize| r.split(' ').nth(i).unwrap_or("");
    let (wd, day, mon, year, time) = (
        field(0).trim_end_matches(','),
        field(1),
        field(2),
        field(3),
        field(4),
    );
    let day_num: u32 = day.parse().unwrap_or(1);
    let format = args
        .iter()
        .find_map(|a| a.strip_prefix('+'))
        .unwrap_or("%a %b %e %H:%M:%S %Z %Y");
    let mut out = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('a') => out.push_str(wd),
            Some('b') => out.push_str(mon),
            Some('e') => out.push_str(&format!("{day_num:>2}")),
            Some('d') => out.push_str(day),
            Some('H') => out.push_str(time.get(0..2).unwrap_or("")),
            Some('M') => out.push_str(time.get(3..5).unwrap_or("")),
            Some('S') => out.push_str(time.get(6..8).unwrap_or("")),
            Some('T') => out.push_str(time),
            Some('Y') => out.push_str(year),
            Some('m') => out.push_str(iso.get(5..7).unwrap_or("")),
            Some('F') => out.push_str(iso.get(0..10).unwrap_or("")),
            Some('Z') => out.push_str("UTC"),
            Some('z') => out.push_str("+0000"),
            Some('s') => out.push_str(&now.unix_secs().to_string()),
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    io.stdout.push_str(&out);
    io.stdout.push('\n');
    0
}

fn env(name: &str, args: &[String], io: &mut Io, vars: &Vars) -> i32 {
    if name == "printenv" {
        if let Some(var) = args.first() {
            return match vars.environ().find(|(k, _)| k == var) {
                Some((_, v)) => {
                    io.stdout.push_str(&format!("{v}\n"));
                    0
                }
                None => 1,
            };
        }
    }
    for (k, v) in vars.environ() {
        io.stdout.push_str(&format!("{k}={v}\n"));
    }
    0
}

fn head_tail(head: bool, args: &[String], io: &mut Io, ctx: &mut Ctx<'_, '_>) -> i32 {
    let mut n = 10usize;
    let mut file = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "-n" {
            n = it.next().and_then(|v| v.parse().ok()).unwrap_or(10);
        } else if let Some(v) = a.strip_prefix('-').and_then(|v| v.parse().ok()) {
            n = v;
        } else if a != "-f" {
            file = Some(a.clone());
        }
    }
    let text = match file {
        Some(f) => ctx.fs.read(&f).unwrap_or_default(),
        None => io.stdin.clone().unwrap_or_default(),
    };
    let lines: Vec<&str> = text.lines().collect();
    let pick = if head {
        &lines[..n.min(lines.len())]
    } else {
        &lines[lines.len().saturating_sub(n)..]
    };
    pick.iter().for_each(|l| {
        io.stdout.push_str(l);
        io.stdout.push('\n');
    });
    0
}

fn grep(args: &[String], io: &mut Io) -> i32 {
    let flags: String = args
        .iter()
        .filter(|a| a.starts_with('-'))
        .map(String::as_str)
        .collect();
    let Some(pattern) = args.iter().find(|a| !a.starts_with('-')) else {
        return 2;
    };
    let text = io.stdin.clone().unwrap_or_default();
    let invert = flags.contains('v');
    let matched: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(pattern.as_str()) != invert)
        .collect();
    if flags.contains('c') {
        io.stdout.push_str(&format!("{}\n", matched.len()));
    } else if !flags.contains('q') {
        matched
            .iter()
            .for_each(|l| io.stdout.push_str(&format!("{l}\n")));
    }
    i32::from(matched.is_empty())
}
