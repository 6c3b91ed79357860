//! The pure core: pages in, files out (in memory, or each file handed to a
//! [`FileSink`] as soon as it is rendered).

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::emit::{self, EmitOptions};
use crate::merge;
use crate::model::{Model, Page};
use crate::sink::FileSink;

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

/// Emit the crate for a merged model, handing each file to `sink` as soon as
/// it is rendered ([`emit::emit_crate_into`]); the same files as
/// [`generate_from_model`] without holding them all. Returns every
/// diagnostic, the model's (parse and merge) first.
pub fn generate_into<S: FileSink>(
    model: &Model,
    options: &EmitOptions,
    sink: &S,
) -> Result<Vec<Diagnostic>, S::Error> {
    let emitted = emit::emit_crate_into(model, options, sink)?;
    let mut diagnostics = model.diagnostics.clone();
    diagnostics.extend(emitted);
    Ok(diagnostics)
}
