//! The cluster stage: the control plane, the messages between components (moving and listed),
//! the workloads, the nodes with their pods, and the actions a learner can take on them.

mod action_menu;
mod cluster_stage;
mod component_card;
mod control_plane;
mod flow_dom;
mod flow_overlay;
mod message_log;
mod more_pods;
mod node_card;
mod node_menu;
mod nodes_area;
mod pod_chip;
mod resource_bar;
mod stage_context;
mod workloads_strip;

pub use cluster_stage::ClusterStage;
pub use component_card::ComponentCard;
pub use control_plane::{ControlPlane, KubectlBadge};
pub use message_log::MessageLog;
pub use more_pods::MorePods;
pub use node_card::NodeCard;
pub use node_menu::NodeMenu;
pub use nodes_area::{NodesArea, PendingLane};
pub use pod_chip::PodChip;
pub use resource_bar::ResourceBar;
pub use workloads_strip::WorkloadsStrip;
