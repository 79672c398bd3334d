//! The long-running programs of the catalogue images: what they print, which ports they open,
//! what they answer over HTTP, how much memory they hold and how they take SIGTERM.
//!
//! Mirrors the images' entrypoints (docker-library `docker-entrypoint.sh` of nginx, mysql,
//! postgres, redis; `httpd-foreground`), kubernetes `test/images/agnhost` (`liveness`,
//! `netexec`, `serve-hostname`, `pause`), `build/pause/linux/pause.c`, and `stress` 1.0.4.
//! Leaves out configuration files: ports and paths come from the arguments or the defaults.

mod entrypoint;
mod programs;

use super::builtins::{Io, Outcome};
use super::expand::Vars;
use super::{Ctx, FsRead, Stream};
use crate::clock::SimTime;
use crate::runtime::images::{Behaviour, ImageInfo};

const MB: u64 = 1024 * 1024;

/// Which program a daemon is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Nginx,
    Redis,
    Mysql,
    Postgres,
    Httpd,
    PythonHttp,
    /// agnhost `liveness` / `k8s.gcr.io/liveness /server`: `/healthz` is 200 for 10 s, then 500.
    Liveness,
    Netexec,
    ServeHostname,
    Pause,
    Stress,
}

/// A running server program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Daemon {
    pub kind: Kind,
    pub ports: Vec<u16>,
    /// Milliseconds from start until the ports accept connections.
    pub start_ms: u64,
    pub memory_bytes: u64,
    /// Lines printed at start.
    pub startup_log: Vec<(Stream, String)>,
    /// Catalogue lines printed when the ports open ("ready for connections"), with the
    /// version they name.
    pub ready_log: (Vec<&'static str>, String),
    /// Exit code on SIGTERM (or the image's STOPSIGNAL), `None` = ignored as PID 1.
    pub term_exit: Option<i32>,
    /// Ends by itself after this many ms with this code (`stress --timeout`).
    pub exit_after: Option<(u64, i32)>,
    pub started_at: SimTime,
}

impl Daemon {
    fn new(kind: Kind, ports: Vec<u16>, memory_bytes: u64, ctx: &Ctx<'_, '_>) -> Daemon {
        Daemon {
            kind,
            ports,
            start_ms: 0,
            memory_bytes,
            startup_log: Vec::new(),
            ready_log: (Vec::new(), String::new()),
            term_exit: Some(0),
            exit_after: None,
            started_at: ctx.now,
        }
    }

    /// The status of `GET path`, `since_start_ms` after the process started; 0 = not HTTP
    /// (the connection closes without a response).
    // agnhost liveness/server.go: `duration.Seconds() > 10` → 500.
    pub fn http_status(&self, image: &ImageInfo, path: &str, since_start_ms: u64) -> u16 {
        let path = path.split('?').next().unwrap_or(path);
        match self.kind {
            Kind::Nginx | Kind::Httpd => image.http_status(path),
            Kind::Liveness if path == "/healthz" => {
                if since_start_ms > 10_000 {
                    500
                } else {
                    200
                }
            }
            Kind::Liveness => 404,
            Kind::PythonHttp => {
                if path == "/" {
                    200
                } else {
                    404
                }
            }
            Kind::Netexec | Kind::ServeHostname => 200,
            Kind::Redis | Kind::Mysql | Kind::Postgres | Kind::Pause | Kind::Stress => 0,
        }
    }

    /// Like [`Daemon::http_status`], but web servers answer from their document root in the
    /// container's files: 200 for a file, 404 when missing, and for a directory without an
    /// index nginx's 403 (httpd lists it: `Options Indexes`).
    pub fn http_status_in(
        &self,
        image: &ImageInfo,
        path: &str,
        since_ms: u64,
        files: FsRead<'_>,
    ) -> u16 {
        let docroot = match self.kind {
            Kind::Nginx => "/usr/share/nginx/html",
            Kind::Httpd => "/usr/local/apache2/htdocs",
            _ => return self.http_status(image, path, since_ms),
        };
        let path = path.split(['?', '#']).next().unwrap_or("/");
        let full = super::fs::normalize(&format!("{docroot}/{path}"));
        if !full.starts_with(docroot) {
            return 400;
        }
        if files.is_file(&full) {
            return 200;
        }
        if !files.is_dir(&full) {
            return 404;
        }
        if !path.ends_with('/') {
            return 301;
        }
        let has_index = ["index.html", "index.htm"]
            .iter()
            .any(|i| files.is_file(&format!("{full}/{i}")));
        match (has_index, self.kind) {
            (true, _) | (false, Kind::Httpd) => 200,
            _ => 403,
        }
    }

