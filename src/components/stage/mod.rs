//! The cluster stage: the control plane and the nodes, where messages will travel.

mod cluster_stage;
mod component_card;
mod control_plane;
mod nodes_area;

pub use cluster_stage::ClusterStage;
pub use component_card::ComponentCard;
pub use control_plane::ControlPlane;
pub use nodes_area::NodesArea;
