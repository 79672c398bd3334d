//! The StatefulSet controller (being written).

use super::client::Shared;
use crate::api::ObjectKey;
use crate::cluster::Ctx;

#[derive(Clone, Debug, Default)]
pub struct StatefulSetController;

impl StatefulSetController {
    pub fn sync(&mut self, _ctx: &mut Ctx, _sh: &mut Shared, _key: &ObjectKey) {}
}
