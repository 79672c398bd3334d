//! Random command lines never panic: the tokenizer, the flag parser, every verb and the
//! pipes all answer with text.

use podflow_engine::Cluster;
use podflow_kubectl::{run, MapFiles};
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "kubectl",
    "get",
    "describe",
    "delete",
    "apply",
    "create",
    "label",
    "taint",
    "annotate",
    "scale",
    "cordon",
    "uncordon",
    "drain",
    "version",
    "explain",
    "api-resources",
    "help",
    "pods",
    "po",
    "nodes",
    "node",
    "deployment",
    "deploy",
    "svc",
    "all",
    "k8s-node-1",
    "web",
    "-o",
    "wide",
    "yaml",
    "json",
    "name",
    "jsonpath={.items[*].metadata.name}",
    "-l",
    "app=web",
    "-n",
    "default",
    "-A",
    "--show-labels",
    "--all",
    "--force",
    "--grace-period=0",
    "--now",
    "-f",
    "-",
    "x.yaml",
    "env=dev:NoSchedule",
    "env-",
    "env:NoSchedule-",
    "--replicas=3",
    "--image=nginx",
    "|",
    "grep",
    "-i",
    "-c",
    "head",
    "-n",
    "1",
    "wc",
    "-l",
    "'",
    "\"",
    "--",
    "--overwrite",
    "=",
    "-",
    "--field-selector=status.phase=Running",
    "--sort-by=.metadata.name",
];

fn line() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        3 => proptest::sample::select(WORDS).prop_map(str::to_string),
        1 => "[ -~]{0,12}",
    ];
    proptest::collection::vec(word, 0..10).prop_map(|w| format!("kubectl {}", w.join(" ")))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_lines_never_panic(l in line()) {
        let mut c = Cluster::new(1);
        let files = MapFiles {
            files: [("x.yaml".to_string(), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n    image: nginx\n".to_string())].into(),
            stdin: Some("a: [".into()),
        };
        let out = run(&l, &mut c, &files);
        prop_assert!(out.exit_code >= 0);
    }

    #[test]
    fn arbitrary_text_never_panics(l in "[ -~]{0,60}") {
        let mut c = Cluster::new(1);
        let out = run(&l, &mut c, &podflow_kubectl::NoFiles);
        prop_assert!(out.exit_code >= 0);
    }

    #[test]
    fn scripts_never_panic(lines in proptest::collection::vec(
        prop_oneof![
            Just("kubectl get pods".to_string()),
            Just("kubectl apply -f - <<EOF".to_string()),
            Just("EOF".to_string()),
            Just("why web".to_string()),
            Just("why".to_string()),
            "advance [0-9a-z]{0,5}",
            "[ -~]{0,20}",
        ],
        0..8,
    )) {
        let text = lines.join("\n");
        if let Ok(steps) = podflow_kubectl::script::parse(&text) {
            let mut c = Cluster::new(1);
            for s in &steps {
                let t = podflow_kubectl::script::run_step(s, &mut c, &podflow_kubectl::NoFiles);
                prop_assert!(t.starts_with("$ "));
            }
        }
    }
}
