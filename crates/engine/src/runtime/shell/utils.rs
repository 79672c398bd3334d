//! The userland utilities scripts and probes call: busybox applets (busybox, alpine images) or
//! GNU coreutils (Debian-based images), with each one's own error wording.
//!
//! Mirrors the behaviour (not the code) of busybox `coreutils/*.c` and GNU coreutils for the
//! options tutorials use. Leaves out most options, globbing, permissions and `ls -l` details
//! (sizes are byte counts of the text, times are the simulation start).

use super::builtins::{Io, Outcome};
use super::expand::Vars;
use super::Ctx;
use crate::clock::{SimDuration, SimTime};
use crate::runtime::images::Userland;

const COMMON: &[&str] = &[
    "echo", "printf", "cat", "touch", "rm", "mkdir", "ls", "test", "[", "date", "hostname", "env",
    "printenv", "sleep", "head", "tail", "wc", "grep", "id", "whoami", "uname", "true", "false",
    "sh", "rmdir", "basename", "dirname", "seq", "yes", "tee", "cp", "mv",
];
const BUSYBOX_ONLY: &[&str] = &["ps", "wget", "nslookup", "ash", "top", "kill", "nc", "ping"];
const GNU_ONLY: &[&str] = &["bash", "dash"];

/// Whether a userland provides the utility `name`.
pub fn available(name: &str, userland: Userland) -> bool {
    match userland {
        Userland::None => false,
        Userland::Busybox => COMMON.contains(&name) || BUSYBOX_ONLY.contains(&name),
        Userland::Gnu => COMMON.contains(&name) || GNU_ONLY.contains(&name) || name == "kill",
    }
}

/// Runs a utility known to be [`available`].
pub fn run(
    name: &str,
    argv: &[String],
    io: &mut Io,
    vars: &mut Vars,
    ctx: &mut Ctx<'_, '_>,
) -> Outcome {
    let gnu = ctx.image.userland == Userland::Gnu;
    let args = &argv[1..];
    let code = match name {
        "true" => 0,
        "false" => 1,
        "echo" => echo(args, io),
        "printf" => printf(args, io),
        "sleep" => return sleep(args, io, gnu),
        "cat" => cat(args, io, ctx, gnu),
        "touch" => each_path(args, io, |p| touch(p, ctx, gnu)),
        "rm" => rm(args, io, ctx, gnu),
        "mkdir" => mkdir(args, io, ctx, gnu),
        "rmdir" => each_path(args, io, |p| {
            ctx.fs
                .remove(p, false)
                .map_err(|e| format!("rmdir: '{p}': {}", e.text()))
        }),
        "ls" => ls(args, io, ctx, gnu),
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
        "id" => {
            io.stdout
                .push_str("uid=0(root) gid=0(root) groups=0(root)\n");
            0
        }
        "whoami" => {
            io.stdout.push_str("root\n");
            0
        }
        "uname" => {
            let all = args.iter().any(|a| a == "-a");
            io.stdout.push_str(if all {
                "Linux podflow 6.8.0 #1 SMP x86_64 GNU/Linux\n"
            } else {
                "Linux\n"
            });
            0
        }
        "ps" => {
            io.stdout.push_str("PID   USER     TIME  COMMAND\n");
            io.stdout
                .push_str(&format!("    1 root      0:00 {}\n", ctx.cmdline));
            io.stdout
                .push_str(&format!("   {} root      0:00 {}\n", 7, argv.join(" ")));
            0
        }
        "seq" => {
            let n: Vec<i64> = args.iter().filter_map(|a| a.parse().ok()).collect();
            let (from, to) = match n.as_slice() {
                [to] => (1, *to),
                [from, to, ..] => (*from, *to),
                _ => (1, 0),
            };
            for i in from..=to.min(from.saturating_add(10_000)) {
                io.stdout.push_str(&format!("{i}\n"));
            }
            0
        }
        "basename" | "dirname" => {
            let p = args
                .first()
                .map_or("", String::as_str)
                .trim_end_matches('/');
            let (dir, base) = p.rsplit_once('/').unwrap_or((".", p));
            let dir = if dir.is_empty() { "/" } else { dir };
            io.stdout.push_str(&format!(
                "{}\n",
                if name == "basename" { base } else { dir }
            ));
            0
        }
        "cp" | "mv" => copy(name, args, io, ctx),
        "wget" | "nc" | "nslookup" | "ping" | "top" | "kill" | "yes" => {
            io.stderr
                .push_str(&format!("{name}: not supported in this simulation\n"));
            1
        }
        _ => {
            io.stderr.push_str(&ctx.shell.not_found(name));
            127
        }
    };
    Outcome::Status(code)
}

