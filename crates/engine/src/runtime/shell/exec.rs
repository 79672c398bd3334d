//! `exec` in a running container: exec probes and `kubectl exec`.
//!
//! Mirrors containerd's `ExecSync` (`internal/cri/server/container_execsync.go`) on top of runc
//! exec: a missing binary is a start error with runc's text, otherwise the command's exit code
//! and output. The command's `sleep`s add virtual time instead of blocking (capped at an hour).

use super::builtins::{has_binary, shell_kind};
use super::interpreter::{environment, program, FUEL};
use super::vm::{Vm, Yield};
use super::{Ctx, ExecResult, FsView, Stream};
use crate::clock::{SimDuration, SimTime};

/// Runs `argv` in a running container, as `kubectl exec` / an exec probe does. `sleep`s add
/// to the virtual duration (capped at an hour) instead of blocking.
pub fn exec(
    argv: &[String],
    fs: &mut FsView<'_>,
    now: SimTime,
    env: &[(String, String)],
    ports: Option<&[u16]>,
) -> ExecResult {
    let busybox = crate::runtime::images::find_repository("docker.io/library/busybox");
    let Some(image) = fs.fs.image.or(busybox) else {
        return not_found(argv);
    };
    let Some(first) = argv.first().filter(|a| has_binary(image, a)) else {
        return not_found(argv);
    };
    let hostname = fs.read("/etc/hostname").unwrap_or_default();
    let mut vars = environment(env, hostname.trim_end());
    let shell = shell_kind(first.rsplit('/').next().unwrap_or(first), image.userland);
    let mut chunks = Vec::new();
    let ops = program(argv, shell, &mut vars, &mut chunks);
    let mut vm = Vm::new(ops, vars);
    let mut background = Vec::new();
    let mut fuel = FUEL;
    let mut ctx = Ctx {
        fs,
        now,
        out: &mut chunks,
        image,
        tag: "",
        shell,
        cmdline: image.cmd.first().copied().unwrap_or("sh"),
        background: &mut background,
        depth: 0,
        fuel: &mut fuel,
        ports,
    };
    let (exit_code, duration) = run_to_completion(&mut vm, &mut ctx);
    let mut result = ExecResult {
        exit_code,
        stdout: String::new(),
        stderr: String::new(),
        duration,
        start_error: None,
    };
    for (stream, text) in chunks {
        match stream {
            Stream::Stdout => result.stdout.push_str(&text),
            Stream::Stderr => result.stderr.push_str(&text),
        }
    }
    result
}

/// runc's answer when the binary does not exist in the container.
fn not_found(argv: &[String]) -> ExecResult {
    let name = argv.first().map_or("", String::as_str);
    let why = if name.contains('/') {
        format!("exec: \"{name}\": stat {name}: no such file or directory")
    } else {
        format!("exec: \"{name}\": executable file not found in $PATH")
    };
    ExecResult {
        exit_code: 127,
        stdout: String::new(),
        stderr: String::new(),
        duration: SimDuration::ZERO,
        start_error: Some(format!(
            "OCI runtime exec failed: exec failed: unable to start container process: {why}: unknown"
        )),
    }
}

/// Runs until the command ends, adding its sleeps to the virtual duration; a command that
/// never ends (a server, `sleep infinity`) reports the one-hour cap.
fn run_to_completion(vm: &mut Vm, ctx: &mut Ctx<'_, '_>) -> (i32, SimDuration) {
    let cap = SimDuration::from_secs(3600);
    let start = ctx.now;
    let mut duration = SimDuration::ZERO;
    for _ in 0..1000 {
        *ctx.fuel = FUEL;
        match vm.run(ctx) {
            Yield::Exit(code) => return (code, duration),
            Yield::Sleep(d) => {
                duration = SimDuration(duration.0.saturating_add(d.0));
                ctx.now = start + duration;
                if let Some(code) = vm.resume() {
                    return (code, duration.min(cap));
                }
            }
            Yield::Busy => duration = SimDuration(duration.0 + 1000),
            Yield::Forever | Yield::Daemon(_) => duration = cap,
        }
        if duration >= cap {
            break;
        }
    }
    (vm.vars.status, cap)
}
