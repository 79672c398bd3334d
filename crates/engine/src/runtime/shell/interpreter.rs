//! A container's main process (PID 1), run step by step on the virtual clock, and `exec`.
//!
//! Mirrors what runc does at container start (`libcontainer/standard_init_linux.go`: look the
//! binary up in `$PATH`, fail with `exec: "x": executable file not found in $PATH`) and the
//! signal rules for PID 1 in a PID namespace (signals whose disposition is default are
//! ignored, so an untrapped shell or `sleep` outlives SIGTERM). A shell's `trap … TERM` runs
//! only after its foreground command (`sleep`) finishes, as in dash/ash.

mod signals;

use super::builtins::{has_binary, shell_kind};
use super::daemons::Daemon;
use super::expand::Vars;
use super::parser;
use super::vm::{compile, Op, Vm, Yield};
use super::MAX_LOG_LINES;
use super::{container_argv, Ctx, FsView, LogLine, ShellKind, StartError, Step, Stream};
use crate::clock::{SimDuration, SimTime};
use crate::runtime::images::ImageInfo;

/// Work one `run` call may do before yielding a busy loop for a virtual second.
pub(super) const FUEL: u64 = 10_000;
const SHELL_MEMORY: u64 = 512 * 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
enum State {
    Ready,
    Sleeping(SimTime),
    /// A foreground daemon owns the process; it listens once `ready_at` has passed.
    Daemon {
        ready_at: SimTime,
    },
    Blocked,
    Exited(i32),
}

/// A container's main process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Process {
    image: &'static ImageInfo,
    tag: String,
    cmdline: String,
    shell: ShellKind,
    vm: Vm,
    state: State,
    main: Option<Daemon>,
    listening: bool,
    background: Vec<Daemon>,
    started_at: Option<SimTime>,
    partial: [String; 2],
    term_pending: bool,
    /// Lines to print at the first step (a syntax error found at spawn).
    pending: Vec<(Stream, String)>,
}

/// The runc error for a missing binary, as containerd wraps it.
fn start_error(name: &str) -> StartError {
    let why = if name.contains('/') {
        format!("exec: \"{name}\": stat {name}: no such file or directory")
    } else {
        format!("exec: \"{name}\": executable file not found in $PATH")
    };
    StartError {
        message: format!(
            "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: {why}: unknown"
        ),
    }
}

/// The environment a container process sees: PATH and HOSTNAME first, HOME last.
pub(super) fn environment(env: &[(String, String)], hostname: &str) -> Vars {
    let mut full = vec![
        (
            "PATH".to_string(),
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string(),
        ),
        ("HOSTNAME".to_string(), hostname.to_string()),
    ];
    full.extend(env.iter().cloned());
    if !env.iter().any(|(k, _)| k == "HOME") {
        full.push(("HOME".into(), "/root".into()));
    }
    Vars::from_env(&full)
}

/// The operations of a process started with `argv`: a shell's `-c` script compiled, or the
/// argv itself.
pub(super) fn program(
    argv: &[String],
    shell: ShellKind,
    vars: &mut Vars,
    pending: &mut Vec<(Stream, String)>,
) -> Vec<Op> {
    let base = argv
        .first()
        .map_or("", |a| a.rsplit('/').next().unwrap_or(a));
    let is_shell = matches!(base, "sh" | "bash" | "ash" | "dash");
    match (is_shell, argv.get(1).map(String::as_str)) {
        (true, Some("-c")) => {
            vars.arg0 = argv.get(3).cloned().unwrap_or_else(|| base.to_string());
            vars.positional = argv.iter().skip(4).cloned().collect();
            match parser::parse(argv.get(2).map_or("", String::as_str)) {
                Ok(script) => compile(&script),
                Err(e) => {
                    pending.push((Stream::Stderr, format!("{}{}\n", shell.prefix(), e.message)));
                    vec![Op::SetStatus(2)]
                }
            }
        }
        // An interactive shell without a TTY reads an empty stdin and exits 0.
        (true, None) => vec![Op::SetStatus(0)],
        _ => vec![Op::Argv(argv.to_vec())],
    }
}

impl Process {
    /// Starts a container's process from the pod spec's `command`/`args` and the image.
    pub fn spawn(
        image: &'static ImageInfo,
        command: &[String],
        args: &[String],
        env: &[(String, String)],
        hostname: &str,
    ) -> Result<Process, StartError> {
        let argv: Vec<String> = container_argv(image, command, args)
            .iter()
            .map(|a| super::expand_kubernetes_vars(a, env))
            .collect();
        let Some(first) = argv.first() else {
            return Err(start_error(""));
        };
        if !has_binary(image, first) {
            return Err(start_error(first));
        }
        let base = first.rsplit('/').next().unwrap_or(first);
        let mut vars = environment(env, hostname);
        let mut pending = Vec::new();
        let shell = shell_kind(base, image.userland);
        let ops = program(&argv, shell, &mut vars, &mut pending);
        Ok(Process {
            image,
            tag: String::new(),
            cmdline: argv.join(" "),
            shell,
            vm: Vm::new(ops, vars),
            state: State::Ready,
            main: None,
            listening: false,
            background: Vec::new(),
            started_at: None,
            partial: [String::new(), String::new()],
            term_pending: false,
            pending,
        })
    }

