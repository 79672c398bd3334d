//! Container processes as the runtime drives them: the seeds' liveness scripts, daemons,
//! entrypoint rules, exec probes and pull errors.

use podflow_engine::runtime::images::lookup;
use podflow_engine::runtime::shell::{exec, Filesystem, FsView, LogLine, Process, Step, Volumes};
use podflow_engine::{SimDuration, SimTime};

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

struct Box1 {
    process: Process,
    fs: Filesystem,
    volumes: Volumes,
    log: Vec<LogLine>,
}

fn start(image: &str, command: &[&str], args: &[&str], env: &[(&str, &str)]) -> Box1 {
    let (info, _) = lookup(image).expect("image in catalogue");
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let process = Process::spawn(info, &s(command), &s(args), &env, "pod-a").expect("starts");
    Box1 {
        process,
        fs: Filesystem::new(info, "pod-a", ""),
        volumes: Volumes::default(),
        log: Vec::new(),
    }
}

impl Box1 {
    fn run(&mut self, at_ms: u64) -> Step {
        let mut view = FsView::new(&mut self.fs, &mut self.volumes);
        self.process.run(SimTime(at_ms), &mut view, &mut self.log)
    }

    fn probe(&mut self, at_ms: u64, argv: &[&str]) -> i32 {
        let mut view = FsView::new(&mut self.fs, &mut self.volumes);
        exec(&s(argv), &mut view, SimTime(at_ms), &[]).exit_code
    }

    /// Drives the process like the runtime's timer would, up to `until_ms`.
    fn drive(&mut self, mut at: u64, until_ms: u64) -> Step {
        loop {
            match self.run(at) {
                Step::SleepUntil(t) if t.0 <= until_ms => at = t.0,
                step => return step,
            }
        }
    }

    fn text(&self) -> Vec<String> {
        self.log.iter().map(|l| l.text.clone()).collect()
    }
}

#[test]
fn liveness_exec_script_timeline() {
    let script = "touch /tmp/healthy; sleep 30; rm -rf /tmp/healthy; sleep 600";
    let mut c = start("busybox", &[], &["/bin/sh", "-c", script], &[]);
    assert_eq!(c.run(0), Step::SleepUntil(SimTime(30_000)));
    assert_eq!(c.probe(5_000, &["cat", "/tmp/healthy"]), 0);
    assert_eq!(c.run(30_000), Step::SleepUntil(SimTime(630_000)));
    let mut view = FsView::new(&mut c.fs, &mut c.volumes);
    let r = exec(
        &s(&["cat", "/tmp/healthy"]),
        &mut view,
        SimTime(35_000),
        &[],
    );
    assert_eq!(r.exit_code, 1);
    assert_eq!(
        r.stderr,
        "cat: can't open '/tmp/healthy': No such file or directory\n"
    );
    assert_eq!(c.run(630_000), Step::Exited(0));
}

#[test]
fn liveness_script_as_printed_in_the_article_exits_zero_at_30s() {
    let mut c = start(
        "busybox",
        &[],
        &[
            "/bin/sh",
            "-c",
            "touch /tmp/healthy;sleep 30;rm -rf /tmp/healthy",
        ],
        &[],
    );
    assert_eq!(c.run(0), Step::SleepUntil(SimTime(30_000)));
    assert_eq!(c.run(30_000), Step::Exited(0));
    assert!(!c.process.handles_sigterm() || c.process.listening_ports().is_empty());
}

#[test]
fn a_counting_loop_logs_with_virtual_dates() {
    let mut c = start(
        "busybox",
        &["sh", "-c"],
        &["i=0; while true; do echo \"$i: $(date)\"; i=$((i+1)); sleep 1; done"],
        &[],
    );
    assert_eq!(c.drive(0, 2_000), Step::SleepUntil(SimTime(3_000)));
    assert_eq!(
        c.text(),
        [
            "0: Tue Dec  1 09:00:00 UTC 2026",
            "1: Tue Dec  1 09:00:01 UTC 2026",
            "2: Tue Dec  1 09:00:02 UTC 2026"
        ]
    );
    assert!(!c.process.handles_sigterm(), "sh as PID 1 ignores SIGTERM");
}

#[test]
fn busy_loops_yield_every_virtual_second() {
    let mut c = start("busybox", &["sh", "-c", "while true; do :; done"], &[], &[]);
    assert_eq!(c.run(0), Step::SleepUntil(SimTime(1_000)));
    assert_eq!(c.run(1_000), Step::SleepUntil(SimTime(2_000)));
}

#[test]
fn nginx_serves_and_stops_on_term() {
    let mut c = start("nginx:1.27.3", &[], &[], &[]);
    assert_eq!(c.run(0), Step::SleepUntil(SimTime(300)));
    assert!(c.process.listening_ports().is_empty());
    assert_eq!(c.run(300), Step::Serving);
    assert_eq!(c.process.listening_ports(), vec![80]);
    assert_eq!(c.process.http_get(80, "/", SimTime(400)), Some(200));
    assert_eq!(c.process.http_get(80, "/missing", SimTime(400)), Some(404));
    assert_eq!(c.process.http_get(8080, "/", SimTime(400)), None);
    let text = c.text();
    assert_eq!(text[0], "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration");
    assert!(text
        .iter()
        .any(|l| l == "2026/12/01 09:00:00 [notice] 1#1: nginx/1.27.3"));
    assert!(c.process.handles_sigterm());
    let mut log = Vec::new();
    assert_eq!(c.process.sigterm(SimTime(5_000), &mut log), Step::Exited(0));
}

