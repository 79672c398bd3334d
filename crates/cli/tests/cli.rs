//! The `podflow` binary: transcripts, malformed scripts, traces.

use std::process::Command;

fn podflow(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_podflow"))
        .args(args)
        .output()
        .expect("podflow runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn script(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("podflow-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("script.podflow");
    std::fs::write(&path, text).expect("write script");
    path.to_string_lossy().into_owned()
}

#[test]
fn run_prints_each_command_then_its_output() {
    let p = script(
        "ok",
        "# nodes\nkubectl get nodes | head -n 2\nadvance 1s\nkubectl get pod nope\n",
    );
    let (out, _, code) = podflow(&["run", &p]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "$ kubectl get nodes | head -n 2\nNAME         STATUS   ROLES           AGE   VERSION\nk8s-master   Ready    control-plane   0s    v1.36.0\n$ advance 1s\n$ kubectl get pod nope\nError from server (NotFound): pods \"nope\" not found\n"
    );
}

#[test]
fn malformed_script_names_the_line_and_exits_2() {
    let p = script("bad", "kubectl get nodes\nls -l\n");
    let (out, err, code) = podflow(&["run", &p]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("line 2: unknown command \"ls\""), "{err}");
}

#[test]
fn empty_cluster_has_no_nodes_and_trace_is_json_lines() {
    let p = script("trace", "kubectl get nodes\nkubectl create namespace dev\n");
    let (out, _, code) = podflow(&["run", "--empty-cluster", &p]);
    assert_eq!(code, 0);
    assert!(out.contains("No resources found\n"), "{out}");
    let (trace, _, code) = podflow(&["trace", "--seed", "3", &p]);
    assert_eq!(code, 0);
    let first = trace.lines().next().expect("a trace line");
    let v: serde_json::Value = serde_json::from_str(first).expect("json");
    assert_eq!(v["kind"], "create");
}

#[test]
fn shell_reads_piped_lines_and_stops_at_exit() {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_podflow"))
        .arg("shell")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("podflow runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"kubectl get nodes -o name\nadvance 30s\nexit\nkubectl get pods\n")
        .expect("write");
    let out = child.wait_with_output().expect("ends");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text,
        "podflow shell: type kubectl commands, `advance 30s`, `help` or `exit`.\n[00:00:00.000] $ node/k8s-master\nnode/k8s-node-1\nnode/k8s-node-2\n[00:00:00.000] $ [00:00:30.000] $ "
    );
}
