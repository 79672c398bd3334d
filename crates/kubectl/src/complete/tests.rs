//! Completion cases, one line each where possible: `c(line)` completes at the end of the line.

use super::*;
use crate::{run, NoFiles};
use podflow_engine::SimDuration;
use std::sync::OnceLock;

/// The seeds' cluster with a `web` Deployment and Service in `default`, a `db` pod in `team`,
/// and a taint on k8s-node-1.
pub(super) fn cluster() -> &'static Cluster {
    static CLUSTER: OnceLock<Cluster> = OnceLock::new();
    CLUSTER.get_or_init(|| {
        let mut c = Cluster::new(1);
        for line in [
            "kubectl create deployment web --image=nginx --replicas=2",
            "kubectl create service clusterip web --tcp=80:80",
            "kubectl create namespace team",
            "kubectl run db --image=redis -n team",
            "kubectl create service clusterip cache --tcp=6379:6379 -n team",
            "kubectl taint node k8s-node-1 env=dev:NoSchedule",
        ] {
            let out = run(line, &mut c, &NoFiles);
            assert_eq!(out.exit_code, 0, "{line}: {out:?}");
        }
        c.advance(SimDuration::from_secs(30));
        c
    })
}

pub(super) fn c(line: &str) -> Vec<String> {
    complete(line, line.len(), cluster()).candidates
}

/// What one Tab at the end of `line` makes of it.
fn tab(line: &str) -> Option<String> {
    complete(line, line.len(), cluster())
        .apply(line)
        .map(|e| e.line)
}

fn has(line: &str, want: &[&str]) {
    let got = c(line);
    for w in want {
        assert!(got.iter().any(|g| g == w), "{line:?}: {w:?} not in {got:?}");
    }
}

fn lacks(line: &str, unwanted: &[&str]) {
    let got = c(line);
    for w in unwanted {
        assert!(!got.iter().any(|g| g == w), "{line:?}: {w:?} in {got:?}");
    }
}

fn web_pods() -> Vec<String> {
    c("kubectl get pods web-")
}

#[test]
fn programs_first() {
    assert_eq!(c(""), ["kubectl", "podflow"]);
    assert_eq!(tab("kub").as_deref(), Some("kubectl "));
    assert_eq!(tab("  p").as_deref(), Some("  podflow "));
    assert_eq!(c("ls "), Vec::<String>::new());
}

#[test]
fn verbs_after_kubectl() {
    has(
        "kubectl ",
        &["get", "taint", "scale", "label", "cordon", "rollout"],
    );
    assert_eq!(tab("kubectl ge").as_deref(), Some("kubectl get "));
    assert_eq!(c("kubectl de"), ["delete", "describe"]);
}

#[test]
fn common_prefix_without_progress_is_none() {
    assert_eq!(tab("kubectl de"), None);
    assert_eq!(tab("kubectl get po"), None, "po and pods");
    assert_eq!(tab("kubectl get pod").as_deref(), Some("kubectl get pods "));
    assert_eq!(tab("kubectl ap"), None, "api-resources and apply");
}

#[test]
fn resource_types_with_short_names() {
    has(
        "kubectl get ",
        &[
            "pods",
            "po",
            "deployments",
            "deploy",
            "svc",
            "no",
            "rs",
            "all",
        ],
    );
    assert_eq!(c("kubectl get po"), ["po", "pods"]);
    has("kubectl describe ", &["nodes", "services"]);
    has(
        "kubectl get pods,s",
        &["pods,svc", "pods,services", "pods,statefulsets"],
    );
}

#[test]
fn names_in_the_default_namespace() {
    let pods = web_pods();
    assert_eq!(pods.len(), 2, "{pods:?}");
    assert_eq!(c("kubectl get deploy "), ["web"]);
    assert_eq!(c("kubectl get svc "), ["kubernetes", "web"]);
    lacks("kubectl get pods ", &["db"]);
    // A name already on the line is not offered again.
    let line = format!("kubectl delete pod {} ", pods[0]);
    assert_eq!(c(&line), [pods[1].clone()]);
}

#[test]
fn names_in_the_namespace_the_line_names() {
    assert_eq!(c("kubectl get pods -n team "), ["db"]);
    assert_eq!(c("kubectl -n team get pods "), ["db"]);
    assert_eq!(c("kubectl get pods --namespace=team d"), ["db"]);
    assert_eq!(c("kubectl get pods --namespace team "), ["db"]);
    assert_eq!(c("kubectl get svc -nteam "), ["cache"]);
    has("kubectl get pods -n ", &["default", "kube-system", "team"]);
    has("kubectl -n ", &["team"]);
    assert_eq!(c("kubectl get pods --namespace=t"), ["--namespace=team"]);
}

