//! ConfigMaps and Secrets reach containers: env (`valueFrom`, `envFrom`), volumes, and what a
//! missing one does (CreateContainerConfigError; FailedMount and ContainerCreating).

mod kubelet_support;

use kubelet_support::*;
use podflow_engine::{Cluster, SimDuration};
use serde_json::{json, Value};

fn config(c: &mut Cluster) {
    create(
        c,
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "app-config"},
            "data": {"MODE": "teaching", "greeting.txt": "hello from a ConfigMap"}}),
    );
    create(
        c,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"},
            "stringData": {"password": "s3cret"}}),
    );
}

fn reader(script: &str, extra: Value) -> Value {
    let mut pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "reader", "labels": {"app": "demo"}},
        "spec": {"nodeName": "k8s-node-1", "restartPolicy": "Never",
            "containers": [{"name": "sh", "image": "busybox", "command": ["sh", "-c", script]}]}});
    if let (Some(target), Some(extra)) = (pod["spec"].as_object_mut(), extra.as_object()) {
        for (k, v) in extra {
            if k == "container" {
                if let (Some(ct), Some(add)) =
                    (target["containers"][0].as_object_mut(), v.as_object())
                {
                    ct.extend(add.clone());
                }
            } else {
                target.insert(k.clone(), v.clone());
            }
        }
    }
    pod
}

fn logs(c: &Cluster, name: &str) -> Vec<String> {
    let uid = must_pod(c, name).metadata.uid;
    let runtime = &c.node_agents()["k8s-node-1"].runtime;
    runtime
        .logs(&uid, "sh", false)
        .map(|l| l.iter().map(|l| l.text.clone()).collect())
        .unwrap_or_default()
}