fn each_path(args: &[String], io: &mut Io, mut f: impl FnMut(&str) -> Result<(), String>) -> i32 {
    let mut code = 0;
    for p in args.iter().filter(|a| !a.starts_with('-')) {
        if let Err(msg) = f(p) {
            io.stderr.push_str(&msg);
            io.stderr.push('\n');
            code = 1;
        }
    }
    code
}

fn echo(args: &[String], io: &mut Io) -> i32 {
    let newline = args.first().map(String::as_str) != Some("-n");
    let words = if newline { args } else { &args[1..] };
    io.stdout.push_str(&words.join(" ").replace("\\n", "\n"));
    if newline {
        io.stdout.push('\n');
    }
    0
}

fn printf(args: &[String], io: &mut Io) -> i32 {
    let Some((format, rest)) = args.split_first() else {
        return 1;
    };
    let mut rest = rest.iter();
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek().copied()) {
            ('\\', Some('n')) => {
                chars.next();
                out.push('\n');
            }
            ('\\', Some('t')) => {
                chars.next();
                out.push('\t');
            }
            ('%', Some('s' | 'd' | 'i')) => {
                chars.next();
                out.push_str(rest.next().map_or("", String::as_str));
            }
            ('%', Some('%')) => {
                chars.next();
                out.push('%');
            }
            (c, _) => out.push(c),
        }
    }
    io.stdout.push_str(&out);
    0
}

/// `sleep 5`, `sleep 1.5`, `sleep 2m`, `sleep 1d`, `sleep infinity`; several arguments add up.
pub fn sleep(args: &[String], io: &mut Io, gnu: bool) -> Outcome {
    if args.is_empty() {
        io.stderr.push_str(if gnu {
            "sleep: missing operand\nTry 'sleep --help' for more information.\n"
        } else {
            "BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: sleep [N]...\n"
        });
        return Outcome::Status(1);
    }
    let mut total_ms: u64 = 0;
    for a in args {
        if a == "infinity" || a == "inf" {
            return Outcome::Forever;
        }
        match parse_sleep(a) {
            Some(ms) => total_ms = total_ms.saturating_add(ms),
            None => {
                let msg = if gnu {
                    format!("sleep: invalid time interval '{a}'\nTry 'sleep --help' for more information.\n")
                } else {
                    format!("sleep: invalid number '{a}'\n")
                };
                io.stderr.push_str(&msg);
                return Outcome::Status(1);
            }
        }
    }
    Outcome::Sleep {
        duration: SimDuration::from_millis(total_ms),
        exec: false,
    }
}

fn parse_sleep(a: &str) -> Option<u64> {
    let (num, unit) = match a.char_indices().last()? {
        (i, c @ ('s' | 'm' | 'h' | 'd')) => (&a[..i], c),
        _ => (a, 's'),
    };
    let value: f64 = num
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite() && *v >= 0.0)?;
    let scale = match unit {
        's' => 1_000.0,
        'm' => 60_000.0,
        'h' => 3_600_000.0,
        _ => 86_400_000.0,
    };
    Some((value * scale).min(1e15) as u64)
}

fn cat(args: &[String], io: &mut Io, ctx: &mut Ctx<'_, '_>, gnu: bool) -> i32 {
    let files: Vec<&String> = args
        .iter()
        .filter(|a| !a.starts_with('-') || *a == "-")
        .collect();
    if files.is_empty() {
        let text = io.stdin.clone().unwrap_or_default();
        io.stdout.push_str(&text);
        return 0;
    }
    let mut code = 0;
    for f in files {
        match ctx.fs.read(f) {
            Ok(text) => io.stdout.push_str(&text),
            Err(e) => {
                code = 1;
                let msg = if gnu {
                    format!("cat: {f}: {}\n", e.text())
                } else {
                    format!("cat: can't open '{f}': {}\n", e.text())
                };
                io.stderr.push_str(&msg);
            }
        }
    }
    code
}

fn touch(p: &str, ctx: &mut Ctx<'_, '_>, gnu: bool) -> Result<(), String> {
    if ctx.fs.exists(p) {
        return Ok(());
    }
    ctx.fs.write(p, "", true).map_err(|e| {
        if gnu {
            format!("touch: cannot touch '{p}': {}", e.text())
        } else {
            format!("touch: {p}: {}", e.text())
        }
    })
}

