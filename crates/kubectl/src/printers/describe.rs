//! `kubectl describe`'s writer and the helpers its describers share.
//!
//! Mirrors `staging/src/k8s.io/kubectl/pkg/describe/describe.go`: `prefixWriter` (two spaces
//! per level), `tabbedString` (tabwriter minwidth 0, padding 2, flushed before the Events
//! table), `printLabelsMultiline`, `printAnnotationsMultiline` (skips the last-applied
//! annotation, folds values past 140 characters), `printTaintsMultiline`,
//! `printTolerationsMultiline` and `DescribeEvents`.

use super::tabwriter;
use podflow_engine::api::derived;
use podflow_engine::api::event::Event;
use podflow_engine::SimTime;
use std::collections::BTreeMap;

pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// Accumulates describe output; `finish` aligns it.
#[derive(Default)]
pub struct Describe {
    done: String,
    pending: String,
}

impl Describe {
    pub fn new() -> Self {
        Describe::default()
    }

    /// `w.Write(level, text)`.
    pub fn w(&mut self, level: usize, text: &str) {
        self.pending.push_str(&"  ".repeat(level));
        self.pending.push_str(text);
    }

    /// Aligns what was written so far on its own, as `w.Flush()` does.
    pub fn flush(&mut self) {
        let text = std::mem::take(&mut self.pending);
        self.done.push_str(&tabwriter::align(&text, 0, 2));
    }

    pub fn finish(mut self) -> String {
        self.flush();
        self.done
    }

    /// Mirrors `printLabelsMultilineWithIndent` with no skipped keys.
    pub fn labels(&mut self, title: &str, labels: &BTreeMap<String, String>) {
        self.w(0, &format!("{title}:\t"));
        if labels.is_empty() {
            self.w(0, "<none>\n");
            return;
        }
        for (i, (k, v)) in labels.iter().enumerate() {
            if i != 0 {
                self.w(0, "\t");
            }
            self.w(0, &format!("{k}={v}\n"));
        }
    }

    /// Mirrors `printAnnotationsMultiline`.
    pub fn annotations(&mut self, annotations: &BTreeMap<String, String>) {
        const MAX: usize = 140;
        self.w(0, "Annotations:\t");
        let keys: Vec<&String> = annotations.keys().filter(|k| *k != LAST_APPLIED).collect();
        if keys.is_empty() {
            self.w(0, "<none>\n");
            return;
        }
        for (i, key) in keys.into_iter().enumerate() {
            if i != 0 {
                self.w(0, "\t");
            }
            let value = annotations[key].trim_end_matches('\n');
            if value.len() + key.len() + 2 > MAX || value.contains('\n') {
                self.w(0, &format!("{key}:\n"));
                for s in value.split('\n') {
                    self.w(0, &format!("\t  {}\n", shorten(s, MAX - 2)));
                }
            } else {
                self.w(0, &format!("{key}: {value}\n"));
            }
        }
    }

    /// Mirrors `printTaintsMultilineWithIndent`: sorted by `effect,key`.
    pub fn taints(&mut self, taints: &[podflow_engine::api::node::Taint]) {
        self.w(0, "Taints:\t");
        if taints.is_empty() {
            self.w(0, "<none>\n");
            return;
        }
        let mut sorted: Vec<_> = taints.iter().collect();
        podflow_engine::sort::by_key(&mut sorted, |t| format!("{},{}", t.effect, t.key));
        for (i, t) in sorted.into_iter().enumerate() {
            if i != 0 {
                self.w(0, "\t");
            }
            self.w(0, &format!("{t}\n"));
        }
    }

    /// Mirrors `printTolerationsMultilineWithIndent`: sorted by key.
    pub fn tolerations(&mut self, tolerations: &[podflow_engine::api::pod::Toleration]) {
        self.w(0, "Tolerations:\t");
        if tolerations.is_empty() {
            self.w(0, "<none>\n");
            return;
        }
        let mut sorted: Vec<_> = tolerations.iter().collect();
        podflow_engine::sort::by(&mut sorted, |a, b| a.key.cmp(&b.key));
        for (i, t) in sorted.into_iter().enumerate() {
            if i != 0 {
                self.w(0, "\t");
            }
            let mut s = t.key.clone();
            if !t.value.is_empty() {
                s.push_str(&format!("={}", t.value));
            }
            if !t.effect.is_empty() {
                s.push_str(&format!(":{}", t.effect));
            }
            if t.operator == "Exists" && t.value.is_empty() {
                s.push_str(if t.key.is_empty() && t.effect.is_empty() {
                    "op=Exists"
                } else {
                    " op=Exists"
                });
            }
            if let Some(secs) = t.toleration_seconds {
                s.push_str(&format!(" for {secs}s"));
            }
            self.w(0, &format!("{s}\n"));
        }
    }

    /// Mirrors `DescribeEvents` (kubectl ≥1.35: the message is prefixed by the field path).
    pub fn events(&mut self, events: &[&Event], now: SimTime) {
        if events.is_empty() {
            self.w(0, "Events:\t<none>\n");
            return;
        }
        self.flush();
        // Mirrors kubectl/pkg/util/event SortableEvents: by lastTimestamp.
        let mut events = events.to_vec();
        podflow_engine::sort::by_key(&mut events, |e| e.last_timestamp);
        self.w(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
        self.w(1, "----\t------\t----\t----\t-------\n");
        for e in &events {
            let first = derived::age(e.first_timestamp, now);
            let interval = if e.count > 1 {
                format!(
                    "{} (x{} over {first})",
                    derived::age(e.last_timestamp, now),
                    e.count
                )
            } else {
                first
            };
            let source = if e.source.component.is_empty() {
                e.reporting_component.as_str()
            } else {
                e.source.component.as_str()
            };
            let mut message = e.message.trim().to_string();
            if !e.involved_object.field_path.is_empty() {
                message = format!("{}: {message}", e.involved_object.field_path);
            }
            self.w(
                1,
                &format!(
                    "{}\t{}\t{interval}\t{source}\t{message}\n",
                    e.type_, e.reason
                ),
            );
        }
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.len() > max {
        let cut = (0..=max)
            .rev()
            .find(|i| s.is_char_boundary(*i))
            .unwrap_or(0);
        format!("{}...", &s[..cut])
    } else {
        s.to_string()
    }
}

/// `Time.Format(time.RFC1123Z)`, or Go's zero time for a missing one.
pub fn rfc1123z(t: Option<podflow_engine::api::Time>) -> String {
    match t {
        Some(t) => t.0.rfc1123z(),
        None => "Mon, 01 Jan 0001 00:00:00 +0000".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_align_under_the_first() {
        let mut d = Describe::new();
        d.w(0, "Name:\tx\n");
        let labels: BTreeMap<String, String> =
            [("a".into(), "1".into()), ("b".into(), "2".into())].into();
        d.labels("Labels", &labels);
        d.annotations(&BTreeMap::new());
        assert_eq!(
            d.finish(),
            "Name:         x\nLabels:       a=1\n              b=2\nAnnotations:  <none>\n"
        );
    }
}
