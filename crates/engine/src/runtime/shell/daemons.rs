//! The long-running programs of the catalogue images: what they print, which ports they open,
//! what they answer over HTTP, how much memory they hold and how they take SIGTERM.
//!
//! Mirrors the images' entrypoints (docker-library `docker-entrypoint.sh` of nginx, mysql,
//! postgres, redis; `httpd-foreground`), kubernetes `test/images/agnhost` (`liveness`,
//! `netexec`, `serve-hostname`, `pause`), `build/pause/linux/pause.c`, and `stress` 1.0.4.
//! Leaves out configuration files: ports and paths come from the arguments or the defaults.

use super::builtins::{Io, Outcome};
use super::expand::Vars;
use super::{Ctx, Stream};
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
        "mysql" => &["mysqld", "mysql", "docker-entrypoint.sh"],
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
        "docker-entrypoint.sh" => return Some(entrypoint(args, vars, ctx, io)),
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
        "python" | "python3" => return Some(python(args, ctx)),
        "node" => return Some(Outcome::Status(0)),
        "server" if image.short_name().ends_with("liveness") => {
            daemon(Kind::Liveness, vec![8080], 3 * MB, ctx)
        }
        "agnhost" => return Some(agnhost(args, ctx, io)),
        "pause" => {
            let mut d = daemon(Kind::Pause, Vec::new(), 256 * 1024, ctx);
            d.term_exit = Some(0);
            d
        }
        "stress" => return Some(stress(args, ctx, io)),
        _ => return None,
    };
    let mut d = d;
    if image.behaviour == Behaviour::Daemon {
        d.start_ms = image.start_ms;
        if d.startup_log.is_empty() {
            let version = version_of(image, ctx.tag);
            d.startup_log = image
                .startup_log
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

/// The official images' `docker-entrypoint.sh`: checks the environment, prints its notes,
/// then `exec "$@"` (prepending the server binary when the first argument is an option).
fn entrypoint(args: &[String], vars: &mut Vars, ctx: &mut Ctx<'_, '_>, io: &mut Io) -> Outcome {
    let image = ctx.image;
    let version = version_of(image, ctx.tag);
    let mut argv: Vec<String> = args.to_vec();
    let server = image.cmd.first().copied().unwrap_or("");
    if argv.first().is_none_or(|a| a.starts_with('-')) && !server.is_empty() {
        argv.insert(0, server.to_string());
    }
    let runs_server = argv
        .first()
        .is_some_and(|a| a == server || a == "nginx-debug");
    if runs_server && !image.required_env.is_empty() {
        let satisfied = image
            .required_env
            .iter()
            .any(|k| vars.get(k).is_some_and(|v| !v.is_empty()));
        if !satisfied {
            ctx.out.extend(
                image
                    .missing_env_error
                    .iter()
                    .map(|l| expand_line(l, ctx.now, &version)),
            );
            return Outcome::Exit(1);
        }
    }
    let old_nginx = image.short_name() == "nginx" && version.starts_with("1.1") && version != "1.1";
    if runs_server && image.short_name() == "nginx" && !old_nginx {
        ctx.out.extend(
            image
                .startup_log
                .iter()
                .map(|l| expand_line(l, ctx.now, &version)),
        );
    }
    let outcome = super::builtins::dispatch(&argv, io, vars, ctx);
    match outcome {
        Outcome::Status(s) => Outcome::Exit(s),
        other => other,
    }
}

/// `python3 -m http.server [PORT]`; anything else ends at once (no TTY, empty stdin).
fn python(args: &[String], ctx: &mut Ctx<'_, '_>) -> Outcome {
    if args
        .windows(2)
        .any(|w| w[0] == "-m" && w[1] == "http.server")
    {
        let port = args
            .iter()
            .filter_map(|a| a.parse::<u16>().ok())
            .next()
            .unwrap_or(8000);
        let mut d = Daemon::new(Kind::PythonHttp, vec![port], 12 * MB, ctx);
        d.term_exit = None;
        d.startup_log = vec![(
            Stream::Stdout,
            format!("Serving HTTP on 0.0.0.0 port {port} (http://0.0.0.0:{port}/) ...\n"),
        )];
        return Outcome::Daemon(d);
    }
    Outcome::Status(0)
}

/// agnhost subcommands used in the Kubernetes docs.
fn agnhost(args: &[String], ctx: &mut Ctx<'_, '_>, io: &mut Io) -> Outcome {
    let flag = |name: &str| {
        args.iter().find_map(|a| {
            a.strip_prefix(&format!("--{name}="))
                .and_then(|v| v.parse::<u16>().ok())
        })
    };
    // Go programs exit with status 2 when SIGTERM reaches them without a handler.
    let mut d = match args.first().map(String::as_str) {
        Some("liveness") => Daemon::new(Kind::Liveness, vec![8080], 6 * MB, ctx),
        Some("netexec") => Daemon::new(
            Kind::Netexec,
            vec![flag("http-port").unwrap_or(8080)],
            6 * MB,
            ctx,
        ),
        Some("serve-hostname") => Daemon::new(
            Kind::ServeHostname,
            vec![flag("port").unwrap_or(9376)],
            5 * MB,
            ctx,
        ),
        Some("pause") | None => Daemon::new(Kind::Pause, Vec::new(), 4 * MB, ctx),
        Some(other) => {
            io.stderr.push_str(&format!(
                "Error: unknown command \"{other}\" for \"agnhost\"\n"
            ));
            return Outcome::Exit(1);
        }
    };
    d.term_exit = Some(2);
    if d.kind == Kind::Pause {
        d.startup_log = vec![(Stream::Stdout, "Paused\n".into())];
        d.term_exit = Some(0);
    }
    Outcome::Daemon(d)
}

/// `stress --vm N --vm-bytes SIZE [--vm-hang S] [--timeout S] [--cpu N]`.
fn stress(args: &[String], ctx: &mut Ctx<'_, '_>, io: &mut Io) -> Outcome {
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
    };
    let count = |flag: &str| value(flag).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    let (cpu, vm) = (count("--cpu"), count("--vm"));
    if args.is_empty() || args.iter().any(|a| a == "--help") || cpu + vm == 0 {
        io.stdout.push_str("`stress' imposes certain types of compute stress on your system\n\nUsage: stress [OPTION [ARG]] ...\n");
        return Outcome::Exit(1);
    }
    let bytes = value("--vm-bytes")
        .and_then(|v| parse_size(v))
        .unwrap_or(256 * MB);
    let mut d = Daemon::new(Kind::Stress, Vec::new(), MB + vm.saturating_mul(bytes), ctx);
    d.term_exit = None;
    d.startup_log = vec![(
        Stream::Stdout,
        format!("stress: info: [1] dispatching hogs: {cpu} cpu, 0 io, {vm} vm, 0 hdd\n"),
    )];
    if let Some(secs) = value("--timeout").and_then(|t| t.trim_end_matches('s').parse::<u64>().ok())
    {
        d.exit_after = Some((secs.saturating_mul(1000), 0));
    }
    Outcome::Daemon(d)
}

/// stress's size syntax: `250M`, `1G`, `512k`, plain bytes (powers of 1024).
fn parse_size(v: &str) -> Option<u64> {
    let (num, mult) = match v.chars().last()?.to_ascii_lowercase() {
        'k' => (&v[..v.len() - 1], 1024),
        'm' => (&v[..v.len() - 1], MB),
        'g' => (&v[..v.len() - 1], 1024 * MB),
        'b' => (&v[..v.len() - 1], 1),
        _ => (v, 1),
    };
    num.parse::<u64>().ok().map(|n| n.saturating_mul(mult))
}
