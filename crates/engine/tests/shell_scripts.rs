//! Table-driven scripts: what `sh -c` prints and returns, busybox vs Debian wording, signals,
//! and web servers answering from their (volume-backed) document roots.

use podflow_engine::runtime::images::lookup;
use podflow_engine::runtime::shell::{exec, Filesystem, FsView, Process, Step, Volumes};
use podflow_engine::SimTime;

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// Runs `sh -c script` as an exec in a container of `image`: (exit code, stdout, stderr).
fn sh(image: &str, script: &str) -> (i32, String, String) {
    let (info, _) = lookup(image).expect("image");
    let mut fs = Filesystem::new(info, "web-0", "");
    let mut volumes = Volumes::default();
    let env = vec![("NAME".to_string(), "podflow".to_string())];
    let r = exec(
        &s(&["sh", "-c", script]),
        &mut FsView::new(&mut fs, &mut volumes),
        SimTime(5_000),
        &env,
    );
    (r.exit_code, r.stdout, r.stderr)
}

#[test]
fn scripts_print_and_return_like_sh() {
    let cases: &[(&str, i32, &str)] = &[
        ("echo hello $NAME", 0, "hello podflow\n"),
        ("echo 'a  b' \"c  d\" e  f", 0, "a  b c  d e f\n"),
        ("x=3; echo $((x * 2 + 1))", 0, "7\n"),
        ("for i in 1 2 3; do echo $i; done", 0, "1\n2\n3\n"),
        (
            "i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i",
            0,
            "3\n",
        ),
        (
            "if [ -f /etc/hostname ]; then cat /etc/hostname; else echo no; fi",
            0,
            "web-0\n",
        ),
        ("false || echo fallback", 0, "fallback\n"),
        ("true && false", 1, ""),
        ("exit 42", 42, ""),
        ("echo a > /tmp/f; echo b >> /tmp/f; cat /tmp/f", 0, "a\nb\n"),
        ("{ echo one; echo two; } > /tmp/g; wc -l < /tmp/g", 0, "2\n"),
        ("echo ${UNSET:-default} ${NAME:-x}", 0, "default podflow\n"),
        ("date", 0, "Tue Dec  1 09:00:05 UTC 2026\n"),
        ("date +%Y-%m-%dT%H:%M:%S", 0, "2026-12-01T09:00:05\n"),
        ("hostname", 0, "web-0\n"),
        (
            "for i in 1 2 3 4; do if [ $i = 3 ]; then break; fi; echo $i; done",
            0,
            "1\n2\n",
        ),
        (
            "mkdir -p /data/a/b && touch /data/a/b/c && ls /data/a/b",
            0,
            "c\n",
        ),
        ("echo $(echo inner) outer", 0, "inner outer\n"),
        ("printenv NAME", 0, "podflow\n"),
        ("[ -e /nope ]; echo $?", 0, "1\n"),
        ("cat /etc/hostname | grep web", 0, "web-0\n"),
    ];
    for (script, code, out) in cases {
        let (got_code, got_out, err) = sh("busybox", script);
        assert_eq!(
            (got_code, got_out.as_str()),
            (*code, *out),
            "{script} (stderr: {err})"
        );
    }
}

