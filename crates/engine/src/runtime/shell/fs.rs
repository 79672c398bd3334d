//! A container's root filesystem plus the volumes mounted into it.
//!
//! Models the overlay root filesystem containerd gives each container (the image's files plus a
//! writable layer, discarded when the container is replaced) and the bind mounts the kubelet sets
//! up for volumes (`pkg/kubelet/kubelet_pods.go makeMounts`). Volumes live outside any container
//! in a [`Volumes`] store the runtime owns per node, so an `emptyDir` is shared by a pod's
//! containers and survives a container restart, and a `hostPath` is shared by every pod on the
//! node. Leaves out permissions, owners, symlinks, `subPath` and file sizes: files are text.

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

/// Every volume of a node, by id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Volumes {
    pub volumes: BTreeMap<VolumeId, Volume>,
}

impl Volumes {
    /// Creates the volume if it does not exist yet (a new `emptyDir`, a first `hostPath` use).
    pub fn ensure(&mut self, id: &str) -> &mut Volume {
        self.volumes.entry(id.to_string()).or_default()
    }

    /// Drops a volume (an `emptyDir` when its pod is removed from the node).
    pub fn remove(&mut self, id: &str) {
        self.volumes.remove(id);
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

impl Filesystem {
    /// The root filesystem of a new container of `image`, with `/etc/hostname` set to the pod
    /// name as the kubelet does, and an `/etc/hosts` the runtime may overwrite with the pod IP.
    pub fn new(image: &'static ImageInfo, hostname: &str) -> Filesystem {
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
        fs.files.insert(
            "/etc/hosts".into(),
            format!("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n\t{hostname}\n"),
        );
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