    /// Lines printed when the stop signal arrives.
    pub fn stop_log(&self, now: SimTime) -> Vec<(Stream, String)> {
        let lines: &[&str] = match self.kind {
            Kind::Nginx => &[
                "!{nginx_time} [notice] 1#1: signal 3 (SIGQUIT) received, shutting down",
                "!{nginx_time} [notice] 1#1: signal 17 (SIGCHLD) received from 29",
                "!{nginx_time} [notice] 1#1: worker process 29 exited with code 0",
                "!{nginx_time} [notice] 1#1: exit",
            ],
            Kind::Redis => &[
                "1:signal-handler ({unix}) Received SIGTERM scheduling shutdown...",
                "1:M {redis_time} # User requested shutdown...",
                "1:M {redis_time} # Redis is now ready to exit, bye bye...",
            ],
            _ => &[],
        };
        lines.iter().map(|l| expand_line(l, now, "")).collect()
    }
}

/// Expands a catalogue log line: placeholders and the `!` stderr marker.
pub fn expand_line(line: &str, now: SimTime, version: &str) -> (Stream, String) {
    let (stream, text) = match line.strip_prefix('!') {
        Some(rest) => (Stream::Stderr, rest),
        None => (Stream::Stdout, line),
    };
    let iso = now.rfc3339();
    let date = iso.get(0..10).unwrap_or("");
    let time = iso.get(11..19).unwrap_or("");
    let rfc = now.rfc1123z();
    let (day, mon, year) = {
        let f: Vec<&str> = rfc.split(' ').collect();
        (
            f.get(1).copied().unwrap_or(""),
            f.get(2).copied().unwrap_or(""),
            f.get(3).copied().unwrap_or(""),
        )
    };
    let text = text
        .replace(
            "{nginx_time}",
            &format!("{} {time}", date.replace('-', "/")),
        )
        .replace(
            "{redis_time}",
            &format!("{day} {mon} {year} {time}.{:03}", now.as_millis() % 1000),
        )
        .replace("{iso_time}", &format!("{date} {time}+00:00"))
        .replace(
            "{httpd_time}",
            &format!("{} {mon} {day} {time}.000000 {year}", &rfc[..3]),
        )
        .replace("{unix}", &now.unix_secs().to_string())
        .replace("{version}", version);
    (stream, text + "\n")
}

/// Binaries an image ships besides its userland utilities.
pub fn binaries(image: &ImageInfo) -> &'static [&'static str] {
    match image.short_name() {
        "nginx" => &["nginx", "nginx-debug", "/docker-entrypoint.sh", "curl"],
        "redis" => &["redis-server", "redis-cli", "docker-entrypoint.sh"],
        "mysql" => &["mysqld", "mysql", "mysqladmin", "docker-entrypoint.sh"],
        "postgres" => &["postgres", "psql", "pg_isready", "docker-entrypoint.sh"],
        "httpd" => &["httpd", "httpd-foreground"],
        "python" => &["python", "python3", "pip"],
        "node" => &["node", "npm", "docker-entrypoint.sh"],
        "registry.k8s.io/liveness" | "k8s.gcr.io/liveness" => &["/server"],
        "registry.k8s.io/e2e-test-images/agnhost" => &["/agnhost", "agnhost"],
        "polinux/stress" => &["stress"],
        "registry.k8s.io/pause" => &["/pause"],
        _ => &[],
    }
}

/// Default versions printed in logs when the tag does not name one.
fn version_of(image: &ImageInfo, tag: &str) -> String {
    if tag.starts_with(|c: char| c.is_ascii_digit()) && tag.matches('.').count() >= 2 {
        return tag.split('-').next().unwrap_or(tag).to_string();
    }
    match image.short_name() {
        "nginx" => "1.27.3",
        "redis" => "7.4.1",
        "mysql" => "9.1.0",
        "postgres" => "17.2",
        "httpd" => "2.4.62",
        _ => "",
    }
    .to_string()
}

