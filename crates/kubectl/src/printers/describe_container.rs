//! The containers section of `kubectl describe` (pods and pod templates).
//!
//! Mirrors `describe.go` `describeContainers`, `describeContainerBasicInfo`,
//! `describeContainerPorts`, `describeContainerCommand`, `describeStatus`, `describeResources`,
//! `DescribeProbe` (v1.36 form `#success=1 #failure=3`), `describeContainerEnvVars` (values
//! from references print as `<set from a reference>`) and `describeContainerVolumes`.

use super::describe::{rfc1123z, Describe};
use podflow_engine::api::pod::{Container, ContainerState, ContainerStatus, Probe};

/// Mirrors `describeContainers`; `space` is `"  "` inside a pod template.
pub fn containers(
    d: &mut Describe,
    label: &str,
    specs: &[Container],
    statuses: &[ContainerStatus],
    space: &str,
) {
    let none = if specs.is_empty() { " <none>" } else { "" };
    d.w(0, &format!("{space}{label}:{none}\n"));
    let name_indent = if space.is_empty() { "" } else { " " };
    for c in specs {
        let status = statuses.iter().find(|s| s.name == c.name);
        d.w(1, &format!("{name_indent}{}:\n", c.name));
        if let Some(s) = status {
            d.w(2, &format!("Container ID:\t{}\n", s.container_id));
        }
        d.w(2, &format!("Image:\t{}\n", c.image));
        if let Some(s) = status {
            d.w(2, &format!("Image ID:\t{}\n", s.image_id));
        }
        ports(d, c);
        command(d, c);
        if let Some(s) = status {
            state(d, "State", &s.state);
            if s.last_state.terminated.is_some() {
                state(d, "Last State", &s.last_state);
            }
            d.w(
                2,
                &format!("Ready:\t{}\n", if s.ready { "True" } else { "False" }),
            );
            d.w(2, &format!("Restart Count:\t{}\n", s.restart_count));
        }
        resources(d, c);
        for (name, p) in [
            ("Liveness", &c.liveness_probe),
            ("Readiness", &c.readiness_probe),
            ("Startup", &c.startup_probe),
        ] {
            if let Some(p) = p {
                d.w(2, &format!("{name}:\t{}\n", describe_probe(p)));
            }
        }
        env(d, c);
        mounts(d, c);
    }
}

