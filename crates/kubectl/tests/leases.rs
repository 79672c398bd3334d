//! Node Leases through kubectl: `get leases` in `kube-node-lease` (NAME HOLDER AGE, as
//! upstream's printLease), the lease as YAML with microsecond times, and `describe node`'s
//! Lease section read from the object.

use podflow_engine::{Cluster, SimDuration};
use podflow_kubectl::{run, NoFiles};

fn out(c: &mut Cluster, line: &str) -> String {
    let o = run(line, c, &NoFiles);
    assert_eq!(o.exit_code, 0, "{line}: {}", o.stderr);
    o.stdout
}

#[test]
fn get_leases_lists_one_per_node_held_by_the_node() {
    let mut c = Cluster::new(1);
    c.advance(SimDuration::from_secs(65));
    assert_eq!(
        out(&mut c, "kubectl get leases -n kube-node-lease"),
        "NAME         HOLDER       AGE\n\
         k8s-master   k8s-master   65s\n\
         k8s-node-1   k8s-node-1   65s\n\
         k8s-node-2   k8s-node-2   65s\n"
    );
    let yaml = out(
        &mut c,
        "kubectl get lease k8s-node-1 -n kube-node-lease -o yaml",
    );
    assert!(
        yaml.starts_with("apiVersion: coordination.k8s.io/v1\nkind: Lease\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("  renewTime: \"2026-12-01T09:01:00.000000Z\"\n"),
        "{yaml}"
    );
    assert!(yaml.contains("  leaseDurationSeconds: 40\n"), "{yaml}");
}

#[test]
fn describe_node_shows_the_lease_renew_time() {
    let mut c = Cluster::new(1);
    c.advance(SimDuration::from_secs(25));
    let text = out(&mut c, "kubectl describe node k8s-node-1");
    assert!(
        text.contains("Lease:\n  HolderIdentity:  k8s-node-1\n  AcquireTime:     <unset>\n  RenewTime:       Tue, 01 Dec 2026 09:00:20 +0000\n"),
        "{text}"
    );
}

#[test]
fn describe_lease_prints_every_field_as_the_generic_describer() {
    let mut c = Cluster::new(1);
    c.advance(SimDuration::from_secs(15));
    let text = out(
        &mut c,
        "kubectl describe lease k8s-node-2 -n kube-node-lease",
    );
    let want = "Spec:\n  Holder Identity:         k8s-node-2\n  Lease Duration Seconds:  40\n  Renew Time:              2026-12-01T09:00:10.000000Z\nEvents:                    <none>\n";
    assert!(text.ends_with(want), "{text}");
    assert!(
        text.contains("  Owner References:\n    API Version:     v1\n    Kind:            Node\n"),
        "{text}"
    );
}
