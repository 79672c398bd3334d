//! NFS volumes as a network share outside the nodes: the same export seen from any node holds
//! the same files and outlives its pods, unlike an emptyDir (gone with its pod). cephfs and rbd
//! are not simulated and say so with FailedMount.

mod kubelet_support;

use kubelet_support::{create, events, until};
use podflow_engine::network::Verb;
use podflow_engine::{Cluster, SimDuration};
use serde_json::{json, Value};

fn pod_with(name: &str, node: &str, volume: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
           "spec": {"nodeName": node,
                    "containers": [{"name": "app", "image": "busybox",
                                    "command": ["sh", "-c", "sleep 3600"],
                                    "volumeMounts": [{"name": "data", "mountPath": "/data"}]}],
                    "volumes": [volume]}})
}

fn nfs() -> Value {
    json!({"name": "data", "nfs": {"server": "nfs.example.com", "path": "/exports/web"}})
}

fn running(c: &Cluster, name: &str) -> bool {
    kubelet_support::pod(c, name).is_some_and(|p| p.status.phase == "Running")
}

fn sh(c: &mut Cluster, pod: &str, script: &str) -> (i32, String) {
    let argv = vec!["sh".to_string(), "-c".to_string(), script.to_string()];
    c.exec("default", pod, "app", argv).expect("exec")
}

fn delete(c: &mut Cluster, name: &str) {
    let key = podflow_engine::api::ObjectKey::new(podflow_engine::api::Kind::Pod, "default", name);
    c.request(Verb::Delete {
        key,
        grace_period_seconds: Some(0),
    })
    .expect("deleted");
    c.advance(SimDuration::from_secs(5));
}

#[test]
fn a_file_on_nfs_outlives_its_pod_and_is_read_from_another_node() {
    let mut c = Cluster::new(1);
    create(&mut c, pod_with("writer", "k8s-node-1", nfs()));
    assert!(until(&mut c, 60, |c| running(c, "writer")).is_some());
    let (code, _) = sh(
        &mut c,
        "writer",
        "echo hello from node-1 > /data/index.html",
    );
    assert_eq!(code, 0);
    delete(&mut c, "writer");
    assert!(kubelet_support::pod(&c, "writer").is_none());
    let share = c.network_shares().get("nfs/nfs.example.com/exports/web");
    assert!(share.is_some_and(|v| v.files.contains_key("index.html")));

    create(&mut c, pod_with("reader", "k8s-node-2", nfs()));
    assert!(until(&mut c, 60, |c| running(c, "reader")).is_some());
    assert_eq!(
        sh(&mut c, "reader", "cat /data/index.html"),
        (0, "hello from node-1\n".to_string())
    );
    // Another export on the same server is another share.
    let other =
        json!({"name": "data", "nfs": {"server": "nfs.example.com", "path": "/exports/db"}});
    create(&mut c, pod_with("other", "k8s-node-1", other));
    assert!(until(&mut c, 60, |c| running(c, "other")).is_some());
    assert_ne!(sh(&mut c, "other", "cat /data/index.html").0, 0);
}

#[test]
fn a_read_only_export_refuses_writes() {
    let mut c = Cluster::new(1);
    let ro = json!({"name": "data", "nfs": {"server": "s", "path": "/e", "readOnly": true}});
    create(&mut c, pod_with("ro", "k8s-node-1", ro));
    assert!(until(&mut c, 60, |c| running(c, "ro")).is_some());
    let (code, out) = sh(&mut c, "ro", "echo x > /data/f");
    assert_ne!(code, 0);
    assert!(out.contains("Read-only file system"), "{out}");
}

#[test]
fn empty_dir_data_does_not_survive_its_pod() {
    let mut c = Cluster::new(1);
    let empty = json!({"name": "data", "emptyDir": {}});
    create(&mut c, pod_with("first", "k8s-node-1", empty.clone()));
    assert!(until(&mut c, 60, |c| running(c, "first")).is_some());
    assert_eq!(sh(&mut c, "first", "echo kept > /data/f").0, 0);
    delete(&mut c, "first");
    create(&mut c, pod_with("second", "k8s-node-1", empty));
    assert!(until(&mut c, 60, |c| running(c, "second")).is_some());
    let (code, out) = sh(&mut c, "second", "cat /data/f");
    assert_ne!(code, 0);
    assert!(out.contains("No such file or directory"), "{out}");
}

#[test]
fn cephfs_is_not_simulated_and_the_kubelet_says_so() {
    let mut c = Cluster::new(1);
    let ceph = json!({"name": "data", "cephfs": {"monitors": ["10.16.154.78:6789"], "path": "/"}});
    create(&mut c, pod_with("ceph", "k8s-node-1", ceph));
    c.advance(SimDuration::from_secs(30));
    let failed: Vec<String> = events(&c, "ceph")
        .into_iter()
        .filter(|e| e.0 == "FailedMount")
        .map(|e| e.1)
        .collect();
    assert_eq!(
        failed.first().map(String::as_str),
        Some("MountVolume.SetUp failed for volume \"data\" : Podflow does not simulate cephfs volumes")
    );
    assert_eq!(
        kubelet_support::waiting_reason(&c, "ceph").as_deref(),
        Some("ContainerCreating")
    );
}
