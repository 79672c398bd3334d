//! Every builtin lesson parses, speaks both languages, covers its seed rows, and runs to
//! completion on the engine with each goal met and each pause firing.

use podflow_lessons::{builtin, run_lesson, Lesson, Text, BUILTIN_SOURCES};
use std::time::Instant;

/// Every topic of each row of `shared/seeds/README.md` (issue 6's list) → the seed file and
/// the lesson that teaches it. The lesson must name that file in its `seedRef`.
const SEED_TOPICS: &[(&str, &str, &str)] = &[
    (S000, "pod lifecycle states", "pod-phases"),
    (S000, "restart policy", "restart-policy"),
    (S000, "health checks", "health-probes"),
    (S000, "automatic and manual placement", "node-selection"),
    (S000, "scale up/down", "controllers-keep-replicas"),
    (
        S000,
        "emptyDir, hostPath; data outlives a container restart",
        "volumes",
    ),
    (
        S000,
        "volumes shared by the pod's containers",
        "pause-container",
    ),
    (
        S000,
        "pod IP, container to container over localhost",
        "pause-container",
    ),
    (S000, "pod to Service", "services-and-labels"),
    (
        S001,
        "pause container and shared namespaces",
        "pause-container",
    ),
    (
        S001,
        "Service: label selector, virtual IP",
        "services-and-labels",
    ),
    (S001, "Labels", "services-and-labels"),
    (
        S001,
        "ReplicationController keeps N replicas",
        "controllers-keep-replicas",
    ),
    (S001, "control plane and node components", "create-pod-flow"),
    (
        S001,
        "kubectl → API server → etcd → ... → kubelet",
        "create-pod-flow",
    ),
    (
        S001,
        "Service → Endpoints → kube-proxy",
        "services-and-labels",
    ),
    (
        S002,
        "pause container, shared network and storage",
        "pause-container",
    ),
    (S002, "a rescheduled pod is a new pod", "node-failure"),
    (
        S002,
        "imagePullPolicy (IfNotPresent, Always, Never)",
        "image-pull-policy",
    ),
    (S002, "resource requests and limits", "requests-and-limits"),
    (
        S002,
        "restartPolicy (Always, OnFailure, Never)",
        "restart-policy",
    ),
    (
        S002,
        "liveness and readiness: exec, httpGet, tcpSocket",
        "health-probes",
    ),
    (S002, "the create-pod flow", "create-pod-flow"),
    (
        S002,
        "scheduling by resource requests",
        "requests-and-limits",
    ),
    (
        S002,
        "nodeSelector, node affinity required and preferred",
        "node-selection",
    ),
    (
        S002,
        "taints and tolerations, the kubectl session",
        "taints-and-tolerations",
    ),
    (S002, "the YAML mistakes", "find-the-bug"),
    (
        S003,
        "pod phases Pending, Running, Succeeded, Failed, Unknown",
        "pod-phases",
    ),
    (S003, "the create-pod flow", "create-pod-flow"),
    (
        S003,
        "restartPolicy per controller (RC, Job)",
        "restart-policy",
    ),
    (
        S003,
        "liveness, readiness (leaves endpoints), startup",
        "health-probes",
    ),
    (
        S004,
        "shared IP and port space, localhost, IPC",
        "pause-container",
    ),
    (S004, "hostname equals the pod name", "pause-container"),
    (
        S004,
        "pods are replaced with a new UID, never moved",
        "controllers-keep-replicas",
    ),
    (
        S004,
        "controllers (Deployment)",
        "controllers-keep-replicas",
    ),
    (
        S004,
        "termination: grace period, preStop, TERM then KILL",
        "graceful-termination",
    ),
    (
        S004,
        "Terminating, removal from endpoints, force delete",
        "graceful-termination",
    ),
    (S004, "node failure and eviction", "node-failure"),
    (S004, "the five phases", "pod-phases"),
    (S004, "shared volumes", "volumes"),
];
const S000: &str = "000_446587d5230033cd.txt";
const S001: &str = "001_0eaf01182d6e16e4.txt";
const S002: &str = "002_864131bbc8326847.txt";
const S003: &str = "003_b5c84d97bf014f41.txt";
const S004: &str = "004_4f240efcad385b16.txt";

fn texts(lesson: &Lesson) -> Vec<(String, &Text)> {
    let mut all = vec![
        ("title".to_string(), &lesson.title),
        ("summary".to_string(), &lesson.summary),
        ("closing".to_string(), &lesson.closing),
    ];
    for (i, s) in lesson.steps.iter().enumerate() {
        all.push((format!("steps[{i}].title"), &s.title));
        all.push((format!("steps[{i}].narration"), &s.narration));
        all.push((format!("steps[{i}].goal.description"), &s.goal.description));
        for (j, p) in s.pauses.iter().enumerate() {
            all.push((format!("steps[{i}].pauses[{j}].narration"), &p.narration));
        }
        for (j, h) in s.hints.iter().enumerate() {
            all.push((format!("steps[{i}].hints[{j}]"), h));
        }
    }
    all
}

