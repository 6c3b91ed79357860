//! [`Builder`]: generate from a build script, in the manner of `prost-build`.
//!
//! ```no_run
//! // build.rs, in `fn main()`:
//! dvgen::Builder::new()
//!     .input("docs")          // files or folders of reference pages
//!     .generate_to_out_dir()  // writes $OUT_DIR/dvgen/lib.rs and one file per table
//!     .unwrap();
//! ```
//! and in `src/lib.rs`:
//! ```ignore
//! include!(concat!(env!("OUT_DIR"), "/dvgen/lib.rs"));
//! ```
//! The crate needs `dvgen-runtime` as a dependency. In build-script mode the
//! tables are not behind cargo features (your crate has no such features);
//! choose tables with [`Builder::include_tables`] instead.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Severity};
use crate::emit::{EmitOptions, RuntimeDependency};
use crate::fingerprint::Layout;
use crate::generate::{generate_from_model, Generated};
use crate::inputs::{self, InputError};
use crate::regenerate::{regenerate, Target};
use crate::write::{WriteError, WriteOptions, WriteReport};

/// The folder under `OUT_DIR` that build-script mode writes into.
pub const OUT_SUBDIR: &str = "dvgen";

/// Errors from [`Builder`].
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// `OUT_DIR` is not set and no output folder was given.
    #[error("OUT_DIR is not set: call Builder::out_dir, or run from a cargo build script")]
    NoOutDir,
    /// No input was given ([`Builder::input`] was never called).
    #[error("no inputs: call Builder::input with the file or folder of your reference pages")]
    NoInputs,
    /// Reading inputs failed, or an input yields no pages (a missing, empty or misspelt folder).
    #[error(transparent)]
    Input(#[from] InputError),
    /// Writing output failed.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The inputs have errors (listed).
    #[error("the reference pages have {count} error(s):\n{list}")]
    InputErrors {
        /// Number of errors.
        count: usize,
        /// One line per error.
        list: String,
    },
}

/// Configure and run generation from a build script.
#[derive(Debug, Clone)]
pub struct Builder {
    inputs: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    options: EmitOptions,
    rerun_if_changed: bool,
    deny_errors: bool,
    use_cache: bool,
    selection: crate::config::Config,
    load: inputs::LoadOptions,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    /// A builder with build-script defaults: no cargo features, docs on.
    pub fn new() -> Self {
        let options = EmitOptions {
            features: false,
            crate_docs: false,
            ..EmitOptions::default()
        };
        Builder {
            inputs: Vec::new(),
            out_dir: None,
            options,
            rerun_if_changed: true,
            deny_errors: true,
            use_cache: true,
            selection: crate::config::Config::default(),
            load: inputs::LoadOptions::default(),
        }
    }

    /// Add an input file or folder (folders are walked for `*.md`).
    pub fn input(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.inputs.push(path.as_ref().to_path_buf());
        self
    }

    /// Add several inputs.
    pub fn inputs<I, P>(&mut self, paths: I) -> &mut Self
    where
        I: IntoIterator<Item = P>,
        P: AsRef<Path>,
    {
        self.inputs
            .extend(paths.into_iter().map(|p| p.as_ref().to_path_buf()));
        self
    }

    /// Where to write; defaults to `$OUT_DIR/dvgen`.
    pub fn out_dir(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.out_dir = Some(path.as_ref().to_path_buf());
        self
    }

    /// Replace the emit options wholesale.
    pub fn emit_options(&mut self, options: EmitOptions) -> &mut Self {
        self.options = options;
        self
    }

    /// Gate each table behind a cargo feature named after its logical name (off by default here).
    pub fn cargo_features(&mut self, on: bool) -> &mut Self {
        self.options.features = on;
        self
    }

    /// Print `cargo:rerun-if-changed` for every input (on by default).
    pub fn emit_rerun_if_changed(&mut self, on: bool) -> &mut Self {
        self.rerun_if_changed = on;
        self
    }

    /// Fail when a page has errors (on by default); warnings are always printed.
    pub fn deny_errors(&mut self, on: bool) -> &mut Self {
        self.deny_errors = on;
        self
    }

    /// Skip emitting when the record of the last run into the output folder
    /// shows that nothing changed (on by default; see [`crate::regenerate`]).
    /// The record is kept beside the output folder, in `.dvgen-cache/` (for
    /// the default folder: `$OUT_DIR/.dvgen-cache/dvgen.json`).
    pub fn use_cache(&mut self, on: bool) -> &mut Self {
        self.use_cache = on;
        self
    }

    /// The language code (LCID) of the labels read from unpacked solutions
    /// and exported table definitions (1033 by default; reference pages are
    /// English whatever this says).
    pub fn language(&mut self, lcid: u32) -> &mut Self {
        self.load.language = lcid;
        self
    }

