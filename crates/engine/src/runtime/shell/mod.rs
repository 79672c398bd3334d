//! The simulated processes inside containers: what the image's entrypoint or the pod's
//! `command`/`args` actually do, so that probes, logs and exits follow from the YAML.
//!
//! Mirrors the container start rules of `pkg/kubelet/kuberuntime/kuberuntime_container.go`
//! (`generateContainerConfig` → `kubecontainer.ExpandContainerCommandAndArgs`, then containerd's
//! ENTRYPOINT/CMD merge in `oci.WithProcessArgs`), and interprets a POSIX-sh subset the way
//! busybox `ash` / Debian `dash` do. Leaves out pipes between concurrent processes (a pipeline
//! runs its stages one after another), job control, functions, here-documents and signals other
//! than TERM/KILL.
//!
//! API for the runtime: [`Process::spawn`] once per container start, then [`Process::run`]
//! whenever the previous [`Step::SleepUntil`] time is reached; [`exec`] for exec probes and
//! `kubectl exec`. Files live in a [`Filesystem`] per container plus a node-wide [`Volumes`]
//! store, combined for each call in an [`FsView`].

pub mod arith;
pub mod builtins;
pub mod compile;
pub mod daemons;
pub mod exec;
pub mod expand;
pub mod fs;
pub mod interpreter;
pub mod parser;
pub mod special;
pub mod utils;
pub mod vm;

pub use fs::{Filesystem, FsError, FsRead, FsView, Mount, VolumeId, Volumes};

use crate::clock::{SimDuration, SimTime};
use crate::runtime::images::ImageInfo;

/// Which shell interprets a script: error messages differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShellKind {
    /// busybox `ash` (busybox, alpine): `sh: foo: not found`.
    Ash,
    /// Debian's `dash` as `/bin/sh`: `sh: 1: foo: not found`.
    Dash,
    /// GNU bash: `bash: line 1: foo: command not found`.
    Bash,
}

impl ShellKind {
    /// The prefix of the shell's own error lines.
    pub fn prefix(self) -> &'static str {
        match self {
            ShellKind::Ash => "sh: ",
            ShellKind::Dash => "sh: 1: ",
            ShellKind::Bash => "bash: line 1: ",
        }
    }

    /// `foo: not found` in this shell's words.
    pub fn not_found(self, name: &str) -> String {
        match self {
            ShellKind::Bash => format!("bash: line 1: {name}: command not found\n"),
            _ => format!("{}{name}: not found\n", self.prefix()),
        }
    }
}

/// What a command runs against: files, the clock, the output, the image.
pub struct Ctx<'a, 'b> {
    pub fs: &'a mut FsView<'b>,
    pub now: SimTime,
    /// Output chunks in order, tagged by stream.
    pub out: &'a mut Vec<(Stream, String)>,
    pub image: &'static ImageInfo,
    /// The image tag the container runs (versions in log lines).
    pub tag: &'a str,
    pub shell: ShellKind,
    /// PID 1's command line, for `ps`.
    pub cmdline: &'a str,
    /// Daemons started with `&` (or forking themselves, like `nginx` without `daemon off;`).
    pub background: &'a mut Vec<daemons::Daemon>,
    /// Nesting of command substitutions and `sh -c` inside scripts.
    pub depth: usize,
    /// Work left in this call (operations, plus output bytes / 64): bounds every call.
    pub fuel: &'a mut u64,
    /// Ports the container's processes listen on, for clients such as `redis-cli ping`;
    /// `None` when unknown (then servers are assumed up).
    pub ports: Option<&'a [u16]>,
}

impl<'b> Ctx<'_, 'b> {
    /// The same context writing to another output buffer, one level deeper.
    pub fn nested<'c>(&'c mut self, out: &'c mut Vec<(Stream, String)>) -> Ctx<'c, 'b> {
        Ctx {
            fs: &mut *self.fs,
            now: self.now,
            out,
            image: self.image,
            tag: self.tag,
            shell: self.shell,
            cmdline: self.cmdline,
            background: &mut *self.background,
            depth: self.depth + 1,
            fuel: &mut *self.fuel,
            ports: self.ports,
        }
    }
}

/// Lines kept per process output buffer before the oldest are dropped.
pub const MAX_LOG_LINES: usize = 10_000;

/// What a process does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Blocked (in `sleep`, or starting up) until this time: call `run` again then.
    SleepUntil(SimTime),
    /// The main process exited with this code.
    Exited(i32),
    /// Running with nothing to do until something external happens: a daemon serving its
    /// ports, `sleep infinity`, the pause process.
    Serving,
}

/// Which stream a log line was written to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// One line of container output, as `kubectl logs` shows it (`--timestamps` uses `at`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    pub at: SimTime,
    pub stream: Stream,
    pub text: String,
}

