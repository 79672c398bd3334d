//! Test and demo programs: `python3 -m http.server`, agnhost subcommands (`liveness`,
//! `netexec`, `serve-hostname`, `pause`) and `stress`.

use super::{Daemon, Kind, MB};
use crate::runtime::shell::builtins::{Io, Outcome};
use crate::runtime::shell::{Ctx, Stream};

/// `python3 -m http.server [PORT]`; anything else ends at once (no TTY, empty stdin).
pub fn python(args: &[String], ctx: &mut Ctx<'_, '_>) -> Outcome {
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
pub fn agnhost(args: &[String], ctx: &mut Ctx<'_, '_>, io: &mut Io) -> Outcome {
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
pub fn stress(args: &[String], ctx: &mut Ctx<'_, '_>, io: &mut Io) -> Outcome {
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

/// Database clients used as readiness probes: `redis-cli ping`, `pg_isready`,
/// `mysqladmin ping`. They succeed when the server's port is open.
pub fn client(base: &str, args: &[String], ctx: &Ctx<'_, '_>, io: &mut Io) -> Option<Outcome> {
    let up = |port: u16| ctx.ports.is_none_or(|p| p.contains(&port));
    let code = match base {
        "redis-cli" if args.iter().any(|a| a.eq_ignore_ascii_case("ping")) => {
            if up(6379) {
                io.stdout.push_str("PONG\n");
                0
            } else {
                io.stdout
                    .push_str("Could not connect to Redis at 127.0.0.1:6379: Connection refused\n");
                1
            }
        }
        "pg_isready" => {
            let (text, code) = if up(5432) {
                ("accepting connections", 0)
            } else {
                ("no response", 2)
            };
            io.stdout
                .push_str(&format!("/var/run/postgresql:5432 - {text}\n"));
            code
        }
        "mysqladmin" if args.iter().any(|a| a == "ping") => {
            if up(3306) {
                io.stdout.push_str("mysqld is alive\n");
                0
            } else {
                io.stderr.push_str("mysqladmin: connect to server at 'localhost' failed\nerror: 'Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)'\nCheck that mysqld is running and that the socket: '/var/run/mysqld/mysqld.sock' exists!\n");
                1
            }
        }
        _ => return None,
    };
    Some(Outcome::Status(code))
}