#[test]
fn type_slash_name() {
    assert_eq!(c("kubectl get deploy/"), ["deploy/web"]);
    assert_eq!(c("kubectl describe deployment/w"), ["deployment/web"]);
    assert_eq!(
        c("kubectl get deploy/web svc/"),
        ["svc/kubernetes", "svc/web"]
    );
    assert_eq!(c("kubectl get nosuchtype/"), Vec::<String>::new());
    assert_eq!(c("kubectl logs deploy/"), ["deploy/web"]);
    assert_eq!(c("kubectl rollout status deployment/"), ["deployment/web"]);
}

#[test]
fn output_values() {
    assert_eq!(
        c("kubectl get pods -o "),
        ["json", "jsonpath=", "name", "wide", "yaml"]
    );
    assert_eq!(c("kubectl get pods -o w"), ["wide"]);
    assert_eq!(c("kubectl get pods --output=y"), ["--output=yaml"]);
    assert_eq!(
        tab("kubectl get pods --output=y").as_deref(),
        Some("kubectl get pods --output=yaml ")
    );
    assert_eq!(
        tab("kubectl get pods -o jsonp").as_deref(),
        Some("kubectl get pods -o jsonpath=")
    );
    assert_eq!(c("kubectl apply -o "), ["json", "name", "yaml"]);
    assert_eq!(
        c("kubectl create deployment x --dry-run="),
        ["--dry-run=client", "--dry-run=none", "--dry-run=server"]
    );
}

#[test]
fn flags_of_the_verb() {
    has(
        "kubectl get --",
        &[
            "--output=",
            "--show-labels",
            "--namespace=",
            "--help",
            "--all-namespaces",
        ],
    );
    lacks("kubectl get --", &["--kubeconfig=", "--replicas=", "-o"]);
    has("kubectl get -", &["-o", "-A", "-l", "--watch"]);
    assert_eq!(c("kubectl scale --r"), ["--replicas="]);
    assert_eq!(
        tab("kubectl scale deployment web --r").as_deref(),
        Some("kubectl scale deployment web --replicas=")
    );
    assert_eq!(
        c("kubectl cordon --"),
        ["--dry-run=", "--help", "--namespace=", "--selector="]
    );
    has("kubectl drain --", &["--ignore-daemonsets", "--force"]);
    // After a flag that takes a value, its value; after a boolean one, the next positional.
    assert_eq!(c("kubectl get --show-labels deploy "), ["web"]);
    assert_eq!(c("kubectl get -l app=web deploy "), ["web"]);
}

#[test]
fn scale_and_expose_offer_only_their_kinds() {
    has(
        "kubectl scale ",
        &["deployments", "deploy", "rs", "sts", "statefulsets", "rc"],
    );
    lacks("kubectl scale ", &["pods", "po", "nodes"]);
    assert_eq!(c("kubectl scale deployment "), ["web"]);
    assert_eq!(c("kubectl scale pods/"), Vec::<String>::new());
    has("kubectl expose ", &["deploy", "svc", "pods"]);
    assert_eq!(c("kubectl expose deployment "), ["web"]);
}

#[test]
fn nodes_after_taint_and_cordon() {
    has("kubectl taint ", &["nodes", "no"]);
    lacks("kubectl taint ", &["pods"]);
    assert_eq!(c("kubectl taint nodes k8s-n"), ["k8s-node-1", "k8s-node-2"]);
    assert_eq!(
        c("kubectl taint node/k8s-node-"),
        ["node/k8s-node-1", "node/k8s-node-2"]
    );
    has(
        "kubectl cordon ",
        &["k8s-master", "k8s-node-1", "k8s-node-2"],
    );
    lacks("kubectl uncordon k8s-node-1 ", &["k8s-node-1"]);
    assert_eq!(c("kubectl drain k8s-node-2 --"), c("kubectl drain --"));
}

#[test]
fn taints_to_remove_and_effects() {
    has(
        "kubectl taint node k8s-node-1 ",
        &["env=dev:NoSchedule-", "k8s-node-2"],
    );
    assert_eq!(
        tab("kubectl taint node k8s-node-1 e").as_deref(),
        Some("kubectl taint node k8s-node-1 env=dev:NoSchedule- ")
    );
    assert_eq!(
        c("kubectl taint node k8s-node-2 "),
        ["k8s-master", "k8s-node-1"]
    );
    assert_eq!(
        c("kubectl taint node k8s-node-2 env=dev:No"),
        ["env=dev:NoExecute", "env=dev:NoSchedule"]
    );
    has("kubectl taint node/k8s-node-1 ", &["env=dev:NoSchedule-"]);
    lacks(
        "kubectl taint node k8s-node-1 a=b:NoSchedule ",
        &["k8s-node-2"],
    );
}

