//! Every builtin lesson parses, speaks both languages, covers its seed rows, and runs to
//! completion on the engine with each goal met and each pause firing.

use podflow_lessons::{builtin, run_lesson, Lesson, Text, BUILTIN_SOURCES};
use std::time::Instant;

/// Each topic of `shared/seeds/README.md` (issue 6's list) → the lesson that teaches it.
const SEED_TOPICS: &[(&str, &str)] = &[
    ("create-pod flow end to end", "create-pod-flow"),
    ("pod phases and the STATUS column", "pod-phases"),
    ("pause container and shared namespaces", "pause-container"),
    (
        "labels, selectors, Services, endpoints, kube-proxy",
        "services-and-labels",
    ),
    (
        "RC/ReplicaSet/Deployment keep replicas, replace a deleted pod",
        "controllers-keep-replicas",
    ),
];

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
            // Chinese text has Chinese in it (not the English pasted twice).
            assert!(
                text.zh_cn
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
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
    let ids: Vec<String> = builtin().into_iter().map(|l| l.id).collect();
    for (topic, id) in SEED_TOPICS {
        assert!(
            ids.iter().any(|i| i == id),
            "seed topic \"{topic}\": no lesson {id}"
        );
    }
    for id in &ids {
        assert!(
            SEED_TOPICS.iter().any(|(_, l)| l == id),
            "lesson {id} teaches no seed topic listed here"
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
