//! Generating into an output folder, as `dvgen generate` / `check` and the
//! [`crate::Builder`] do.
//!
//! Parse and merge always run (their diagnostics are printed on every run).
//! Then [`regenerate`] takes one of two paths:
//!
//! - the fast path, when the [record](crate::cache) of the last run says
//!   nothing changed ([`cache::check`]): nothing is emitted, formatted,
//!   compared or written;
//! - otherwise the streaming path, incremental: a Rust file whose
//!   [digest](crate::emit::digest) is the one recorded and which is on disk as
//!   recorded is kept as is (not rendered); every other file is rendered,
//!   compared with the disk and written (only when it changed, atomically) as
//!   soon as it is ready, then dropped, so the crate is never held in memory
//!   whole; then the record (and the schema beside it) is refreshed.
//!
//! Both report exactly what [`crate::write::write_files`] would for the
//! in-memory output of [`crate::generate::generate_from_model`].

use std::collections::BTreeMap;
use std::path::Path;

use crate::cache::{self, Record};
use crate::diagnostics::Diagnostic;
use crate::emit::{emit_crate_incremental, EmitOptions, Incremental};
use crate::fingerprint::{fingerprints, Layout};
use crate::model::Model;
use crate::naming;
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
    /// Files not re-rendered because their inputs did not change (an
    /// incremental run; empty on the fast path, where nothing is rendered).
    pub reused: Vec<String>,
}

