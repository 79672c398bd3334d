//! Property tests: no script, however malformed, panics the parser or the interpreter, and
//! every `run` call returns (bounded work per call).

use podflow_engine::runtime::images::lookup;
use podflow_engine::runtime::shell::{exec, parser, Filesystem, FsView, Process, Step, Volumes};
use podflow_engine::SimTime;
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "echo hi",
    "sleep 1",
    "sleep 0",
    "true",
    "false",
    ";",
    "&&",
    "||",
    "|",
    "&",
    "\n",
    "(",
    ")",
    "{",
    "}",
    "if",
    "then",
    "else",
    "elif",
    "fi",
    "while",
    "until",
    "do",
    "done",
    "for i in 1 2;",
    "break",
    "continue",
    "exit 3",
    "$X",
    "${X:-d}",
    "$(",
    "`",
    "'",
    "\"",
    "$((1+",
    "))",
    "[ -f /tmp/a ]",
    "touch /tmp/a",
    "rm -rf /tmp",
    "cat /tmp/a",
    "> /tmp/b",
    ">> /tmp/b",
    "2>&1",
    "x=1",
    "date",
    "trap 'exit 0' TERM",
    "exec",
    "nginx",
    "sh -c",
    "wc -l",
    "ls /",
    "mkdir -p /a/b",
    "$?",
    "\\",
];

fn script() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..24).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics_the_parser(src in "\\PC{0,80}") {
        let _ = parser::parse(&src);
    }

    #[test]
    fn random_scripts_run_in_bounded_steps(src in script()) {
        let (image, _) = lookup("busybox").expect("busybox");
        let mut fs = Filesystem::new(image, "fuzz", "");
        let mut volumes = Volumes::default();
        let argv = vec!["sh".to_string(), "-c".to_string(), src.clone()];
        let mut process = Process::spawn(image, &argv, &[], &[], "fuzz").expect("sh exists");
        let mut log = Vec::new();
        let mut now = SimTime(0);
        for _ in 0..50 {
            let step = process.run(now, &mut FsView::new(&mut fs, &mut volumes), &mut log);
            match step {
                Step::SleepUntil(t) => {
                    prop_assert!(t >= now);
                    now = t;
                }
                Step::Exited(_) | Step::Serving => break,
            }
        }
        let r = exec(&argv, &mut FsView::new(&mut fs, &mut volumes), now, &[]);
        prop_assert!(r.exit_code >= 0);
    }
}

#[test]
fn runaway_scripts_stay_bounded() {
    let (image, _) = lookup("busybox").expect("busybox");
    for src in [
        "x=a; while true; do x=$x$x; done",
        "while true; do x=$(while true; do :; done); done",
        "while true; do echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; done",
        "i=0; while true; do touch /tmp/$i; i=$((i+1)); done",
        "echo a > /tmp/a; while true; do cat /tmp/a /tmp/a > /tmp/b; cat /tmp/b > /tmp/a; done",
    ] {
        let mut fs = Filesystem::new(image, "p", "");
        let mut volumes = Volumes::default();
        let argv = vec!["sh".to_string(), "-c".to_string(), src.to_string()];
        let mut process = Process::spawn(image, &argv, &[], &[], "p").expect("spawn");
        let mut log = Vec::new();
        let mut now = SimTime(0);
        for _ in 0..20 {
            match process.run(now, &mut FsView::new(&mut fs, &mut volumes), &mut log) {
                Step::SleepUntil(t) => now = t,
                other => panic!("{src}: a runaway loop should keep running, got {other:?}"),
            }
        }
        assert_eq!(now, SimTime(20_000), "{src}: one virtual second per call");
        assert!(log.len() <= 11_000, "{src}: log is capped");
    }
}
