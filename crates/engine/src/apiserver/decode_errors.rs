//! Serde's decoding errors reworded as Go's `encoding/json` words them, as the API server
//! returns them: `json: cannot unmarshal string into Go struct field
//! ContainerPort.spec.containers.ports.containerPort of type int32`.
//!
//! Mirrors `encoding/json` `UnmarshalTypeError.Error` as vendored in sigs.k8s.io/json: the Go
//! struct that holds the field, then the JSON path without list indices or map keys, then the
//! Go type. Struct and type names come from a table of the core/v1 and apps/v1 types Podflow
//! decodes; an unlisted one falls back to a close guess, so the wording may then differ.

/// JSON names of fields whose Go type is a map (their keys are not part of Go's path).
const MAP_FIELDS: &[&str] = &[
    "labels",
    "annotations",
    "nodeSelector",
    "limits",
    "requests",
    "capacity",
    "allocatable",
    "data",
    "stringData",
    "binaryData",
    "matchLabels",
];

/// Fields that are lists of strings in Go (`[]string`).
const STRING_LISTS: &[&str] = &[
    "command",
    "args",
    "values",
    "finalizers",
    "podCIDRs",
    "names",
    "externalIPs",
];

/// Rewords `<path>: <serde message>` (or a bare message) as Go's error, when it is a type
/// error; other messages (quantities, custom errors) pass through unchanged.
pub fn go_message(kind: &str, raw: &str) -> String {
    let (path, msg) = split_path(raw);
    let Some((value, expected)) = parse_type_error(msg) else {
        return msg.to_string();
    };
    let fields: Vec<&str> = path.split('.').filter(|s| !s.is_empty()).collect();
    if fields.is_empty() {
        return format!("json: cannot unmarshal {value} into Go value of type v1.{kind}");
    }
    let (json_path, last, parent) = go_path(&fields);
    let go_struct = struct_of(kind, &fields, parent);
    let go_type = type_of(&last, &expected);
    format!("json: cannot unmarshal {value} into Go struct field {go_struct}.{json_path} of type {go_type}")
}

/// `spec.containers[0].image: invalid type ...` → (`spec.containers.image`-ish path, message).
fn split_path(raw: &str) -> (String, &str) {
    if let Some((p, m)) = raw.split_once(": ") {
        if !p.is_empty() && !p.contains(' ') {
            let cleaned: String = {
                let mut out = String::new();
                let mut depth = 0;
                for c in p.chars() {
                    match c {
                        '[' => depth += 1,
                        ']' => depth -= 1,
                        c if depth == 0 => out.push(c),
                        _ => {}
                    }
                }
                out
            };
            return (cleaned, m);
        }
    }
    (String::new(), raw)
}

/// (`string`, `i32`) from `invalid type: string "80", expected i32`.
fn parse_type_error(msg: &str) -> Option<(String, String)> {
    let (head, expected) = msg.split_once(", expected ")?;
    let value = if let Some(v) = head.strip_prefix("invalid type: ") {
        go_value_kind(v)
    } else if let Some(v) = head.strip_prefix("invalid value: integer `") {
        format!("number {}", v.trim_end_matches('`'))
    } else {
        return None;
    };
    Some((value, expected.to_string()))
}

fn go_value_kind(v: &str) -> String {
    if v.starts_with("string") {
        "string".into()
    } else if let Some(n) = v.strip_prefix("floating point `") {
        format!("number {}", n.trim_end_matches('`'))
    } else if v.starts_with("integer") {
        "number".into()
    } else if v.starts_with("boolean") {
        "bool".into()
    } else if v.starts_with("sequence") {
        "array".into()
    } else if v.starts_with("map") {
        "object".into()
    } else {
        v.to_string()
    }
}

/// The Go path (map keys dropped), the last field name, and the parent field name.
fn go_path<'a>(fields: &[&'a str]) -> (String, String, Option<&'a str>) {
    let mut kept: Vec<&str> = Vec::new();
    for f in fields {
        if kept.last().is_some_and(|p| MAP_FIELDS.contains(p)) {
            continue;
        }
        kept.push(f);
    }
    let last = kept.last().copied().unwrap_or("").to_string();
    let parent = kept.len().checked_sub(2).map(|i| kept[i]);
    (kept.join("."), last, parent)
}