    /// Sets the image tag (versions printed in startup logs follow it).
    pub fn set_tag(&mut self, tag: &str) {
        self.tag = tag.to_string();
    }

    /// Advances the process until it blocks or exits. Call again at the returned
    /// `SleepUntil` time; `Serving` and `Exited` need no further call.
    pub fn run(&mut self, now: SimTime, fs: &mut FsView<'_>, out: &mut Vec<LogLine>) -> Step {
        self.started_at.get_or_insert(now);
        let mut chunks = std::mem::take(&mut self.pending);
        let step = self.advance(now, fs, &mut chunks);
        self.emit(now, chunks, out);
        if matches!(step, Step::Exited(_)) {
            self.flush_partial(now, out);
        }
        if out.len() > MAX_LOG_LINES + MAX_LOG_LINES / 10 {
            out.drain(..out.len() - MAX_LOG_LINES);
        }
        step
    }

    fn advance(
        &mut self,
        now: SimTime,
        fs: &mut FsView<'_>,
        chunks: &mut Vec<(Stream, String)>,
    ) -> Step {
        match self.state.clone() {
            State::Exited(code) => return Step::Exited(code),
            State::Blocked => return Step::Serving,
            State::Sleeping(until) if now < until => return Step::SleepUntil(until),
            State::Sleeping(_) => {
                if let Some(code) = self.vm.resume() {
                    return self.exit(code);
                }
                if self.term_pending {
                    if let Some(step) = self.run_trap(now, fs, chunks) {
                        return step;
                    }
                }
            }
            State::Daemon { ready_at } => return self.daemon_step(now, ready_at, chunks),
            State::Ready => {}
        }
        let image = self.image;
        let mut fuel = FUEL;
        let ports = self.listening_ports();
        let yielded = {
            let mut ctx = Ctx {
                fs,
                now,
                out: chunks,
                image,
                tag: &self.tag,
                shell: self.shell,
                cmdline: &self.cmdline,
                background: &mut self.background,
                depth: 0,
                fuel: &mut fuel,
                ports: Some(&ports),
            };
            self.vm.run(&mut ctx)
        };
        match yielded {
            Yield::Sleep(d) => {
                let until = now + d;
                self.state = State::Sleeping(until);
                Step::SleepUntil(until)
            }
            Yield::Forever => {
                self.state = State::Blocked;
                Step::Serving
            }
            Yield::Exit(code) => self.exit(code),
            // A busy loop: yield for a virtual second of burnt CPU.
            Yield::Busy => Step::SleepUntil(now + SimDuration::from_secs(1)),
            Yield::Daemon(mut d) => {
                chunks.append(&mut d.startup_log);
                d.started_at = now;
                let ready_at = now + SimDuration::from_millis(d.start_ms);
                self.main = Some(d);
                self.state = State::Daemon { ready_at };
                self.daemon_step(now, ready_at, chunks)
            }
        }
    }

    fn daemon_step(
        &mut self,
        now: SimTime,
        ready_at: SimTime,
        chunks: &mut Vec<(Stream, String)>,
    ) -> Step {
        if now < ready_at {
            return Step::SleepUntil(ready_at);
        }
        let Some(d) = &self.main else {
            return Step::Serving;
        };
        if !self.listening {
            let (lines, version) = &d.ready_log;
            chunks.extend(
                lines
                    .iter()
                    .map(|l| super::daemons::expand_line(l, ready_at, version)),
            );
        }
        self.listening = true;
        match d.exit_after {
            Some((ms, code)) => {
                let at = d.started_at + SimDuration::from_millis(ms);
                if now >= at {
                    self.exit(code)
                } else {
                    Step::SleepUntil(at)
                }
            }
            None => Step::Serving,
        }
    }

    fn exit(&mut self, code: i32) -> Step {
        self.state = State::Exited(code);
        self.listening = false;
        self.background.clear();
        Step::Exited(code)
    }

    /// At exit the log driver writes what is left of an unfinished line (`printf hi` shows in
    /// `kubectl logs` even without a newline).
    fn flush_partial(&mut self, now: SimTime, out: &mut Vec<LogLine>) {
        for (i, stream) in [Stream::Stdout, Stream::Stderr].into_iter().enumerate() {
            let text = std::mem::take(&mut self.partial[i]);
            if !text.is_empty() {
                out.push(LogLine {
                    at: now,
                    stream,
                    text,
                });
            }
        }
    }

    fn emit(&mut self, now: SimTime, chunks: Vec<(Stream, String)>, out: &mut Vec<LogLine>) {
        for (stream, text) in chunks {
            let slot = &mut self.partial[usize::from(stream == Stream::Stderr)];
            slot.push_str(&text);
            while let Some(i) = slot.find('\n') {
                let line: String = slot.drain(..=i).collect();
                out.push(LogLine {
                    at: now,
                    stream,
                    text: line.trim_end_matches('\n').to_string(),
                });
            }
            // An endless line without newline is flushed in pieces, as the log driver does.
            if slot.len() > 16 * 1024 {
                let line = std::mem::take(slot);
                out.push(LogLine {
                    at: now,
                    stream,
                    text: line,
                });
            }
        }
    }
}
