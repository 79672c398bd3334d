//! The editor's gallery: every YAML snippet of the tutorials, as printed (mistakes included, so
//! learners meet the real error) and corrected, plus a few written for Podflow where the
//! tutorials have none (volumes, services, controllers).
//!
//! The files live in `assets/examples/` and are embedded with `include_str!`, so the gallery
//! needs no fetch. `assets/examples/manifest.json` gives each file its topic, its variant and a
//! title and note in English and Simplified Chinese; `tests.rs` checks that the manifest and
//! [`FILES`] name the same files, and what every example does on a fresh cluster.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::i18n::{Key, Lang};

/// `(name, include_str!(assets/examples/name))`.
macro_rules! example {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!("../../assets/examples/", $name)),
        )
    };
}

/// `(file name, text)` of every example, in no particular order; the manifest orders them.
pub const FILES: &[(&str, &str)] = &[
    example!("nginx-pod.yaml"),
    example!("mistake-apps-v1-pod.yaml"),
    example!("image-pull-policy.yaml"),
    example!("mistake-liveness-args-indent.yaml"),
    example!("liveness-exec-as-printed.yaml"),
    example!("liveness-exec.yaml"),
    example!("mistake-requests-apps-v1.yaml"),
    example!("requests-scheduling.yaml"),
    example!("mistake-node-selector-apps-v1.yaml"),
    example!("node-selector.yaml"),
    example!("mistake-affinity-exception.yaml"),
    example!("node-affinity.yaml"),
    example!("mistake-toleration-indent.yaml"),
    example!("toleration-env-dev.yaml"),
    example!("mistake-restart-policy-indent.yaml"),
    example!("restart-policy-never.yaml"),
    example!("job-on-failure.yaml"),
    example!("mistake-mysql-apps-v1.yaml"),
    example!("mysql-resources.yaml"),
    example!("emptydir-shared.yaml"),
    example!("web-service.yaml"),
    example!("web-deployment.yaml"),
    example!("replication-controller.yaml"),
];

const MANIFEST: &str = include_str!("../../assets/examples/manifest.json");

/// The gallery's groups, in the order the menu shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Topic {
    Pods,
    Probes,
    Scheduling,
    RestartPolicy,
    Resources,
    Volumes,
    Services,
    Controllers,
}

impl Topic {
    pub const ALL: &'static [Topic] = &[
        Topic::Pods,
        Topic::Probes,
        Topic::Scheduling,
        Topic::RestartPolicy,
        Topic::Resources,
        Topic::Volumes,
        Topic::Services,
        Topic::Controllers,
    ];

    /// The group's name in the translation table.
    pub fn key(self) -> Key {
        match self {
            Topic::Pods => Key::TopicPods,
            Topic::Probes => Key::TopicProbes,
            Topic::Scheduling => Key::TopicScheduling,
            Topic::RestartPolicy => Key::TopicRestartPolicy,
            Topic::Resources => Key::TopicResources,
            Topic::Volumes => Key::TopicVolumes,
            Topic::Services => Key::TopicServices,
            Topic::Controllers => Key::TopicControllers,
        }
    }
}

/// Where an example's text comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    /// Exactly as the tutorial printed it, mistakes included.
    Printed,
    /// The tutorial's snippet with its mistakes fixed.
    Corrected,
    /// Written for Podflow.
    Podflow,
}

impl Variant {
    /// What the menu adds after the title, if anything.
    pub fn key(self) -> Option<Key> {
        match self {
            Variant::Printed => Some(Key::ExampleAsPrinted),
            Variant::Corrected => Some(Key::ExampleCorrected),
            Variant::Podflow => None,
        }
    }
}

/// A text in both languages of the app.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bilingual {
    pub en: String,
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
}

impl Bilingual {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::ZhCn => &self.zh_cn,
        }
    }
}

/// One entry of the gallery.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// The file's name in `assets/examples/`; also the menu option's value.
    pub file: String,
    pub topic: Topic,
    pub variant: Variant,
    pub title: Bilingual,
    /// What the example shows, shown under the menu once it is loaded.
    pub note: Bilingual,
    /// The file's text.
    #[serde(skip)]
    pub text: &'static str,
}

#[derive(Deserialize)]
struct Manifest {
    #[allow(dead_code)]
    about: String,
    examples: Vec<Example>,
}

/// The gallery in the manifest's order. A manifest that does not parse (the tests prevent it)
/// gives an empty gallery rather than a broken page.
pub fn catalog() -> &'static [Example] {
    static CATALOG: OnceLock<Vec<Example>> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let Ok(manifest) = serde_json::from_str::<Manifest>(MANIFEST) else {
            return Vec::new();
        };
        manifest
            .examples
            .into_iter()
            .filter_map(|mut e| {
                e.text = text_of(&e.file)?;
                Some(e)
            })
            .collect()
    })
}

/// The text of the example file `name`.
pub fn text_of(name: &str) -> Option<&'static str> {
    FILES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The example called `file`.
pub fn find(file: &str) -> Option<&'static Example> {
    catalog().iter().find(|e| e.file == file)
}

/// What a new visitor's editor starts with: the manifest's first example.
pub fn default_text() -> &'static str {
    catalog().first().map_or(FILES[0].1, |e| e.text)
}

/// The gallery grouped by topic, topics in [`Topic::ALL`] order, empty topics left out.
pub fn by_topic() -> Vec<(Topic, Vec<&'static Example>)> {
    Topic::ALL
        .iter()
        .map(|t| (*t, catalog().iter().filter(|e| e.topic == *t).collect()))
        .filter(|(_, v): &(Topic, Vec<_>)| !v.is_empty())
        .collect()
}

/// True when `text` is exactly one of the examples (nothing the learner typed would be lost by
/// replacing it).
pub fn is_example(text: &str) -> bool {
    FILES.iter().any(|(_, t)| *t == text)
}

#[cfg(test)]
mod tests;