#[test]
fn error_wording_follows_the_image_userland() {
    let cases: &[(&str, &str, i32, &str)] = &[
        ("busybox", "foo", 127, "sh: foo: not found\n"),
        ("nginx", "foo", 127, "sh: 1: foo: not found\n"),
        (
            "busybox",
            "cat /tmp/healthy",
            1,
            "cat: can't open '/tmp/healthy': No such file or directory\n",
        ),
        (
            "nginx",
            "cat /tmp/healthy",
            1,
            "cat: /tmp/healthy: No such file or directory\n",
        ),
        (
            "busybox",
            "rm /tmp/x",
            1,
            "rm: can't remove '/tmp/x': No such file or directory\n",
        ),
        (
            "ubuntu",
            "rm /tmp/x",
            1,
            "rm: cannot remove '/tmp/x': No such file or directory\n",
        ),
        (
            "busybox",
            "ls /nope",
            1,
            "ls: /nope: No such file or directory\n",
        ),
        (
            "debian",
            "ls /nope",
            2,
            "ls: cannot access '/nope': No such file or directory\n",
        ),
        ("busybox", "sleep abc", 1, "sleep: invalid number 'abc'\n"),
        (
            "busybox",
            "echo hi > /no/dir/f",
            1,
            "sh: can't create /no/dir/f: nonexistent directory\n",
        ),
        (
            "busybox",
            "if true; then echo",
            2,
            "sh: syntax error: unexpected end of file (expecting \"fi\")\n",
        ),
    ];
    for (image, script, code, err) in cases {
        let (got_code, _, got_err) = sh(image, script);
        assert_eq!(
            (got_code, got_err.as_str()),
            (*code, *err),
            "{image}: {script}"
        );
    }
}

fn spawn(image: &str, command: &[&str]) -> (Process, Filesystem) {
    let (info, _) = lookup(image).expect("image");
    let p = Process::spawn(info, &s(command), &[], &[], "p").expect("spawn");
    (p, Filesystem::new(info, "p", ""))
}

#[test]
fn a_trap_runs_after_the_foreground_sleep() {
    let (mut p, mut fs) = spawn(
        "busybox",
        &[
            "sh",
            "-c",
            "trap 'echo bye; exit 0' TERM; while true; do sleep 1; done",
        ],
    );
    let mut vols = Volumes::default();
    let mut log = Vec::new();
    assert_eq!(
        p.run(SimTime(0), &mut FsView::new(&mut fs, &mut vols), &mut log),
        Step::SleepUntil(SimTime(1_000))
    );
    assert!(!p.handles_sigterm());
    assert_eq!(
        p.sigterm(SimTime(500), &mut log),
        Step::SleepUntil(SimTime(1_000))
    );
    assert_eq!(
        p.run(
            SimTime(1_000),
            &mut FsView::new(&mut fs, &mut vols),
            &mut log
        ),
        Step::Exited(0)
    );
    assert_eq!(log.last().map(|l| l.text.as_str()), Some("bye"));

    let (mut long, mut fs2) = spawn("busybox", &["sh", "-c", "trap 'exit 0' TERM; sleep 3600"]);
    assert_eq!(
        long.run(SimTime(0), &mut FsView::new(&mut fs2, &mut vols), &mut log),
        Step::SleepUntil(SimTime(3_600_000))
    );
    // The trap waits for `sleep 3600`: the kubelet's SIGKILL comes first.
    assert_eq!(
        long.sigterm(SimTime(10), &mut log),
        Step::SleepUntil(SimTime(3_600_000))
    );
}

#[test]
fn exec_replaces_the_shell() {
    let (mut p, mut fs) = spawn(
        "nginx",
        &["sh", "-c", "echo starting; exec nginx -g 'daemon off;'"],
    );
    let mut vols = Volumes::default();
    let mut log = Vec::new();
    let mut step = p.run(SimTime(0), &mut FsView::new(&mut fs, &mut vols), &mut log);
    while let Step::SleepUntil(t) = step {
        step = p.run(t, &mut FsView::new(&mut fs, &mut vols), &mut log);
    }
    assert_eq!(step, Step::Serving);
    assert_eq!(p.listening_ports(), vec![80]);
    assert!(p.handles_sigterm());
    assert_eq!(log[0].text, "starting");
}

