//! The inspector region: details of the selected object and the cluster's events.

mod events_list;
mod inspector_panel;

pub use events_list::EventsList;
pub use inspector_panel::InspectorPanel;
