//! A container's root filesystem plus the volumes mounted into it.
//!
//! Models the overlay root filesystem containerd gives each container (the image's files plus a
//! writable layer, discarded when the container is replaced) and the bind mounts the kubelet sets
//! up for volumes (`pkg/kubelet/kubelet_pods.go makeMounts`). Volumes live outside any container
//! in a [`Volumes`] store the runtime owns per node, so an `emptyDir` is shared by a pod's
//! containers and survives a container restart, and a `hostPath` is shared by every pod on the
//! node. Network shares (`nfs/...` ids) live outside every node: the cluster owns them and
//! lends them to a node's runtime for the duration of each call (`Volumes::shares`), so every
//! node sees the same files. Leaves out permissions, owners, symlinks, `subPath` and file
//! sizes: files are text.

mod view;

pub use view::{FsError, FsRead, FsView};

use crate::runtime::images::{ImageInfo, Userland};
use std::collections::{BTreeMap, BTreeSet};

/// Names one volume in the node's [`Volumes`] store, e.g. `emptydir/<pod-uid>/cache` or
/// `hostpath//var/log`. The runtime chooses the scheme.
pub type VolumeId = String;

/// One volume's content: files by path relative to the volume root (no leading `/`), and
/// directories the same way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Volume {
    pub files: BTreeMap<String, String>,
    pub dirs: BTreeSet<String>,
}

/// Network shares by id (`nfs/<server><path>`): one store for the whole cluster.
pub type NetworkShares = BTreeMap<VolumeId, Volume>;

/// Every volume of a node, by id, plus the cluster's network shares while lent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Volumes {
    pub volumes: BTreeMap<VolumeId, Volume>,
    /// The cluster's network shares, present only while the cluster lends them (empty
    /// otherwise: read them through `Cluster::network_shares`).
    pub shares: NetworkShares,
}

/// Whether a volume id names a network share rather than something on the node.
pub fn is_network_share(id: &str) -> bool {
    id.starts_with("nfs/")
}

impl Volumes {
    /// A volume by id, from the node's store or the network shares.
    pub fn get(&self, id: &str) -> Option<&Volume> {
        if is_network_share(id) {
            self.shares.get(id)
        } else {
            self.volumes.get(id)
        }
    }

    /// Creates the volume if it does not exist yet (a new `emptyDir`, a first `hostPath` use,
    /// a first mount of an NFS export).
    pub fn ensure(&mut self, id: &str) -> &mut Volume {
        let store = if is_network_share(id) {
            &mut self.shares
        } else {
            &mut self.volumes
        };
        store.entry(id.to_string()).or_default()
    }

    /// Drops a volume (an `emptyDir` when its pod is removed from the node).
    pub fn remove(&mut self, id: &str) {
        self.volumes.remove(id);
    }

    /// How many files the node's volumes and the lent shares hold (the disk limit).
    pub fn file_count(&self) -> usize {
        let count =
            |m: &BTreeMap<VolumeId, Volume>| m.values().map(|v| v.files.len()).sum::<usize>();
        count(&self.volumes) + count(&self.shares)
    }

    /// Sets a file inside a volume (ConfigMap/Secret projections, tests).
    pub fn write(&mut self, id: &str, rel_path: &str, contents: &str) {
        let rel = rel_path.trim_start_matches('/').to_string();
        self.ensure(id).files.insert(rel, contents.to_string());
    }
}

/// A bind mount of a volume at `path` inside the container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount {
    /// Absolute path in the container, no trailing `/`.
    pub path: String,
    pub volume: VolumeId,
    pub read_only: bool,
}

/// One container's view of files: its own writable root plus mounts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filesystem {
    pub files: BTreeMap<String, String>,
    pub dirs: BTreeSet<String>,
    pub mounts: Vec<Mount>,
    /// Which coreutils answer in this container (error wording).
    pub userland: Userland,
    /// The image the container runs, for `exec` (which binaries exist).
    pub image: Option<&'static ImageInfo>,
}

/// Simulated disk limits, so that runaway scripts cannot exhaust the browser's memory.
const MAX_FILES: usize = 10_000;
const MAX_FILE_BYTES: usize = 1024 * 1024;

const STANDARD_DIRS: &[&str] = &[
    "/",
    "/bin",
    "/dev",
    "/etc",
    "/home",
    "/proc",
    "/root",
    "/sys",
    "/tmp",
    "/usr",
    "/usr/bin",
    "/usr/local",
    "/usr/local/bin",
    "/usr/sbin",
    "/var",
    "/var/log",
    "/var/run",
    "/run",
    "/opt",
    "/srv",
    "/mnt",
    "/lib",
    "/sbin",
];

// Mirrors pkg/kubelet/kubelet_pods.go managedHostsFileContent (no subdomain, no hostAliases).
fn managed_hosts(hostname: &str, pod_ip: &str) -> String {
    let mut hosts = String::from(
        "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n\
         fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n",
    );
    if !pod_ip.is_empty() {
        hosts.push_str(&format!("{pod_ip}\t{hostname}\n"));
    }
    hosts
}

impl Filesystem {
    /// The root filesystem of a new container of `image`, with `/etc/hostname` set to the pod
    /// name and the kubelet-managed `/etc/hosts` naming the pod's IP (empty: no line for it).
    pub fn new(image: &'static ImageInfo, hostname: &str, pod_ip: &str) -> Filesystem {
        let mut fs = Filesystem {
            userland: image.userland,
            image: Some(image),
            ..Filesystem::default()
        };
        fs.dirs.extend(STANDARD_DIRS.iter().map(|d| d.to_string()));
        for (path, contents) in image.files {
            fs.add_parents(path);
            fs.files.insert(path.to_string(), contents.to_string());
        }
        fs.files
            .insert("/etc/hostname".into(), format!("{hostname}\n"));
        fs.files
            .insert("/etc/hosts".into(), managed_hosts(hostname, pod_ip));
        fs
    }

    /// Mounts `volume` at `path` (the runtime calls this for each volumeMount).
    pub fn mount(&mut self, path: &str, volume: &str, read_only: bool) {
        let path = normalize(path);
        self.add_parents(&path);
        self.mounts.push(Mount {
            path,
            volume: volume.to_string(),
            read_only,
        });
    }

    fn add_parents(&mut self, path: &str) {
        let mut cur = String::new();
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        for part in parts.iter().take(parts.len().saturating_sub(1)) {
            cur.push('/');
            cur.push_str(part);
            self.dirs.insert(cur.clone());
        }
    }
}

/// Lexically normalises a path: absolute, no `.`/`..`/empty components, no trailing `/`.
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return "/".to_string();
    }
    let mut out = String::with_capacity(path.len() + 1);
    for p in parts {
        out.push('/');
        out.push_str(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_shares_are_kept_apart_from_node_volumes() {
        let mut v = Volumes::default();
        v.write("nfs/srv/exports", "a.txt", "hi");
        v.write("emptydir/u/cache", "b.txt", "yo");
        assert!(v.shares.contains_key("nfs/srv/exports"));
        assert!(!v.volumes.contains_key("nfs/srv/exports"));
        assert_eq!(v.get("nfs/srv/exports").map(|x| x.files.len()), Some(1));
        assert_eq!(v.file_count(), 2);
    }

    #[test]
    fn paths_normalise() {
        for (input, want) in [
            ("/a/./b/../c/", "/a/c"),
            ("", "/"),
            ("x//y", "/x/y"),
            ("/..", "/"),
        ] {
            assert_eq!(normalize(input), want);
        }
    }
}