#[test]
fn env_comes_from_configmaps_secrets_and_the_downward_api() {
    let mut c = Cluster::new(1);
    config(&mut c);
    let env = json!({"container": {
        "envFrom": [{"configMapRef": {"name": "app-config"}, "prefix": "CFG_"}],
        "env": [
            {"name": "PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
            {"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
            {"name": "APP", "valueFrom": {"fieldRef": {"fieldPath": "metadata.labels['app']"}}},
            {"name": "WHO", "value": "$(POD) in $(CFG_MODE) mode"}]}});
    create(
        &mut c,
        reader("echo $CFG_MODE $PASSWORD $APP; echo $WHO", env),
    );
    until(&mut c, 60, |c| {
        must_pod(c, "reader").status.phase == "Succeeded"
    })
    .expect("completes");
    assert_eq!(
        logs(&c, "reader"),
        ["teaching s3cret demo", "reader in teaching mode"]
    );
}

#[test]
fn a_missing_configmap_key_stops_the_container_until_it_exists() {
    let mut c = Cluster::new(1);
    let env = json!({"container": {"env": [
        {"name": "MODE", "valueFrom": {"configMapKeyRef": {"name": "app-config", "key": "MODE"}}}]}});
    create(&mut c, reader("echo $MODE", env));
    until(&mut c, 30, |c| {
        waiting_reason(c, "reader").as_deref() == Some("CreateContainerConfigError")
    })
    .expect("config error");
    let failed: Vec<String> = events(&c, "reader")
        .into_iter()
        .filter(|e| e.0 == "Failed")
        .map(|e| e.1)
        .collect();
    assert_eq!(
        failed.first().map(String::as_str),
        Some("Error: configmap \"app-config\" not found")
    );
    config(&mut c);
    until(&mut c, 60, |c| {
        must_pod(c, "reader").status.phase == "Succeeded"
    })
    .expect("runs once it exists");
    assert_eq!(logs(&c, "reader"), ["teaching"]);
}

#[test]
fn configmap_and_secret_volumes_hold_their_keys_as_read_only_files() {
    let mut c = Cluster::new(1);
    config(&mut c);
    let vols = json!({
        "volumes": [{"name": "cfg", "configMap": {"name": "app-config", "items": [{"key": "greeting.txt", "path": "hello"}]}},
                    {"name": "db", "secret": {"secretName": "db"}}],
        "container": {"volumeMounts": [{"name": "cfg", "mountPath": "/etc/app"}, {"name": "db", "mountPath": "/etc/db"}]}});
    create(
        &mut c,
        reader("cat /etc/app/hello; cat /etc/db/password; echo", vols),
    );
    until(&mut c, 60, |c| {
        must_pod(c, "reader").status.phase == "Succeeded"
    })
    .expect("completes");
    assert_eq!(logs(&c, "reader").concat(), "hello from a ConfigMaps3cret");
}

#[test]
fn a_missing_volume_source_keeps_the_pod_container_creating() {
    let mut c = Cluster::new(1);
    let vols = json!({
        "volumes": [{"name": "cfg", "configMap": {"name": "app-config"}}],
        "container": {"volumeMounts": [{"name": "cfg", "mountPath": "/etc/app"}]}});
    create(&mut c, reader("cat /etc/app/MODE", vols));
    c.advance(SimDuration::from_secs(20));
    assert_eq!(
        waiting_reason(&c, "reader").as_deref(),
        Some("ContainerCreating")
    );
    let mount: Vec<String> = events(&c, "reader")
        .into_iter()
        .filter(|e| e.0 == "FailedMount")
        .map(|e| e.1)
        .collect();
    assert_eq!(
        mount.first().map(String::as_str),
        Some("MountVolume.SetUp failed for volume \"cfg\" : configmap \"app-config\" not found")
    );
    config(&mut c);
    until(&mut c, 60, |c| {
        must_pod(c, "reader").status.phase == "Succeeded"
    })
    .expect("mounts once it exists");
    assert_eq!(logs(&c, "reader"), ["teaching"]);
}

#[test]
fn etc_hosts_names_the_pod_ip_as_the_kubelet_writes_it() {
    let mut c = Cluster::new(1);
    create(&mut c, reader("cat /etc/hosts", json!({})));
    until(&mut c, 60, |c| {
        must_pod(c, "reader").status.phase == "Succeeded"
    })
    .expect("completes");
    let ip = must_pod(&c, "reader").status.pod_ip;
    assert!(!ip.is_empty());
    let lines = logs(&c, "reader");
    assert_eq!(
        lines.first().map(String::as_str),
        Some("# Kubernetes-managed hosts file.")
    );
    assert_eq!(lines.last(), Some(&format!("{ip}\treader")));
    assert!(
        lines.contains(&"fe00::2\tip6-allrouters".to_string()),
        "{lines:?}"
    );
}

fn env_of(c: &mut Cluster, pod: &str) -> String {
    let (_, out) = c
        .exec("default", pod, "sh", vec!["env".into()])
        .expect("exec");
    out
}

#[test]
fn service_variables_as_the_kubelet_sets_them() {
    let mut c = Cluster::new(1);
    create(
        &mut c,
        json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "my-web"},
            "spec": {"selector": {"app": "web"}, "ports": [{"name": "http", "port": 80, "targetPort": 8080}]}}),
    );
    let mut linked = reader("sleep 3600", json!({}));
    linked["metadata"]["name"] = json!("linked");
    create(&mut c, linked);
    let mut alone = reader("sleep 3600", json!({"enableServiceLinks": false}));
    alone["metadata"]["name"] = json!("alone");
    create(&mut c, alone);
    c.advance(SimDuration::from_secs(20));
    let env = env_of(&mut c, "linked");
    for line in [
        "KUBERNETES_SERVICE_HOST=10.96.0.1",
        "KUBERNETES_SERVICE_PORT=443",
        "KUBERNETES_SERVICE_PORT_HTTPS=443",
        "KUBERNETES_PORT=tcp://10.96.0.1:443",
        "KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443",
        "KUBERNETES_PORT_443_TCP_PROTO=tcp",
        "KUBERNETES_PORT_443_TCP_PORT=443",
        "KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1",
        "MY_WEB_SERVICE_PORT=80",
        "MY_WEB_SERVICE_PORT_HTTP=80",
        "MY_WEB_PORT_80_TCP_PROTO=tcp",
        "MY_WEB_PORT_80_TCP_PORT=80",
    ] {
        assert!(env.lines().any(|l| l == line), "{line} missing from\n{env}");
    }
    let host = env
        .lines()
        .find_map(|l| l.strip_prefix("MY_WEB_SERVICE_HOST="))
        .expect("MY_WEB_SERVICE_HOST");
    assert!(
        env.contains(&format!("MY_WEB_PORT=tcp://{host}:80\n")),
        "{env}"
    );
    let alone = env_of(&mut c, "alone");
    assert!(
        alone.contains("KUBERNETES_SERVICE_HOST=10.96.0.1"),
        "{alone}"
    );
    assert!(
        !alone.contains("MY_WEB"),
        "enableServiceLinks: false\n{alone}"
    );
}