    /// The runtime dependency written into a generated `Cargo.toml`.
    pub fn runtime(&mut self, runtime: RuntimeDependency) -> &mut Self {
        self.options.runtime = runtime;
        self
    }

    /// Only generate these tables (logical names); by default all.
    /// Relationships to other tables stay in the descriptors as names.
    pub fn include_tables<I, S>(&mut self, tables: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.selection
            .include_tables
            .extend(tables.into_iter().map(Into::into));
        self
    }

    /// Do not generate these tables (logical names).
    pub fn exclude_tables<I, S>(&mut self, tables: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.selection
            .exclude_tables
            .extend(tables.into_iter().map(Into::into));
        self
    }

    /// Generate only the columns of `table` (a logical name or pattern)
    /// that match one of `columns` (logical names with `*`, `?`, `[...]`
    /// wildcards); the primary id column is always kept, and other columns
    /// are still read and written through the row's `extra`. Adds to earlier
    /// calls.
    pub fn include_columns<I, S>(&mut self, table: &str, columns: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.selection
            .include_columns
            .entry(table.to_string())
            .or_default()
            .extend(columns.into_iter().map(Into::into));
        self
    }

    /// Leave out the columns of `table` (a logical name or pattern) that
    /// match one of `columns`. Adds to earlier calls.
    pub fn exclude_columns<I, S>(&mut self, table: &str, columns: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.selection
            .exclude_columns
            .entry(table.to_string())
            .or_default()
            .extend(columns.into_iter().map(Into::into));
        self
    }

    /// Read, parse, merge and emit, in memory. Pure apart from reading the inputs.
    pub fn generate(&self) -> Result<Generated, BuildError> {
        let (mut model, _) = self.load()?;
        self.selection.select_tables(&mut model);
        Ok(generate_from_model(model, &self.options))
    }

