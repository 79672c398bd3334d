//! Pod volumes: names and exactly one source each.
//!
//! Mirrors `pkg/apis/core/validation/validation.go` ValidateVolumes and validateVolumeSource
//! (the count of sources; the per-source checks for hostPath and emptyDir). Left out: the
//! inner checks of sources Podflow keeps as opaque JSON (configMap, secret, nfs, ...).

use super::field::{self, Path};
use super::names;
use crate::api::pod::Volume;
use crate::apiserver::errors::Cause;
use std::collections::BTreeSet;

const HOST_PATH_TYPES: [&str; 8] = [
    "",
    "BlockDevice",
    "CharDevice",
    "Directory",
    "DirectoryOrCreate",
    "File",
    "FileOrCreate",
    "Socket",
];

/// Mirrors ValidateVolumes.
pub fn volumes(list: &[Volume], path: &Path) -> Vec<Cause> {
    let mut c = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, v) in list.iter().enumerate() {
        let p = path.index(i);
        c.extend(source(v, &p));
        let name = p.child("name");
        if v.name.is_empty() {
            c.push(field::required(&name, ""));
        } else {
            c.extend(names::each(&name, &v.name, names::dns1123_label(&v.name)));
        }
        if !seen.insert(v.name.clone()) {
            c.push(field::duplicate(&name, &v.name));
        }
    }
    c
}

/// Mirrors validateVolumeSource: one source, in upstream's order of checks.
fn source(v: &Volume, p: &Path) -> Vec<Cause> {
    let mut c = Vec::new();
    let sources = [
        ("hostPath", v.host_path.is_some()),
        ("emptyDir", v.empty_dir.is_some()),
        ("secret", v.secret.is_some()),
        ("nfs", v.nfs.is_some()),
        ("persistentVolumeClaim", v.persistent_volume_claim.is_some()),
        ("rbd", v.rbd.is_some()),
        ("cephfs", v.cephfs.is_some()),
        ("downwardAPI", v.downward_api.is_some()),
        ("configMap", v.config_map.is_some()),
        ("projected", v.projected.is_some()),
    ];
    let mut count = 0;
    for (name, present) in sources {
        if !present {
            continue;
        }
        if count > 0 {
            c.push(field::forbidden(
                &p.child(name),
                "may not specify more than 1 volume type",
            ));
        }
        count += 1;
    }
    if count == 0 {
        c.push(field::required(p, "must specify a volume type"));
    }
    if let Some(h) = &v.host_path {
        let hp = p.child("hostPath");
        if h.path.is_empty() {
            c.push(field::required(&hp.child("path"), ""));
        }
        if let Some(t) = &h.type_ {
            if !HOST_PATH_TYPES.contains(&t.as_str()) {
                c.push(field::not_supported(&hp.child("type"), t, &HOST_PATH_TYPES));
            }
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::HostPathVolumeSource;

    #[test]
    fn one_source_per_volume() {
        let v = Volume {
            name: "data".into(),
            empty_dir: Some(Default::default()),
            host_path: Some(HostPathVolumeSource {
                path: "/d".into(),
                type_: None,
            }),
            ..Default::default()
        };
        let c = volumes(&[v], &Path::new("spec.volumes"));
        assert_eq!(
            c[0].to_string(),
            "spec.volumes[0].emptyDir: Forbidden: may not specify more than 1 volume type"
        );
        let c = volumes(
            &[Volume {
                name: "Data".into(),
                ..Default::default()
            }],
            &Path::new("spec.volumes"),
        );
        assert_eq!(
            c[0].to_string(),
            "spec.volumes[0]: Required value: must specify a volume type"
        );
        assert!(c[1]
            .to_string()
            .starts_with("spec.volumes[0].name: Invalid value: \"Data\""));
    }
}