/// Starts `argv` if it names a server program; `None` lets the utilities handle it.
pub fn start(
    base: &str,
    argv: &[String],
    vars: &mut Vars,
    ctx: &mut Ctx<'_, '_>,
    io: &mut Io,
) -> Option<Outcome> {
    let image = ctx.image;
    let args = &argv[1..];
    let daemon = |kind, ports, memory, ctx: &Ctx<'_, '_>| Daemon::new(kind, ports, memory, ctx);
    let d = match base {
        "docker-entrypoint.sh" => return Some(entrypoint::entrypoint(args, vars, ctx, io)),
        "nginx" | "nginx-debug" => {
            if args.iter().any(|a| a == "-v" || a == "-V" || a == "-t") {
                io.stderr.push_str(&format!(
                    "nginx version: nginx/{}\n",
                    version_of(image, ctx.tag)
                ));
                return Some(Outcome::Status(0));
            }
            let mut d = daemon(Kind::Nginx, vec![80], image.memory_bytes, ctx);
            d.startup_log = nginx_notices(ctx.now, &version_of(image, ctx.tag));
            let foreground = args
                .windows(2)
                .any(|w| w[0] == "-g" && w[1].replace(' ', "").contains("daemonoff;"));
            if !foreground {
                // nginx forks into the background and the command returns at once.
                ctx.out.append(&mut d.startup_log);
                ctx.background.push(d);
                return Some(Outcome::Status(0));
            }
            d
        }
        "redis-server" => daemon(
            Kind::Redis,
            vec![port_arg(args, "--port").unwrap_or(6379)],
            image.memory_bytes,
            ctx,
        ),
        "mysqld" => daemon(Kind::Mysql, vec![3306, 33060], image.memory_bytes, ctx),
        "postgres" => daemon(Kind::Postgres, vec![5432], image.memory_bytes, ctx),
        "httpd-foreground" => daemon(Kind::Httpd, vec![80], image.memory_bytes, ctx),
        "python" | "python3" => return Some(programs::python(args, ctx)),
        "node" => return Some(Outcome::Status(0)),
        "server" if image.short_name().ends_with("liveness") => {
            daemon(Kind::Liveness, vec![8080], 3 * MB, ctx)
        }
        "agnhost" => return Some(programs::agnhost(args, ctx, io)),
        "pause" => {
            let mut d = daemon(Kind::Pause, Vec::new(), 256 * 1024, ctx);
            d.term_exit = Some(0);
            d
        }
        "stress" => return Some(programs::stress(args, ctx, io)),
        "redis-cli" | "pg_isready" | "mysqladmin" => return programs::client(base, args, ctx, io),
        _ => return None,
    };
    let mut d = d;
    if image.behaviour == Behaviour::Daemon {
        d.start_ms = image.start_ms;
        if d.startup_log.is_empty() {
            let version = version_of(image, ctx.tag);
            let mut lines = image.startup_log.to_vec();
            // A slow server says it is ready only when it is (mysqld, postgres).
            if d.start_ms >= 1000 && lines.len() > 1 {
                let last = lines.pop().into_iter().collect();
                d.ready_log = (last, version.clone());
            }
            d.startup_log = lines
                .iter()
                .map(|l| expand_line(l, ctx.now, &version))
                .collect();
        }
    }
    Some(Outcome::Daemon(d))
}

fn port_arg(args: &[String], flag: &str) -> Option<u16> {
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1))
        .and_then(|p| p.parse().ok())
}

fn nginx_notices(now: SimTime, version: &str) -> Vec<(Stream, String)> {
    let mut lines = vec![
        "!{nginx_time} [notice] 1#1: using the \"epoll\" event method".to_string(),
        "!{nginx_time} [notice] 1#1: nginx/{version}".to_string(),
        "!{nginx_time} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) ".to_string(),
        "!{nginx_time} [notice] 1#1: OS: Linux 6.8.0".to_string(),
        "!{nginx_time} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576".to_string(),
        "!{nginx_time} [notice] 1#1: start worker processes".to_string(),
    ];
    lines.extend(
        (29..33).map(|pid| format!("!{{nginx_time}} [notice] 1#1: start worker process {pid}")),
    );
    lines.iter().map(|l| expand_line(l, now, version)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_placeholders_expand_per_program() {
        let at = SimTime(5_250);
        let cases = [
            (
                "{nginx_time} [notice] 1#1: nginx/{version}",
                Stream::Stdout,
                "2026/12/01 09:00:05 [notice] 1#1: nginx/1.2.3\n",
            ),
            (
                "!{iso_time} [ERROR] x",
                Stream::Stderr,
                "2026-12-01 09:00:05+00:00 [ERROR] x\n",
            ),
            (
                "1:M {redis_time} * Ready",
                Stream::Stdout,
                "1:M 01 Dec 2026 09:00:05.250 * Ready\n",
            ),
        ];
        for (line, stream, want) in cases {
            assert_eq!(
                expand_line(line, at, "1.2.3"),
                (stream, want.to_string()),
                "{line}"
            );
        }
    }

    #[test]
    fn liveness_server_turns_unhealthy_after_ten_seconds() {
        let image = crate::runtime::images::find_repository("registry.k8s.io/liveness");
        let image = image.expect("liveness image");
        let d = Daemon {
            kind: Kind::Liveness,
            ports: vec![8080],
            start_ms: 0,
            memory_bytes: 0,
            startup_log: Vec::new(),
            ready_log: (Vec::new(), String::new()),
            term_exit: Some(2),
            exit_after: None,
            started_at: SimTime(0),
        };
        for (path, since, want) in [
            ("/healthz", 9_000, 200),
            ("/healthz", 10_000, 200),
            ("/healthz", 10_001, 500),
            ("/other", 0, 404),
        ] {
            assert_eq!(d.http_status(image, path, since), want, "{path} at {since}");
        }
    }
}