    /// Generate and write the Rust sources (no `Cargo.toml`) into the output
    /// folder (default `$OUT_DIR/dvgen`), ready for
    /// `include!(concat!(env!("OUT_DIR"), "/dvgen/lib.rs"))`.
    ///
    /// Only changed files are written; when nothing changed since the last
    /// run, nothing is emitted either ([`crate::regenerate`]). Warnings become
    /// `cargo:warning` lines. With [`Builder::deny_errors`], errors in the
    /// pages fail the build before anything is written; an error of the
    /// emitter itself fails it after the other files were written.
    pub fn generate_to_out_dir(&self) -> Result<WriteReport, BuildError> {
        let out_dir = self.resolve_out_dir(|key| std::env::var_os(key))?;
        let (mut model, files) = self.load()?;
        self.selection.select_tables(&mut model);
        if self.rerun_if_changed {
            for path in self.inputs.iter().chain(&files) {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
        if self.deny_errors && model.has_errors() {
            // Fails: the pages have errors.
            self.gate(&model.diagnostics)?;
        }
        let target = Target {
            out_dir: &out_dir,
            layout: Layout::BuildScript,
            write: WriteOptions::default(),
            use_cache: self.use_cache,
        };
        let outcome = regenerate(&model, &self.options, &target)?;
        self.gate(&outcome.diagnostics)?;
        Ok(outcome.report)
    }

    /// The output folder: the one given to [`Builder::out_dir`], else
    /// `$OUT_DIR/dvgen` with `OUT_DIR` read through `env` (the process
    /// environment in [`Builder::generate_to_out_dir`]).
    fn resolve_out_dir(
        &self,
        env: impl Fn(&str) -> Option<std::ffi::OsString>,
    ) -> Result<PathBuf, BuildError> {
        match &self.out_dir {
            Some(dir) => Ok(dir.clone()),
            None => env("OUT_DIR")
                .map(|dir| PathBuf::from(dir).join(OUT_SUBDIR))
                .ok_or(BuildError::NoOutDir),
        }
    }

    /// The merged model of the inputs; no inputs, or an input without pages, is an error.
    fn load(&self) -> Result<(crate::model::Model, Vec<PathBuf>), BuildError> {
        if self.inputs.is_empty() {
            return Err(BuildError::NoInputs);
        }
        Ok(inputs::load_model_with(
            &self.inputs,
            &self.load,
            &|_, _| {},
        )?)
    }

    /// Print warnings as `cargo:warning` lines; with [`Builder::deny_errors`],
    /// fail when there are errors.
    fn gate(&self, diagnostics: &[Diagnostic]) -> Result<(), BuildError> {
        let mut errors = Vec::new();
        for d in diagnostics {
            match d.severity {
                Severity::Error => errors.push(d.to_string()),
                Severity::Warning => println!("cargo:warning={d}"),
                Severity::Note => {}
            }
        }
        if self.deny_errors && !errors.is_empty() {
            return Err(BuildError::InputErrors {
                count: errors.len(),
                list: errors.join("\n"),
            });
        }
        Ok(())
    }
}

/// The sources of a generated crate as build-script output: `src/` files
/// moved to the top, `Cargo.toml` dropped.
pub fn build_script_files(
    files: &std::collections::BTreeMap<String, String>,
) -> std::collections::BTreeMap<String, String> {
    files
        .iter()
        .filter_map(|(path, content)| {
            crate::regenerate::layout_path(Layout::BuildScript, path)
                .map(|rel| (rel.to_string(), content.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs_input() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input")
    }

    #[test]
    fn writes_sources_for_include_with_the_selected_tables() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("dvgen");
        let builder = || {
            let mut b = Builder::new();
            b.input(docs_input())
                .out_dir(&out)
                .include_tables(["lead", "contactleads"])
                .emit_rerun_if_changed(false);
            b
        };
        let report = builder().generate_to_out_dir().unwrap();
        assert!(
            report.created.contains(&"lead.rs".to_string()),
            "{report:?}"
        );
        assert!(report.created.contains(&"contactleads.rs".to_string()));
        assert!(!out.join("opportunity.rs").exists());
        assert!(!out.join("Cargo.toml").exists(), "sources only");
        let lib = std::fs::read_to_string(out.join("lib.rs")).unwrap();
        assert!(
            !lib.contains("#!") && !lib.contains("//!"),
            "no inner attributes: {lib}"
        );
        assert!(
            !lib.contains("cfg(feature"),
            "no cargo features in build-script mode"
        );
        assert!(
            dir.path().join(".dvgen-cache/dvgen.json").is_file(),
            "the record lies beside the output folder"
        );
        // Running again writes nothing, with or without the record.
        let again = builder().generate_to_out_dir().unwrap();
        assert_eq!(again.changes(), 0, "{again:?}");
        assert_eq!(again.unchanged, report.created);
        let full = builder().use_cache(false).generate_to_out_dir().unwrap();
        assert_eq!(full, again);
        // A deleted file is restored.
        std::fs::remove_file(out.join("lead.rs")).unwrap();
        let restored = builder().generate_to_out_dir().unwrap();
        assert_eq!(restored.created, vec!["lead.rs"]);
    }

    #[test]
    fn without_out_dir_or_inputs_it_fails_clearly() {
        // No `OUT_DIR` in the environment and no folder given: NoOutDir.
        let no_env = |_: &str| None;
        let err = Builder::new()
            .input(docs_input())
            .resolve_out_dir(no_env)
            .unwrap_err();
        assert!(matches!(err, BuildError::NoOutDir), "{err}");
        assert!(err.to_string().contains("OUT_DIR is not set"), "{err}");
        // `OUT_DIR` set: its `dvgen` subfolder, read from that variable only.
        let env = |key: &str| (key == "OUT_DIR").then(|| std::ffi::OsString::from("/x/out"));
        let dir = Builder::new().resolve_out_dir(env).unwrap();
        assert_eq!(dir, Path::new("/x/out").join(OUT_SUBDIR));
        // An explicit folder wins over the environment.
        let dir = Builder::new().out_dir("/y").resolve_out_dir(env).unwrap();
        assert_eq!(dir, Path::new("/y"));
        let dir = Builder::new()
            .out_dir("/y")
            .resolve_out_dir(no_env)
            .unwrap();
        assert_eq!(dir, Path::new("/y"));
        let err = Builder::new()
            .input("no/such/folder")
            .out_dir(std::env::temp_dir())
            .emit_rerun_if_changed(false)
            .generate_to_out_dir()
            .unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
    }

    #[test]
    fn an_input_without_pages_fails_naming_it_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        // A folder that exists but holds only a NOTICE.md (skipped) and a non-page file.
        let docs = dir.path().join("docs");
        std::fs::create_dir(&docs).unwrap();
        std::fs::write(docs.join("NOTICE.md"), "# Notice\n").unwrap();
        std::fs::write(docs.join("lead.txt"), "not a page\n").unwrap();
        let err = Builder::new()
            .input(&docs)
            .out_dir(&out)
            .emit_rerun_if_changed(false)
            .generate_to_out_dir()
            .unwrap_err();
        assert!(
            matches!(err, BuildError::Input(InputError::NoPages(ref p)) if p == &docs),
            "{err}"
        );
        assert!(
            err.to_string().contains(&docs.display().to_string()),
            "{err}"
        );
        assert!(err.to_string().contains("contains no pages"), "{err}");
        assert!(!out.exists(), "nothing written");
        // No input at all: in memory and to a folder.
        let err = Builder::new().generate().unwrap_err();
        assert!(matches!(err, BuildError::NoInputs), "{err}");
        assert!(err.to_string().contains("Builder::input"), "{err}");
        let err = Builder::new()
            .out_dir(&out)
            .generate_to_out_dir()
            .unwrap_err();
        assert!(matches!(err, BuildError::NoInputs), "{err}");
        assert!(!out.exists(), "nothing written");
    }
}
