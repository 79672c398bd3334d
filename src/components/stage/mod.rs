//! The cluster stage: the control plane, the messages between components, the nodes.

mod cluster_stage;
mod component_card;
mod control_plane;
mod message_log;
mod nodes_area;
mod pod_chip;

pub use cluster_stage::ClusterStage;
pub use component_card::ComponentCard;
pub use control_plane::ControlPlane;
pub use message_log::MessageLog;
pub use nodes_area::NodesArea;
pub use pod_chip::PodChip;