/// The container could not start: containerd's task creation failed (state `Terminated`,
/// reason `StartError`, exit code 128).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StartError {
    /// `failed to create containerd task: failed to create shim task: OCI runtime create failed: …`
    pub message: String,
}

impl StartError {
    pub const EXIT_CODE: i32 = 128;
}

/// The outcome of an exec in a running container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecResult {
    pub exit_code: i32,
    pub stdout: String,
    pub stderr: String,
    /// Virtual time the command took (its `sleep`s); compare with a probe's `timeoutSeconds`.
    pub duration: SimDuration,
    /// Set when the runtime could not start the command at all (binary missing); the text is
    /// runc's: `OCI runtime exec failed: exec failed: unable to start container process: …`.
    pub start_error: Option<String>,
}

pub use interpreter::Process;

/// Runs `argv` inside a running container, as `kubectl exec` / an exec probe does.
pub fn exec(
    argv: &[String],
    fs: &mut FsView<'_>,
    now: SimTime,
    env: &[(String, String)],
) -> ExecResult {
    exec::exec(argv, fs, now, env, None)
}

/// [`exec`] knowing which ports the container listens on, so that clients like
/// `redis-cli ping`, `pg_isready` and `mysqladmin ping` fail while the server is not up.
pub fn exec_with_ports(
    argv: &[String],
    fs: &mut FsView<'_>,
    now: SimTime,
    env: &[(String, String)],
    ports: &[u16],
) -> ExecResult {
    exec::exec(argv, fs, now, env, Some(ports))
}

/// The argv a container starts with, per the Kubernetes rules: `command` replaces the image's
/// ENTRYPOINT (and then the image CMD is ignored), `args` replace its CMD.
// Mirrors containerd pkg/cri oci.WithProcessArgs after kubelet ExpandContainerCommandAndArgs.
pub fn container_argv(image: &ImageInfo, command: &[String], args: &[String]) -> Vec<String> {
    let own = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    match (command.is_empty(), args.is_empty()) {
        (false, false) => command.iter().chain(args).cloned().collect(),
        (false, true) => command.to_vec(),
        (true, false) => own(image.entrypoint)
            .into_iter()
            .chain(args.iter().cloned())
            .collect(),
        (true, true) => own(image.entrypoint)
            .into_iter()
            .chain(own(image.cmd))
            .collect(),
    }
}

/// `$(VAR)` expansion of command and args from the container's env, as the kubelet does
/// before handing them to the runtime (`$$(VAR)` escapes; unknown names stay literal).
// Mirrors third_party/forked/golang/expansion/expand.go Expand.
pub fn expand_kubernetes_vars(input: &str, env: &[(String, String)]) -> String {
    let bytes = input.as_bytes();
    let mut out = String::with_capacity(input.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' && i + 1 < bytes.len() {
            if bytes[i + 1] == b'$' {
                out.push('$');
                i += 2;
                continue;
            }
            if bytes[i + 1] == b'(' {
                if let Some(end) = input[i + 2..].find(')') {
                    let name = &input[i + 2..i + 2 + end];
                    match env.iter().rev().find(|(k, _)| k == name) {
                        Some((_, v)) => out.push_str(v),
                        None => out.push_str(&input[i..i + 3 + end]),
                    }
                    i += 3 + end;
                    continue;
                }
            }
        }
        let ch = input[i..].chars().next().unwrap_or('\0');
        out.push(ch);
        i += ch.len_utf8().max(1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::images::lookup;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn command_and_args_override_entrypoint_and_cmd() {
        let (nginx, _) = lookup("nginx").expect("nginx");
        let cases: [(&[&str], &[&str], &[&str]); 4] = [
            (
                &[],
                &[],
                &["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"],
            ),
            (
                &[],
                &["nginx-debug"],
                &["/docker-entrypoint.sh", "nginx-debug"],
            ),
            (&["sleep"], &[], &["sleep"]),
            (&["sh", "-c"], &["echo hi"], &["sh", "-c", "echo hi"]),
        ];
        for (command, args, want) in cases {
            assert_eq!(
                container_argv(nginx, &strings(command), &strings(args)),
                strings(want)
            );
        }
    }

    #[test]
    fn kubernetes_variable_expansion() {
        let env = vec![("GREETING".to_string(), "hi".to_string())];
        for (input, want) in [
            ("$(GREETING) there", "hi there"),
            ("$$(GREETING)", "$(GREETING)"),
            ("$(MISSING)", "$(MISSING)"),
            ("$HOME", "$HOME"),
            ("tail $", "tail $"),
        ] {
            assert_eq!(expand_kubernetes_vars(input, &env), want);
        }
    }
}
