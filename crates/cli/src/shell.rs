//! `podflow shell`: the scripted session typed at a prompt.
//!
//! At a terminal the prompt edits lines, keeps history (↑/↓, Ctrl+R) and completes with Tab
//! from the same `complete` the browser terminal uses, so both offer the same words. When
//! stdin is a pipe or a file it reads plain lines, so a shell session can be scripted.

use podflow_engine::Cluster;
use podflow_kubectl::{complete, script, DirFiles};
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{CompletionType, Config, Context, Editor, Helper};
use std::cell::RefCell;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::rc::Rc;

const HELP: &str = "kubectl ...        run a kubectl command (pipes: grep, head, tail, wc -l)\npodflow ...        Podflow's own commands (podflow help)\nadvance DURATION   move virtual time (500ms, 30s, 2m, 1h)\nexit               leave (or Ctrl+D)\n";

/// Runs the prompt until `exit` or end of input; the exit status.
pub fn run(cluster: Cluster) -> i32 {
    println!("podflow shell: type kubectl commands, `advance 30s`, `help` or `exit`.");
    let cluster = Rc::new(RefCell::new(cluster));
    if std::io::stdin().is_terminal() {
        if let Ok(code) = interactive(&cluster) {
            return code;
        }
        // No usable terminal after all (e.g. TERM=dumb quirks): fall back to plain lines.
    }
    plain(&cluster)
}

fn interactive(cluster: &Rc<RefCell<Cluster>>) -> rustyline::Result<i32> {
    // List, as bash: Tab inserts the common prefix, a second Tab lists the candidates.
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .auto_add_history(true)
        .build();
    let mut editor: Editor<ShellHelper, _> = Editor::with_config(config)?;
    editor.set_helper(Some(ShellHelper {
        cluster: Rc::clone(cluster),
    }));
    loop {
        let prompt = format!("[{}] $ ", cluster.borrow().now());
        match editor.readline(&prompt) {
            Ok(line) => {
                if let Some(code) = handle(&line, &mut cluster.borrow_mut()) {
                    return Ok(code);
                }
            }
            // Ctrl+C drops the line being typed, as bash does.
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => return Ok(0),
            Err(e) => return Err(e),
        }
    }
}

fn plain(cluster: &Rc<RefCell<Cluster>>) -> i32 {
    let stdin = std::io::stdin();
    let mut out = std::io::stdout();
    loop {
        print!("[{}] $ ", cluster.borrow().now());
        let _ = out.flush();
        let mut line = String::new();
        if stdin.lock().read_line(&mut line).unwrap_or(0) == 0 {
            println!();
            return 0;
        }
        if let Some(code) = handle(&line, &mut cluster.borrow_mut()) {
            return code;
        }
    }
}

/// Runs one typed line; `Some(status)` when the shell should end.
fn handle(line: &str, cluster: &mut Cluster) -> Option<i32> {
    let line = line.trim();
    match line {
        "" => return None,
        "exit" | "quit" => return Some(0),
        "help" => {
            print!("{HELP}");
            return None;
        }
        _ => {}
    }
    let fs = DirFiles {
        base: PathBuf::from("."),
    };
    let mut out = std::io::stdout().lock();
    match script::parse(line) {
        Ok(steps) => {
            for step in &steps {
                let text = script::run_step(step, cluster, &fs);
                // The transcript starts with the echoed command; the prompt already shows it.
                let body = text.split_once('\n').map_or("", |(_, b)| b);
                let _ = out.write_all(body.as_bytes());
            }
        }
        Err(e) => {
            let _ = writeln!(out, "podflow: {}", e.message);
        }
    }
    let _ = out.flush();
    None
}

struct ShellHelper {
    cluster: Rc<RefCell<Cluster>>,
}

impl Completer for ShellHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        Ok(candidates(line, pos, &self.cluster.borrow()))
    }
}

/// The browser terminal's completion as rustyline pairs: a lone candidate gets the space bash
/// would add, unless the word goes on after it (`deployment/`, `--image=`).
fn candidates(line: &str, pos: usize, cluster: &Cluster) -> (usize, Vec<Pair>) {
    let found = complete::complete(line, pos, cluster);
    let lone = found.candidates.len() == 1;
    let followed = line
        .get(found.replace.end..)
        .is_some_and(|t| t.starts_with(' '));
    let pairs = found
        .candidates
        .into_iter()
        .map(|word| {
            let open = word.ends_with(['/', '=', ',', ':']) || followed;
            let replacement = if lone && !open {
                format!("{word} ")
            } else {
                word.clone()
            };
            Pair {
                display: word,
                replacement,
            }
        })
        .collect();
    (found.replace.start, pairs)
}

impl Hinter for ShellHelper {
    type Hint = String;
}
impl Highlighter for ShellHelper {}
impl Validator for ShellHelper {}
impl Helper for ShellHelper {}

#[cfg(test)]
mod tests {
    use super::*;

    fn replacements(line: &str, cluster: &Cluster) -> (usize, Vec<String>) {
        let (start, pairs) = candidates(line, line.len(), cluster);
        (start, pairs.into_iter().map(|p| p.replacement).collect())
    }

    #[test]
    fn a_lone_verb_is_completed_with_a_space() {
        let c = Cluster::new(1);
        assert_eq!(
            replacements("kubectl descr", &c),
            (8, vec!["describe ".to_string()])
        );
    }

    #[test]
    fn several_candidates_are_offered_bare_for_their_common_prefix() {
        let c = Cluster::new(1);
        let (start, words) = replacements("kubectl get nodes k8s-", &c);
        assert_eq!(start, 18);
        assert_eq!(words, ["k8s-master", "k8s-node-1", "k8s-node-2"]);
    }

    #[test]
    fn handle_runs_commands_and_ends_on_exit() {
        let mut c = Cluster::new(1);
        assert_eq!(handle("kubectl run web --image=nginx", &mut c), None);
        let steps = script::parse("kubectl get pod web -o name").expect("parses");
        let printed = script::run_step(&steps[0], &mut c, &podflow_kubectl::NoFiles);
        assert_eq!(printed, "$ kubectl get pod web -o name\npod/web\n");
        assert_eq!(handle("  exit ", &mut c), Some(0));
        assert_eq!(handle("", &mut c), None);
    }
}
