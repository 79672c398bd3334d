//! One container in the runtime: its process, root filesystem, logs and CRI state.
//!
//! Mirrors containerd's CRI container store (`internal/cri/store/container`) and the exit
//! handling of `internal/cri/server/events.go` (`handleContainerExit`: exit code, `finishedAt`,
//! reason `Completed`/`Error`/`OOMKilled`) with the memory cgroup's OOM killer reduced to
//! "resident memory above `limits.memory` kills the process with SIGKILL". Left out: stdin,
//! TTYs, the termination-message file and CPU throttling.

use crate::clock::SimTime;
use crate::kubelet::cri::{ContainerSnapshot, ContainerState};
use crate::runtime::images::ImageInfo;
use crate::runtime::shell::{
    Filesystem, FsRead, FsView, LogLine, Process, Step, Volumes, MAX_LOG_LINES,
};

/// Exit code of a process killed by SIGKILL (128 + 9).
pub const EXIT_SIGKILL: i32 = 137;

/// What a container does next, after running its process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Wake the process at this time.
    WakeAt(SimTime),
    /// Nothing to do until something external happens.
    Idle,
    /// The process ended: exit code and reason.
    Exited(i32, &'static str),
}

#[derive(Clone, Debug)]
pub struct Container {
    pub id: String,
    pub pod_uid: String,
    pub name: String,
    pub attempt: u32,
    /// The normalised reference (`docker.io/library/nginx:latest`).
    pub image: String,
    pub image_ref: String,
    pub info: &'static ImageInfo,
    pub state: ContainerState,
    pub created_at: SimTime,
    pub started_at: Option<SimTime>,
    pub finished_at: Option<SimTime>,
    pub exit_code: i32,
    pub reason: String,
    pub process: Option<Process>,
    /// Why the process could not be spawned (the start fails with `StartError`).
    pub start_error: Option<String>,
    pub fs: Filesystem,
    pub env: Vec<(String, String)>,
    pub logs: Vec<LogLine>,
    pub memory_limit_bytes: Option<i64>,
    /// When a stop was asked for: SIGKILL is due at this time.
    pub kill_at: Option<SimTime>,
}

impl Container {
    /// The CRI `ContainerStatus` of this container.
    pub fn snapshot(&self) -> ContainerSnapshot {
        ContainerSnapshot {
            id: self.id.clone(),
            name: self.name.clone(),
            attempt: self.attempt,
            state: self.state,
            image: self.image.clone(),
            image_ref: self.image_ref.clone(),
            created_at: self.created_at,
            started_at: self.started_at,
            finished_at: self.finished_at,
            exit_code: self.exit_code,
            reason: self.reason.clone(),
        }
    }

    pub fn is_running(&self) -> bool {
        self.state == ContainerState::Running
    }

    /// Runs the process until it blocks; then checks the memory cgroup.
    pub fn step(&mut self, now: SimTime, volumes: &mut Volumes) -> Next {
        let Some(process) = self.process.as_mut() else {
            return Next::Exited(128, "StartError");
        };
        let mut out = Vec::new();
        let step = {
            let mut view = FsView::new(&mut self.fs, volumes);
            process.run(now, &mut view, &mut out)
        };
        let memory = process.memory_bytes();
        self.append_logs(out);
        let over_limit = self
            .memory_limit_bytes
            .is_some_and(|limit| memory > limit.max(0) as u64);
        if over_limit {
            return Next::Exited(EXIT_SIGKILL, "OOMKilled");
        }
        match step {
            Step::SleepUntil(t) => Next::WakeAt(t),
            Step::Serving => Next::Idle,
            Step::Exited(code) => Next::Exited(code, exit_reason(code)),
        }
    }

