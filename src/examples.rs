//! The editor's gallery: manifests from the tutorials, as printed (mistakes included) and fixed.

/// `(file name, text)`; the first is what a new visitor's editor starts with.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "nginx-pod.yaml",
        include_str!("../assets/examples/nginx-pod.yaml"),
    ),
    (
        "web-deployment.yaml",
        include_str!("../assets/examples/web-deployment.yaml"),
    ),
    (
        "liveness-exec.yaml",
        include_str!("../assets/examples/liveness-exec.yaml"),
    ),
    (
        "toleration-env-dev.yaml",
        include_str!("../assets/examples/toleration-env-dev.yaml"),
    ),
    (
        "mistake-apps-v1-pod.yaml",
        include_str!("../assets/examples/mistake-apps-v1-pod.yaml"),
    ),
];
