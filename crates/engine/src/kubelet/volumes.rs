//! Where each pod volume's files live, by volume source.
//!
//! Stands in for the kubelet's volume plugins (`pkg/volume/emptydir`, `hostpath`, `nfs`,
//! `configmap`, `secret`) as `pkg/kubelet/volumemanager` sets them up before a container starts.
//! The answer is a volume id in the runtime's store (`runtime/shell/fs.rs`):
//! - `emptydir/<pod uid>/<volume>`: the pod's, removed with the pod;
//! - `hostpath/<path>`: the node's, seen by every pod on that node only;
//! - `nfs/<server><path>`: a network share outside every node (the cluster's
//!   `NetworkShares`), so the same export holds the same files from any node and outlives
//!   every pod. Simplified: there is no NFS server process, so a mount never fails (an
//!   unreachable or misspelt server is a new, empty share), and there are no locks or caching;
//! - `projected/<pod uid>/<volume>`: ConfigMap and Secret keys as files (`env.rs`).
//!
//! Sources Podflow does not simulate (cephfs, rbd) fail `MountVolume.SetUp` with a message
//! that says so, rather than silently mounting an empty directory.

use crate::api::pod::Volume;
use serde_json::Value;

/// The runtime volume id of a volume and whether its source forces read-only, or the
/// `MountVolume.SetUp` error for a source that cannot be set up.
pub fn volume_id(pod_uid: &str, v: &Volume, projected: bool) -> Result<(String, bool), String> {
    if let Some(h) = &v.host_path {
        return Ok((format!("hostpath/{}", h.path), false));
    }
    if let Some(nfs) = &v.nfs {
        return Ok((nfs_share_id(nfs), read_only(nfs)));
    }
    for (set, what) in [(&v.cephfs, "cephfs"), (&v.rbd, "rbd")] {
        if set.is_some() {
            return Err(format!("Podflow does not simulate {what} volumes"));
        }
    }
    if projected {
        return Ok((format!("projected/{pod_uid}/{}", v.name), true));
    }
    Ok((format!("emptydir/{pod_uid}/{}", v.name), false))
}

/// `nfs/<server><path>`: one share per export, whatever pod or node mounts it. The path is
/// normalised so `/exports/data/` and `/exports/data` are the same export.
pub fn nfs_share_id(source: &Value) -> String {
    let server = source.get("server").and_then(Value::as_str).unwrap_or("");
    let path = source.get("path").and_then(Value::as_str).unwrap_or("");
    let path = crate::runtime::shell::fs::normalize(path);
    format!("nfs/{server}{path}")
}

fn read_only(source: &Value) -> bool {
    source
        .get("readOnly")
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn volume(source: &str, spec: Value) -> Volume {
        let v = json!({"name": "data", source: spec});
        serde_json::from_value(v).expect("a volume")
    }

    #[test]
    fn nfs_is_keyed_by_export_not_by_pod() {
        let v = volume(
            "nfs",
            json!({"server": "10.0.0.5", "path": "/exports/data/"}),
        );
        let a = volume_id("pod-a", &v, false);
        assert_eq!(a, Ok(("nfs/10.0.0.5/exports/data".to_string(), false)));
        assert_eq!(volume_id("pod-b", &v, false), a);
        let ro = volume(
            "nfs",
            json!({"server": "s", "path": "/p", "readOnly": true}),
        );
        assert_eq!(
            volume_id("u", &ro, false),
            Ok(("nfs/s/p".to_string(), true))
        );
    }

    #[test]
    fn unsimulated_sources_say_so() {
        let v = volume("cephfs", json!({"monitors": ["10.0.0.1:6789"]}));
        let e = volume_id("u", &v, false).unwrap_err();
        assert_eq!(e, "Podflow does not simulate cephfs volumes");
        let v = volume("emptyDir", json!({}));
        assert_eq!(
            volume_id("u", &v, false),
            Ok(("emptydir/u/data".into(), false))
        );
    }
}
