//! What the runtime asks a running process: its ports and HTTP answers, its memory, and how
//! it takes the stop signal (PID 1 ignores signals it has no handler for).

use super::{Process, State, FUEL, SHELL_MEMORY};
use crate::clock::SimTime;
use crate::runtime::shell::parser;
use crate::runtime::shell::vm::{compile, Op, Vm, Yield};
use crate::runtime::shell::{Ctx, FsRead, FsView, LogLine, Step, Stream};

impl Process {
    /// Ports accepting connections now (the main daemon once started, background daemons).
    pub fn listening_ports(&self) -> Vec<u16> {
        let mut ports: Vec<u16> = self
            .background
            .iter()
            .flat_map(|d| d.ports.iter().copied())
            .collect();
        if self.listening {
            ports.extend(self.main.iter().flat_map(|d| d.ports.iter().copied()));
        }
        crate::sort::ord(&mut ports);
        ports.dedup();
        ports
    }

    /// The HTTP status of `GET path` on `port`, or `None` when the connection is refused.
    /// `Some(0)` means the port is open but does not speak HTTP.
    pub fn http_get(&self, port: u16, path: &str, now: SimTime) -> Option<u16> {
        let main = self.main.iter().filter(|_| self.listening);
        let d = main
            .chain(self.background.iter())
            .find(|d| d.ports.contains(&port))?;
        let since = now.saturating_sub(d.started_at).as_millis();
        Some(d.http_status(self.image, path, since))
    }

    /// `GET path` on `port` answered with the container's files in view: nginx and httpd
    /// serve their document root (a volume mounted over it changes the answer).
    pub fn http_get_in(
        &self,
        port: u16,
        path: &str,
        now: SimTime,
        files: FsRead<'_>,
    ) -> Option<u16> {
        let main = self.main.iter().filter(|_| self.listening);
        let d = main
            .chain(self.background.iter())
            .find(|d| d.ports.contains(&port))?;
        let since = now.saturating_sub(d.started_at).as_millis();
        Some(d.http_status_in(self.image, path, since, files))
    }

    /// `http_get` on the first listening port, as the brief's shorthand; 0 when nothing listens.
    pub fn http_status(&self, path: &str, now: SimTime) -> u16 {
        let port = self.listening_ports().first().copied().unwrap_or(0);
        self.http_get(port, path, now).unwrap_or(0)
    }

    /// Resident memory now: the shell, its daemons and their allocations.
    pub fn memory_bytes(&self) -> u64 {
        let daemons: u64 = self
            .main
            .iter()
            .chain(&self.background)
            .map(|d| d.memory_bytes)
            .sum();
        let shell = if matches!(self.vm.ops.first(), Some(Op::Argv(_))) {
            0
        } else {
            SHELL_MEMORY
        };
        shell + daemons.max(if self.main.is_none() { 256 * 1024 } else { 0 })
    }

    /// Whether the stop signal ends PID 1 promptly (otherwise the kubelet waits for the grace
    /// period and SIGKILLs: exit 137).
    pub fn handles_sigterm(&self) -> bool {
        match (&self.state, &self.main) {
            (State::Exited(_), _) => true,
            (State::Daemon { .. }, Some(d)) => d.term_exit.is_some(),
            _ => false,
        }
    }

    /// Delivers the stop signal at `now`: a daemon that handles it exits (logging its
    /// shutdown); a shell with `trap … TERM` runs the handler once its `sleep` returns;
    /// otherwise nothing happens.
    pub fn sigterm(&mut self, now: SimTime, out: &mut Vec<LogLine>) -> Step {
        if let State::Exited(code) = self.state {
            return Step::Exited(code);
        }
        if let (State::Daemon { .. }, Some(d)) = (&self.state, &self.main) {
            if let Some(code) = d.term_exit {
                let lines = d.stop_log(now);
                self.emit(now, lines, out);
                return self.exit(code);
            }
            return Step::Serving;
        }
        if self.vm.vars.trap_term.is_some() {
            self.term_pending = true;
        }
        match self.state {
            State::Sleeping(until) => Step::SleepUntil(until),
            _ => Step::Serving,
        }
    }

    pub(super) fn run_trap(
        &mut self,
        now: SimTime,
        fs: &mut FsView<'_>,
        chunks: &mut Vec<(Stream, String)>,
    ) -> Option<Step> {
        self.term_pending = false;
        let handler = self.vm.vars.trap_term.clone()?;
        let script = parser::parse(&handler).ok()?;
        let mut fuel = FUEL;
        let ports = self.listening_ports();
        let mut trap_vm = Vm::new(compile(&script), self.vm.vars.clone());
        let mut ctx = Ctx {
            fs,
            now,
            out: chunks,
            image: self.image,
            tag: &self.tag,
            shell: self.shell,
            cmdline: &self.cmdline,
            background: &mut self.background,
            depth: 1,
            fuel: &mut fuel,
            ports: Some(&ports),
        };
        match trap_vm.run(&mut ctx) {
            Yield::Exit(code) if trap_vm.explicit_exit => Some(self.exit(code)),
            _ => None,
        }
    }

    /// PID 1's command line.
    pub fn cmdline(&self) -> &str {
        &self.cmdline
    }
}
