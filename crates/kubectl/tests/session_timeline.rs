//! Scenario tests for the web timeline's use of sessions: scrubbing back from a snapshot, acting
//! in the past (the later history is discarded) and restoring a saved session after a reload.

use podflow_engine::{Cluster, SimDuration, SimTime};
use podflow_kubectl::session::{replay, Session};
use podflow_kubectl::{run, MapFiles, NoFiles};

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: nginx\nspec:\n  containers:\n  - name: nginx\n    image: nginx:1.27\n";

fn pods(c: &Cluster) -> String {
    let line = "kubectl get pods -o jsonpath={.items[*].status.phase}";
    run(line, &mut c.clone(), &NoFiles).stdout
}

/// A live run: 2 s idle, apply nginx, 30 s, label it, 10 s; snapshots every 10 s of play.
fn live_run() -> (Cluster, Session, Vec<(Cluster, usize)>) {
    let fs = MapFiles::default();
    let mut live = Cluster::new(3);
    let mut session = Session::default();
    let mut snapshots = vec![(live.clone(), 0)];
    let play = |live: &mut Cluster, session: &Session, secs: u64, snaps: &mut Vec<_>| {
        for _ in 0..secs * 10 {
            live.advance(SimDuration::from_millis(100));
            if live.now().as_millis().is_multiple_of(10_000) {
                snaps.push((live.clone(), session.actions().len()));
            }
        }
    };
    play(&mut live, &session, 2, &mut snapshots);
    session.run(&mut live, "kubectl apply -f -", Some(POD), &fs);
    play(&mut live, &session, 30, &mut snapshots);
    session.run(&mut live, "kubectl label pod nginx tier=web", None, &fs);
    play(&mut live, &session, 10, &mut snapshots);
    (live, session, snapshots)
}

#[test]
fn a_snapshot_carried_forward_equals_a_replay_from_the_seed() {
    let (live, session, snapshots) = live_run();
    let fs = MapFiles::default();
    let script = session.script_at(live.now());
    for t in [1_000, 2_000, 15_000, 31_000, 40_000] {
        let until = SimTime(t);
        let (snap, done) = snapshots
            .iter()
            .rev()
            .find(|(c, _)| c.now() <= until)
            .unwrap();
        let mut fast = snap.clone();
        session.replay_into(&mut fast, *done, until, &fs);
        let slow = replay(3, &script, Some(until), &fs).unwrap();
        assert_eq!(fast.now(), slow.now(), "at {t}");
        assert_eq!(fast.trace().len(), slow.trace().len(), "at {t}");
        assert_eq!(pods(&fast), pods(&slow), "at {t}");
        match t {
            1_000 => assert_eq!(pods(&fast), "", "before the apply"),
            31_000 | 40_000 => assert_eq!(pods(&fast), "Running", "at {t}"),
            _ => {}
        }
    }
    let mut whole = Cluster::new(3);
    let done = session.replay_into(&mut whole, 0, live.now(), &fs);
    assert_eq!(done, 2);
    assert_eq!(whole.trace().len(), live.trace().len());
}

#[test]
fn acting_in_the_past_discards_the_later_history() {
    let (_, mut session, _) = live_run();
    let fs = MapFiles::default();
    // Back to 1 s, before the apply: the pod does not exist yet.
    let mut past = Cluster::new(3);
    let done = session.replay_into(&mut past, 0, SimTime(1_000), &fs);
    assert_eq!(done, 0);
    assert_eq!(pods(&past), "");
    assert_eq!(session.truncate_at(past.now()), 0);
    session.run(&mut past, "kubectl create namespace team", None, &fs);
    past.advance(SimDuration::from_secs(5));
    let script = session.script_at(past.now());
    assert_eq!(
        script,
        "advance 1000ms\nkubectl create namespace team\nadvance 5000ms\n"
    );
    let again = replay(3, &script, None, &fs).unwrap();
    assert_eq!(again.trace().len(), past.trace().len());
    assert_eq!(pods(&again), "");
}

#[test]
fn a_saved_session_restores_the_cluster_and_the_transcript() {
    let (live, session, _) = live_run();
    let saved = session.script_at(live.now());
    let (cluster, restored, transcript) =
        Session::restore(3, &saved, &MapFiles::default()).unwrap();
    assert_eq!(cluster.now(), live.now());
    assert_eq!(cluster.trace().len(), live.trace().len());
    assert_eq!(restored, session);
    assert_eq!(pods(&cluster), "Running");
    assert_eq!(transcript.len(), 2);
    assert_eq!(transcript[0].1.stdout, "pod/nginx created\n");
    // Saving the restored session gives back the same text, so reloads never drift.
    assert_eq!(restored.script_at(cluster.now()), saved);
    assert!(Session::restore(3, "advance soon\n", &NoFiles).is_err());
}