fn rm(args: &[String], io: &mut Io, ctx: &mut Ctx<'_, '_>, gnu: bool) -> i32 {
    let flags: String = args
        .iter()
        .filter(|a| a.starts_with('-'))
        .map(|a| a.as_str())
        .collect();
    let (force, recursive) = (
        flags.contains('f'),
        flags.contains('r') || flags.contains('R'),
    );
    each_path(args, io, |p| match ctx.fs.remove(p, recursive) {
        Ok(()) => Ok(()),
        Err(super::FsError::NotFound) if force => Ok(()),
        Err(e) if gnu => Err(format!("rm: cannot remove '{p}': {}", e.text())),
        Err(e) => Err(format!("rm: can't remove '{p}': {}", e.text())),
    })
}

fn mkdir(args: &[String], io: &mut Io, ctx: &mut Ctx<'_, '_>, gnu: bool) -> i32 {
    let parents = args.iter().any(|a| a.starts_with('-') && a.contains('p'));
    let verb = if gnu {
        "cannot create directory"
    } else {
        "can't create directory"
    };
    each_path(args, io, |p| {
        if ctx.fs.is_dir(p) {
            return if parents {
                Ok(())
            } else {
                Err(format!("mkdir: {verb} '{p}': File exists"))
            };
        }
        if parents {
            let full = super::fs::normalize(p);
            let mut cur = String::new();
            for part in full.split('/').filter(|s| !s.is_empty()) {
                cur.push('/');
                cur.push_str(part);
                if !ctx.fs.is_dir(&cur) {
                    ctx.fs
                        .mkdir(&cur)
                        .map_err(|e| format!("mkdir: {verb} '{p}': {}", e.text()))?;
                }
            }
            return Ok(());
        }
        ctx.fs
            .mkdir(p)
            .map_err(|e| format!("mkdir: {verb} '{p}': {}", e.text()))
    })
}

fn ls(args: &[String], io: &mut Io, ctx: &mut Ctx<'_, '_>, gnu: bool) -> i32 {
    let long = args.iter().any(|a| a.starts_with('-') && a.contains('l'));
    let mut paths: Vec<&str> = args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .map(String::as_str)
        .collect();
    if paths.is_empty() {
        paths.push("/");
    }
    let mut code = 0;
    for p in &paths {
        match ctx.fs.list(p) {
            Ok(names) => {
                if paths.len() > 1 {
                    io.stdout.push_str(&format!("{p}:\n"));
                }
                for n in names {
                    let full = if ctx.fs.is_dir(p) {
                        format!("{}/{n}", p.trim_end_matches('/'))
                    } else {
                        n.clone()
                    };
                    let shown = if ctx.fs.is_dir(p) { n.as_str() } else { p };
                    if long {
                        let dir = ctx.fs.is_dir(&full);
                        let size = ctx.fs.read(&full).map_or(4096, |t| t.len());
                        let mode = if dir { "drwxr-xr-x" } else { "-rw-r--r--" };
                        io.stdout.push_str(&format!(
                            "{mode}    1 root     root     {size:>8} Dec  1 09:00 {shown}\n"
                        ));
                    } else {
                        io.stdout.push_str(&format!("{shown}\n"));
                    }
                }
            }
            Err(e) => {
                code = if gnu { 2 } else { 1 };
                let msg = if gnu {
                    format!("ls: cannot access '{p}': {}\n", e.text())
                } else {
                    format!("ls: {p}: {}\n", e.text())
                };
                io.stderr.push_str(&msg);
            }
        }
    }
    code
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

fn copy(name: &str, args: &[String], io: &mut Io, ctx: &mut Ctx<'_, '_>) -> i32 {
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let [from, to] = paths.as_slice() else {
        io.stderr
            .push_str(&format!("{name}: missing file operand\n"));
        return 1;
    };
    match ctx.fs.read(from) {
        Ok(text) => {
            let dest = if ctx.fs.is_dir(to) {
                format!(
                    "{}/{}",
                    to.trim_end_matches('/'),
                    from.rsplit('/').next().unwrap_or(from)
                )
            } else {
                to.to_string()
            };
            let ok = ctx.fs.write(&dest, &text, false).is_ok();
            if ok && name == "mv" {
                let _ = ctx.fs.remove(from, false);
            }
            i32::from(!ok)
        }
        Err(e) => {
            io.stderr
                .push_str(&format!("{name}: can't stat '{from}': {}\n", e.text()));
            1
        }
    }
}
