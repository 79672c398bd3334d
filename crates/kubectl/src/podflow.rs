//! Podflow's own commands, beside kubectl's: what a learner does to the simulated machines
//! rather than through the API server. Not upstream code, and named `podflow ...` so nobody
//! takes them for kubectl.
//!
//! - `podflow node stop NAME` / `podflow node start NAME`: power a node off and on (its kubelet
//!   and runtime go silent; node lifecycle notices after the grace period).
//! - `podflow traffic [NAMESPACE/]SERVICE [--port N] [--count N]`: open connections to a
//!   Service from a worker node, as `curl http://SERVICE:PORT/` would, and print which pod
//!   answered each.

use crate::Output;
use podflow_engine::api::{Kind, Object};
use podflow_engine::Cluster;

const USAGE: &str = "usage: podflow node stop|start NAME | podflow traffic [NAMESPACE/]SERVICE [--port N] [--count N]";
/// More connections than this in one command would only flood the terminal.
const MAX_COUNT: usize = 100;

/// Runs `podflow ...` with the words after `podflow`.
pub fn dispatch(args: &[String], cluster: &mut Cluster) -> Output {
    match args.first().map(String::as_str) {
        Some("node") => node(&args[1..], cluster),
        Some("traffic") => traffic(&args[1..], cluster),
        Some(other) => Output::error(format!("unknown command \"{other}\"; {USAGE}")),
        None => Output::error(USAGE),
    }
}

fn node(args: &[String], cluster: &mut Cluster) -> Output {
    let (Some(action), Some(name), None) = (args.first(), args.get(1), args.get(2)) else {
        return Output::error("usage: podflow node stop|start NAME");
    };
    let done = match action.as_str() {
        "stop" => cluster.stop_node(name),
        "start" => cluster.start_node(name),
        other => {
            return Output::error(format!(
                "unknown node action \"{other}\"; usage: podflow node stop|start NAME"
            ))
        }
    };
    if done {
        let past = if action == "stop" {
            "stopped"
        } else {
            "started"
        };
        Output::ok(format!("node/{name} {past}\n"))
    } else {
        Output::error(format!("nodes \"{name}\" not found"))
    }
}

struct TrafficArgs {
    namespace: String,
    service: String,
    port: Option<i32>,
    count: usize,
}

fn parse_traffic(args: &[String]) -> Result<TrafficArgs, String> {
    let usage = "usage: podflow traffic [NAMESPACE/]SERVICE [--port N] [--count N]";
    let mut target = None;
    let mut port = None;
    let mut count = 10;
    let mut i = 0;
    while i < args.len() {
        let word = args[i].as_str();
        let (flag, inline) = match word.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (word, None),
        };
        match flag {
            "--port" | "--count" => {
                let value = match inline {
                    Some(v) => v,
                    None => {
                        i += 1;
                        args.get(i)
                            .cloned()
                            .ok_or(format!("flag needs an argument: {flag}"))?
                    }
                };
                let n: i64 = value
                    .parse()
                    .map_err(|_| format!("invalid argument \"{value}\" for \"{flag}\" flag"))?;
                if flag == "--port" {
                    port = Some(i32::try_from(n).map_err(|_| format!("invalid port {n}"))?);
                } else if !(1..=MAX_COUNT as i64).contains(&n) {
                    return Err(format!("--count must be between 1 and {MAX_COUNT}"));
                } else {
                    count = n as usize;
                }
            }
            _ if word.starts_with('-') => return Err(format!("unknown flag: {word}")),
            _ if target.is_none() => {
                target = Some(
                    word.trim_start_matches("svc/")
                        .trim_start_matches("service/")
                        .to_string(),
                )
            }
            _ => return Err(usage.to_string()),
        }
        i += 1;
    }
    let target = target.ok_or(usage.to_string())?;
    let (namespace, service) = match target.split_once('/') {
        Some((ns, name)) => (ns.to_string(), name.to_string()),
        None => ("default".to_string(), target),
    };
    Ok(TrafficArgs {
        namespace,
        service,
        port,
        count,
    })
}

