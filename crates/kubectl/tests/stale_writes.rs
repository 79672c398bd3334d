//! Regression tests for two engine bugs: a `set image` right after creation undone by a
//! component's later write of a stale whole pod, and a deleted Completed pod left behind.

use podflow_engine::{Cluster, SimDuration};
use podflow_kubectl::{run, NoFiles};

fn out(c: &mut Cluster, line: &str) -> String {
    let o = run(line, c, &NoFiles);
    assert_eq!(o.exit_code, 0, "{line}: {}", o.stderr);
    o.stdout
}

fn image(c: &mut Cluster, pod: &str) -> String {
    out(
        c,
        &format!("kubectl get pod {pod} -o jsonpath={{.spec.containers[0].image}}"),
    )
}

#[test]
fn set_image_right_after_create_survives_binding_and_status_updates() {
    let mut c = Cluster::new(1);
    c.advance(SimDuration::from_secs(5));
    out(&mut c, "kubectl run web --image=nginx:1.25");
    out(&mut c, "kubectl set image pod/web web=nginx:1.26");
    assert_eq!(image(&mut c, "web"), "nginx:1.26");
    c.advance(SimDuration::from_secs(30));
    assert_eq!(image(&mut c, "web"), "nginx:1.26");
}

#[test]
fn deleting_a_completed_pod_removes_it_at_once() {
    let mut c = Cluster::new(1);
    c.advance(SimDuration::from_secs(5));
    out(
        &mut c,
        "kubectl run done --image=busybox --restart=Never -- true",
    );
    c.advance(SimDuration::from_secs(30));
    let phase = out(&mut c, "kubectl get pod done -o jsonpath={.status.phase}");
    assert_eq!(phase, "Succeeded");
    let start = c.now();
    out(&mut c, "kubectl delete pod done");
    let waited = c.now().saturating_sub(start);
    assert!(
        waited <= SimDuration::from_secs(3),
        "delete waited {waited:?}"
    );
    let o = run("kubectl get pod done", &mut c, &NoFiles);
    assert_eq!(
        o.stderr,
        "Error from server (NotFound): pods \"done\" not found\n"
    );
}

#[test]
fn set_image_on_a_new_deployment_lands_despite_the_controller_writing_it() {
    let mut c = Cluster::new(1);
    c.advance(SimDuration::from_secs(5));
    out(&mut c, "kubectl create deployment web --image=nginx:1.25");
    let o = out(&mut c, "kubectl set image deployment/web nginx=nginx:1.26");
    assert_eq!(o, "deployment.apps/web image updated\n");
    c.advance(SimDuration::from_secs(30));
    let img = out(
        &mut c,
        "kubectl get deploy web -o jsonpath={.spec.template.spec.containers[0].image}",
    );
    assert_eq!(img, "nginx:1.26");
}
