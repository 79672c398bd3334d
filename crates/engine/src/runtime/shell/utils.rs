//! The userland utilities scripts and probes call: busybox applets (busybox, alpine images) or
//! GNU coreutils (Debian-based images), with each one's own error wording.
//!
//! Mirrors the behaviour (not the code) of busybox `coreutils/*.c` and GNU coreutils for the
//! options tutorials use. Leaves out most options, globbing, permissions and `ls -l` details
//! (sizes are byte counts of the text, times are the simulation start).

mod files;
mod text;

use super::builtins::{Io, Outcome};
use super::expand::Vars;
use super::Ctx;
use crate::clock::SimDuration;
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
    let args = &argv[1..];
    let gnu = ctx.image.userland == Userland::Gnu;
    if name == "sleep" {
        return sleep(args, io, gnu);
    }
    let code = files::run(name, args, io, ctx)
        .or_else(|| text::run(name, args, io, vars, ctx))
        .unwrap_or_else(|| misc(name, argv, io, ctx));
    Outcome::Status(code)
}

/// Identity, system and sequence utilities.
fn misc(name: &str, argv: &[String], io: &mut Io, ctx: &mut Ctx<'_, '_>) -> i32 {
    let args = &argv[1..];
    match name {
        "true" => 0,
        "false" => 1,
        "echo" => echo(args, io),
        "printf" => printf(args, io),
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
            let text = if all {
                "Linux podflow 6.8.0 #1 SMP x86_64 GNU/Linux\n"
            } else {
                "Linux\n"
            };
            io.stdout.push_str(text);
            0
        }
        "ps" => {
            io.stdout.push_str("PID   USER     TIME  COMMAND\n");
            io.stdout
                .push_str(&format!("    1 root      0:00 {}\n", ctx.cmdline));
            io.stdout
                .push_str(&format!("    7 root      0:00 {}\n", argv.join(" ")));
            0
        }
        "seq" => seq(args, io),
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
        "wget" | "nc" | "nslookup" | "ping" | "top" | "kill" | "yes" => {
            io.stderr
                .push_str(&format!("{name}: not supported in this simulation\n"));
            1
        }
        _ => {
            io.stderr.push_str(&ctx.shell.not_found(name));
            127
        }
    }
}

fn seq(args: &[String], io: &mut Io) -> i32 {
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

pub(super) fn each_path(
    args: &[String],
    io: &mut Io,
    mut f: impl FnMut(&str) -> Result<(), String>,
) -> i32 {
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
