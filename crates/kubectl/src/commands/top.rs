//! `kubectl top`: Podflow runs no metrics-server, so this answers as kubectl does on a cluster
//! without one (`kubectl/pkg/cmd/top/top_pod.go`: `error: Metrics API not available`).

use crate::Output;

pub fn run(words: &[String]) -> Output {
    match words
        .iter()
        .find(|w| !w.starts_with('-'))
        .map(String::as_str)
    {
        None => crate::help::for_verb("top"),
        Some("pod" | "pods" | "po" | "node" | "nodes" | "no") => {
            Output::error("Metrics API not available")
        }
        Some(other) => Output::stderr(format!(
            "error: unknown command \"{other}\" for \"kubectl top\"\n"
        )),
    }
}
