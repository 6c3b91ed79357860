//! The code emitter: [`Model`] → a formatted Rust crate ([`Emitted`]).
//!
//! Pure: no I/O. Each item kind has one function returning tokens
//! ([`table::emit_struct`], [`choices::emit_enum`], [`metadata::emit_attribute`],
//! [`relationships::emit_relationship`], [`metadata::emit_messages`],
//! [`krate::emit_lib`], [`krate::cargo_toml`]); [`render::render_file`] turns a
//! file's tokens into text through `syn` and `prettyplease`.
//!
//! Page text enters tokens only as string literals (including `#[doc]`
//! literals); identifiers come from [`crate::naming`].

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::diagnostics::{codes, Diagnostic};
use crate::model::Model;
use crate::naming::{self, Names};

pub mod choices;
pub mod docs;
pub mod krate;
pub mod metadata;
pub mod relationships;
pub mod render;
pub mod table;

#[cfg(test)]
mod tests;

/// How the generated crate depends on the runtime crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeDependency {
    /// `dvgen-runtime = { path = "..." }`.
    Path(String),
    /// `dvgen-runtime = { version = "..." }`.
    Version(String),
}

/// Emitter options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitOptions {
    /// Cargo package name of the generated crate.
    pub crate_name: String,
    /// Package version of the generated crate.
    pub crate_version: String,
    /// The runtime dependency written into `Cargo.toml`.
    pub runtime: RuntimeDependency,
    /// One cargo feature per table (`default = ["full"]`, `full` = every table).
    pub features: bool,
    /// Emit documentation text from the pages (descriptions, facets, provenance).
    pub docs: bool,
    /// Rust path of the runtime crate in generated code.
    pub runtime_path: String,
    /// Write crate-level `//!` docs into `lib.rs`. Off in build-script mode,
    /// where `lib.rs` is `include!`d and may hold no inner attributes.
    pub crate_docs: bool,
}

impl Default for EmitOptions {
    fn default() -> Self {
        EmitOptions {
            crate_name: "dataverse-generated".to_string(),
            crate_version: "0.1.0".to_string(),
            runtime: RuntimeDependency::Version("0.1.0".to_string()),
            features: true,
            docs: true,
            runtime_path: "::dvgen_runtime".to_string(),
            crate_docs: true,
        }
    }
}

/// The emitted crate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Emitted {
    /// Relative path (`Cargo.toml`, `src/lib.rs`, `src/lead.rs`, `src/choices.rs`) → content.
    pub files: BTreeMap<String, String>,
    /// Renames, conflicts and generator bugs.
    pub diagnostics: Vec<Diagnostic>,
}

/// Shared state of one emit run.
pub struct Ctx<'a> {
    /// The model.
    pub model: &'a Model,
    /// Every identifier.
    pub names: &'a Names,
    /// Options.
    pub options: &'a EmitOptions,
    /// The runtime crate path as tokens.
    pub rt: TokenStream,
    /// The runtime crate path as text (for `serde(crate = ...)`).
    pub rt_text: String,
    /// Global choice enums: lower-cased choice name → the merged choice.
    pub globals: BTreeMap<String, choices::GlobalChoice>,
}

impl Ctx<'_> {
    /// `#[cfg(feature = "...")]` for one table, or nothing without features.
    pub fn cfg_table(&self, logical_name: &str) -> TokenStream {
        match (self.options.features, self.names.tables.get(logical_name)) {
            (true, Some(t)) => {
                let f = t.feature();
                quote!(#[cfg(feature = #f)])
            }
            _ => TokenStream::new(),
        }
    }
}

/// Parse the `runtime_path` option (not page text) into a path.
fn runtime_path(options: &EmitOptions, diags: &mut Vec<Diagnostic>) -> (TokenStream, String) {
    match syn::parse_str::<syn::Path>(&options.runtime_path) {
        Ok(p) => {
            let text = quote!(#p).to_string().replace(' ', "");
            (quote!(#p), text)
        }
        Err(e) => {
            diags.push(Diagnostic::error(
                codes::EMIT_BUG,
                "",
                0,
                format!(
                    "runtime_path `{}` is not a Rust path ({e}); using `::dvgen_runtime`",
                    options.runtime_path
                ),
            ));
            (quote!(::dvgen_runtime), "::dvgen_runtime".to_string())
        }
    }
}

/// Emit the whole crate for `model`.
pub fn emit_crate(model: &Model, options: &EmitOptions) -> Emitted {
    let names = naming::resolve(model);
    let mut diagnostics = names.diagnostics.clone();
    let (rt, rt_text) = runtime_path(options, &mut diagnostics);
    let globals = choices::collect_globals(model, &names, &mut diagnostics);
    let ctx = Ctx {
        model,
        names: &names,
        options,
        rt,
        rt_text,
        globals,
    };
    let mut files = BTreeMap::new();
    let mut add =
        |path: String, tokens: TokenStream, diags: &mut Vec<Diagnostic>| match render::render_file(
            &path, tokens,
        ) {
            Ok(text) => {
                files.insert(path, text);
            }
            Err(d) => diags.push(d),
        };
    for table in naming::sorted_tables(model) {
        let Some(tn) = names.tables.get(&table.logical_name) else {
            continue;
        };
        let tokens = table::emit_table_file(&ctx, table, &mut diagnostics);
        add(
            format!("src/{}.rs", tn.module.plain()),
            tokens,
            &mut diagnostics,
        );
    }
    let choices_tokens = choices::emit_choices_file(&ctx, &mut diagnostics);
    add(
        "src/choices.rs".to_string(),
        choices_tokens,
        &mut diagnostics,
    );
    let lib_tokens = krate::emit_lib(&ctx);
    add("src/lib.rs".to_string(), lib_tokens, &mut diagnostics);
    files.insert("Cargo.toml".to_string(), krate::cargo_toml(&ctx));
    Emitted { files, diagnostics }
}
