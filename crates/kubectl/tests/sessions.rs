//! Golden sessions: each `sessions/NAME.session` script runs against a fresh cluster and its
//! whole transcript must equal `sessions/NAME.transcript`. `UPDATE_GOLDEN=1 cargo test -p
//! podflow-kubectl --test sessions` rewrites the transcripts (review the diff by eye).
//! A script may start with `#! seed=N` and `#! empty-cluster` lines.

use podflow_engine::Cluster;
use podflow_kubectl::{script, DirFiles};
use std::path::Path;

fn cluster_for(script: &str) -> Cluster {
    let mut seed = 1;
    let mut empty = false;
    for line in script.lines().filter_map(|l| l.strip_prefix("#!")) {
        let l = line.trim();
        if let Some(s) = l.strip_prefix("seed=") {
            seed = s.parse().expect("seed");
        }
        empty |= l == "empty-cluster";
    }
    if empty {
        Cluster::empty(seed)
    } else {
        Cluster::new(seed)
    }
}

#[test]
fn golden_sessions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sessions");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("sessions dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "session"))
        .collect();
    entries.sort();
    assert!(!entries.is_empty(), "no sessions found");
    let update = std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1");
    let mut failures = Vec::new();
    for path in entries {
        let text = std::fs::read_to_string(&path).expect("read session");
        let mut cluster = cluster_for(&text);
        let fs = DirFiles { base: dir.clone() };
        let got = script::run(&text, &mut cluster, &fs).expect("well-formed script");
        let golden = path.with_extension("transcript");
        if update {
            std::fs::write(&golden, &got).expect("write transcript");
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        if got != want {
            failures.push(format!(
                "{}: transcript differs\n--- want\n{want}\n--- got\n{got}",
                path.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\nIf the engine changed on purpose, rewrite the transcripts with\n  UPDATE_GOLDEN=1 cargo test -p podflow-kubectl --test sessions\nand review the diff (git diff crates/kubectl/tests/sessions).",
        failures.join("\n")
    );
}
