//! The inspector region: the selected object's tabs (describe, scheduling, containers, probes,
//! allocation, events) and, with nothing selected, the cluster's events.

mod allocation_tab;
mod containers_tab;
mod events_list;
mod fill;
mod inspector_panel;
mod object_events;
mod probes_tab;
mod scheduling_tab;
mod tab_strip;

pub use allocation_tab::AllocationTab;
pub use containers_tab::ContainersTab;
pub use events_list::EventsList;
pub use inspector_panel::InspectorPanel;
pub use object_events::ObjectEvents;
pub use probes_tab::ProbesTab;
pub use scheduling_tab::SchedulingTab;