#[test]
fn subcommands() {
    assert_eq!(
        c("kubectl rollout "),
        ["history", "restart", "status", "undo"]
    );
    has(
        "kubectl rollout restart ",
        &["deployments", "deploy", "sts", "ds"],
    );
    assert_eq!(c("kubectl rollout restart deploy "), ["web"]);
    assert_eq!(c("kubectl set "), ["image"]);
    assert_eq!(c("kubectl set image deploy/"), ["deploy/web"]);
    assert_eq!(c("kubectl top "), ["node", "pod"]);
    assert_eq!(
        c("kubectl create "),
        ["deployment", "job", "namespace", "service"]
    );
    assert_eq!(
        c("kubectl create service "),
        ["clusterip", "loadbalancer", "nodeport"]
    );
    assert_eq!(c("kubectl help ta"), ["taint"]);
    has("kubectl label nodes ", &["k8s-node-1"]);
    assert_eq!(c("kubectl label nodes k8s-node-1 "), Vec::<String>::new());
    assert_eq!(c("kubectl explain deploy"), ["deploy", "deployments"]);
}

#[test]
fn logs_and_exec() {
    assert_eq!(c("kubectl logs "), web_pods());
    assert_eq!(c("kubectl exec -n team "), ["db"]);
    assert_eq!(c("kubectl exec -it db -n team -- "), Vec::<String>::new());
    has("kubectl exec -", &["-c", "-i", "-t", "--container="]);
    assert_eq!(c("kubectl exec db -n team -c "), ["db"]);
    assert_eq!(c("kubectl logs pod/db -n team -c "), ["db"]);
    assert_eq!(c("kubectl logs -c "), Vec::<String>::new());
    assert_eq!(c("kubectl logs nosuchpod -c "), Vec::<String>::new());
}

#[test]
fn podflow_commands() {
    assert_eq!(c("podflow "), ["node", "traffic"]);
    assert_eq!(c("podflow node "), ["start", "stop"]);
    assert_eq!(
        c("podflow node stop k8s-node-"),
        ["k8s-node-1", "k8s-node-2"]
    );
    assert_eq!(c("podflow traffic "), ["kubernetes", "web"]);
    assert_eq!(c("podflow traffic team/"), ["team/cache"]);
    assert_eq!(c("podflow traffic web --"), ["--count=", "--port="]);
    assert_eq!(c("podflow traffic web --port "), Vec::<String>::new());
    assert_eq!(c("podflow node stop k8s-node-1 "), Vec::<String>::new());
}

#[test]
fn pipes() {
    assert_eq!(c("kubectl get pods | gr"), ["grep"]);
    assert_eq!(c("kubectl get pods | grep "), Vec::<String>::new());
    assert_eq!(
        c("kubectl get pods|"),
        ["egrep", "grep", "head", "tail", "wc"]
    );
    // A `|` inside quotes is a character.
    assert_eq!(c("kubectl get -l 'a|b' deploy "), ["web"]);
}

#[test]
fn in_the_middle_of_a_line() {
    let line = "kubectl ge pods";
    let comp = complete(line, 10, cluster());
    assert_eq!(comp.replace, 8..10);
    assert_eq!(comp.candidates, ["get"]);
    let edit = comp.apply(line).expect("an edit");
    assert_eq!(edit.line, "kubectl get pods");
    assert_eq!(edit.cursor, 11);
}

#[test]
fn quotes_and_escapes() {
    let comp = complete("kubectl get 'po", 15, cluster());
    assert_eq!(comp.replace, 12..15);
    assert_eq!(comp.candidates, ["po", "pods"]);
    assert_eq!(c("kubectl get \"deploy\" "), ["web"]);
    assert_eq!(c("kubectl get de\\ploy "), ["web"]);
}

#[test]
fn common_prefix_respects_characters() {
    let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(common_prefix(&words(&["pods", "po"])), "po");
    assert_eq!(common_prefix(&words(&["日本", "日光"])), "日");
    assert_eq!(common_prefix(&words(&["a", "b"])), "");
    assert_eq!(common_prefix(&[]), "");
}

#[test]
fn cursor_outside_or_inside_a_character_is_clamped() {
    assert_eq!(complete("kub", 99, cluster()).candidates, ["kubectl"]);
    let line = "kubectl get 日";
    let comp = complete(line, line.len() - 1, cluster());
    assert_eq!(comp.replace.end, 12);
}
