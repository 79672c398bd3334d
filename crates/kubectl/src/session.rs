//! A learner's session as a script: what they did and when, so it can be replayed.
//!
//! Not upstream code. The browser records every action (a terminal command, the editor's apply,
//! a stage button, which all become `kubectl ...` or `podflow ...` lines) with the virtual time
//! that passed before it, as `advance` lines. Because the engine is deterministic, replaying the
//! script on a cluster of the same seed gives the same cluster: that is how the timeline scrubs
//! back, how a reload or a shared link restores a session, and how a lesson's starting state is
//! written.

use crate::script::{self, ScriptError, Step, WithStdin};
use crate::{FileSource, Output};
use podflow_engine::{Cluster, SimDuration, SimTime};

/// The actions of one run, as script text, and the virtual time they reach.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Session {
    script: String,
    /// The virtual time the recorded `advance` lines add up to.
    recorded_until: SimTime,
}

impl Session {
    /// A session whose script is already written (a lesson's setup, a shared link's).
    /// Errors when the script does not parse; `recorded_until` is the sum of its advances.
    pub fn from_script(text: &str) -> Result<Session, ScriptError> {
        let steps = script::parse(text)?;
        let total = steps.iter().fold(0u64, |t, s| match s {
            Step::Advance { by, .. } => t.saturating_add(by.as_millis()),
            _ => t,
        });
        let mut script = text.to_string();
        if !script.is_empty() && !script.ends_with('\n') {
            script.push('\n');
        }
        Ok(Session {
            script,
            recorded_until: SimTime(total),
        })
    }

    /// The script so far (without the time that passed after the last action).
    pub fn script(&self) -> &str {
        &self.script
    }

    /// The script with the idle time up to `now` written out: what to save or share.
    pub fn script_at(&self, now: SimTime) -> String {
        let mut s = self.script.clone();
        push_advance(&mut s, now.saturating_sub(self.recorded_until));
        s
    }

    /// Runs a command line as the terminal does, and records it with the idle time before it.
    /// `stdin` is what `kubectl apply -f -` reads (the editor's YAML).
    pub fn run(
        &mut self,
        cluster: &mut Cluster,
        line: &str,
        stdin: Option<&str>,
        fs: &dyn FileSource,
    ) -> Output {
        let line = line.replace('\n', " ");
        push_advance(
            &mut self.script,
            cluster.now().saturating_sub(self.recorded_until),
        );
        match stdin {
            None => {
                self.script.push_str(&line);
                self.script.push('\n');
            }
            Some(body) => {
                let tag = heredoc_tag(body);
                self.script.push_str(&format!("{line} <<{tag}\n"));
                for l in body.lines() {
                    self.script.push_str(l);
                    self.script.push('\n');
                }
                self.script.push_str(&tag);
                self.script.push('\n');
            }
        }
        let files = WithStdin {
            inner: fs,
            stdin: stdin.map(str::to_string),
        };
        let out = crate::run(&line, cluster, &files);
        // A request runs the clock until its answer arrives: that time is the command's own.
        self.recorded_until = cluster.now();
        out
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
    use crate::{run, NoFiles};
    use podflow_engine::api::ObjectKey;

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: nginx\nspec:\n  containers:\n  - name: nginx\n    image: nginx:1.27\n";

    fn phase(c: &Cluster) -> String {
        run(
            "kubectl get pod nginx -o jsonpath={.status.phase}",
            &mut c.clone(),
            &NoFiles,
        )
        .stdout
    }

    #[test]
    fn a_replayed_session_reaches_the_same_cluster() {
        let files = crate::MapFiles::default();
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
        let files = crate::MapFiles::default();
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
        assert_eq!(
            replay(7, &text, None, &files).unwrap().now(),
            SimTime(60_000)
        );
    }

    #[test]
    fn heredoc_tags_never_collide_with_the_yaml() {
        let mut session = Session::default();
        let mut c = Cluster::new(1);
        session.run(&mut c, "kubectl apply -f -", Some("a: 1\nEOF\n"), &NoFiles);
        assert!(
            session.script().contains("<<EOF1\na: 1\nEOF\nEOF1\n"),
            "{}",
            session.script()
        );
        assert_eq!(Session::from_script(session.script()).unwrap(), session);
    }

    #[test]
    fn from_script_sums_the_advances_and_rejects_junk() {
        let s = Session::from_script("advance 2s\nkubectl get pods\nadvance 500ms").unwrap();
        assert_eq!(
            s.script_at(SimTime(2500)),
            "advance 2s\nkubectl get pods\nadvance 500ms\n"
        );
        assert_eq!(Session::from_script("rm -rf /\n").unwrap_err().line, 1);
    }
}
