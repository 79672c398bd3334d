//! The YAML editor region.

mod yaml_editor;

pub use yaml_editor::YamlEditor;
