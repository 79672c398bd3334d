//! `podflow`: run kubectl scripts against a simulated cluster, or type them interactively.
//!
//! `podflow run [--seed N] [--empty-cluster] [--trace FILE] SCRIPT` prints each command as
//! `$ <line>` and then exactly what it printed; `podflow shell` is the same session typed at a
//! prompt (with line editing, history and Tab completion at a terminal); `podflow trace SCRIPT` writes the message trace
//! as JSON lines. Exit status 0 unless the script itself is malformed (2) or unreadable (1).

mod shell;

use podflow_engine::Cluster;
use podflow_kubectl::script;
use podflow_kubectl::DirFiles;
use std::io::Write;
use std::path::{Path, PathBuf};

const USAGE: &str = "usage:\n  podflow run [--seed N] [--empty-cluster] [--trace FILE] SCRIPT\n  podflow shell [--seed N] [--empty-cluster]\n  podflow trace [--seed N] [--empty-cluster] SCRIPT\n";

struct Opts {
    seed: u64,
    empty: bool,
    trace: Option<PathBuf>,
    script: Option<PathBuf>,
}

fn parse_opts(args: &[String]) -> Result<Opts, String> {
    let mut o = Opts {
        seed: 1,
        empty: false,
        trace: None,
        script: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--seed" => {
                let v = it.next().ok_or("--seed needs a number")?;
                o.seed = v.parse().map_err(|_| format!("invalid seed \"{v}\""))?;
            }
            s if s.starts_with("--seed=") => {
                o.seed = s[7..]
                    .parse()
                    .map_err(|_| format!("invalid seed \"{}\"", &s[7..]))?;
            }
            "--empty-cluster" => o.empty = true,
            "--trace" => o.trace = Some(PathBuf::from(it.next().ok_or("--trace needs a file")?)),
            s if s.starts_with('-') => return Err(format!("unknown option {s}")),
            s => o.script = Some(PathBuf::from(s)),
        }
    }
    Ok(o)
}

fn cluster(o: &Opts) -> Cluster {
    if o.empty {
        Cluster::empty(o.seed)
    } else {
        Cluster::new(o.seed)
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match args.split_first() {
        Some((cmd, rest)) => match parse_opts(rest) {
            Ok(o) => match cmd.as_str() {
                "run" => run(&o, false),
                "trace" => run(&o, true),
                "shell" => shell(&o),
                _ => usage(),
            },
            Err(e) => {
                eprintln!("podflow: {e}\n{USAGE}");
                2
            }
        },
        None => usage(),
    };
    std::process::exit(code);
}

fn usage() -> i32 {
    eprint!("{USAGE}");
    2
}

fn run(o: &Opts, trace_only: bool) -> i32 {
    let Some(path) = &o.script else {
        return usage();
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("podflow: cannot read {}: {e}", path.display());
            return 1;
        }
    };
    let steps = match script::parse(&text) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("podflow: {}: {e}", path.display());
            return 2;
        }
    };
    let base = path
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let fs = DirFiles { base };
    let mut c = cluster(o);
    let mut stdout = std::io::stdout().lock();
    for step in &steps {
        let text = script::run_step(step, &mut c, &fs);
        if !trace_only {
            let _ = stdout.write_all(text.as_bytes());
        }
    }
    if trace_only {
        let _ = stdout.write_all(c.trace().to_json_lines().as_bytes());
    }
    if let Some(file) = &o.trace {
        if let Err(e) = std::fs::write(file, c.trace().to_json_lines()) {
            eprintln!("podflow: cannot write {}: {e}", file.display());
            return 1;
        }
    }
    0
}

fn shell(o: &Opts) -> i32 {
    shell::run(cluster(o))
}
