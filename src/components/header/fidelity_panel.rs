//! "What is simplified": a header button and a modal dialog that tell the learner plainly what
//! in Podflow behaves as Kubernetes v1.36 does and what is simplified, so that nothing false is
//! learned. The lists are data (`FAITHFUL`, `SIMPLIFIED`): adding an item is one key here plus
//! its text in the i18n tables. The dialog is the native `<dialog>` opened with `showModal`, so
//! the browser keeps focus inside it and Escape closes it; focus then returns to the button.

use leptos::html::{Button, Dialog};
use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};

/// What matches a real cluster, in the order shown.
const FAITHFUL: &[Key] = &[
    Key::FidRealOutput,
    Key::FidRealApi,
    Key::FidRealScheduler,
    Key::FidRealKubelet,
    Key::FidRealControllers,
    Key::FidRealMessages,
];

/// The simplifications, by area: the group's heading, then its items.
const SIMPLIFIED: &[(Key, &[Key])] = &[
    (
        Key::FidGroupCluster,
        &[
            Key::FidControlPlanePods,
            Key::FidAddons,
            Key::FidSecurity,
            Key::FidKinds,
            Key::FidSingleInstance,
        ],
    ),
    (
        Key::FidGroupScheduling,
        &[Key::FidPodAffinity, Key::FidPreemption],
    ),
    (
        Key::FidGroupKubelet,
        &[
            Key::FidProcesses,
            Key::FidImages,
            Key::FidResources,
            Key::FidKubeletLeftOut,
        ],
    ),
    (
        Key::FidGroupNetwork,
        &[
            Key::FidDns,
            Key::FidPodNetwork,
            Key::FidLoadBalancer,
            Key::FidTraffic,
        ],
    ),
    (Key::FidGroupStorage, &[Key::FidVolumes, Key::FidNfs]),
    (Key::FidGroupKubectl, &[Key::FidVerbs, Key::FidStreams]),
    (
        Key::FidGroupTime,
        &[Key::FidVirtualTime, Key::FidDeterministic],
    ),
];

/// A text whose `backticked` parts are commands, shown in monospace. Our own texts only; every
/// part is inserted as text.
fn with_code(text: &'static str) -> impl IntoView {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                view! { <code>{part}</code> }.into_any()
            } else {
                part.into_any()
            }
        })
        .collect_view()
}

/// One list of items, each re-rendered when the language changes.
fn item_list(items: &'static [Key], class: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class=class>
            {items.iter().map(|key| view! { <li>{move || with_code(i18n.t(*key))}</li> }).collect_view()}
        </ul>
    }
}

/// The simplifications, one section per area.
fn simplified_groups() -> impl IntoView {
    let i18n = use_i18n();
    SIMPLIFIED
        .iter()
        .map(|(heading, items)| {
            view! {
                <section class="pf-fidelity__group">
                    <h4 class="pf-fidelity__group-title">{move || i18n.t(*heading)}</h4>
                    {item_list(items, "pf-fidelity__list pf-fidelity__list--simplified")}
                </section>
            }
        })
        .collect_view()
}