/// The Go struct that declares the failing field.
fn struct_of(kind: &str, fields: &[&str], parent: Option<&str>) -> String {
    let Some(parent) = parent else {
        return kind.to_string();
    };
    let grand = fields
        .iter()
        .position(|f| *f == parent)
        .and_then(|i| i.checked_sub(1))
        .map(|i| fields[i]);
    let name = match (parent, grand) {
        ("metadata", _) => "ObjectMeta",
        ("spec", Some("template")) => "PodSpec",
        ("spec", None) => return format!("{kind}Spec"),
        ("status", None) => return format!("{kind}Status"),
        ("template", _) => "PodTemplateSpec",
        ("containers" | "initContainers", _) => "Container",
        ("ports", Some("spec")) => "ServicePort",
        ("ports", _) => "ContainerPort",
        ("env", _) => "EnvVar",
        ("resources", _) => "ResourceRequirements",
        ("volumeMounts", _) => "VolumeMount",
        ("volumes", _) => "Volume",
        ("livenessProbe" | "readinessProbe" | "startupProbe", _) => "Probe",
        ("exec", _) => "ExecAction",
        ("httpGet", _) => "HTTPGetAction",
        ("tcpSocket", _) => "TCPSocketAction",
        ("lifecycle", _) => "Lifecycle",
        ("postStart" | "preStop", _) => "LifecycleHandler",
        ("tolerations", _) => "Toleration",
        ("affinity", _) => "Affinity",
        ("nodeAffinity", _) => "NodeAffinity",
        ("requiredDuringSchedulingIgnoredDuringExecution", _) => "NodeSelector",
        ("nodeSelectorTerms" | "preference", _) => "NodeSelectorTerm",
        ("matchExpressions", Some("selector")) => "LabelSelectorRequirement",
        ("matchExpressions" | "matchFields", _) => "NodeSelectorRequirement",
        ("preferredDuringSchedulingIgnoredDuringExecution", _) => "PreferredSchedulingTerm",
        ("emptyDir", _) => "EmptyDirVolumeSource",
        ("hostPath", _) => "HostPathVolumeSource",
        ("taints", _) => "Taint",
        ("selector", _) => "LabelSelector",
        ("strategy", _) => "DeploymentStrategy",
        ("rollingUpdate", _) => "RollingUpdateDeployment",
        ("ownerReferences", _) => "OwnerReference",
        (other, _) => return upper_first(other),
    };
    name.to_string()
}

/// The Go type of the failing field, from its name and what serde expected.
fn type_of(field: &str, expected: &str) -> String {
    match expected {
        "i32" => "int32".into(),
        "i64" => "int64".into(),
        "u16" => "uint16".into(),
        "u32" => "uint32".into(),
        "a string" | "a borrowed string" => "string".into(),
        "a boolean" => "bool".into(),
        "a map" if matches!(field, "limits" | "requests" | "capacity" | "allocatable") => {
            "v1.ResourceList".into()
        }
        "a map" => "map[string]string".into(),
        "a sequence" if STRING_LISTS.contains(&field) => "[]string".into(),
        "a sequence" => format!("[]v1.{}", element_struct(field)),
        e if e.starts_with("struct ") => format!("v1.{}", go_struct_name(&e[7..])),
        e if e.contains("IntOrString") => "intstr.IntOrString".into(),
        other => other.to_string(),
    }
}

fn element_struct(field: &str) -> String {
    struct_of("", &[field, "x"], Some(field))
}

fn go_struct_name(rust: &str) -> String {
    match rust {
        "HttpGetAction" => "HTTPGetAction".into(),
        "TcpSocketAction" => "TCPSocketAction".into(),
        other => other.to_string(),
    }
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_port_as_string() {
        assert_eq!(
            go_message(
                "Pod",
                "spec.containers[0].ports[0].containerPort: invalid type: string \"80\", expected i32"
            ),
            "json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32"
        );
    }

    #[test]
    fn lists_maps_and_structs() {
        assert_eq!(
            go_message("Pod", "spec.containers: invalid type: string \"nginx\", expected a sequence"),
            "json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container"
        );
        assert_eq!(
            go_message("Pod", "metadata.labels.app: invalid type: integer `1`, expected a string"),
            "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string"
        );
        assert_eq!(
            go_message("Pod", "spec.containers[0].args: invalid type: string \"sleep\", expected a sequence"),
            "json: cannot unmarshal string into Go struct field Container.spec.containers.args of type []string"
        );
        assert_eq!(
            go_message("Pod", "spec.affinity: invalid type: string \"x\", expected struct Affinity"),
            "json: cannot unmarshal string into Go struct field PodSpec.spec.affinity of type v1.Affinity"
        );
    }

    #[test]
    fn other_messages_pass_through() {
        assert_eq!(
            go_message(
                "Pod",
                "spec.containers[0].resources.limits.cpu: unable to parse quantity's suffix"
            ),
            "unable to parse quantity's suffix"
        );
    }
}
