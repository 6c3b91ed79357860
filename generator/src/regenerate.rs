//! Generating into an output folder, as `dvgen generate` / `check` and the
//! [`crate::Builder`] do.
//!
//! Parse and merge always run (their diagnostics are printed on every run).
//! Then [`regenerate`] takes one of two paths:
//!
//! - the fast path, when the [record](crate::cache) of the last run says
//!   nothing changed ([`cache::check`]): nothing is emitted, formatted,
//!   compared or written;
//! - otherwise the streaming path: each file is rendered, compared with the
//!   disk and written (only when it changed, atomically) as soon as it is
//!   ready, then dropped, so the crate is never held in memory whole; then
//!   the record is refreshed.
//!
//! Both report exactly what [`crate::write::write_files`] would for the
//! in-memory output of [`crate::generate::generate_from_model`].

use std::collections::BTreeMap;
use std::path::Path;

use crate::cache::{self, Record};
use crate::diagnostics::Diagnostic;
use crate::emit::EmitOptions;
use crate::fingerprint::{fingerprint, Layout};
use crate::generate::generate_into;
use crate::model::Model;
use crate::sink::FileSink;
use crate::write::stream::StreamWriter;
use crate::write::{WriteError, WriteOptions, WriteReport};

/// Where and how to generate.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The output folder.
    pub out_dir: &'a Path,
    /// Which files go there.
    pub layout: Layout,
    /// Dry run, force.
    pub write: WriteOptions,
    /// Take the fast path when the record allows it (`--no-cache` turns it
    /// off; the record is refreshed either way).
    pub use_cache: bool,
}

/// What a [`regenerate`] did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Files created, updated, unchanged and removed.
    pub report: WriteReport,
    /// Every diagnostic, the model's (parse and merge) first.
    pub diagnostics: Vec<Diagnostic>,
    /// In a dry run, each updated file's (lines added, lines removed).
    pub line_changes: BTreeMap<String, (usize, usize)>,
    /// True when the fast path was taken (nothing was emitted).
    pub skipped: bool,
}

/// Generate `model` with `options` into `target`: the fast path when nothing
/// changed, else emit and write file by file. The record is not written in a
/// dry run; failing to write it is not an error (the next run is a full one).
pub fn regenerate(
    model: &Model,
    options: &EmitOptions,
    target: &Target<'_>,
) -> Result<Outcome, WriteError> {
    let fingerprint = fingerprint(model, options, target.layout);
    if target.use_cache {
        if let Some(hit) = cache::check(target.out_dir, &fingerprint) {
            let mut diagnostics = model.diagnostics.clone();
            diagnostics.extend(hit.diagnostics);
            return Ok(Outcome {
                report: hit.report,
                diagnostics,
                line_changes: BTreeMap::new(),
                skipped: true,
            });
        }
    }
    let writer = StreamWriter::new(target.out_dir, target.write);
    let diagnostics = generate_into(
        model,
        options,
        &LayoutSink {
            layout: target.layout,
            inner: &writer,
        },
    )?;
    let streamed = writer.finish()?;
    if !target.write.dry_run {
        let emitted = diagnostics[model.diagnostics.len()..].to_vec();
        let record = Record::new(fingerprint, streamed.hashes, emitted);
        // Best effort: without a record the next run is simply a full one.
        let _ = cache::store(target.out_dir, &record);
    }
    Ok(Outcome {
        report: streamed.report,
        diagnostics,
        line_changes: streamed.line_changes,
        skipped: false,
    })
}

/// The path of an emitted file in `layout`, or `None` when the layout leaves it out.
pub fn layout_path(layout: Layout, path: &str) -> Option<&str> {
    match layout {
        Layout::Crate => Some(path),
        Layout::BuildScript => path.strip_prefix("src/"),
    }
}

/// A sink that passes on the files of `layout`, under their paths in it.
struct LayoutSink<'a, S> {
    layout: Layout,
    inner: &'a S,
}

impl<S: FileSink> FileSink for LayoutSink<'_, S> {
    type Error = S::Error;

    fn plan(&self, paths: &[String]) -> Result<(), S::Error> {
        let paths: Vec<String> = paths
            .iter()
            .filter_map(|p| layout_path(self.layout, p).map(str::to_string))
            .collect();
        self.inner.plan(&paths)
    }

    fn file(&self, path: String, content: String) -> Result<(), S::Error> {
        match layout_path(self.layout, &path) {
            Some(rel) => self.inner.file(rel.to_string(), content),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::generate_from_model;
    use crate::write::write_files;

    fn docs_input() -> Model {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input");
        crate::inputs::load_model(&[root]).unwrap().0
    }

    fn target(out_dir: &Path, layout: Layout) -> Target<'_> {
        Target {
            out_dir,
            layout,
            write: WriteOptions::default(),
            use_cache: true,
        }
    }

    #[test]
    fn streams_the_in_memory_output_and_then_skips() {
        let model = docs_input();
        let options = EmitOptions::default();
        let expected = generate_from_model(model.clone(), &options);
        let dir = tempfile::tempdir().unwrap();
        let (streamed, in_memory) = (dir.path().join("a"), dir.path().join("b"));

        let first = regenerate(&model, &options, &target(&streamed, Layout::Crate)).unwrap();
        assert!(!first.skipped);
        assert_eq!(first.diagnostics, expected.diagnostics);
        let written = write_files(&in_memory, &expected.files, WriteOptions::default()).unwrap();
        assert_eq!(first.report, written);
        for (path, content) in &expected.files {
            assert_eq!(
                &std::fs::read_to_string(streamed.join(path)).unwrap(),
                content
            );
        }

        let second = regenerate(&model, &options, &target(&streamed, Layout::Crate)).unwrap();
        assert!(second.skipped);
        assert_eq!(second.diagnostics, expected.diagnostics);
        assert_eq!(second.report.changes(), 0);
        assert_eq!(
            second.report.unchanged,
            expected.files.keys().cloned().collect::<Vec<_>>()
        );

        let no_cache = Target {
            use_cache: false,
            ..target(&streamed, Layout::Crate)
        };
        let third = regenerate(&model, &options, &no_cache).unwrap();
        assert!(!third.skipped);
        assert_eq!(third.report, second.report);
    }

    #[test]
    fn the_build_script_layout_keeps_only_the_sources() {
        let model = docs_input();
        let options = EmitOptions::default();
        let expected =
            crate::builder::build_script_files(&generate_from_model(model.clone(), &options).files);
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("dvgen");
        let outcome = regenerate(&model, &options, &target(&out, Layout::BuildScript)).unwrap();
        assert_eq!(
            outcome.report.created,
            expected.keys().cloned().collect::<Vec<_>>()
        );
        assert!(!out.join("Cargo.toml").exists());
        // The other layout's record does not apply here.
        let crate_layout = regenerate(&model, &options, &target(&out, Layout::Crate)).unwrap();
        assert!(!crate_layout.skipped);
    }
}