/// The header button and its dialog.
#[component]
pub fn FidelityPanel() -> impl IntoView {
    let i18n = use_i18n();
    let dialog = NodeRef::<Dialog>::new();
    let button = NodeRef::<Button>::new();
    let open = move |_| {
        if let Some(d) = dialog.get() {
            if !d.open() {
                let _ = d.show_modal();
            }
        }
    };
    let close = move |_| {
        if let Some(d) = dialog.get() {
            d.close();
        }
    };
    // Escape and the close button both end here: give focus back to the opener.
    let on_close = move |_| {
        if let Some(b) = button.get() {
            let _ = b.focus();
        }
    };
    view! {
        <button
            type="button"
            class="pf-header__tool"
            aria-haspopup="dialog"
            aria-controls="pf-fidelity"
            node_ref=button
            on:click=open
        >
            <svg viewBox="0 0 16 16" aria-hidden="true">
                <circle cx="8" cy="8" r="6.5" />
                <path d="M8 7v4.5M8 4.6v.1" />
            </svg>
            {move || i18n.t(Key::FidelityButton)}
        </button>
        <dialog
            id="pf-fidelity"
            class="pf-modal pf-modal--fidelity"
            aria-labelledby="pf-fidelity-title"
            node_ref=dialog
            on:close=on_close
        >
            <header class="pf-modal__head">
                <h2 class="pf-modal__title" id="pf-fidelity-title">{move || i18n.t(Key::FidelityTitle)}</h2>
                <button
                    type="button"
                    class="pf-modal__close"
                    aria-label=move || i18n.t(Key::Close)
                    on:click=close
                >
                    "×"
                </button>
            </header>
            <div class="pf-modal__body pf-fidelity">
                <p class="pf-fidelity__intro">{move || i18n.t(Key::FidelityIntro)}</p>
                <h3 class="pf-fidelity__heading pf-fidelity__heading--faithful">
                    {move || i18n.t(Key::FidelityFaithful)}
                </h3>
                {item_list(FAITHFUL, "pf-fidelity__list pf-fidelity__list--faithful")}
                <h3 class="pf-fidelity__heading pf-fidelity__heading--simplified">
                    {move || i18n.t(Key::FidelitySimplified)}
                </h3>
                <div class="pf-fidelity__groups">{simplified_groups()}</div>
            </div>
        </dialog>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{lookup, Lang};
    use std::collections::BTreeSet;

    /// Every key the panel shows: headings and items.
    fn shown() -> Vec<Key> {
        let mut keys = vec![
            Key::FidelityButton,
            Key::FidelityTitle,
            Key::FidelityIntro,
            Key::FidelityFaithful,
            Key::FidelitySimplified,
        ];
        keys.extend_from_slice(FAITHFUL);
        for (heading, items) in SIMPLIFIED {
            keys.push(*heading);
            keys.extend_from_slice(items);
        }
        keys
    }

    #[test]
    fn every_item_is_written_in_both_languages() {
        for key in shown() {
            let en = lookup(Lang::En, key);
            let zh = lookup(Lang::ZhCn, key);
            assert!(!en.trim().is_empty(), "{key:?} has no English text");
            assert!(!zh.trim().is_empty(), "{key:?} has no Chinese text");
            assert_ne!(en, zh, "{key:?} is not translated");
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{key:?}: the Chinese text has no Chinese"
            );
            // An odd number of backticks would print a stray one.
            for text in [en, zh] {
                assert_eq!(text.matches('`').count() % 2, 0, "{key:?}: unpaired `");
            }
        }
    }

    #[test]
    fn every_fidelity_key_is_shown_once() {
        let shown = shown();
        let unique: BTreeSet<String> = shown.iter().map(|k| format!("{k:?}")).collect();
        assert_eq!(unique.len(), shown.len(), "a key is listed twice");
        let defined: BTreeSet<String> = Key::ALL
            .iter()
            .map(|k| format!("{k:?}"))
            .filter(|n| n.starts_with("Fid"))
            .collect();
        assert_eq!(defined, unique, "a fidelity key is defined but not shown");
        let items: usize = SIMPLIFIED.iter().map(|(_, items)| items.len()).sum();
        assert!(items >= 10, "the simplified list has only {items} items");
    }
    /// Claims of the panel the engine can check. When one stops being true (a verb or a kind
    /// becomes simulated), this fails, and the panel's text must change with the engine.
    mod claims {
        use super::*;
        use podflow_engine::Cluster;
        use podflow_kubectl::{NoFiles, Output};

        fn kubectl(c: &mut Cluster, line: &str) -> Output {
            podflow_kubectl::run(line, c, &NoFiles)
        }

        #[test]
        fn the_verbs_named_are_not_simulated() {
            let mut c = Cluster::new(1);
            let texts = [
                lookup(Lang::En, Key::FidVerbs),
                lookup(Lang::ZhCn, Key::FidVerbs),
            ];
            for verb in [
                "edit",
                "port-forward",
                "cp",
                "attach",
                "proxy",
                "debug",
                "config",
                "auth",
            ] {
                assert!(
                    texts.iter().all(|t| t.contains(verb)),
                    "{verb} is not named"
                );
                let out = kubectl(&mut c, &format!("kubectl {verb}"));
                let want = format!("podflow does not support \"kubectl {verb}\" yet");
                assert!(out.combined().contains(&want), "{verb}: {}", out.combined());
            }
        }

        #[test]
        fn the_kinds_named_are_not_stored() {
            let mut c = Cluster::new(1);
            // The item that names the kind, the kind, and its resource.
            for (key, kind, resource) in [
                (Key::FidKinds, "Ingress", "ingresses"),
                (
                    Key::FidKinds,
                    "PersistentVolumeClaim",
                    "persistentvolumeclaims",
                ),
                (Key::FidKinds, "CronJob", "cronjobs"),
                (
                    Key::FidKinds,
                    "HorizontalPodAutoscaler",
                    "horizontalpodautoscalers",
                ),
                (Key::FidKinds, "NetworkPolicy", "networkpolicies"),
                (Key::FidSecurity, "ServiceAccount", "serviceaccounts"),
                (Key::FidVolumes, "PersistentVolume", "persistentvolumes"),
                (Key::FidVolumes, "StorageClass", "storageclasses"),
            ] {
                assert!(
                    lookup(Lang::En, key).contains(kind),
                    "{key:?} does not name {kind}"
                );
                assert!(
                    lookup(Lang::ZhCn, key).contains(kind),
                    "{key:?} does not name {kind}"
                );
                let out = kubectl(&mut c, &format!("kubectl get {resource}"));
                let want = format!("the server doesn't have a resource type \"{resource}\"");
                assert!(
                    out.combined().contains(&want),
                    "{resource}: {}",
                    out.combined()
                );
            }
        }

        #[test]
        fn a_claim_volume_and_a_pod_affinity_do_not_hold_a_pod_back() {
            let yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  affinity:\n    podAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n      - labelSelector: {matchLabels: {app: none}}\n        topologyKey: kubernetes.io/hostname\n  containers:\n  - {name: c, image: nginx, volumeMounts: [{name: d, mountPath: /d}]}\n  volumes:\n  - {name: d, persistentVolumeClaim: {claimName: missing}}\n";
            let files = podflow_kubectl::MapFiles {
                stdin: Some(yaml.to_string()),
                ..Default::default()
            };
            let mut c = Cluster::new(1);
            let out = podflow_kubectl::run("kubectl apply -f -", &mut c, &files);
            assert_eq!(out.exit_code, 0, "{}", out.combined());
            c.advance(podflow_engine::SimDuration::from_secs(30));
            let out = kubectl(&mut c, "kubectl get pod p --no-headers");
            assert!(out.stdout.contains("Running"), "{}", out.stdout);
            for key in [Key::FidVolumes, Key::FidPodAffinity] {
                assert!(lookup(Lang::En, key).contains("Pending"), "{key:?}");
                assert!(lookup(Lang::ZhCn, key).contains("Pending"), "{key:?}");
            }
        }

        #[test]
        fn no_dns_but_service_variables() {
            let mut c = Cluster::new(1);
            kubectl(&mut c, "kubectl run web --image=nginx");
            c.advance(podflow_engine::SimDuration::from_secs(30));
            let out = kubectl(&mut c, "kubectl exec web -- cat /etc/resolv.conf");
            assert_ne!(out.exit_code, 0, "{}", out.combined());
            let out = kubectl(&mut c, "kubectl exec web -- env");
            assert!(
                out.stdout.contains("KUBERNETES_SERVICE_HOST="),
                "{}",
                out.stdout
            );
            for lang in [Lang::En, Lang::ZhCn] {
                assert!(lookup(lang, Key::FidDns).contains("/etc/resolv.conf"));
            }
        }

        #[test]
        fn kube_system_has_no_pods_and_there_is_no_metrics_api() {
            let mut c = Cluster::new(1);
            let out = kubectl(&mut c, "kubectl get pods -n kube-system");
            assert_eq!(
                out.combined().trim(),
                "No resources found in kube-system namespace."
            );
            let out = kubectl(&mut c, "kubectl top pods");
            assert!(
                out.combined().contains("Metrics API not available"),
                "{}",
                out.combined()
            );
        }

        #[test]
        fn the_version_named_is_the_one_simulated() {
            let mut c = Cluster::new(1);
            let out = kubectl(&mut c, "kubectl version");
            assert!(
                out.stdout.contains("Server Version: v1.36."),
                "{}",
                out.stdout
            );
            for lang in [Lang::En, Lang::ZhCn] {
                assert!(lookup(lang, Key::FidelityIntro).contains("Kubernetes v1.36"));
            }
        }
    }
}
