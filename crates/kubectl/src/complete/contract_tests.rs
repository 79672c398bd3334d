//! The contract between completion and the parsers: what is offered is accepted, and garbage
//! never panics.

use super::grammar::{offered_flags, VERBS};
use super::tests::{c, cluster};
use super::*;
use crate::parse::FlagKind;
use crate::{run, NoFiles};
use proptest::prelude::*;

/// Every verb completion offers is one `dispatch` runs.
#[test]
fn every_verb_offered_is_dispatched() {
    let mut cl = Cluster::new(1);
    for verb in VERBS {
        let out = run(&format!("kubectl {verb}"), &mut cl, &NoFiles);
        let text = out.combined();
        assert!(
            !text.contains("unknown command") && !text.contains("does not support"),
            "kubectl {verb}: {text}"
        );
    }
}

/// Every flag completion offers is accepted by that verb's parser.
#[test]
fn every_flag_offered_is_accepted() {
    let mut cl = Cluster::new(1);
    for verb in VERBS {
        for f in offered_flags(verb) {
            let value = match f.kind {
                FlagKind::Bool => String::new(),
                FlagKind::Int => "=1".into(),
                FlagKind::Str => "=x".into(),
            };
            let line = format!("kubectl {verb} --{}{value}", f.long);
            let err = run(&line, &mut cl, &NoFiles).stderr;
            assert!(!err.contains("unknown flag"), "{line}: {err}");
            if let Some(s) = f.short {
                let line = format!("kubectl {verb} -{s}{value}");
                let err = run(&line, &mut cl, &NoFiles).stderr;
                assert!(!err.contains("unknown shorthand"), "{line}: {err}");
            }
        }
    }
}

/// Every `-o` value offered after `get` prints.
#[test]
fn every_output_offered_prints() {
    let mut cl = Cluster::new(1);
    for o in c("kubectl get nodes -o ") {
        let o = if o == "jsonpath=" {
            "jsonpath={.items[0].metadata.name}".into()
        } else {
            o
        };
        let out = run(&format!("kubectl get nodes -o {o}"), &mut cl, &NoFiles);
        assert_eq!(out.exit_code, 0, "-o {o}: {out:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Garbage never panics; the range is inside the line and every candidate extends the word.
    #[test]
    fn garbage_never_panics(
        line in "(kubectl |podflow )?[a-z0-9 /=:,|'\"\\\\.日-]{0,40}",
        cursor in 0usize..60,
    ) {
        let comp = complete(&line, cursor, cluster());
        prop_assert!(comp.replace.start <= comp.replace.end && comp.replace.end <= line.len());
        prop_assert!(line.get(comp.replace.clone()).is_some());
        if let Some(edit) = comp.apply(&line) {
            prop_assert!(edit.line.get(..edit.cursor).is_some());
        }
    }
}
