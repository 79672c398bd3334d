//! The image catalogue and image-reference resolution of the simulated container runtime.
//!
//! Mirrors the parts of `github.com/distribution/reference` (`ParseNormalizedNamed`,
//! `TagNameOnly`), `pkg/kubelet/images/image_manager.go` (`applyDefaultImageTag`) and
//! containerd's resolver (`core/remotes/docker/resolver.go`) that decide what an `image:` string
//! means and which error a pull of it fails with.
//!
//! Simplifications: the "registry" is a fixed catalogue (`images/catalogue.rs`) of the images the
//! tutorials use. Sizes are the compressed linux/amd64 sizes containerd reports, rounded to the
//! order of the real ones rather than tracked per tag; every tag of one repository shares the same
//! size and behaviour. Any well-formed `sha256` digest of a known repository is accepted.

mod catalogue;
mod reference;

pub use catalogue::CATALOGUE;
pub use reference::{normalize, PullError, ResolvedRef};

/// What the image's main process does when started with its default command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behaviour {
    /// A shell or a plain userland: the command decides everything (busybox, alpine, ubuntu ...).
    Userland,
    /// The pause container: sleeps forever, handles SIGTERM/SIGINT by exiting 0.
    Pause,
    /// A server daemon started by the image's entrypoint (nginx, redis, mysql ...).
    Daemon,
}

/// Which coreutils the image ships: the wording of error messages depends on it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Userland {
    /// busybox (also alpine): `sh: foo: not found`, `cat: can't open 'x': No such file or directory`.
    #[default]
    Busybox,
    /// Debian/Ubuntu: dash as `sh` (`sh: 1: foo: not found`), GNU coreutils.
    Gnu,
    /// No shell at all (pause, distroless agnhost-like images).
    None,
}

/// One repository of the simulated registry.
#[derive(Debug, PartialEq, Eq)]
pub struct ImageInfo {
    /// Fully qualified repository: `docker.io/library/nginx`.
    pub name: &'static str,
    /// Tags the registry knows; any other tag fails with `not found`.
    pub tags: &'static [&'static str],
    /// Tag suffixes that combine with any known tag (`1.27-alpine`, `3.12-slim`).
    pub tag_suffixes: &'static [&'static str],
    /// Dockerfile `ENTRYPOINT` (exec form).
    pub entrypoint: &'static [&'static str],
    /// Dockerfile `CMD` (exec form).
    pub cmd: &'static [&'static str],
    /// Ports the default process listens on once started.
    pub ports: &'static [u16],
    /// HTTP paths with a status other than the default; see [`ImageInfo::default_http_status`].
    pub http_paths: &'static [(&'static str, u16)],
    /// Status for any other path when the image serves HTTP (404 for nginx/httpd), or 0 if the
    /// ports speak something other than HTTP (redis, mysql).
    pub default_http_status: u16,
    /// Compressed size containerd reports in `Successfully pulled image ... Image size: N bytes.`
    pub size_bytes: u64,
    /// Time to pull on the simulated node network.
    pub pull_ms: u64,
    /// Time from process start until the ports accept connections.
    pub start_ms: u64,
    /// Resident memory of the default process once started.
    pub memory_bytes: u64,
    /// The default process refuses to start unless one of these variables is set (any of them).
    pub required_env: &'static [&'static str],
    /// What the default process prints (one line each) and exits 1 with when `required_env`
    /// is not satisfied.
    pub missing_env_error: &'static [&'static str],
    /// Lines the default process prints when it starts successfully.
    pub startup_log: &'static [&'static str],
    pub behaviour: Behaviour,
    pub userland: Userland,
    /// Files the image contributes to every container's root filesystem.
    pub files: &'static [(&'static str, &'static str)],
}

impl ImageInfo {
    /// Short name as kubectl users write it: `nginx`, `polinux/stress`, `registry.k8s.io/pause`.
    pub fn short_name(&self) -> &'static str {
        self.name
            .strip_prefix("docker.io/library/")
            .or_else(|| self.name.strip_prefix("docker.io/"))
            .unwrap_or(self.name)
    }

    /// The HTTP status the default server answers for `path`.
    pub fn http_status(&self, path: &str) -> u16 {
        let path = path.split('?').next().unwrap_or(path);
        self.http_paths
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, s)| *s)
            .unwrap_or(self.default_http_status)
    }

    fn knows_tag(&self, tag: &str) -> bool {
        if self.tags.contains(&tag) {
            return true;
        }
        self.tag_suffixes.iter().any(|suffix| {
            tag.strip_suffix(suffix)
                .and_then(|base| base.strip_suffix('-'))
                .is_some_and(|base| self.tags.contains(&base))
        }) || self.tag_suffixes.contains(&tag)
    }
}

/// Resolves `image` against the catalogue, as a pull would.
pub fn lookup(image: &str) -> Result<(&'static ImageInfo, ResolvedRef), PullError> {
    let resolved = normalize(image.trim())?;
    let Some(info) = find_repository(&resolved.repository) else {
        return Err(PullError::RepositoryNotFound {
            reference: resolved.full(),
        });
    };
    if let Some(tag) = &resolved.tag {
        if !info.knows_tag(tag) {
            return Err(PullError::TagNotFound {
                reference: resolved.full(),
            });
        }
    }
    Ok((info, resolved))
}

/// The catalogue entry for a normalised repository name (aliases included: `k8s.gcr.io/x`
/// serves the same as `registry.k8s.io/x`).
pub fn find_repository(repository: &str) -> Option<&'static ImageInfo> {
    let canonical = repository
        .strip_prefix("k8s.gcr.io/")
        .map(|rest| format!("registry.k8s.io/{rest}"));
    let wanted = canonical.as_deref().unwrap_or(repository);
    CATALOGUE.iter().find(|i| i.name == wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pull_errors_quote_containerd() {
        let err = lookup("nginxx").unwrap_err();
        assert_eq!(
            format!("Failed to pull image \"nginxx\": {err}"),
            "Failed to pull image \"nginxx\": failed to pull and unpack image \
             \"docker.io/library/nginxx:latest\": failed to resolve reference \
             \"docker.io/library/nginxx:latest\": pull access denied, repository does not exist \
             or may require authorization: server message: insufficient_scope: authorization failed"
        );
        let err = lookup("nginx:9.99").unwrap_err();
        assert_eq!(
            err.message(),
            "failed to pull and unpack image \"docker.io/library/nginx:9.99\": failed to resolve \
             reference \"docker.io/library/nginx:9.99\": docker.io/library/nginx:9.99: not found"
        );
    }

    #[test]
    fn known_images_resolve() {
        for image in [
            "nginx",
            "nginx:1.14",
            "nginx:1.27-alpine",
            "busybox:1.28.4",
            "mysql",
            "redis:7",
            "k8s.gcr.io/liveness",
            "registry.k8s.io/e2e-test-images/agnhost:2.40",
            "polinux/stress",
            "registry.k8s.io/pause:3.10",
            "registry.k8s.io/busybox",
        ] {
            assert!(lookup(image).is_ok(), "{image}");
        }
        let (nginx, _) = lookup("nginx").unwrap();
        assert_eq!(nginx.size_bytes, 72_225_394);
        assert_eq!(nginx.http_status("/"), 200);
        assert_eq!(nginx.http_status("/nope"), 404);
        assert_eq!(nginx.short_name(), "nginx");
    }
}
