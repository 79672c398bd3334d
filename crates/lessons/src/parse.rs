//! `Lesson::parse`: a lesson file → [`Lesson`], or the first mistake with its line.
//!
//! Not an upstream file. Unknown fields, a missing `en`/`zh-CN`, a wrong type, a bad `within`,
//! a check without (or with two) expectations, a setup script line Podflow cannot run, and a
//! `run` line that is not `kubectl`/`podflow` are all errors: a teacher's lesson is checked
//! whole before a class sees it.

use crate::model::{
    Check, Expect, Goal, Lesson, Pause, PauseMatch, Solution, Step, Text, DEFAULT_WITHIN,
};
use crate::yaml::{join, kind, Cx, LessonError};
use podflow_engine::manifest;
use serde_json::Value;

const LESSON_FIELDS: &[&str] = &[
    "id", "title", "summary", "topics", "seedRef", "setup", "steps", "closing",
];
const STEP_FIELDS: &[&str] = &[
    "title",
    "narration",
    "apply",
    "run",
    "pauses",
    "solution",
    "goal",
    "hints",
];
const MATCH_FIELDS: &[&str] = &["from", "to", "node", "kind", "object", "summary"];
const EXPECTATIONS: &[&str] = &[
    "equals",
    "contains",
    "notContains",
    "atLeast",
    "lines",
    "words",
    "exitCode",
];
/// What `from`/`to` may name: the actors' names without `@node`.
pub const ACTORS: &[&str] = &[
    "kubectl",
    "kube-apiserver",
    "etcd",
    "kube-scheduler",
    "kube-controller-manager",
    "kubelet",
    "kube-proxy",
    "containerd",
];

impl Lesson {
    /// Parses one lesson file; the error names the line of the first mistake.
    pub fn parse(yaml: &str) -> Result<Lesson, LessonError> {
        let docs: Vec<_> = manifest::parse(yaml)
            .into_iter()
            .filter(|d| !d.is_empty())
            .collect();
        let Some(doc) = docs.first() else {
            return Err(LessonError {
                line: None,
                message: "the lesson file is empty".into(),
            });
        };
        if let Some(second) = docs.get(1) {
            return Err(LessonError {
                line: Some(second.start_line),
                message: "a lesson file holds one YAML document; a second one starts here, after a `---` line".into(),
            });
        }
        let value = doc.value.as_ref().map_err(|e| LessonError {
            line: e.line,
            message: e.message.clone(),
        })?;
        if let Some(d) = doc.duplicates.first() {
            return Err(LessonError {
                line: Some(d.line),
                message: format!(
                    "field \"{}\" is written twice (first at line {})",
                    d.key, d.first_line
                ),
            });
        }
        lesson(
            &Cx {
                positions: &doc.positions,
            },
            value,
            yaml,
        )
    }

    /// Parses the file `<file_stem>.yaml`, whose `id` must be `file_stem`.
    pub fn parse_file(file_stem: &str, yaml: &str) -> Result<Lesson, LessonError> {
        let lesson = Lesson::parse(yaml)?;
        if lesson.id != file_stem {
            return Err(LessonError {
                line: line_of_key(yaml, "id"),
                message: format!(
                    "id: \"{}\" must equal the file name \"{file_stem}\"",
                    lesson.id
                ),
            });
        }
        Ok(lesson)
    }
}

fn lesson(cx: &Cx, v: &Value, text: &str) -> Result<Lesson, LessonError> {
    let m = cx.object(v, "", LESSON_FIELDS)?;
    let id = cx.string(cx.required(m, "", "id")?, "id")?;
    if !id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(cx.err("id", "use lowercase letters, digits and `-` only"));
    }
    let topics = match m.get("topics") {
        Some(t) => cx.strings(t, "topics")?,
        None => vec![],
    };
    let seed_ref = match m.get("seedRef") {
        Some(s) => cx.strings(s, "seedRef")?,
        None => vec![],
    };
    let setup = match m.get("setup") {
        Some(s) => cx.scalar(s, "setup")?,
        None => String::new(),
    };
    check_setup(cx, &setup, text)?;
    let raw_steps = cx.list(cx.required(m, "", "steps")?, "steps")?;
    if raw_steps.is_empty() {
        return Err(cx.err("steps", "a lesson needs at least one step"));
    }
    let steps = raw_steps
        .iter()
        .enumerate()
        .map(|(i, s)| step(cx, s, &format!("steps[{i}]")))
        .collect::<Result<_, _>>()?;
    Ok(Lesson {
        title: text_of(cx, cx.required(m, "", "title")?, "title")?,
        summary: text_of(cx, cx.required(m, "", "summary")?, "summary")?,
        closing: text_of(cx, cx.required(m, "", "closing")?, "closing")?,
        id,
        topics,
        seed_ref,
        setup,
        steps,
    })
}