    /// Delivers SIGTERM: the process may exit now or ignore it.
    pub fn sigterm(&mut self, now: SimTime) -> Next {
        let Some(process) = self.process.as_mut() else {
            return Next::Exited(EXIT_SIGKILL, "Error");
        };
        let mut out = Vec::new();
        let step = process.sigterm(now, &mut out);
        self.append_logs(out);
        match step {
            Step::Exited(code) => Next::Exited(code, exit_reason(code)),
            Step::SleepUntil(t) => Next::WakeAt(t),
            Step::Serving => Next::Idle,
        }
    }

    /// Records the end of the process.
    pub fn exit(&mut self, now: SimTime, code: i32, reason: &str) {
        self.state = ContainerState::Exited;
        self.finished_at = Some(now);
        self.exit_code = code;
        self.reason = reason.to_string();
        self.kill_at = None;
    }

    fn append_logs(&mut self, out: Vec<LogLine>) {
        self.logs.extend(out);
        if self.logs.len() > MAX_LOG_LINES {
            let drop = self.logs.len() - MAX_LOG_LINES;
            self.logs.drain(..drop);
        }
    }

    /// Ports any process of the container listens on.
    pub fn listening_ports(&self) -> Vec<u16> {
        match (&self.process, self.is_running()) {
            (Some(p), true) => p.listening_ports(),
            _ => Vec::new(),
        }
    }

    /// `GET path` on `port` served from the container's files and the node's volumes (an
    /// nginx whose document root is an emptyDir answers from it); `None` when nothing listens.
    pub fn http_get_in(
        &self,
        port: u16,
        path: &str,
        now: SimTime,
        volumes: &Volumes,
    ) -> Option<u16> {
        let files = FsRead {
            fs: &self.fs,
            volumes,
        };
        match (&self.process, self.is_running()) {
            (Some(p), true) => p.http_get_in(port, path, now, files),
            _ => None,
        }
    }

    /// `GET path` on `port`: the status, or `None` when nothing listens (connection refused).
    pub fn http_get(&self, port: u16, path: &str, now: SimTime) -> Option<u16> {
        match (&self.process, self.is_running()) {
            (Some(p), true) => p.http_get(port, path, now),
            _ => None,
        }
    }
}

/// containerd's reason for an exit code: `Completed` for 0, `Error` otherwise.
pub fn exit_reason(code: i32) -> &'static str {
    if code == 0 {
        "Completed"
    } else {
        "Error"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::images::lookup;

    fn container(image: &str, command: &[&str], limit: Option<i64>) -> Container {
        let (info, r) = lookup(image).expect("known image");
        let command: Vec<String> = command.iter().map(|s| s.to_string()).collect();
        Container {
            id: "abc".into(),
            pod_uid: "u".into(),
            name: "c".into(),
            attempt: 0,
            image: r.full(),
            image_ref: String::new(),
            info,
            state: ContainerState::Running,
            created_at: SimTime(0),
            started_at: Some(SimTime(0)),
            finished_at: None,
            exit_code: 0,
            reason: String::new(),
            process: Process::spawn(info, &command, &[], &[], "pod").ok(),
            start_error: None,
            fs: Filesystem::new(info, "pod", ""),
            env: vec![],
            logs: vec![],
            memory_limit_bytes: limit,
            kill_at: None,
        }
    }

    #[test]
    fn a_server_serves_and_answers_http() {
        let mut c = container("nginx", &[], None);
        let mut v = Volumes::default();
        let mut next = c.step(SimTime(0), &mut v);
        while let Next::WakeAt(t) = next {
            next = c.step(t, &mut v);
        }
        assert_eq!(next, Next::Idle);
        assert_eq!(c.http_get(80, "/", SimTime(5_000)), Some(200));
        assert_eq!(c.http_get(81, "/", SimTime(5_000)), None);
    }

    #[test]
    fn memory_above_the_limit_is_an_oom_kill() {
        let mut c = container("nginx", &[], Some(1024));
        let next = c.step(SimTime(0), &mut Volumes::default());
        assert_eq!(next, Next::Exited(EXIT_SIGKILL, "OOMKilled"));
    }
}
