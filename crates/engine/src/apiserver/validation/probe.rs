//! Probes and lifecycle hooks: exactly one handler, non-negative timings, and the liveness /
//! startup `successThreshold` of 1.
//!
//! Mirrors `pkg/apis/core/validation/validation.go` validateProbe, validateLivenessProbe,
//! validateReadinessProbe, validateStartupProbe, validateHandler, validateHTTPGetAction,
//! ValidatePortNumOrName and validateLifecycle. Left out: HTTP header names, gRPC service names.

use super::field::{self, Path};
use super::names;
use crate::api::pod::{Container, HttpGetAction, IntOrString, Probe};
use crate::apiserver::errors::Cause;

/// The three probes with their extra rules.
pub fn probes(ctr: &Container, p: &Path) -> Vec<Cause> {
    let mut c = Vec::new();
    for (probe, name) in [
        (&ctr.liveness_probe, "livenessProbe"),
        (&ctr.readiness_probe, "readinessProbe"),
        (&ctr.startup_probe, "startupProbe"),
    ] {
        let Some(probe) = probe else { continue };
        let pp = p.child(name);
        c.extend(probe_rules(probe, &pp));
        let success = probe.success_threshold.unwrap_or(1);
        if name != "readinessProbe" && success != 1 {
            c.push(field::invalid(
                &pp.child("successThreshold"),
                success,
                "must be 1",
            ));
        }
        if name == "readinessProbe" {
            if let Some(t) = probe.termination_grace_period_seconds {
                c.push(field::invalid(
                    &pp.child("terminationGracePeriodSeconds"),
                    t,
                    "must not be set for readinessProbes",
                ));
            }
        }
    }
    c
}

/// Mirrors validateProbe.
pub fn probe_rules(probe: &Probe, p: &Path) -> Vec<Cause> {
    let mut c = handler(
        [
            ("exec", probe.exec.is_some()),
            ("httpGet", probe.http_get.is_some()),
            ("tcpSocket", probe.tcp_socket.is_some()),
            ("grpc", probe.grpc.is_some()),
        ],
        p,
    );
    if let Some(e) = &probe.exec {
        if e.command.is_empty() && c.is_empty() {
            c.push(field::required(&p.child("exec").child("command"), ""));
        }
    }
    if let Some(g) = &probe.http_get {
        c.extend(http_get(g, &p.child("httpGet")));
    }
    if let Some(t) = &probe.tcp_socket {
        c.extend(port_num_or_name(
            &t.port,
            &p.child("tcpSocket").child("port"),
        ));
    }
    for (v, name) in [
        (probe.initial_delay_seconds, "initialDelaySeconds"),
        (probe.timeout_seconds, "timeoutSeconds"),
        (probe.period_seconds, "periodSeconds"),
        (probe.success_threshold, "successThreshold"),
        (probe.failure_threshold, "failureThreshold"),
    ] {
        if let Some(v) = v.filter(|v| *v < 0) {
            c.push(field::invalid(
                &p.child(name),
                v,
                "must be greater than or equal to 0",
            ));
        }
    }
    if let Some(t) = probe.termination_grace_period_seconds.filter(|t| *t <= 0) {
        c.push(field::invalid(
            &p.child("terminationGracePeriodSeconds"),
            t,
            "must be greater than 0",
        ));
    }
    c
}

/// Mirrors validateHandler: exactly one handler type.
pub fn handler<const N: usize>(set: [(&str, bool); N], p: &Path) -> Vec<Cause> {
    let mut c = Vec::new();
    let mut count = 0;
    for (name, present) in set {
        if !present {
            continue;
        }
        if count > 0 {
            c.push(field::forbidden(
                &p.child(name),
                "may not specify more than 1 handler type",
            ));
        } else {
            count += 1;
        }
    }
    if count == 0 {
        c.push(field::required(p, "must specify a handler type"));
    }
    c
}

/// Mirrors validateHTTPGetAction.
fn http_get(g: &HttpGetAction, p: &Path) -> Vec<Cause> {
    let mut c = Vec::new();
    if g.path.is_empty() {
        c.push(field::required(&p.child("path"), ""));
    }
    c.extend(port_num_or_name(&g.port, &p.child("port")));
    if !matches!(g.scheme.as_str(), "HTTP" | "HTTPS") {
        c.push(field::not_supported(
            &p.child("scheme"),
            &g.scheme,
            &["HTTP", "HTTPS"],
        ));
    }
    c
}

/// Mirrors ValidatePortNumOrName.
fn port_num_or_name(port: &IntOrString, p: &Path) -> Vec<Cause> {
    match port {
        IntOrString::Int(i) => names::port_num(i64::from(*i))
            .iter()
            .map(|m| field::invalid(p, *i, m))
            .collect(),
        IntOrString::String(s) => names::each(p, s, names::port_name(s)),
    }
}

/// Mirrors validateLifecycle: each hook has exactly one handler.
pub fn lifecycle(ctr: &Container, p: &Path) -> Vec<Cause> {
    let Some(l) = &ctr.lifecycle else {
        return vec![];
    };
    let mut c = Vec::new();
    for (hook, name) in [(&l.post_start, "postStart"), (&l.pre_stop, "preStop")] {
        let Some(h) = hook else { continue };
        let hp = p.child("lifecycle").child(name);
        c.extend(handler(
            [
                ("exec", h.exec.is_some()),
                ("httpGet", h.http_get.is_some()),
                ("tcpSocket", h.tcp_socket.is_some()),
                ("sleep", h.sleep.is_some()),
            ],
            &hp,
        ));
        if let Some(g) = &h.http_get {
            c.extend(http_get(g, &hp.child("httpGet")));
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::{ExecAction, TcpSocketAction};

    fn texts(c: Vec<Cause>) -> Vec<String> {
        c.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn one_handler_exactly() {
        let p = Path::new("spec.containers[0].livenessProbe");
        let two = Probe {
            exec: Some(ExecAction {
                command: vec!["cat".into()],
            }),
            tcp_socket: Some(TcpSocketAction::default()),
            ..Default::default()
        };
        assert_eq!(
            texts(probe_rules(&two, &p))[0],
            "spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type"
        );
        assert_eq!(
            texts(probe_rules(&Probe::default(), &p)),
            ["spec.containers[0].livenessProbe: Required value: must specify a handler type"]
        );
    }

    #[test]
    fn liveness_success_threshold_must_be_one() {
        let ctr = Container {
            liveness_probe: Some(Probe {
                exec: Some(ExecAction {
                    command: vec!["true".into()],
                }),
                success_threshold: Some(2),
                period_seconds: Some(-1),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(
            texts(probes(&ctr, &Path::new("spec.containers[0]"))),
            [
                "spec.containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0",
                "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"
            ]
        );
    }
}
