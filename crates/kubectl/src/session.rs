//! A learner's session as a script: what they did and when, so it can be replayed.
//!
//! Not upstream code. The browser records every action (a terminal command, the editor's apply,
//! a stage button, which all become `kubectl ...` or `podflow ...` lines) with the virtual time
//! at which it ran. Written out, the idle time between actions becomes `advance` lines. Because
//! the engine is deterministic, replaying the script on a cluster of the same seed gives the same
//! cluster: that is how the timeline scrubs back, how a reload or a shared link restores a
//! session, and how a lesson's starting state is written. Truncating a session forgets the
//! actions after a moment, so a learner who acts in the past starts a new future from there.

use crate::script::{self, ScriptError, Step, WithStdin};
use crate::{FileSource, Output};
use podflow_engine::{Cluster, SimDuration, SimTime};

/// One recorded command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    /// The virtual time at which it ran.
    pub at: SimTime,
    /// The virtual time when its answer had arrived (a request runs the clock until then).
    pub done: SimTime,
    /// The command line, `kubectl ...`, `podflow ...` or `why ...`.
    pub line: String,
    /// What `kubectl apply -f -` read.
    pub stdin: Option<String>,
}

/// What [`Session::restore`] rebuilds: the cluster, the session, and each command with its
/// output as a terminal transcript.
pub type Restored = (Cluster, Session, Vec<(String, Output)>);

/// The actions of one run, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Session {
    actions: Vec<Action>,
}

impl Session {
    /// A session whose script is already written (a lesson's setup, a shared link's). Errors
    /// when the script does not parse. Without running it the commands' own durations are
    /// unknown and taken as zero; [`Session::restore`] measures them.
    pub fn from_script(text: &str) -> Result<Session, ScriptError> {
        parse_actions(text).map(|(actions, _)| Session { actions })
    }

    /// Replays `text` on a new cluster of `seed`, recording it as a new session: the cluster,
    /// the session (with the commands' real durations) and each command with its output, as a
    /// terminal transcript. Errors when the script does not parse.
    pub fn restore(seed: u64, text: &str, fs: &dyn FileSource) -> Result<Restored, ScriptError> {
        let (recorded, end) = parse_actions(text)?;
        let mut cluster = Cluster::new(seed);
        let mut session = Session::default();
        let mut transcript = Vec::new();
        // `from_script` counted no time for the commands, so what follows each one is the
        // idle time after it: keep those gaps, not the absolute times.
        let mut prev_at = SimTime::ZERO;
        for a in &recorded {
            cluster.advance(a.at.saturating_sub(prev_at));
            prev_at = a.at;
            let out = session.run(&mut cluster, &a.line, a.stdin.as_deref(), fs);
            transcript.push((a.line.clone(), out));
        }
        cluster.advance(end.saturating_sub(prev_at));
        Ok((cluster, session, transcript))
    }

    /// The recorded actions, oldest first.
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// The virtual time the recorded actions reach (when the last answer arrived).
    pub fn recorded_until(&self) -> SimTime {
        self.actions.last().map_or(SimTime::ZERO, |a| a.done)
    }

    /// The script so far (without the time that passed after the last action).
    pub fn script(&self) -> String {
        let mut s = String::new();
        let mut prev = SimTime::ZERO;
        for a in &self.actions {
            push_advance(&mut s, a.at.saturating_sub(prev));
            s.push_str(&action_text(&a.line, a.stdin.as_deref()));
            prev = a.done;
        }
        s
    }

    /// The script with the idle time up to `now` written out: what to save or share.
    pub fn script_at(&self, now: SimTime) -> String {
        let mut s = self.script();
        push_advance(&mut s, now.saturating_sub(self.recorded_until()));
        s
    }

    /// Runs a command line as the terminal does, and records it with the virtual time.
    /// `stdin` is what `kubectl apply -f -` reads (the editor's YAML). A line that a script
    /// could not hold (not `kubectl`/`podflow`, or an unclosed `<<`) runs but is not recorded:
    /// it changes nothing and would make the saved session unreadable.
    pub fn run(
        &mut self,
        cluster: &mut Cluster,
        line: &str,
        stdin: Option<&str>,
        fs: &dyn FileSource,
    ) -> Output {
        let line = line.replace('\n', " ");
        let at = cluster.now();
        let out = exec(cluster, &line, stdin, fs);
        if script::parse(&action_text(&line, stdin)).is_ok_and(|s| s.len() == 1) {
            self.actions.push(Action {
                at,
                done: cluster.now(),
                line,
                stdin: stdin.map(str::to_string),
            });
        }
        out
    }

    /// Forgets every action after the first `keep`.
    pub fn truncate(&mut self, keep: usize) {
        self.actions.truncate(keep);
    }

