//! The kubelet's side of each probe run: tick a worker, send the probe, record the answer.
//!
//! Mirrors `pkg/kubelet/prober/prober.go` (`probe`: the `Unhealthy` event for a failed or an
//! errored probe, with upstream's wording) and the loop of `worker.go` `run` (a tick every
//! `periodSeconds`), with the results manager's update channel asking the pod for a sync.

use super::ProbeOutcome;
use crate::clock::SimDuration;
use crate::cluster::{Ctx, TimerKind};
use crate::kubelet::cri::ProbeType;
use crate::kubelet::prober::{Tick, WorkerKey};
use crate::kubelet::{Kubelet, Timer};
use crate::network::Body;
use crate::trace::Actor;

impl Kubelet {
    /// Mirrors `prober.probe`'s events and the results manager's update channel. An errored
    /// probe is reported but its result thrown away (`doProbe`).
    pub(crate) fn on_probe_result(
        &mut self,
        ctx: &mut Ctx,
        uid: &str,
        id: &str,
        t: ProbeType,
        outcome: ProbeOutcome,
    ) {
        let Some(w) = self.workers.get_mut(uid) else {
            return;
        };
        let Some(name) = w.runtime.by_id(id).map(|c| c.name.clone()) else {
            return;
        };
        let text = match &outcome {
            ProbeOutcome::Success => None,
            ProbeOutcome::Failure(out) => Some(format!("{} probe failed: {out}", t.as_str())),
            ProbeOutcome::Errored(e) => Some(format!(
                "{} probe errored and resulted in unknown state: {e}",
                t.as_str()
            )),
        };
        if let Some(text) = text {
            w.event(
                ctx,
                &self.shared,
                &name,
                crate::events::WARNING,
                "Unhealthy",
                text,
            );
        }
        let key = (uid.to_string(), name, t);
        if self.shared.probes.record(&key, id, &outcome, ctx.now) {
            w.sync(ctx, &mut self.shared);
        }
    }

    /// Mirrors the worker loop's tick: probe if due, then wait a period.
    pub(crate) fn probe_tick(&mut self, ctx: &mut Ctx, key: WorkerKey) {
        let Some(w) = self.workers.get(&key.0) else {
            return;
        };
        let mut pod = w.pod.clone();
        pod.status = w.status.clone();
        let (me, runtime) = (self.actor(), Actor::Runtime(self.node.clone()));
        let probes = &mut self.shared.probes;
        let Some(tick) = probes.tick(&key, &pod, &w.status, ctx.now) else {
            return;
        };
        let period = SimDuration::from_secs(probes.period(&key).unwrap_or(10));
        let next = TimerKind::Kubelet(Timer::Probe {
            epoch: self.epoch,
            key: key.clone(),
        });
        ctx.out.timer(ctx.now + period, &me, next);
        let Tick::Probe { container_id } = tick else {
            return;
        };
        match probes.probe_message(&key, &pod, &container_id) {
            Some(Ok(msg)) => ctx.out.send(&me, &runtime, Body::Node(msg)),
            Some(Err(e)) => {
                let outcome = ProbeOutcome::Errored(e);
                self.on_probe_result(ctx, &key.0, &container_id, key.2, outcome);
            }
            None => {}
        }
    }
}

/// A probe's outcome from the runtime's answer.
pub(crate) fn probe_outcome(success: bool, output: &str, error: &Option<String>) -> ProbeOutcome {
    match error {
        Some(e) => ProbeOutcome::Errored(e.clone()),
        None if success => ProbeOutcome::Success,
        None => ProbeOutcome::Failure(output.trim_end().to_string()),
    }
}