/// The setup script must parse; its errors point at the file's line, not the script's.
fn check_setup(cx: &Cx, setup: &str, text: &str) -> Result<(), LessonError> {
    let Err(e) = podflow_kubectl::script::parse(setup) else {
        return Ok(());
    };
    let key_line = cx.line("setup");
    // A block scalar (`setup: |`) starts on the line after its key.
    let block = key_line
        .and_then(|l| text.lines().nth(l - 1))
        .and_then(|l| l.split_once(':'))
        .is_some_and(|(_, rest)| rest.trim_start().starts_with(['|', '>']));
    Err(LessonError {
        line: key_line.map(|l| if block { l + e.line } else { l }),
        message: format!("setup: {}", e.message),
    })
}

/// `{en: ..., zh-CN: ...}`, both present and non-empty.
pub(crate) fn text_of(cx: &Cx, v: &Value, path: &str) -> Result<Text, LessonError> {
    let m = cx.object(v, path, &["en", "zh-CN"])?;
    Ok(Text {
        en: cx.string(cx.required(m, path, "en")?, &join(path, "en"))?,
        zh_cn: cx.string(cx.required(m, path, "zh-CN")?, &join(path, "zh-CN"))?,
    })
}

fn step(cx: &Cx, v: &Value, path: &str) -> Result<Step, LessonError> {
    let m = cx.object(v, path, STEP_FIELDS)?;
    let (apply, run) = action(cx, m, path)?;
    let solution = match m.get("solution") {
        Some(v) => {
            let spath = join(path, "solution");
            let sm = cx.object(v, &spath, &["apply", "run"])?;
            let (apply, run) = action(cx, sm, &spath)?;
            if apply.is_none() && run.is_empty() {
                return Err(cx.err(&spath, "a solution needs `apply` or `run`"));
            }
            Some(Solution { apply, run })
        }
        None => None,
    };
    let pauses = match m.get("pauses") {
        Some(p) => cx
            .list(p, &join(path, "pauses"))?
            .iter()
            .enumerate()
            .map(|(i, p)| pause(cx, p, &format!("{path}.pauses[{i}]")))
            .collect::<Result<_, _>>()?,
        None => vec![],
    };
    let hints = match m.get("hints") {
        Some(h) => cx
            .list(h, &join(path, "hints"))?
            .iter()
            .enumerate()
            .map(|(i, h)| text_of(cx, h, &format!("{path}.hints[{i}]")))
            .collect::<Result<_, _>>()?,
        None => vec![],
    };
    Ok(Step {
        title: text_of(cx, cx.required(m, path, "title")?, &join(path, "title"))?,
        narration: text_of(
            cx,
            cx.required(m, path, "narration")?,
            &join(path, "narration"),
        )?,
        apply,
        run,
        pauses,
        solution,
        goal: goal(cx, cx.required(m, path, "goal")?, &join(path, "goal"))?,
        hints,
    })
}

/// A step's (or solution's) `apply` YAML and `run` lines.
fn action(
    cx: &Cx,
    m: &serde_json::Map<String, Value>,
    path: &str,
) -> Result<(Option<String>, Vec<String>), LessonError> {
    let apply = match m.get("apply") {
        Some(a) => Some(cx.string(a, &join(path, "apply"))?),
        None => None,
    };
    let Some(r) = m.get("run") else {
        return Ok((apply, vec![]));
    };
    let lines = cx.strings(r, &join(path, "run"))?;
    for (i, line) in lines.iter().enumerate() {
        let at = if r.is_array() {
            format!("{path}.run[{i}]")
        } else {
            join(path, "run")
        };
        command_line(cx, line, &at)?;
    }
    Ok((apply, lines))
}

/// A line the learner types or a check runs: kubectl or podflow, nothing else.
fn command_line(cx: &Cx, line: &str, path: &str) -> Result<(), LessonError> {
    let first = line.split_whitespace().next().unwrap_or("");
    if first == "kubectl" || first == "podflow" {
        Ok(())
    } else {
        Err(cx.err(
            path,
            format!("\"{line}\" must start with `kubectl` or `podflow`"),
        ))
    }
}

