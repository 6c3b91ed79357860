//! TEMPORARY stand-in for the emitter (replaced when the emitter lands).
#![allow(missing_docs)]
use crate::diagnostics::Diagnostic;
use crate::model::Model;
use std::collections::BTreeMap;
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeDependency {
    Path(String),
    Version(String),
}
#[derive(Debug, Clone)]
pub struct EmitOptions {
    pub crate_name: String,
    pub runtime: RuntimeDependency,
    pub features: bool,
    pub docs: bool,
}
impl Default for EmitOptions {
    fn default() -> Self {
        EmitOptions {
            crate_name: "dataverse-generated".into(),
            runtime: RuntimeDependency::Version("0.1.0".into()),
            features: true,
            docs: true,
        }
    }
}
pub struct Emitted {
    pub files: BTreeMap<String, String>,
    pub diagnostics: Vec<Diagnostic>,
}
pub fn emit_crate(_model: &Model, _options: &EmitOptions) -> Emitted {
    Emitted {
        files: BTreeMap::new(),
        diagnostics: vec![],
    }
}