#[test]
fn every_builtin_lesson_parses_with_its_file_name_as_id() {
    for (id, text) in BUILTIN_SOURCES {
        let lesson = Lesson::parse_file(id, text).unwrap_or_else(|e| panic!("{id}.yaml: {e}"));
        assert_eq!(lesson.id, *id);
    }
    assert_eq!(builtin().len(), BUILTIN_SOURCES.len());
}

#[test]
fn every_text_is_written_in_english_and_chinese() {
    for lesson in builtin() {
        for (path, text) in texts(&lesson) {
            assert!(
                !text.en.trim().is_empty(),
                "{}: {path} has no en",
                lesson.id
            );
            assert!(
                !text.zh_cn.trim().is_empty(),
                "{}: {path} has no zh-CN",
                lesson.id
            );
            // Chinese text has Chinese in it (not the English pasted twice), unless the text is
            // only a command line, the same in both languages.
            let chinese = text
                .zh_cn
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            assert!(
                chinese || text.zh_cn == text.en,
                "{}: {path} zh-CN is not Chinese: {}",
                lesson.id,
                text.zh_cn
            );
        }
        assert!(!lesson.seed_ref.is_empty(), "{}: no seedRef", lesson.id);
    }
}

#[test]
fn the_lessons_cover_every_seed_topic() {
    let lessons = builtin();
    for (seed, topic, id) in SEED_TOPICS {
        let lesson = lessons.iter().find(|l| l.id == *id);
        let lesson = lesson.unwrap_or_else(|| panic!("{seed} \"{topic}\": no lesson {id}"));
        assert!(
            lesson.seed_ref.iter().any(|s| s == seed),
            "{id} teaches {seed} \"{topic}\" but its seedRef does not name {seed}"
        );
    }
    for seed in [S000, S001, S002, S003, S004] {
        assert!(SEED_TOPICS.iter().any(|(s, _, _)| *s == seed), "{seed}");
    }
    for lesson in &lessons {
        assert!(
            SEED_TOPICS.iter().any(|(_, _, l)| *l == lesson.id),
            "lesson {} teaches no seed topic listed here",
            lesson.id
        );
    }
}

#[test]
fn every_lesson_runs_to_completion() {
    let started = Instant::now();
    let mut steps = 0;
    // `LESSON=<id>` runs one lesson, for authors iterating on it.
    let only = std::env::var("LESSON").ok();
    for lesson in builtin() {
        if only.as_ref().is_some_and(|id| *id != lesson.id) {
            continue;
        }
        let t = Instant::now();
        let report = run_lesson(&lesson).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report.steps.len(), lesson.steps.len());
        for (step, r) in lesson.steps.iter().zip(&report.steps) {
            assert_eq!(r.pauses.len(), step.pauses.len());
            assert!(r.pauses.windows(2).all(|w| w[0] < w[1]), "{}", lesson.id);
        }
        steps += lesson.steps.len();
        eprintln!(
            "{}: {} steps, virtual {}, native {:?}",
            lesson.id,
            lesson.steps.len(),
            report.finished_at,
            t.elapsed()
        );
    }
    eprintln!(
        "{} lessons, {steps} steps in {:?}",
        builtin().len(),
        started.elapsed()
    );
}

/// The "find the bug" steps fail, as printed, with the error a real cluster gives (the hints
/// quote it), before their solution makes them run.
#[test]
fn the_find_the_bug_snippets_fail_with_the_real_errors() {
    let expected = [
        "no matches for kind \"Pod\" in version \"apps/v1\"",
        "unknown field \"spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringException\"",
        "yaml: line 9: did not find expected key",
        "unknown field \"spec.effect\", unknown field \"spec.operator\", unknown field \"spec.value\"",
    ];
    let lesson = builtin()
        .into_iter()
        .find(|l| l.id == "find-the-bug")
        .expect("find-the-bug lesson");
    let report = run_lesson(&lesson).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.steps.len(), expected.len());
    for (step, want) in report.steps.iter().zip(expected) {
        let (line, broken) = &step.outputs[0];
        assert_eq!(line, "kubectl apply -f -");
        assert_ne!(broken.exit_code, 0, "{broken:?}");
        assert!(broken.combined().contains(want), "{}", broken.combined());
        let (_, fixed) = &step.outputs[1];
        assert_eq!(fixed.exit_code, 0, "{fixed:?}");
    }
}
