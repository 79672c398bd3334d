//! What one command line wrote, stdout and stderr kept apart (a pipe reads only stdout) but
//! also in the order a terminal would have shown them.
//!
//! kubectl writes some stderr lines before or between its output: `Found 2 pods, using
//! pod/web-1` before the logs, a server warning before the table, `Warning: ignoring
//! DaemonSet-managed Pods` after `node/x cordoned` and before the evictions. Text written with
//! [`Output::note`] keeps its place; text pushed onto `stderr` directly comes after all stdout,
//! which is where kubectl's final error (`cmdutil.CheckErr`) lands.

use std::ops::Range;

/// Which stream a piece of the terminal's text came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
    /// Stderr pieces written mid-run: (length of stdout at the time, the bytes of stderr).
    pub(crate) placed: Vec<(usize, Range<usize>)>,
}

impl Output {
    pub fn ok(stdout: impl Into<String>) -> Self {
        Output {
            stdout: stdout.into(),
            ..Output::default()
        }
    }

    /// `error: <message>` on stderr, exit code 1, as `cmdutil.CheckErr` prints client errors.
    pub fn error(message: impl AsRef<str>) -> Self {
        Output {
            stderr: format!("error: {}\n", message.as_ref()),
            exit_code: 1,
            ..Output::default()
        }
    }

    /// Text already formatted for stderr (ends with a newline), exit code 1.
    pub fn stderr(text: impl Into<String>) -> Self {
        Output {
            stderr: text.into(),
            exit_code: 1,
            ..Output::default()
        }
    }

    /// Writes to stderr now, after what stdout holds so far.
    pub fn note(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let start = self.stderr.len();
        self.stderr.push_str(text);
        self.placed
            .push((self.stdout.len(), start..self.stderr.len()));
    }

    /// Writes to stderr before everything else (kubectl's warnings while it reads its flags).
    pub fn note_first(&mut self, text: &str) {
        self.stderr.insert_str(0, text);
        for (_, range) in &mut self.placed {
            *range = range.start + text.len()..range.end + text.len();
        }
        self.placed.insert(0, (0, 0..text.len()));
    }

    /// A pipe's program replaced stdout: the notes came before anything it printed.
    pub fn replace_stdout(&mut self, text: String) {
        self.stdout = text;
        for (at, _) in &mut self.placed {
            *at = 0;
        }
    }

    /// The terminal's text in order, each piece with its stream.
    pub fn pieces<'a>(&'a self) -> Vec<(Stream, &'a str)> {
        let mut pieces: Vec<(Stream, &str)> = Vec::new();
        let mut push = |stream: Stream, text: Option<&'a str>| {
            if let Some(t) = text.filter(|t| !t.is_empty()) {
                pieces.push((stream, t));
            }
        };
        let mut shown = 0;
        for (at, range) in &self.placed {
            let at = (*at).clamp(shown, self.stdout.len());
            push(Stream::Stdout, self.stdout.get(shown..at));
            shown = at;
            push(Stream::Stderr, self.stderr.get(range.clone()));
        }
        push(Stream::Stdout, self.stdout.get(shown..));
        let mut from = 0;
        for (_, range) in &self.placed {
            push(Stream::Stderr, self.stderr.get(from..range.start));
            from = range.end.max(from);
        }
        push(Stream::Stderr, self.stderr.get(from..));
        pieces
    }

    /// Both streams as a terminal interleaves them.
    pub fn combined(&self) -> String {
        self.pieces().into_iter().map(|(_, t)| t).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_stderr_comes_after_stdout() {
        let mut o = Output::ok("table\n");
        o.stderr.push_str("error: x\n");
        assert_eq!(o.combined(), "table\nerror: x\n");
    }

    #[test]
    fn a_note_keeps_its_place_between_stdout_lines() {
        let mut o = Output::default();
        o.stdout.push_str("node/n cordoned\n");
        o.note("Warning: ignoring DaemonSet-managed Pods: ds-1\n");
        o.stdout.push_str("node/n drained\n");
        o.stderr.push_str("error: late\n");
        assert_eq!(
            o.pieces(),
            vec![
                (Stream::Stdout, "node/n cordoned\n"),
                (
                    Stream::Stderr,
                    "Warning: ignoring DaemonSet-managed Pods: ds-1\n"
                ),
                (Stream::Stdout, "node/n drained\n"),
                (Stream::Stderr, "error: late\n"),
            ]
        );
    }

    #[test]
    fn after_a_pipe_notes_come_first() {
        let mut o = Output::default();
        o.note("Found 2 pods, using pod/web-1\n");
        o.stdout.push_str("a\nb\n");
        o.replace_stdout("2\n".to_string());
        assert_eq!(o.combined(), "Found 2 pods, using pod/web-1\n2\n");
    }
}
