//! Output formats: tables, `describe`, `-o yaml`, `-o json`, `-o name`.

pub mod columns;
pub mod columns_network;
pub mod describe;
pub mod describe_batch;
pub mod describe_container;
pub mod describe_generic;
pub mod describe_node;
pub mod describe_pod;
pub mod describe_service;
pub mod describe_workload;
pub mod json;
pub mod table;
pub mod tabwriter;
pub mod yaml;