fn traffic(args: &[String], cluster: &mut Cluster) -> Output {
    let a = match parse_traffic(args) {
        Ok(a) => a,
        Err(e) => return Output::error(e),
    };
    let svc = cluster.store().get(&podflow_engine::api::ObjectKey::new(
        Kind::Service,
        &a.namespace,
        &a.service,
    ));
    let first_port = svc.and_then(|o| match &**o {
        Object::Service(s) => s.spec.ports.first().map(|p| p.port),
        _ => None,
    });
    let Some(port) = a.port.or(first_port) else {
        return Output::error(format!("services \"{}\" not found", a.service));
    };
    let results = cluster.send_traffic(&a.namespace, &a.service, port, a.count);
    let mut text = String::new();
    let mut failed = 0;
    for (i, r) in results.iter().enumerate() {
        let n = i + 1;
        match (&r.error, &r.pod) {
            (Some(e), _) => {
                failed += 1;
                text.push_str(&format!("{n}: {}:{port}: {e}\n", a.service));
            }
            (None, pod) => {
                let who = pod.clone().unwrap_or_else(|| "?".into());
                let ip = r.ip.clone().unwrap_or_default();
                let target_port = r.port.map(|p| format!(":{p}")).unwrap_or_default();
                let node = r
                    .node
                    .as_ref()
                    .map(|n| format!(" on {n}"))
                    .unwrap_or_default();
                let status = r.status.map(|s| format!(" {s}")).unwrap_or_default();
                text.push_str(&format!(
                    "{n}: answered by {who} ({ip}{target_port}{node}){status}\n"
                ));
            }
        }
    }
    Output {
        stdout: text,
        exit_code: i32::from(failed == results.len() && failed > 0),
        ..Output::default()
    }
}

#[cfg(test)]
mod tests {
    use crate::{run, MapFiles, NoFiles};
    use podflow_engine::{Cluster, SimDuration};

    const WEB: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n        ports:\n        - containerPort: 80\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n  - port: 80\n";

    #[test]
    fn traffic_reaches_the_ready_pods_of_a_service() {
        let mut c = Cluster::new(3);
        let files = MapFiles {
            stdin: Some(WEB.into()),
            ..MapFiles::default()
        };
        assert_eq!(run("kubectl apply -f -", &mut c, &files).exit_code, 0);
        c.advance(SimDuration::from_secs(60));
        let out = run("podflow traffic web --count 4", &mut c, &NoFiles);
        assert_eq!(out.exit_code, 0, "{out:?}");
        assert_eq!(out.stdout.lines().count(), 4);
        assert!(
            out.stdout
                .lines()
                .all(|l| l.contains("answered by default/web-") && l.ends_with(" 200")),
            "{}",
            out.stdout
        );
        let missing = run("podflow traffic nope", &mut c, &NoFiles);
        assert_eq!(missing.stderr, "error: services \"nope\" not found\n");
        let bad = run("podflow traffic web --count 0", &mut c, &NoFiles);
        assert_eq!(bad.stderr, "error: --count must be between 1 and 100\n");
    }

    #[test]
    fn a_stopped_node_goes_not_ready() {
        let mut c = Cluster::new(3);
        assert_eq!(
            run("podflow node stop k8s-node-1", &mut c, &NoFiles).stdout,
            "node/k8s-node-1 stopped\n"
        );
        // Past the startup grace period (60s) of a node that has just joined.
        c.advance(SimDuration::from_secs(90));
        let nodes = run("kubectl get node k8s-node-1", &mut c, &NoFiles).stdout;
        assert!(nodes.contains("NotReady"), "{nodes}");
        assert_eq!(
            run("podflow node start k8s-node-1", &mut c, &NoFiles).stdout,
            "node/k8s-node-1 started\n"
        );
        c.advance(SimDuration::from_secs(30));
        let nodes = run("kubectl get node k8s-node-1", &mut c, &NoFiles).stdout;
        assert!(!nodes.contains("NotReady"), "{nodes}");
        assert_eq!(
            run("podflow node stop nope", &mut c, &NoFiles).stderr,
            "error: nodes \"nope\" not found\n"
        );
        assert_eq!(run("podflow reboot", &mut c, &NoFiles).exit_code, 1);
    }
}
