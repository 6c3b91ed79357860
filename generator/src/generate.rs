//! The pure core: pages in, files out.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::emit::{self, EmitOptions};
use crate::merge;
use crate::model::{Model, Page};

/// The result of a generation: the merged model, the rendered files
/// (relative path → content) and every diagnostic (parse, merge, emit).
#[derive(Debug, Clone, Default)]
pub struct Generated {
    /// The merged model.
    pub model: Model,
    /// Rendered files, relative to the output crate's root.
    pub files: BTreeMap<String, String>,
    /// Diagnostics from every stage, parse and merge first.
    pub diagnostics: Vec<Diagnostic>,
}

impl Generated {
    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == crate::diagnostics::Severity::Error)
    }
}

/// Merge parsed pages and emit the crate. Pure: no I/O.
pub fn generate_from_pages(pages: Vec<Page>, options: &EmitOptions) -> Generated {
    generate_from_model(merge::merge(pages), options)
}

/// Emit the crate for a merged model. Pure: no I/O.
pub fn generate_from_model(model: Model, options: &EmitOptions) -> Generated {
    let emitted = emit::emit_crate(&model, options);
    let mut diagnostics = model.diagnostics.clone();
    diagnostics.extend(emitted.diagnostics);
    Generated {
        model,
        files: emitted.files,
        diagnostics,
    }
}