    /// Forgets every action that ran after `t`; returns how many are kept. An action at `t`
    /// itself is kept, as [`replay`] to `t` runs it.
    pub fn truncate_at(&mut self, t: SimTime) -> usize {
        let keep = self.actions.partition_point(|a| a.at <= t);
        self.truncate(keep);
        keep
    }

    /// Carries `cluster`, on which the first `done` actions have run, forward to `until`:
    /// runs the later actions whose time has come, with the idle time between them. Returns
    /// how many actions have then run. With a snapshot of the live cluster this is the fast
    /// path of [`replay`]; the result is the same cluster the live run had at `until`.
    pub fn replay_into(
        &self,
        cluster: &mut Cluster,
        mut done: usize,
        until: SimTime,
        fs: &dyn FileSource,
    ) -> usize {
        while let Some(a) = self.actions.get(done).filter(|a| a.at <= until) {
            cluster.advance(a.at.saturating_sub(cluster.now()));
            exec(cluster, &a.line, a.stdin.as_deref(), fs);
            done += 1;
        }
        cluster.advance(until.saturating_sub(cluster.now()));
        done
    }
}

/// The actions of a script, each at the sum of the `advance` lines before it (commands count no
/// time), and that sum over the whole script.
fn parse_actions(text: &str) -> Result<(Vec<Action>, SimTime), ScriptError> {
    let mut now = SimTime::ZERO;
    let mut actions = Vec::new();
    for step in script::parse(text)? {
        let (line, stdin) = match step {
            Step::Advance { by, .. } => {
                now = now + by;
                continue;
            }
            Step::Kubectl { line, stdin } => (
                line.split_once(" <<")
                    .map_or(line.clone(), |(c, _)| c.to_string()),
                stdin.map(|b| b.iter().map(|l| format!("{l}\n")).collect()),
            ),
            Step::Why { line, .. } => (line, None),
        };
        actions.push(Action {
            at: now,
            done: now,
            line,
            stdin,
        });
    }
    Ok((actions, now))
}

/// Runs one recorded line: `why` through the script runner, everything else through kubectl.
fn exec(cluster: &mut Cluster, line: &str, stdin: Option<&str>, fs: &dyn FileSource) -> Output {
    if line.split_whitespace().next() == Some("why") {
        if let Ok(steps) = script::parse(line) {
            let text: String = steps
                .iter()
                .map(|s| script::run_step(s, cluster, fs))
                .collect();
            let body = text.split_once('\n').map_or("", |(_, b)| b);
            return Output::ok(body);
        }
    }
    let files = WithStdin {
        inner: fs,
        stdin: stdin.map(str::to_string),
    };
    crate::run(line, cluster, &files)
}

/// The script lines of one action: the line, and its standard input as a here-document.
fn action_text(line: &str, stdin: Option<&str>) -> String {
    match stdin {
        None => format!("{line}\n"),
        Some(body) => {
            let tag = heredoc_tag(body);
            let mut s = format!("{line} <<{tag}\n");
            for l in body.lines() {
                s.push_str(l);
                s.push('\n');
            }
            s.push_str(&tag);
            s.push('\n');
            s
        }
    }
}

fn push_advance(script: &mut String, idle: SimDuration) {
    if idle.as_millis() > 0 {
        script.push_str(&format!("advance {}ms\n", idle.as_millis()));
    }
}

/// A here-document delimiter that no line of `body` equals.
fn heredoc_tag(body: &str) -> String {
    let mut tag = "EOF".to_string();
    let mut n = 0;
    while body.lines().any(|l| l.trim() == tag) {
        n += 1;
        tag = format!("EOF{n}");
    }
    tag
}