fn pause(cx: &Cx, v: &Value, path: &str) -> Result<Pause, LessonError> {
    let m = cx.object(v, path, &["match", "narration"])?;
    let mpath = join(path, "match");
    let mm = cx.object(cx.required(m, path, "match")?, &mpath, MATCH_FIELDS)?;
    let field = |key: &str| -> Result<Option<String>, LessonError> {
        mm.get(key)
            .map(|v| cx.string(v, &join(&mpath, key)))
            .transpose()
    };
    let matcher = PauseMatch {
        from: field("from")?,
        to: field("to")?,
        node: field("node")?,
        kind: field("kind")?,
        object: field("object")?,
        summary: field("summary")?,
    };
    for (key, actor) in [("from", &matcher.from), ("to", &matcher.to)] {
        if let Some(a) = actor.as_deref().filter(|a| !ACTORS.contains(a)) {
            return Err(cx.err(
                &join(&mpath, key),
                format!(
                    "unknown actor \"{a}\" (expected one of: {})",
                    ACTORS.join(", ")
                ),
            ));
        }
    }
    if matcher == PauseMatch::default() {
        return Err(cx.err(
            &mpath,
            format!("set at least one of: {}", MATCH_FIELDS.join(", ")),
        ));
    }
    Ok(Pause {
        matcher,
        narration: text_of(
            cx,
            cx.required(m, path, "narration")?,
            &join(path, "narration"),
        )?,
    })
}

fn goal(cx: &Cx, v: &Value, path: &str) -> Result<Goal, LessonError> {
    let m = cx.object(v, path, &["description", "check", "within"])?;
    let within = match m.get("within") {
        None => DEFAULT_WITHIN,
        Some(w) => cx.duration(w, &join(path, "within"))?,
    };
    let cpath = join(path, "check");
    let checks = cx.list(cx.required(m, path, "check")?, &cpath)?;
    if checks.is_empty() {
        return Err(cx.err(&cpath, "a goal needs at least one check"));
    }
    Ok(Goal {
        description: text_of(
            cx,
            cx.required(m, path, "description")?,
            &join(path, "description"),
        )?,
        check: checks
            .iter()
            .enumerate()
            .map(|(i, c)| check(cx, c, &format!("{cpath}[{i}]")))
            .collect::<Result<_, _>>()?,
        within,
    })
}

fn check(cx: &Cx, v: &Value, path: &str) -> Result<Check, LessonError> {
    let mut fields = vec!["run"];
    fields.extend_from_slice(EXPECTATIONS);
    let m = cx.object(v, path, &fields)?;
    let run = cx.string(cx.required(m, path, "run")?, &join(path, "run"))?;
    command_line(cx, &run, &join(path, "run"))?;
    let given: Vec<&str> = EXPECTATIONS
        .iter()
        .copied()
        .filter(|k| m.contains_key(*k))
        .collect();
    let [key] = given[..] else {
        let message = if given.is_empty() {
            format!("a check needs one of: {}", EXPECTATIONS.join(", "))
        } else {
            format!("a check takes only one of: {}", given.join(", "))
        };
        return Err(cx.err(path, message));
    };
    let (v, at) = (&m[key], join(path, key));
    let expect = match key {
        "equals" => Expect::Equals(cx.scalar(v, &at)?),
        "contains" => Expect::Contains(cx.string(v, &at).or_else(|_| cx.scalar(v, &at))?),
        "notContains" => Expect::NotContains(cx.string(v, &at).or_else(|_| cx.scalar(v, &at))?),
        "atLeast" => Expect::AtLeast(
            v.as_f64()
                .ok_or_else(|| cx.err(&at, format!("expected a number, found {}", kind(v))))?,
        ),
        "lines" => Expect::Lines(cx.integer(v, &at, 0..=10_000)? as usize),
        "words" => Expect::Words(cx.integer(v, &at, 0..=10_000)? as usize),
        _ => Expect::ExitCode(cx.integer(v, &at, 0..=255)? as i32),
    };
    Ok(Check { run, expect })
}

/// The line of a top-level key, for errors found after parsing.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    let prefix = format!("{key}:");
    text.lines()
        .position(|l| l.starts_with(&prefix))
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_line_must_be_kubectl_or_podflow() {
        let positions = manifest::PositionIndex::default();
        let cx = Cx {
            positions: &positions,
        };
        assert!(command_line(&cx, "kubectl get pods", "run").is_ok());
        assert!(command_line(&cx, "podflow traffic web", "run").is_ok());
        let e = command_line(&cx, "why web", "steps[0].run").unwrap_err();
        assert_eq!(
            e.message,
            "steps[0].run: \"why web\" must start with `kubectl` or `podflow`"
        );
    }
}
