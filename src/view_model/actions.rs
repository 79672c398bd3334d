//! The command lines the stage's buttons run: each action is a line the learner could have
//! typed, so it is recorded in the session and shown in the terminal's transcript.

/// The taint the seeds' session puts on `k8s-node-1`, offered as the form's default.
pub const DEFAULT_TAINT: &str = "env=dev:NoSchedule";

/// `kubectl taint nodes NODE SPEC`, or `None` when `spec` is empty or would split into several
/// words (kubectl itself reports a malformed taint).
pub fn taint_line(node: &str, spec: &str) -> Option<String> {
    let spec = spec.trim();
    if spec.is_empty() || spec.contains(char::is_whitespace) || spec.starts_with('-') {
        return None;
    }
    Some(format!("kubectl taint nodes {node} {spec}"))
}

/// `kubectl taint nodes NODE KEY[=VALUE]:EFFECT-`: removes one taint as the node lists it.
pub fn untaint_line(node: &str, taint: &str) -> String {
    format!("kubectl taint nodes {node} {taint}-")
}

/// `kubectl cordon NODE` or `kubectl uncordon NODE`.
pub fn cordon_line(node: &str, cordon: bool) -> String {
    let verb = if cordon { "cordon" } else { "uncordon" };
    format!("kubectl {verb} {node}")
}

/// `podflow node stop NODE` or `podflow node start NODE`.
pub fn power_line(node: &str, stop: bool) -> String {
    let action = if stop { "stop" } else { "start" };
    format!("podflow node {action} {node}")
}

/// Deletes a pod without waiting (`--wait=false`), so its grace period counts down on the
/// stage; `force` skips the grace period as `--grace-period=0 --force` does.
pub fn delete_pod_line(namespace: &str, name: &str, force: bool) -> String {
    if force {
        format!("kubectl delete pod {name} -n {namespace} --grace-period=0 --force")
    } else {
        format!("kubectl delete pod {name} -n {namespace} --wait=false")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use podflow_engine::{Cluster, SimDuration};
    use podflow_kubectl::{run, NoFiles};

    #[test]
    fn the_taint_form_makes_one_kubectl_line_or_refuses() {
        assert_eq!(
            taint_line("k8s-node-1", " env=dev:NoSchedule "),
            Some("kubectl taint nodes k8s-node-1 env=dev:NoSchedule".into())
        );
        assert_eq!(taint_line("k8s-node-1", ""), None);
        assert_eq!(taint_line("k8s-node-1", "a=b:NoSchedule --all"), None);
        assert_eq!(taint_line("k8s-node-1", "--overwrite"), None);
    }

    #[test]
    fn each_action_line_does_what_it_says_on_the_cluster() {
        let mut c = Cluster::new(1);
        let line = taint_line("k8s-node-1", DEFAULT_TAINT).expect("valid");
        assert_eq!(
            run(&line, &mut c, &NoFiles).stdout,
            "node/k8s-node-1 tainted\n"
        );
        let out = run(&untaint_line("k8s-node-1", DEFAULT_TAINT), &mut c, &NoFiles);
        assert_eq!(out.stdout, "node/k8s-node-1 untainted\n");
        let out = run(&cordon_line("k8s-node-2", true), &mut c, &NoFiles);
        assert_eq!(out.stdout, "node/k8s-node-2 cordoned\n");
        let out = run(&cordon_line("k8s-node-2", false), &mut c, &NoFiles);
        assert_eq!(out.stdout, "node/k8s-node-2 uncordoned\n");
        let out = run(&power_line("k8s-node-2", true), &mut c, &NoFiles);
        assert_eq!(out.stdout, "node/k8s-node-2 stopped\n");
        run("kubectl run a --image=nginx", &mut c, &NoFiles);
        run("kubectl run b --image=nginx", &mut c, &NoFiles);
        c.advance(SimDuration::from_secs(20));
        let out = run(&delete_pod_line("default", "a", false), &mut c, &NoFiles);
        assert_eq!(out.stdout, "pod \"a\" deleted from default namespace\n");
        let out = run(&delete_pod_line("default", "b", true), &mut c, &NoFiles);
        assert!(out.stdout.contains("force deleted"), "{out:?}");
    }
}