#[test]
fn mysql_without_password_exits_1_with_its_message() {
    let mut c = start("mysql", &[], &[], &[]);
    assert_eq!(c.run(0), Step::Exited(1));
    let text = c.text();
    assert!(text.iter().any(|l| l.ends_with(
        "[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified"
    )));
    assert!(text
        .iter()
        .any(|l| l == "    You need to specify one of the following as an environment variable:"));
    let mut ok = start("mysql", &[], &[], &[("MYSQL_ROOT_PASSWORD", "password")]);
    assert!(matches!(ok.drive(0, 60_000), Step::Serving));
    assert_eq!(ok.process.listening_ports(), vec![3306, 33060]);
}

#[test]
fn postgres_needs_a_password() {
    let mut c = start("postgres", &[], &[], &[]);
    assert_eq!(c.run(0), Step::Exited(1));
    assert_eq!(
        c.text()[0],
        "Error: Database is uninitialized and superuser password is not specified."
    );
}

#[test]
fn liveness_http_server_fails_after_ten_seconds() {
    let mut c = start(
        "registry.k8s.io/e2e-test-images/agnhost:2.40",
        &[],
        &["liveness"],
        &[],
    );
    assert_eq!(c.drive(0, 1_000), Step::Serving);
    assert_eq!(
        c.process.http_get(8080, "/healthz", SimTime(3_000)),
        Some(200)
    );
    assert_eq!(
        c.process.http_get(8080, "/healthz", SimTime(11_000)),
        Some(500)
    );
    let mut old = start("k8s.gcr.io/liveness", &[], &["/server"], &[]);
    assert_eq!(old.drive(0, 1_000), Step::Serving);
    assert_eq!(
        old.process.http_get(8080, "/healthz", SimTime(12_000)),
        Some(500)
    );
}

#[test]
fn stress_allocates_what_it_is_told() {
    let mut c = start(
        "polinux/stress",
        &["stress"],
        &["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"],
        &[],
    );
    assert_eq!(c.run(0), Step::Serving);
    assert!(c.process.memory_bytes() >= 250 * 1024 * 1024);
    assert_eq!(
        c.text(),
        ["stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd"]
    );
}

#[test]
fn missing_binaries_fail_like_runc() {
    let (busybox, _) = lookup("busybox").expect("busybox");
    let err = Process::spawn(busybox, &s(&["bash", "-c", "echo hi"]), &[], &[], "p").unwrap_err();
    assert_eq!(
        err.message,
        "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: \"bash\": executable file not found in $PATH: unknown"
    );
    let mut c = start("busybox", &["sleep", "3600"], &[], &[]);
    let mut view = FsView::new(&mut c.fs, &mut c.volumes);
    let r = exec(&s(&["foo"]), &mut view, SimTime(0), &[]);
    assert_eq!(
        r.start_error.as_deref(),
        Some("OCI runtime exec failed: exec failed: unable to start container process: exec: \"foo\": executable file not found in $PATH: unknown")
    );
    let r = exec(&s(&["sh", "-c", "foo"]), &mut view, SimTime(0), &[]);
    assert_eq!(
        (r.exit_code, r.stderr.as_str()),
        (127, "sh: foo: not found\n")
    );
}

#[test]
fn plain_busybox_exits_at_once() {
    let mut c = start("busybox", &[], &[], &[]);
    assert_eq!(c.run(0), Step::Exited(0));
    let mut sleeper = start(
        "busybox:1.28.4",
        &[],
        &["/bin/sh", "-c", "sleep 36000"],
        &[],
    );
    assert_eq!(sleeper.run(0), Step::SleepUntil(SimTime(36_000_000)));
    let mut forever = start("busybox", &["sleep", "infinity"], &[], &[]);
    assert_eq!(forever.run(0), Step::Serving);
    assert!(!forever.process.handles_sigterm());
}

#[test]
fn exec_sees_env_and_hostname() {
    let mut c = start("busybox", &["sleep", "3600"], &[], &[]);
    let mut view = FsView::new(&mut c.fs, &mut c.volumes);
    let env = vec![("GREETING".to_string(), "hello".to_string())];
    let r = exec(
        &s(&["sh", "-c", "echo $GREETING from $(hostname); exit 3"]),
        &mut view,
        SimTime(0),
        &env,
    );
    assert_eq!((r.exit_code, r.stdout.as_str()), (3, "hello from pod-a\n"));
    let r = exec(
        &s(&["sh", "-c", "sleep 5; echo done"]),
        &mut view,
        SimTime(0),
        &env,
    );
    assert_eq!(r.duration, SimDuration::from_secs(5));
}

#[test]
fn empty_dir_shared_between_two_containers() {
    let mut volumes = Volumes::default();
    let (busybox, _) = lookup("busybox").expect("busybox");
    let (nginx, _) = lookup("nginx").expect("nginx");
    let mut writer_fs = Filesystem::new(busybox, "web", "");
    writer_fs.mount("/pod-data", "emptydir/uid/shared", false);
    let mut nginx_fs = Filesystem::new(nginx, "web", "");
    nginx_fs.mount("/usr/share/nginx/html", "emptydir/uid/shared", false);
    let mut writer = Process::spawn(
        busybox,
        &s(&["sh", "-c"]),
        &s(&["echo hello > /pod-data/index.html; sleep 3600"]),
        &[],
        "web",
    )
    .expect("spawn");
    let mut log = Vec::new();
    writer.run(
        SimTime(0),
        &mut FsView::new(&mut writer_fs, &mut volumes),
        &mut log,
    );
    let mut view = FsView::new(&mut nginx_fs, &mut volumes);
    let r = exec(
        &s(&["cat", "/usr/share/nginx/html/index.html"]),
        &mut view,
        SimTime(1),
        &[],
    );
    assert_eq!(r.stdout, "hello\n");
}
