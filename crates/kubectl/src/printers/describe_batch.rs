//! `kubectl describe` for jobs and daemon sets.
//!
//! Mirrors `describe.go` `describeJob` and `describeDaemonSet`, reading the objects through
//! their JSON form.

use super::columns::{field, selector_text};
use super::describe::{rfc1123z, Describe};
use super::describe_workload::{pod_counts, pod_template};
use podflow_engine::api::derived;
use podflow_engine::api::{Object, Time};
use podflow_engine::{Cluster, SimTime};
use serde_json::Value;

fn int(v: &Value, path: &str) -> Option<i64> {
    field(v, path).and_then(Value::as_i64)
}

fn time(v: &Value, path: &str) -> Option<Time> {
    field(v, path)
        .and_then(Value::as_str)
        .and_then(SimTime::parse_rfc3339)
        .map(Time)
}

// Mirrors describe.go describeJob.
pub fn job(d: &mut Describe, o: &Object, v: &Value, _cluster: &Cluster) {
    d.w(0, &format!("Name:\t{}\n", o.meta().name));
    d.w(0, &format!("Namespace:\t{}\n", o.meta().namespace));
    d.w(
        0,
        &format!("Selector:\t{}\n", selector_text(field(v, "spec.selector"))),
    );
    d.labels("Labels", &o.meta().labels);
    d.annotations(&o.meta().annotations);
    if let Some(r) = o.meta().controller_ref() {
        d.w(0, &format!("Controlled By:\t{}/{}\n", r.kind, r.name));
    }
    if let Some(p) = int(v, "spec.parallelism") {
        d.w(0, &format!("Parallelism:\t{p}\n"));
    }
    match int(v, "spec.completions") {
        Some(c) => d.w(0, &format!("Completions:\t{c}\n")),
        None => d.w(0, "Completions:\t<unset>\n"),
    }
    if let Some(m) = field(v, "spec.completionMode").and_then(Value::as_str) {
        d.w(0, &format!("Completion Mode:\t{m}\n"));
    }
    if let Some(s) = field(v, "spec.suspend").and_then(Value::as_bool) {
        d.w(0, &format!("Suspend:\t{s}\n"));
    }
    if let Some(b) = int(v, "spec.backoffLimit") {
        d.w(0, &format!("Backoff Limit:\t{b}\n"));
    }
    let (start, done) = (
        time(v, "status.startTime"),
        time(v, "status.completionTime"),
    );
    if start.is_some() {
        d.w(0, &format!("Start Time:\t{}\n", rfc1123z(start)));
    }
    if done.is_some() {
        d.w(0, &format!("Completed At:\t{}\n", rfc1123z(done)));
    }
    if let (Some(s), Some(c)) = (start, done) {
        let ms = (c.0 .0 / 1000 * 1000) as i64 - (s.0 .0 / 1000 * 1000) as i64;
        d.w(0, &format!("Duration:\t{}\n", derived::human_duration(ms)));
    }
    if let Some(a) = int(v, "spec.activeDeadlineSeconds") {
        d.w(0, &format!("Active Deadline Seconds:\t{a}s\n"));
    }
    let n = |p: &str| int(v, p).unwrap_or(0);
    let (active, ok, failed) = (
        n("status.active"),
        n("status.succeeded"),
        n("status.failed"),
    );
    match int(v, "status.ready") {
        Some(r) => d.w(
            0,
            &format!(
                "Pods Statuses:\t{active} Active ({r} Ready) / {ok} Succeeded / {failed} Failed\n"
            ),
        ),
        None => d.w(
            0,
            &format!("Pods Statuses:\t{active} Active / {ok} Succeeded / {failed} Failed\n"),
        ),
    }
    pod_template(d, v);
}

// Mirrors describe.go describeDaemonSet.
pub fn daemon_set(d: &mut Describe, o: &Object, v: &Value, cluster: &Cluster) {
    d.w(0, &format!("Name:\t{}\n", o.meta().name));
    d.w(0, &format!("Namespace:\t{}\n", o.meta().namespace));
    d.w(
        0,
        &format!("Selector:\t{}\n", selector_text(field(v, "spec.selector"))),
    );
    let ns: Vec<String> = field(v, "spec.template.spec.nodeSelector")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect()
        })
        .unwrap_or_default();
    let ns = if ns.is_empty() {
        "<none>".to_string()
    } else {
        ns.join(",")
    };
    d.w(0, &format!("Node-Selector:\t{ns}\n"));
    d.labels("Labels", &o.meta().labels);
    d.annotations(&o.meta().annotations);
    let n = |p: &str| int(v, p).unwrap_or(0);
    d.w(
        0,
        &format!(
            "Desired Number of Nodes Scheduled: {}\n",
            n("status.desiredNumberScheduled")
        ),
    );
    d.w(
        0,
        &format!(
            "Current Number of Nodes Scheduled: {}\n",
            n("status.currentNumberScheduled")
        ),
    );
    d.w(
        0,
        &format!(
            "Number of Nodes Scheduled with Up-to-date Pods: {}\n",
            n("status.updatedNumberScheduled")
        ),
    );
    d.w(
        0,
        &format!(
            "Number of Nodes Scheduled with Available Pods: {}\n",
            n("status.numberAvailable")
        ),
    );
    d.w(
        0,
        &format!(
            "Number of Nodes Misscheduled: {}\n",
            n("status.numberMisscheduled")
        ),
    );
    let (run, wait, ok, fail) = pod_counts(o, cluster);
    d.w(
        0,
        &format!("Pods Status:\t{run} Running / {wait} Waiting / {ok} Succeeded / {fail} Failed\n"),
    );
    pod_template(d, v);
}
