//! `kubectl top`: Podflow runs no metrics-server, so this answers as kubectl does on a cluster
//! without one (`kubectl/pkg/cmd/top/top_pod.go`: `error: Metrics API not available`).

use crate::Output;

pub fn run(_words: &[String]) -> Output {
    Output::error("Metrics API not available")
}