#[test]
fn nginx_serves_its_document_root_including_an_empty_dir_volume() {
    let (mut p, mut fs) = spawn("nginx", &[]);
    let mut vols = Volumes::default();
    let mut log = Vec::new();
    let mut step = p.run(SimTime(0), &mut FsView::new(&mut fs, &mut vols), &mut log);
    while let Step::SleepUntil(t) = step {
        step = p.run(t, &mut FsView::new(&mut fs, &mut vols), &mut log);
    }
    let now = SimTime(1_000);
    assert_eq!(
        p.http_get_in(80, "/", now, FsView::new(&mut fs, &mut vols).reader()),
        Some(200)
    );
    fs.mount("/usr/share/nginx/html", "emptydir/u/html", false);
    vols.ensure("emptydir/u/html");
    assert_eq!(
        p.http_get_in(80, "/", now, FsView::new(&mut fs, &mut vols).reader()),
        Some(403)
    );
    vols.write("emptydir/u/html", "index.html", "hi from the sidecar\n");
    assert_eq!(
        p.http_get_in(80, "/", now, FsView::new(&mut fs, &mut vols).reader()),
        Some(200)
    );
    assert_eq!(
        p.http_get_in(80, "/x.html", now, FsView::new(&mut fs, &mut vols).reader()),
        Some(404)
    );
}

#[test]
fn mysql_says_ready_only_when_listening() {
    let (info, _) = lookup("mysql:8.4").expect("mysql");
    let env = vec![("MYSQL_ROOT_PASSWORD".to_string(), "password".to_string())];
    let mut p = Process::spawn(info, &[], &[], &env, "db").expect("spawn");
    let mut fs = Filesystem::new(info, "db", "");
    let mut vols = Volumes::default();
    let mut log = Vec::new();
    let Step::SleepUntil(ready) = p.run(SimTime(0), &mut FsView::new(&mut fs, &mut vols), &mut log)
    else {
        panic!("mysqld takes a while to start");
    };
    assert!(!log.iter().any(|l| l.text.contains("ready for connections")));
    assert!(p.listening_ports().is_empty());
    assert_eq!(
        p.run(ready, &mut FsView::new(&mut fs, &mut vols), &mut log),
        Step::Serving
    );
    let last = log.last().expect("a ready line");
    assert!(
        last.text.contains("ready for connections") && last.at == ready,
        "{last:?}"
    );
    assert!(
        p.memory_bytes() > 128 * 1024 * 1024,
        "mysqld does not fit a 128Mi limit"
    );
}

#[test]
fn database_clients_answer_only_when_the_server_listens() {
    use podflow_engine::runtime::shell::exec_with_ports;
    type Case<'a> = (&'a str, &'a [&'a str], &'a [u16], i32, &'a str);
    let cases: &[Case] = &[
        ("redis", &["redis-cli", "ping"], &[6379], 0, "PONG\n"),
        (
            "redis",
            &["redis-cli", "ping"],
            &[],
            1,
            "Could not connect to Redis at 127.0.0.1:6379: Connection refused\n",
        ),
        (
            "postgres",
            &["pg_isready", "-U", "postgres"],
            &[5432],
            0,
            "/var/run/postgresql:5432 - accepting connections\n",
        ),
        (
            "postgres",
            &["pg_isready"],
            &[],
            2,
            "/var/run/postgresql:5432 - no response\n",
        ),
        (
            "mysql",
            &["mysqladmin", "ping", "-h", "127.0.0.1"],
            &[3306, 33060],
            0,
            "mysqld is alive\n",
        ),
    ];
    for (image, argv, ports, code, out) in cases {
        let (info, _) = lookup(image).expect("image");
        let mut fs = Filesystem::new(info, "db", "");
        let mut vols = Volumes::default();
        let r = exec_with_ports(
            &s(argv),
            &mut FsView::new(&mut fs, &mut vols),
            SimTime(0),
            &[],
            ports,
        );
        assert_eq!(
            (r.exit_code, r.stdout.as_str()),
            (*code, *out),
            "{image} {argv:?}"
        );
    }
    let (info, _) = lookup("redis").expect("redis");
    let mut fs = Filesystem::new(info, "db", "");
    let mut vols = Volumes::default();
    let r = exec(
        &s(&["redis-cli", "ping"]),
        &mut FsView::new(&mut fs, &mut vols),
        SimTime(0),
        &[],
    );
    assert_eq!(
        r.stdout, "PONG\n",
        "without port knowledge the server is assumed up"
    );
}
