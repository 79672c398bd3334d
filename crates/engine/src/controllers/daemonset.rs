//! The DaemonSet controller (being written).

use super::client::Shared;
use crate::api::ObjectKey;
use crate::cluster::Ctx;

#[derive(Clone, Debug, Default)]
pub struct DaemonSetsController;

impl DaemonSetsController {
    pub fn sync(&mut self, _ctx: &mut Ctx, _sh: &mut Shared, _key: &ObjectKey) {}

    pub fn on_node(&mut self, _ctx: &mut Ctx, _sh: &mut Shared) {}
}
