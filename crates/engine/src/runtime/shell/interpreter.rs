//! Runs a container's main process step by step. (Minimal version: being written.)

use super::{container_argv, ExecResult, FsView, LogLine, StartError, Step, Stream};
use crate::clock::{SimDuration, SimTime};
use crate::runtime::images::{Behaviour, ImageInfo};

/// A container's main process (PID 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Process {
    image: &'static ImageInfo,
    argv: Vec<String>,
    env: Vec<(String, String)>,
    started: bool,
    wake: Option<SimTime>,
    exited: Option<i32>,
    listening: bool,
}

impl Process {
    /// Starts the container's process from the pod spec's `command`/`args` and the image.
    pub fn spawn(
        image: &'static ImageInfo,
        command: &[String],
        args: &[String],
        env: &[(String, String)],
        hostname: &str,
    ) -> Result<Process, StartError> {
        let mut env = env.to_vec();
        env.push(("HOSTNAME".into(), hostname.into()));
        Ok(Process {
            image,
            argv: container_argv(image, command, args),
            env,
            started: false,
            wake: None,
            exited: None,
            listening: false,
        })
    }

    /// Advances the process until it blocks or exits.
    pub fn run(&mut self, now: SimTime, _fs: &mut FsView<'_>, _out: &mut Vec<LogLine>) -> Step {
        if let Some(code) = self.exited {
            return Step::Exited(code);
        }
        if !self.started {
            self.started = true;
            if self.argv.first().map(String::as_str) == Some("sleep") {
                let secs = self
                    .argv
                    .get(1)
                    .and_then(|s| s.parse::<u64>().ok())
                    .unwrap_or(0);
                let until = now + SimDuration::from_secs(secs);
                self.wake = Some(until);
                return Step::SleepUntil(until);
            }
            if self.image.behaviour != Behaviour::Userland {
                self.listening = true;
                return Step::Serving;
            }
            self.exited = Some(0);
            return Step::Exited(0);
        }
        match self.wake {
            Some(t) if now >= t => {
                self.exited = Some(0);
                Step::Exited(0)
            }
            Some(t) => Step::SleepUntil(t),
            None => Step::Serving,
        }
    }

    /// Ports accepting connections now.
    pub fn listening_ports(&self) -> Vec<u16> {
        if self.listening {
            self.image.ports.to_vec()
        } else {
            Vec::new()
        }
    }

    /// HTTP status for `GET path` on `port`, or `None` when nothing listens there
    /// (connection refused).
    pub fn http_get(&self, port: u16, path: &str, _now: SimTime) -> Option<u16> {
        self.listening_ports()
            .contains(&port)
            .then(|| self.image.http_status(path))
    }

    /// Resident memory now.
    pub fn memory_bytes(&self) -> u64 {
        self.image.memory_bytes
    }

    /// Whether SIGTERM ends the process (otherwise the kubelet waits for the grace period and
    /// SIGKILLs: exit 137).
    pub fn handles_sigterm(&self) -> bool {
        self.image.behaviour != Behaviour::Userland
    }

    /// Delivers SIGTERM; returns the step that follows (an exit if it is handled).
    pub fn sigterm(&mut self, _now: SimTime, _out: &mut Vec<LogLine>) -> Step {
        if self.handles_sigterm() {
            self.exited = Some(0);
            Step::Exited(0)
        } else {
            self.wake.map_or(Step::Serving, Step::SleepUntil)
        }
    }
}

/// Runs `argv` in a running container (minimal: `cat FILE`, `true`, `false`).
pub fn exec(
    argv: &[String],
    fs: &mut FsView<'_>,
    _now: SimTime,
    _env: &[(String, String)],
) -> ExecResult {
    let mut result = ExecResult {
        exit_code: 0,
        stdout: String::new(),
        stderr: String::new(),
        duration: SimDuration::ZERO,
        start_error: None,
    };
    match argv.first().map(String::as_str) {
        Some("cat") => {
            for path in &argv[1..] {
                match fs.read(path) {
                    Ok(text) => result.stdout.push_str(&text),
                    Err(e) => {
                        result
                            .stderr
                            .push_str(&format!("cat: can't open '{path}': {}\n", e.text()));
                        result.exit_code = 1;
                    }
                }
            }
        }
        Some("true") => {}
        Some("false") => result.exit_code = 1,
        Some(other) => {
            result.exit_code = 127;
            result.start_error = Some(format!(
                "OCI runtime exec failed: exec failed: unable to start container process: exec: \"{other}\": executable file not found in $PATH: unknown"
            ));
        }
        None => result.exit_code = 127,
    }
    let _ = Stream::Stdout;
    result
}
