//! kube-proxy of one node: Services to ready endpoints. (Being written.)
//!
//! Mirrors `pkg/proxy`.

use crate::cluster::Ctx;
use crate::network::Envelope;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct KubeProxy {
    pub node: Arc<str>,
}

impl KubeProxy {
    pub fn new(node: Arc<str>) -> Self {
        KubeProxy { node }
    }

    pub fn handle(&mut self, _ctx: &mut Ctx, _env: &Envelope) {}
}