/// Generate `model` with `options` into `target`: the fast path when nothing
/// changed; else emit and write file by file, re-rendering only the Rust
/// files whose [digest](crate::emit::digest) differs from the record's (or
/// whose file on disk is not the recorded one). The record (and the schema
/// beside it, for `check`'s summary) is not written in a dry run; failing to
/// write it is not an error (the next run is a full one).
pub fn regenerate(
    model: &Model,
    options: &EmitOptions,
    target: &Target<'_>,
) -> Result<Outcome, WriteError> {
    let prints = fingerprints(model, options, target.layout);
    let previous = if target.use_cache {
        cache::load(target.out_dir)
    } else {
        None
    };
    if let Some(record) = &previous {
        if let Some(hit) = cache::check(record, target.out_dir, &prints.whole) {
            let mut diagnostics = model.diagnostics.clone();
            diagnostics.extend(hit.diagnostics);
            return Ok(Outcome {
                report: hit.report,
                diagnostics,
                line_changes: BTreeMap::new(),
                skipped: true,
                reused: Vec::new(),
            });
        }
    }
    let names = naming::resolve_with(model, &options.names);
    let writer = StreamWriter::new(target.out_dir, target.write);
    let reuse = |path: &str, digest: &str| -> Option<Vec<Diagnostic>> {
        let record = previous.as_ref()?;
        let rel = layout_path(target.layout, path)?;
        let entry = record.digests.get(rel).filter(|e| e.digest == digest)?;
        let hash = record.files.get(rel)?;
        let stamp = record.verify(target.out_dir, rel)?;
        writer.keep(rel.to_string(), hash.clone(), stamp);
        Some(entry.diagnostics.clone())
    };
    let incremental = Incremental {
        base: &prints.base,
        table_hashes: &prints.tables,
        reuse: &reuse,
    };
    let sink = LayoutSink {
        layout: target.layout,
        inner: &writer,
    };
    let run = emit_crate_incremental(model, options, &names, Some(&incremental), &sink)?;
    let streamed = writer.finish()?;
    let mut diagnostics = model.diagnostics.clone();
    diagnostics.extend(run.diagnostics.iter().cloned());
    if !target.write.dry_run {
        let mut record = Record::new(prints.whole, streamed.hashes, run.diagnostics);
        record.stamps = streamed.stamps;
        record.digests = run
            .digests
            .into_iter()
            .filter_map(|(path, d)| layout_path(target.layout, &path).map(|p| (p.to_string(), d)))
            .collect();
        // The schema of each table (for `check`'s summary): computed and
        // written only for the tables re-rendered (or whose schema is missing).
        let modules: BTreeMap<String, String> = names
            .tables
            .iter()
            .map(|(logical, n)| (n.module.plain().to_string(), logical.clone()))
            .collect();
        let reused: std::collections::BTreeSet<&str> =
            run.reused.iter().map(String::as_str).collect();
        let wanted = |logical: &str| {
            names.tables.get(logical).is_none_or(|n| {
                let module = n.module.plain();
                !reused.contains(format!("src/{module}.rs").as_str())
                    || !cache::has_table_schema(target.out_dir, module)
            })
        };
        let schemas = crate::diff::schema::table_schemas(model, &names, options, &wanted);
        let by_module: BTreeMap<String, (String, crate::diff::schema::TableSchema)> = schemas
            .into_iter()
            .filter_map(|(logical, t)| {
                let module = names.tables.get(&logical)?.module.plain().to_string();
                Some((module, (logical, t.compact())))
            })
            .collect();
        // Best effort: without a record the next run is simply a full one
        // (and `check` says it has no schema to compare with).
        if cache::store_table_schemas(target.out_dir, &by_module, &modules).is_ok() {
            record.schema = modules;
        }
        let _ = cache::store(target.out_dir, &mut record);
    }
    let reused = run
        .reused
        .iter()
        .filter_map(|p| layout_path(target.layout, p).map(str::to_string))
        .collect();
    Ok(Outcome {
        report: streamed.report,
        diagnostics,
        line_changes: streamed.line_changes,
        skipped: false,
        reused,
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

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    fn files_of(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        let mut out = BTreeMap::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let rel = path
                        .strip_prefix(dir)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned();
                    out.insert(rel, std::fs::read(&path).unwrap());
                }
            }
        }
        out
    }

    fn edit(path: &Path, from: &str, to: &str) {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.contains(from), "{from} in {}", path.display());
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    }

    /// One page of the real corpus edited, regenerated incrementally and cold
    /// into two folders: every byte the same, only the affected files rendered.
    #[test]
    fn an_incremental_run_writes_what_a_cold_run_writes() {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus");
        let dir = tempfile::tempdir().unwrap();
        let pages = dir.path().join("pages");
        copy_dir(&corpus, &pages);
        let options = EmitOptions::default();
        let load = || {
            crate::inputs::load_model(std::slice::from_ref(&pages))
                .unwrap()
                .0
        };
        let warm = dir.path().join("warm");
        let first = regenerate(&load(), &options, &target(&warm, Layout::Crate)).unwrap();
        assert!(first.reused.is_empty());
        let before = files_of(&warm);

        let cold_run = |name: &str| {
            let cold = dir.path().join(name);
            let outcome = regenerate(&load(), &options, &target(&cold, Layout::Crate)).unwrap();
            assert!(outcome.reused.is_empty());
            (files_of(&cold), outcome)
        };

        // 1. A facet of one column of one table.
        edit(
            &pages.join("dataverse/phonecall.md"),
            "|MaxLength|250|",
            "|MaxLength|260|",
        );
        let model = load();
        let second = regenerate(&model, &options, &target(&warm, Layout::Crate)).unwrap();
        let (cold, cold_outcome) = cold_run("cold1");
        assert_eq!(
            files_of(&warm),
            cold,
            "incremental output differs from a cold run"
        );
        assert_eq!(second.diagnostics, cold_outcome.diagnostics);
        assert_eq!(second.report.updated, vec!["src/phonecall.rs"]);
        let rendered: Vec<&String> = before
            .keys()
            .filter(|f| f.starts_with("src/") && !second.reused.contains(f))
            .collect();
        assert_eq!(
            rendered,
            vec!["src/phonecall.rs"],
            "only the edited table is rendered"
        );

        // 2. The entity set of a table other tables look up: their files change too.
        let before = files_of(&warm);
        edit(
            &pages.join("dataverse/account.2023.md"),
            "|EntitySetName|accounts|",
            "|EntitySetName|accountz|",
        );
        let third = regenerate(&load(), &options, &target(&warm, Layout::Crate)).unwrap();
        let (cold, _) = cold_run("cold2");
        let after = files_of(&warm);
        assert_eq!(after, cold, "incremental output differs from a cold run");
        let changed: Vec<&String> = after
            .keys()
            .filter(|f| before.get(*f) != after.get(*f))
            .collect();
        assert!(changed.len() > 1, "{changed:?}");
        for f in &changed {
            assert!(!third.reused.contains(f), "{f} changed but was reused");
        }
        assert!(third.reused.len() > 10, "{:?}", third.reused);

        // The schema kept for `check` is the current model's, tables reused or not.
        let current = crate::diff::schema(&load(), &options).compact();
        assert_eq!(cache::load_schema(&warm), Some(current));

        // 3. An edited output file is rendered again even though its inputs did not change.
        std::fs::write(
            warm.join("src/phonecall.rs"),
            "// @generated by dvgen. Do not edit.\n",
        )
        .unwrap();
        let fourth = regenerate(&load(), &options, &target(&warm, Layout::Crate)).unwrap();
        assert_eq!(fourth.report.updated, vec!["src/phonecall.rs"]);
        assert_eq!(files_of(&warm), cold);
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