/// Replays `text` on a new cluster of `seed` and stops at virtual time `until` (cutting an
/// `advance` short when it would pass it); `None` replays everything. Errors when the script
/// does not parse.
pub fn replay(
    seed: u64,
    text: &str,
    until: Option<SimTime>,
    fs: &dyn FileSource,
) -> Result<Cluster, ScriptError> {
    let steps = script::parse(text)?;
    let mut cluster = Cluster::new(seed);
    for step in &steps {
        if let (Some(limit), Step::Advance { by, .. }) = (until, step) {
            let room = limit.saturating_sub(cluster.now());
            if room < *by {
                cluster.advance(room);
                return Ok(cluster);
            }
        }
        script::run_step(step, &mut cluster, fs);
    }
    if let Some(limit) = until {
        cluster.advance(limit.saturating_sub(cluster.now()));
    }
    Ok(cluster)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{run, MapFiles, NoFiles};
    use podflow_engine::api::ObjectKey;

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: nginx\nspec:\n  containers:\n  - name: nginx\n    image: nginx:1.27\n";

    fn phase(c: &Cluster) -> String {
        let line = "kubectl get pod nginx -o jsonpath={.status.phase}";
        run(line, &mut c.clone(), &NoFiles).stdout
    }

    #[test]
    fn a_replayed_session_reaches_the_same_cluster() {
        let files = MapFiles::default();
        let mut live = Cluster::new(7);
        let mut session = Session::default();
        live.advance(SimDuration::from_secs(3));
        session.run(&mut live, "kubectl apply -f -", Some(POD), &files);
        live.advance(SimDuration::from_secs(20));
        session.run(&mut live, "kubectl label pod nginx tier=web", None, &files);
        live.advance(SimDuration::from_millis(1500));

        let text = session.script_at(live.now());
        assert!(
            text.starts_with("advance 3000ms\nkubectl apply -f - <<EOF\napiVersion: v1\n"),
            "{text}"
        );
        let replayed = replay(7, &text, None, &files).unwrap();
        assert_eq!(replayed.now(), live.now());
        assert_eq!(phase(&replayed), "Running");
        assert_eq!(replayed.trace().len(), live.trace().len());
        let key = ObjectKey::new(podflow_engine::api::Kind::Pod, "default", "nginx");
        assert_eq!(
            replayed.store().get(&key).map(|o| o.meta().labels.clone()),
            live.store().get(&key).map(|o| o.meta().labels.clone())
        );
    }

    #[test]
    fn replay_stops_at_the_requested_moment() {
        let files = MapFiles::default();
        let mut live = Cluster::new(7);
        let mut session = Session::default();
        live.advance(SimDuration::from_secs(1));
        session.run(&mut live, "kubectl apply -f -", Some(POD), &files);
        let applied = live.now();
        let text = session.script_at(SimTime(60_000));
        let early = replay(7, &text, Some(SimTime(1000)), &files).unwrap();
        // The apply cannot be cut in half: replay stops when its answer has arrived.
        assert_eq!(early.now(), applied);
        assert_eq!(phase(&early), "Pending");
        let mid = replay(7, &text, Some(SimTime(30_000)), &files).unwrap();
        assert_eq!(mid.now(), SimTime(30_000));
        assert_eq!(phase(&mid), "Running");
        let end = replay(7, &text, None, &files).unwrap();
        assert_eq!(end.now(), SimTime(60_000));
    }

    #[test]
    fn heredoc_tags_never_collide_with_the_yaml() {
        let mut session = Session::default();
        let mut c = Cluster::new(1);
        session.run(&mut c, "kubectl apply -f -", Some("a: 1\nEOF\n"), &NoFiles);
        let script = session.script();
        assert!(script.contains("<<EOF1\na: 1\nEOF\nEOF1\n"), "{script}");
        let back = Session::from_script(&script).unwrap();
        assert_eq!(back.script(), script);
        assert_eq!(back.actions()[0].stdin.as_deref(), Some("a: 1\nEOF\n"));
    }

    #[test]
    fn from_script_sums_the_advances_and_rejects_junk() {
        let s = Session::from_script("advance 2s\nkubectl get pods\nadvance 500ms").unwrap();
        assert_eq!(s.actions()[0].at, SimTime(2000));
        assert_eq!(
            s.script_at(SimTime(2500)),
            "advance 2000ms\nkubectl get pods\nadvance 500ms\n"
        );
        assert_eq!(Session::from_script("rm -rf /\n").unwrap_err().line, 1);
    }

    #[test]
    fn lines_a_script_cannot_hold_run_but_are_not_recorded() {
        let mut session = Session::default();
        let mut c = Cluster::new(1);
        let out = session.run(&mut c, "ls -l", None, &NoFiles);
        assert_ne!(out.exit_code, 0);
        session.run(&mut c, "kubectl get pods <<X", None, &NoFiles);
        session.run(&mut c, "kubectl get nodes", None, &NoFiles);
        assert_eq!(session.script(), "kubectl get nodes\n");
        assert!(Session::from_script(&session.script()).is_ok());
    }

    #[test]
    fn truncate_at_keeps_the_actions_up_to_that_moment() {
        let mut s = Session::from_script(
            "advance 1s\nkubectl get pods\nadvance 4s\nkubectl get nodes\nadvance 5s\nwhy nginx\n",
        )
        .unwrap();
        assert_eq!(s.clone().truncate_at(SimTime(999)), 0);
        assert_eq!(s.clone().truncate_at(SimTime(5000)), 2);
        assert_eq!(s.truncate_at(SimTime(7000)), 2);
        assert_eq!(s.recorded_until(), SimTime(5000));
        assert_eq!(
            s.script_at(SimTime(8000)),
            "advance 1000ms\nkubectl get pods\nadvance 4000ms\nkubectl get nodes\nadvance 3000ms\n"
        );
    }
}
