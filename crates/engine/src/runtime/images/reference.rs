//! Image references: parsing, normalisation and the errors a pull of one fails with.
//!
//! Mirrors `github.com/distribution/reference` (`ParseNormalizedNamed`, `TagNameOnly`),
//! `pkg/kubelet/images/image_manager.go` (`applyDefaultImageTag`) and containerd's resolver
//! (`core/remotes/docker/resolver.go`). Leaves out registries' own error bodies beyond the
//! two Docker Hub answers (401 for unknown repositories, 404 for unknown tags).

use std::fmt;

/// An image reference after normalisation, as containerd names it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ResolvedRef {
    /// `docker.io/library/nginx`
    pub repository: String,
    /// `latest` when neither a tag nor a digest was given.
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ResolvedRef {
    /// The fully qualified reference: `docker.io/library/nginx:latest`, `repo@sha256:…`.
    pub fn full(&self) -> String {
        let mut s = self.repository.clone();
        if let Some(tag) = &self.tag {
            s.push(':');
            s.push_str(tag);
        }
        if let Some(digest) = &self.digest {
            s.push('@');
            s.push_str(digest);
        }
        s
    }
}

impl fmt::Display for ResolvedRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.full())
    }
}

/// Why an image cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PullError {
    /// The kubelet cannot parse the reference: reason `InvalidImageName`, no pull attempted.
    InvalidName { image: String, detail: String },
    /// The registry has no such repository (Docker Hub answers 401 for those).
    RepositoryNotFound { reference: String },
    /// The repository exists but not this tag/digest.
    TagNotFound { reference: String },
}

impl PullError {
    /// The kubelet's waiting reason for the container.
    pub fn reason(&self) -> &'static str {
        match self {
            PullError::InvalidName { .. } => "InvalidImageName",
            _ => "ErrImagePull",
        }
    }

    /// The runtime's error as the kubelet quotes it after `Failed to pull image "x": `, or, for
    /// an invalid name, the kubelet's whole message.
    pub fn message(&self) -> String {
        match self {
            // Mirrors pkg/kubelet/images/image_manager.go EnsureImageExists.
            PullError::InvalidName { image, detail } => {
                format!("Failed to apply default image tag {image:?}: couldn't parse image name {image:?}: {detail}")
            }
            // containerd core/remotes/docker/resolver.go Resolve: ErrInvalidAuthorization.
            PullError::RepositoryNotFound { reference } => format!(
                "failed to pull and unpack image {reference:?}: failed to resolve reference \
                 {reference:?}: pull access denied, repository does not exist or may require \
                 authorization: server message: insufficient_scope: authorization failed"
            ),
            // containerd resolver: `errors.Wrapf(errdefs.ErrNotFound, "%s", ref)` on HTTP 404.
            PullError::TagNotFound { reference } => format!(
                "failed to pull and unpack image {reference:?}: failed to resolve reference \
                 {reference:?}: {reference}: not found"
            ),
        }
    }
}

impl fmt::Display for PullError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// Parses and normalises an image reference the way containerd's CRI plugin does.
// Mirrors distribution/reference ParseNormalizedNamed + TagNameOnly.
pub fn normalize(image: &str) -> Result<ResolvedRef, PullError> {
    let invalid = |detail: &str| PullError::InvalidName {
        image: image.to_string(),
        detail: format!("invalid reference format{detail}"),
    };
    if image.is_empty() {
        return Err(invalid(""));
    }
    let (rest, digest) = match image.split_once('@') {
        Some((r, d)) => {
            let hex = d.strip_prefix("sha256:").ok_or_else(|| invalid(""))?;
            if hex.len() != 64
                || !hex
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            {
                return Err(invalid(""));
            }
            (r, Some(d.to_string()))
        }
        None => (image, None),
    };
    // A tag is a `:` after the last `/` (a `:` before it is a registry port).
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match rest[last_slash..].rfind(':') {
        Some(i) => (&rest[..last_slash + i], Some(&rest[last_slash + i + 1..])),
        None => (rest, None),
    };
    if let Some(tag) = tag {
        let ok = !tag.is_empty()
            && tag.len() <= 128
            && tag
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
            && !tag.starts_with(['.', '-']);
        if !ok {
            return Err(invalid(""));
        }
    }
    let repository = normalize_name(name).map_err(|d| invalid(&d))?;
    let tag = match (tag, &digest) {
        (Some(t), _) => Some(t.to_string()),
        (None, None) => Some("latest".to_string()),
        (None, Some(_)) => None,
    };
    Ok(ResolvedRef {
        repository,
        tag,
        digest,
    })
}

fn normalize_name(name: &str) -> Result<String, String> {
    let (domain, path) = match name.split_once('/') {
        Some((first, rest))
            if first.contains(['.', ':'])
                || first == "localhost"
                || first.bytes().any(|b| b.is_ascii_uppercase()) =>
        {
            (first, rest.to_string())
        }
        _ => ("docker.io", name.to_string()),
    };
    let domain = if domain == "index.docker.io" {
        "docker.io"
    } else {
        domain
    };
    let path = if domain == "docker.io" && !path.contains('/') {
        format!("library/{path}")
    } else {
        path
    };
    if path.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(": repository name must be lowercase".to_string());
    }
    let component_ok = |c: &str| {
        !c.is_empty()
            && c.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
            && c.starts_with(|ch: char| ch.is_ascii_alphanumeric())
            && c.ends_with(|ch: char| ch.is_ascii_alphanumeric())
    };
    if !path.split('/').all(component_ok) || domain.is_empty() {
        return Err(String::new());
    }
    Ok(format!("{domain}/{path}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_normalise_like_containerd() {
        let cases = [
            ("nginx", "docker.io/library/nginx:latest"),
            ("nginx:1.27", "docker.io/library/nginx:1.27"),
            ("library/nginx", "docker.io/library/nginx:latest"),
            (
                "docker.io/library/nginx:1.27",
                "docker.io/library/nginx:1.27",
            ),
            (
                "index.docker.io/library/nginx",
                "docker.io/library/nginx:latest",
            ),
            ("registry.k8s.io/pause:3.10", "registry.k8s.io/pause:3.10"),
            ("polinux/stress", "docker.io/polinux/stress:latest"),
            ("localhost:5000/app:v1", "localhost:5000/app:v1"),
        ];
        for (input, want) in cases {
            assert_eq!(
                normalize(input).map(|r| r.full()),
                Ok(want.to_string()),
                "{input}"
            );
        }
        let digest = format!("nginx@sha256:{}", "a".repeat(64));
        assert_eq!(
            normalize(&digest).map(|r| r.full()),
            Ok(format!("docker.io/library/nginx@sha256:{}", "a".repeat(64)))
        );
    }

    #[test]
    fn invalid_references_are_invalid_image_names() {
        for bad in [
            "",
            "NGINX",
            "nginx:",
            "nginx@sha256:12",
            "a//b",
            "-x",
            "nginx:.bad",
        ] {
            let err = normalize(bad).expect_err(bad);
            assert_eq!(err.reason(), "InvalidImageName", "{bad}");
        }
        let err = normalize("Nginx").unwrap_err();
        assert!(err
            .message()
            .ends_with("invalid reference format: repository name must be lowercase"));
    }
}
