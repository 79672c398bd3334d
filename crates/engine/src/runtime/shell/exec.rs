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
) -> ExecResult {
    let image = fs.fs.image.unwrap_or(&crate::runtime::images::CATALOGUE[1]);
    let mut result = ExecResult {
        exit_code: 0,
        stdout: String::new(),
        stderr: String::new(),
        duration: SimDuration::ZERO,
        start_error: None,
    };
    let Some(first) = argv.first().filter(|a| has_binary(image, a)) else {
        let name = argv.first().map_or("", String::as_str);
        let why = if name.contains('/') {
            format!("exec: \"{name}\": stat {name}: no such file or directory")
        } else {
            format!("exec: \"{name}\": executable file not found in $PATH")
        };
        result.exit_code = 127;
        result.start_error = Some(format!(
            "OCI runtime exec failed: exec failed: unable to start container process: {why}: unknown"
        ));
        return result;
    };
    let hostname = fs.read("/etc/hostname").unwrap_or_default();
    let mut vars = environment(env, hostname.trim_end());
    let base = first.rsplit('/').next().unwrap_or(first);
    let mut chunks = Vec::new();
    let ops = program(
        argv,
        shell_kind(base, image.userland),
        &mut vars,
        &mut chunks,
    );
    let mut vm = Vm::new(ops, vars);
    let mut background = Vec::new();
    let mut fuel = FUEL;
    let mut ctx = Ctx {
        fs,
        now,
        out: &mut chunks,
        image,
        tag: "",
        shell: shell_kind(base, image.userland),
        cmdline: image.cmd.first().copied().unwrap_or("sh"),
        background: &mut background,
        depth: 0,
        fuel: &mut fuel,
    };
    let cap = SimDuration::from_secs(3600);
    for _ in 0..1000 {
        *ctx.fuel = FUEL;
        match vm.run(&mut ctx) {
            Yield::Exit(code) => {
                result.exit_code = code;
                break;
            }
            Yield::Sleep(d) => {
                result.duration = SimDuration(result.duration.0.saturating_add(d.0));
                ctx.now = now + result.duration;
                if let Some(code) = vm.resume() {
                    result.exit_code = code;
                    break;
                }
            }
            Yield::Busy => result.duration = SimDuration(result.duration.0 + 1000),
            Yield::Forever | Yield::Daemon(_) => result.duration = cap,
        }
        if result.duration >= cap {
            result.duration = cap;
            break;
        }
    }
    for (stream, text) in chunks {
        match stream {
            Stream::Stdout => result.stdout.push_str(&text),
            Stream::Stderr => result.stderr.push_str(&text),
        }
    }
    result
}
