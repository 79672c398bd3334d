//! A teacher's malformed lesson gets one clear message at the line of the mistake.

use podflow_lessons::{Expect, Lesson};

const GOOD: &str = "\
id: tiny
title: {en: Tiny, zh-CN: 小}
summary: {en: A tiny lesson, zh-CN: 一个小课}
seedRef: 000_446587d5230033cd.txt
setup: |
  kubectl label node k8s-node-1 env=dev
  advance 5s
steps:
  - title: {en: Look, zh-CN: 看}
    narration:
      en: List the nodes.
      zh-CN: 列出节点。
    run: kubectl get nodes
    goal:
      description: {en: Three nodes, zh-CN: 三个节点}
      check:
        - run: kubectl get nodes --no-headers
          lines: 3
      within: 30s
closing: {en: Done, zh-CN: 完成}
";

/// GOOD with line `n` (1-based) replaced by `with`.
fn edit(n: usize, with: &str) -> String {
    GOOD.lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == n { with } else { l })
        .collect::<Vec<_>>()
        .join("\n")
}

fn error(text: &str) -> (Option<usize>, String) {
    let e = Lesson::parse(text).expect_err("should not parse");
    (e.line, e.message)
}

#[test]
fn the_good_lesson_parses() {
    let l = Lesson::parse(GOOD).unwrap();
    assert_eq!(l.steps[0].goal.check[0].expect, Expect::Lines(3));
    assert_eq!(l.steps[0].goal.within.as_millis(), 30_000);
    assert_eq!(l.seed_ref, vec!["000_446587d5230033cd.txt".to_string()]);
    assert_eq!(l.steps[0].run, vec!["kubectl get nodes".to_string()]);
    assert_eq!(l.title.get("zh-CN"), "小");
    assert_eq!(l.title.get("en"), "Tiny");
}

#[test]
fn an_unknown_field_is_named_at_its_line() {
    let (line, msg) = error(&edit(13, "    runn: kubectl get nodes"));
    assert_eq!(line, Some(13));
    assert!(
        msg.starts_with("steps[0].runn: unknown field \"runn\""),
        "{msg}"
    );
    let (line, msg) = error(&edit(2, "titel: {en: Tiny, zh-CN: 小}"));
    assert_eq!(line, Some(2));
    assert!(msg.contains("unknown field \"titel\""), "{msg}");
}

#[test]
fn a_missing_chinese_text_points_at_its_parent() {
    let (line, msg) = error(&edit(12, ""));
    assert_eq!(line, Some(10));
    assert_eq!(msg, "steps[0].narration: missing \"zh-CN\"");
    let (line, msg) = error(&edit(15, "      description: {en: Three nodes}"));
    assert_eq!(line, Some(15));
    assert_eq!(msg, "steps[0].goal.description: missing \"zh-CN\"");
}

#[test]
fn a_wrong_type_is_reported() {
    let (line, msg) = error(&edit(11, "      en: [List, the, nodes]"));
    assert_eq!(line, Some(11));
    assert_eq!(
        msg,
        "steps[0].narration.en: expected a string, found a list"
    );
    let (line, msg) = error(&edit(18, "          lines: three"));
    assert_eq!(line, Some(18));
    assert!(
        msg.contains("expected a whole number, found a string"),
        "{msg}"
    );
}

#[test]
fn a_bad_within_duration_is_reported() {
    let (line, msg) = error(&edit(19, "      within: 30"));
    assert_eq!(line, Some(19));
    assert_eq!(
        msg,
        "steps[0].goal.within: invalid duration 30: write it with a unit, e.g. 30s, 2m, 1m30s"
    );
    let (line, _) = error(&edit(19, "      within: 2 minutes"));
    assert_eq!(line, Some(19));
}

#[test]
fn a_bad_check_is_reported() {
    let (line, msg) = error(&edit(18, "          wat: 3"));
    assert_eq!(line, Some(18));
    assert!(msg.contains("unknown field \"wat\""), "{msg}");
    let (line, msg) = error(&edit(18, "          lines: 3\n          equals: x"));
    assert_eq!(line, Some(17));
    assert_eq!(
        msg,
        "steps[0].goal.check[0]: a check takes only one of: equals, lines"
    );
    let (line, msg) = error(&edit(17, "        - run: ls -l"));
    assert_eq!(line, Some(17));
    assert!(
        msg.contains("must start with `kubectl` or `podflow`"),
        "{msg}"
    );
}

#[test]
fn a_bad_setup_line_points_into_the_block() {
    let (line, msg) = error(&edit(7, "  sleep 5"));
    assert_eq!(line, Some(7));
    assert!(msg.starts_with("setup: unknown command \"sleep\""), "{msg}");
}

#[test]
fn yaml_syntax_and_shape_errors_have_lines() {
    let (line, _) = error(&edit(9, "  - title: {en: Look, zh-CN: 看"));
    assert!(line.is_some());
    let (line, msg) = error("id: x\nid: y\n");
    assert_eq!(line, Some(2));
    assert!(msg.contains("written twice"), "{msg}");
    let (line, msg) = error(&format!("{GOOD}---\nid: other\n"));
    assert_eq!(line, Some(22));
    assert!(msg.contains("one YAML document"), "{msg}");
    let (line, msg) = error("");
    assert_eq!((line, msg.as_str()), (None, "the lesson file is empty"));
    let (line, msg) = error(&edit(1, ""));
    assert_eq!((line, msg.as_str()), (None, "missing \"id\""));
}

#[test]
fn pause_matchers_are_checked() {
    let text = edit(
        13,
        "    pauses:\n      - match: {from: scheduler}\n        narration: {en: a, zh-CN: 甲}",
    );
    let (line, msg) = error(&text);
    assert_eq!(line, Some(14));
    assert!(msg.contains("unknown actor \"scheduler\""), "{msg}");
}

#[test]
fn the_id_must_match_the_file_name() {
    let e = Lesson::parse_file("other", GOOD).unwrap_err();
    assert_eq!(e.line, Some(1));
    assert_eq!(
        e.to_string(),
        "line 1: id: \"tiny\" must equal the file name \"other\""
    );
}
