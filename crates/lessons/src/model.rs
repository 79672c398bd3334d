//! The lesson format as data: what `Lesson::parse` builds from a lesson file.
//!
//! Not an upstream file. The format is described in `assets/lessons/README.md`; every human text
//! is a [`Text`] holding English and Simplified Chinese.

use podflow_engine::SimDuration;
use serde::Serialize;

/// A text in both languages of the app.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Text {
    pub en: String,
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
}

impl Text {
    /// The text in `lang` (`"zh-CN"`, or English for anything else).
    pub fn get(&self, lang: &str) -> &str {
        if lang.eq_ignore_ascii_case("zh-CN") {
            &self.zh_cn
        } else {
            &self.en
        }
    }
}

/// One lesson file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lesson {
    /// Equals the file stem under `assets/lessons/`.
    pub id: String,
    pub title: Text,
    /// One or two lines for the lesson picker.
    pub summary: Text,
    pub topics: Vec<String>,
    /// The seed article(s) the lesson teaches (file names under the seeds folder).
    pub seed_ref: Vec<String>,
    /// A Podflow script run on `Cluster::new(1)` before step 1 (empty when none).
    pub setup: String,
    pub steps: Vec<Step>,
    pub closing: Text,
}

/// One step: narration, what the learner does, what the engine should then show.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Step {
    pub title: Text,
    pub narration: Text,
    /// YAML the learner is asked to apply (`kubectl apply -f -` with it as standard input).
    pub apply: Option<String>,
    /// Command lines the learner is asked to type, in order (each `kubectl ...`/`podflow ...`).
    pub run: Vec<String>,
    /// Walkthrough stops, in the order they fire.
    pub pauses: Vec<Pause>,
    /// The fix, for a "find the bug" step whose `apply` is broken on purpose: what the
    /// learner does once they have found it (the UI can offer it after the hints).
    pub solution: Option<Solution>,
    pub goal: Goal,
    pub hints: Vec<Text>,
}

/// What a learner applies or types to fix a step's deliberate mistake.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Solution {
    pub apply: Option<String>,
    pub run: Vec<String>,
}

/// A walkthrough stop: the engine pauses right after the first trace event that matches.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pause {
    #[serde(rename = "match")]
    pub matcher: PauseMatch,
    pub narration: Text,
}

/// Which trace event a pause waits for; every field that is set must match.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PauseMatch {
    /// The sender as its Actor displays, without `@node` (`kube-scheduler`, `kubelet`, `containerd`).
    pub from: Option<String>,
    pub to: Option<String>,
    /// The node of the sender or the receiver.
    pub node: Option<String>,
    /// `TraceEvent::kind`, e.g. `bind`, `pull-image`.
    pub kind: Option<String>,
    /// A prefix of the object key, `pods/default/nginx`.
    pub object: Option<String>,
    /// A substring of the English summary.
    pub summary: Option<String>,
}

/// What must hold at the end of a step, and how long the engine may take to get there.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Goal {
    pub description: Text,
    /// All must hold at once.
    pub check: Vec<Check>,
    /// Virtual time allowed after the step's action (2 minutes when not written).
    pub within: SimDuration,
}

/// One command whose output is compared.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Check {
    pub run: String,
    pub expect: Expect,
}

/// How a check's output is judged.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Expect {
    /// Standard output, trimmed, equals this.
    Equals(String),
    /// Standard output and error together contain this.
    Contains(String),
    /// Standard output and error together do not contain this.
    NotContains(String),
    /// The first number in standard output is at least this.
    AtLeast(f64),
    /// Standard output has exactly this many non-empty lines.
    Lines(usize),
    /// Standard output has exactly this many whitespace-separated words (a jsonpath list of
    /// endpoint IPs prints one word per address).
    Words(usize),
    /// The command's exit code.
    ExitCode(i32),
}

/// The default `within` of a goal.
pub const DEFAULT_WITHIN: SimDuration = SimDuration::from_secs(120);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_picks_the_language() {
        let t = Text {
            en: "Pod".into(),
            zh_cn: "容器组".into(),
        };
        assert_eq!(t.get("zh-CN"), "容器组");
        assert_eq!(t.get("zh-cn"), "容器组");
        assert_eq!(t.get("en"), "Pod");
        assert_eq!(t.get("fr"), "Pod");
        assert_eq!(serde_json::to_value(&t).unwrap()["zh-CN"], "容器组");
    }
}
