//! Podflow scripts: the language of `podflow run` files and golden sessions.
//!
//! Not an upstream file. A script is one command per line: `kubectl ...` or `podflow ...`
//! (see [`crate::podflow`]; optionally piped into grep/head/tail/wc), `advance DURATION` (`500ms`, `30s`, `2m`, `1h`, `1m30s`),
//! `why [NS/]POD` (the scheduler's latest decision about the pods so named or prefixed, node by
//! node: a Podflow addition, not a kubectl command), blank lines and `#` comments. `kubectl ... <<EOF` takes the following lines up to `EOF` as its
//! standard input (for `apply -f -`). The transcript shows each command as `$ <line>` (heredoc
//! lines as `> <line>`) followed by exactly what it printed, stdout then stderr.

use crate::{FileSource, Output};
use podflow_engine::{Cluster, SimDuration};

/// A malformed script: the line number (1-based) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ScriptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// One step of a script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Kubectl {
        line: String,
        stdin: Option<Vec<String>>,
    },
    Advance {
        line: String,
        by: SimDuration,
    },
    /// `why [NAMESPACE/]POD`: the scheduler's last decision about a pod, node by node.
    Why {
        line: String,
        namespace: String,
        pod: String,
    },
}

/// Parses a whole script before anything runs, so a malformed line stops it early.
pub fn parse(text: &str) -> Result<Vec<Step>, ScriptError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut steps = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let raw = lines[i];
        let line = raw.trim();
        i += 1;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let first = line.split_whitespace().next().unwrap_or("");
        match first {
            "kubectl" | "podflow" => {
                let (cmd, stdin) = match line.split_once("<<") {
                    Some((cmd, tag)) => {
                        let tag = tag.trim().trim_matches(|c| c == '\'' || c == '"');
                        let start = i;
                        while i < lines.len() && lines[i].trim() != tag {
                            i += 1;
                        }
                        if i >= lines.len() {
                            return Err(ScriptError { line: start, message: format!("here-document delimited by `{tag}` is not closed") });
                        }
                        let body = lines[start..i].iter().map(|s| s.to_string()).collect();
                        i += 1;
                        (format!("{} <<{tag}", cmd.trim_end()), Some(body))
                    }
                    None => (line.to_string(), None),
                };
                steps.push(Step::Kubectl { line: cmd, stdin });
            }
            "advance" => {
                let arg = line["advance".len()..].trim();
                let by = SimDuration::parse(arg).ok_or_else(|| ScriptError {
                    line: i,
                    message: format!("invalid duration \"{arg}\" (use 500ms, 30s, 2m, 1h)"),
                })?;
                steps.push(Step::Advance { line: line.to_string(), by });
            }
            "why" => {
                let arg = line["why".len()..].trim().trim_start_matches("pod/");
                let (namespace, pod) = arg.split_once('/').unwrap_or(("default", arg));
                if pod.is_empty() || pod.contains(char::is_whitespace) {
                    return Err(ScriptError { line: i, message: "usage: why [NAMESPACE/]POD".into() });
                }
                steps.push(Step::Why {
                    line: line.to_string(),
                    namespace: namespace.to_string(),
                    pod: pod.to_string(),
                });
            }
            _ => {
                return Err(ScriptError {
                    line: i,
                    message: format!("unknown command \"{first}\": a line is `kubectl ...`, `podflow ...`, `advance DURATION`, `why POD`, a `#` comment or blank"),
                })
            }
        }
    }
    Ok(steps)
}

/// Files plus the standard input of one step.
pub(crate) struct WithStdin<'a> {
    pub(crate) inner: &'a dyn FileSource,
    pub(crate) stdin: Option<String>,
}

impl FileSource for WithStdin<'_> {
    fn read(&self, path: &str) -> Result<String, String> {
        self.inner.read(path)
    }

    fn stdin(&self) -> Option<String> {
        self.stdin.clone()
    }

    fn list(&self, path: &str) -> Option<Vec<String>> {
        self.inner.list(path)
    }
}

/// Runs one step; returns its transcript text.
pub fn run_step(step: &Step, cluster: &mut Cluster, fs: &dyn FileSource) -> String {
    match step {
        Step::Advance { line, by } => {
            cluster.advance(*by);
            format!("$ {line}\n")
        }
        Step::Why {
            line,
            namespace,
            pod,
        } => {
            let key =
                podflow_engine::api::ObjectKey::new(podflow_engine::api::Kind::Pod, namespace, pod);
            // An exact pod name, else every pod whose name starts with it (`why web` for a
            // deployment's pods), each with its latest decision.
            let log = cluster.scheduler().decisions();
            let body = match log.latest(&key) {
                Some(d) => d.render(),
                None => {
                    let mut seen = std::collections::BTreeMap::new();
                    for d in log.iter() {
                        if d.pod.namespace == *namespace && d.pod.name.starts_with(pod.as_str()) {
                            seen.insert(d.pod.name.clone(), d.render());
                        }
                    }
                    if seen.is_empty() {
                        format!("no scheduling decision recorded for {namespace}/{pod}\n")
                    } else {
                        seen.into_values().collect()
                    }
                }
            };
            format!("$ {line}\n{body}")
        }
        Step::Kubectl { line, stdin } => {
            let mut text = format!("$ {line}\n");
            let cmd = line.split_once(" <<").map_or(line.as_str(), |(c, _)| c);
            if let Some(body) = stdin {
                for l in body {
                    text.push_str(&format!("> {l}\n"));
                }
                let tag = line.rsplit("<<").next().unwrap_or("EOF");
                text.push_str(&format!("> {tag}\n"));
            }
            let files = WithStdin {
                inner: fs,
                stdin: stdin
                    .as_ref()
                    .map(|b| b.iter().map(|l| format!("{l}\n")).collect()),
            };
            let out: Output = crate::run(cmd, cluster, &files);
            text.push_str(&out.combined());
            text
        }
    }
}

/// Runs a whole script and returns the transcript.
pub fn run(text: &str, cluster: &mut Cluster, fs: &dyn FileSource) -> Result<String, ScriptError> {
    let steps = parse(text)?;
    Ok(steps.iter().map(|s| run_step(s, cluster, fs)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_commands_heredocs_and_rejects_junk() {
        let steps =
            parse("# c\n\nkubectl get pods\nadvance 30s\nkubectl apply -f - <<EOF\na: 1\nEOF\n")
                .unwrap();
        assert_eq!(steps.len(), 3);
        assert!(
            matches!(&steps[2], Step::Kubectl { stdin: Some(b), .. } if b == &vec!["a: 1".to_string()])
        );
        assert_eq!(parse("kubectl get\nls -l\n").unwrap_err().line, 2);
        assert_eq!(parse("advance soon\n").unwrap_err().line, 1);
    }
}
