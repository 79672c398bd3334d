//! Pod sandboxes (the pause container and the pod's network namespace) and pod IPs.
//!
//! Mirrors containerd's `RunPodSandbox` (`internal/cri/server/sandbox_run.go`) as far as the
//! learner sees it: one sandbox per pod with an IP from the node's `podCIDR`, handed out by
//! the CNI `host-local` IPAM plugin (`plugins/ipam/host-local/backend/allocator`), which skips
//! the network and gateway addresses and continues after the last address it gave out rather
//! than reusing a freed one at once. Left out: the pause process itself, DNS config, port
//! mappings, IPv6.

use crate::kubelet::cri::PodRef;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sandbox {
    pub pod: PodRef,
    pub ip: String,
}

/// The node's IP allocator over a `/24` pod CIDR.
#[derive(Clone, Debug, Default)]
pub struct Ipam {
    /// The last host number handed out (`.1` is the bridge's gateway).
    last: u8,
    in_use: BTreeMap<u8, String>,
}

impl Ipam {
    /// The next free address of `cidr` (`10.244.1.0/24`) for `pod_uid`; `None` when full or
    /// the CIDR is not a usable IPv4 /24.
    pub fn allocate(&mut self, cidr: &str, pod_uid: &str) -> Option<String> {
        let prefix = cidr_prefix(cidr)?;
        let start = i32::from(self.last.max(1));
        for step in 1..=253i32 {
            let host = ((start - 2 + step).rem_euclid(253) + 2) as u8;
            if let std::collections::btree_map::Entry::Vacant(e) = self.in_use.entry(host) {
                e.insert(pod_uid.to_string());
                self.last = host;
                return Some(format!("{prefix}.{host}"));
            }
        }
        None
    }

    /// Frees every address of a pod.
    pub fn release(&mut self, pod_uid: &str) {
        self.in_use.retain(|_, uid| uid != pod_uid);
    }
}

/// `10.244.1` from `10.244.1.0/24`.
fn cidr_prefix(cidr: &str) -> Option<String> {
    let (net, bits) = cidr.split_once('/')?;
    if bits != "24" {
        return None;
    }
    let octets: Vec<&str> = net.split('.').collect();
    if octets.len() != 4 || octets.iter().any(|o| o.parse::<u8>().is_err()) {
        return None;
    }
    Some(octets[..3].join("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_start_at_two_and_are_not_reused_at_once() {
        let mut ipam = Ipam::default();
        assert_eq!(
            ipam.allocate("10.244.1.0/24", "a").as_deref(),
            Some("10.244.1.2")
        );
        assert_eq!(
            ipam.allocate("10.244.1.0/24", "b").as_deref(),
            Some("10.244.1.3")
        );
        ipam.release("a");
        assert_eq!(
            ipam.allocate("10.244.1.0/24", "c").as_deref(),
            Some("10.244.1.4")
        );
        assert_eq!(ipam.allocate("bogus", "d"), None);
    }

    #[test]
    fn the_range_wraps_and_fills() {
        let mut ipam = Ipam::default();
        for i in 0..253 {
            assert!(ipam.allocate("10.0.0.0/24", &i.to_string()).is_some());
        }
        assert_eq!(ipam.allocate("10.0.0.0/24", "full"), None);
        ipam.release("7");
        assert_eq!(
            ipam.allocate("10.0.0.0/24", "x").as_deref(),
            Some("10.0.0.9")
        );
    }
}