fn ports(d: &mut Describe, c: &Container) {
    let fmt = |host: bool| {
        c.ports
            .iter()
            .map(|p| {
                let n = if host {
                    p.host_port.unwrap_or(0)
                } else {
                    p.container_port
                };
                let s = format!("{n}/{}", p.protocol);
                if p.name.is_empty() {
                    s
                } else {
                    format!("{s} ({})", p.name)
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (single, plural, text) in [
        ("Port", "Ports", fmt(false)),
        ("Host Port", "Host Ports", fmt(true)),
    ] {
        if text.contains(',') {
            d.w(2, &format!("{plural}:\t{text}\n"));
        } else {
            let v = if text.is_empty() { "<none>" } else { &text };
            d.w(2, &format!("{single}:\t{v}\n"));
        }
    }
}

fn command(d: &mut Describe, c: &Container) {
    for (title, list) in [("Command", &c.command), ("Args", &c.args)] {
        if !list.is_empty() {
            d.w(2, &format!("{title}:\n"));
            for item in list {
                for s in item.split('\n') {
                    d.w(3, &format!("{s}\n"));
                }
            }
        }
    }
}

// Mirrors describe.go describeStatus.
fn state(d: &mut Describe, name: &str, s: &ContainerState) {
    if let Some(r) = &s.running {
        d.w(2, &format!("{name}:\tRunning\n"));
        d.w(3, &format!("Started:\t{}\n", rfc1123z(r.started_at)));
    } else if let Some(w) = &s.waiting {
        d.w(2, &format!("{name}:\tWaiting\n"));
        if !w.reason.is_empty() {
            d.w(3, &format!("Reason:\t{}\n", w.reason));
        }
    } else if let Some(t) = &s.terminated {
        d.w(2, &format!("{name}:\tTerminated\n"));
        if !t.reason.is_empty() {
            d.w(3, &format!("Reason:\t{}\n", t.reason));
        }
        if !t.message.is_empty() {
            d.w(3, &format!("Message:\t{}\n", t.message));
        }
        d.w(3, &format!("Exit Code:\t{}\n", t.exit_code));
        if let Some(sig) = t.signal.filter(|s| *s > 0) {
            d.w(3, &format!("Signal:\t{sig}\n"));
        }
        d.w(3, &format!("Started:\t{}\n", rfc1123z(t.started_at)));
        d.w(3, &format!("Finished:\t{}\n", rfc1123z(t.finished_at)));
    } else {
        d.w(2, &format!("{name}:\tWaiting\n"));
    }
}

fn resources(d: &mut Describe, c: &Container) {
    for (title, list) in [
        ("Limits", &c.resources.limits),
        ("Requests", &c.resources.requests),
    ] {
        if !list.is_empty() {
            d.w(2, &format!("{title}:\n"));
            for (k, q) in list {
                d.w(3, &format!("{k}:\t{}\n", q.0));
            }
        }
    }
}

/// Mirrors `DescribeProbe` as of kubectl v1.36.
pub fn describe_probe(p: &Probe) -> String {
    let attrs = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        p.initial_delay_seconds.unwrap_or(0),
        p.timeout_seconds.unwrap_or(1),
        p.period_seconds.unwrap_or(10),
        p.success_threshold.unwrap_or(1),
        p.failure_threshold.unwrap_or(3)
    );
    if let Some(e) = &p.exec {
        return format!("exec [{}] {attrs}", e.command.join(" "));
    }
    if let Some(h) = &p.http_get {
        let scheme = if h.scheme.is_empty() {
            "http".to_string()
        } else {
            h.scheme.to_lowercase()
        };
        let path = if h.path.is_empty() {
            "/"
        } else {
            h.path.as_str()
        };
        return format!("http-get {scheme}://{}:{}{path} {attrs}", h.host, h.port);
    }
    if let Some(t) = &p.tcp_socket {
        return format!("tcp-socket {}:{} {attrs}", t.host, t.port);
    }
    format!("unknown {attrs}")
}

fn env(d: &mut Describe, c: &Container) {
    let none = if c.env.is_empty() { "\t<none>" } else { "" };
    d.w(2, &format!("Environment:{none}\n"));
    for e in &c.env {
        match &e.value_from {
            None => {
                let value = e.value.clone().unwrap_or_default();
                for (i, s) in value.split('\n').enumerate() {
                    if i == 0 {
                        d.w(3, &format!("{}:\t{s}\n", e.name));
                    } else {
                        d.w(3, &format!("\t{s}\n"));
                    }
                }
            }
            Some(_) => d.w(3, &format!("{}:\t<set from a reference>\n", e.name)),
        }
    }
}

fn mounts(d: &mut Describe, c: &Container) {
    let none = if c.volume_mounts.is_empty() {
        "\t<none>"
    } else {
        ""
    };
    d.w(2, &format!("Mounts:{none}\n"));
    let mut sorted: Vec<_> = c.volume_mounts.iter().collect();
    podflow_engine::sort::by(&mut sorted, |a, b| a.mount_path.cmp(&b.mount_path));
    for m in sorted {
        let mut flags = vec![if m.read_only {
            "ro".to_string()
        } else {
            "rw".to_string()
        }];
        if !m.sub_path.is_empty() {
            flags.push(format!("path={:?}", m.sub_path));
        }
        d.w(
            3,
            &format!("{} from {} ({})\n", m.mount_path, m.name, flags.join(",")),
        );
    }
}
