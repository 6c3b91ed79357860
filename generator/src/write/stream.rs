//! [`StreamWriter`]: the rules of [`super::write_files`] applied one file at
//! a time, as the emitter renders them, so that the crate is never held in
//! memory whole.
//!
//! Every path is checked before anything is written ([`FileSink::plan`]);
//! each file is compared with the disk and written atomically only when it
//! changed; files without the generated marker are never overwritten (unless
//! forced); once the run is over, [`StreamWriter::finish`] removes the
//! generated files the output no longer contains. The report lists come out
//! sorted, as from [`super::write_files`].

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use super::{
    check_paths, put, stale_generated_files, stamp, Stamp, WriteError, WriteOptions, WriteReport,
};
use crate::sink::FileSink;

/// A [`FileSink`] that writes each file into an output folder.
#[derive(Debug)]
pub struct StreamWriter<'a> {
    out_dir: &'a Path,
    options: WriteOptions,
    state: Mutex<Streamed>,
}

/// What a [`StreamWriter`] did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Streamed {
    /// Files created, updated, unchanged and removed.
    pub report: WriteReport,
    /// Every file of the output: relative path → BLAKE3 hash (hex) of its content.
    pub hashes: BTreeMap<String, String>,
    /// In a dry run, each updated file's (lines added, lines removed).
    pub line_changes: BTreeMap<String, (usize, usize)>,
    /// Each file's [`Stamp`], taken right after it was written or compared
    /// (or, for a kept file, the one the caller gave); none in a dry run.
    pub stamps: BTreeMap<String, Stamp>,
}

impl<'a> StreamWriter<'a> {
    /// A writer into `out_dir`.
    pub fn new(out_dir: &'a Path, options: WriteOptions) -> Self {
        StreamWriter {
            out_dir,
            options,
            state: Mutex::new(Streamed::default()),
        }
    }

    /// Remove the generated files that the run did not produce (not in a dry
    /// run) and return the report, its lists sorted.
    pub fn finish(self) -> Result<Streamed, WriteError> {
        let mut done = self
            .state
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let stale = stale_generated_files(self.out_dir, &|rel| done.hashes.contains_key(rel))?;
        for rel in stale {
            if !self.options.dry_run {
                let path = self.out_dir.join(&rel);
                fs::remove_file(&path).map_err(|source| WriteError::Io { path, source })?;
            }
            done.report.removed.push(rel);
        }
        let report = &mut done.report;
        for list in [
            &mut report.created,
            &mut report.updated,
            &mut report.unchanged,
            &mut report.removed,
        ] {
            list.sort();
        }
        Ok(done)
    }
}

impl StreamWriter<'_> {
    /// Count `rel` as part of the output, unchanged, with content hash `hash`,
    /// without rendering or comparing it: for a file the caller knows is on
    /// disk exactly as it would be rendered (an incremental run's reused
    /// file), with its current `stamp`.
    pub fn keep(&self, rel: String, hash: String, stamp: Stamp) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.hashes.insert(rel.clone(), hash);
        if !self.options.dry_run {
            state.stamps.insert(rel.clone(), stamp);
        }
        state.report.unchanged.push(rel);
    }
}

impl FileSink for StreamWriter<'_> {
    type Error = WriteError;

    fn plan(&self, paths: &[String]) -> Result<(), WriteError> {
        check_paths(paths)
    }

    fn file(&self, rel: String, content: String) -> Result<(), WriteError> {
        super::check_relative_path(&rel)?;
        let path = self.out_dir.join(&rel);
        let (change, old) = put(&path, content.as_bytes(), self.options)?;
        let stamp = if self.options.dry_run {
            None
        } else {
            stamp(&path)
        };
        let lines = match (&old, self.options.dry_run) {
            (Some(old), true) => Some(line_changes(&String::from_utf8_lossy(old), &content)),
            _ => None,
        };
        let hash = blake3::hash(content.as_bytes()).to_hex().to_string();
        drop(content);
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(lines) = lines {
            state.line_changes.insert(rel.clone(), lines);
        }
        state.hashes.insert(rel.clone(), hash);
        if let Some(stamp) = stamp {
            state.stamps.insert(rel.clone(), stamp);
        }
        change.record(rel, &mut state.report);
        Ok(())
    }
}

/// Lines added and removed between two texts.
pub fn line_changes(old: &str, new: &str) -> (usize, usize) {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut added = 0;
    let mut removed = 0;
    for change in diff.iter_all_changes() {
        match change.tag() {
            similar::ChangeTag::Insert => added += 1,
            similar::ChangeTag::Delete => removed += 1,
            similar::ChangeTag::Equal => {}
        }
    }
    (added, removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "// @generated by dvgen. Do not edit.\n";

    fn write(dir: &Path, files: &[(&str, &str)], options: WriteOptions) -> Streamed {
        let writer = StreamWriter::new(dir, options);
        let paths: Vec<String> = files.iter().map(|(p, _)| p.to_string()).collect();
        writer.plan(&paths).unwrap();
        for (path, content) in files.iter().rev() {
            writer.file(path.to_string(), content.to_string()).unwrap();
        }
        writer.finish().unwrap()
    }

    #[test]
    fn matches_write_files() {
        let dir = tempfile::tempdir().unwrap();
        let a = format!("{HEADER}A\n");
        let b = format!("{HEADER}B\n");
        let first = write(
            dir.path(),
            &[("src/a.rs", &a), ("src/b.rs", &b)],
            WriteOptions::default(),
        );
        assert_eq!(first.report.created, vec!["src/a.rs", "src/b.rs"]);
        assert_eq!(first.hashes.len(), 2);
        assert_eq!(
            first.hashes["src/a.rs"],
            blake3::hash(a.as_bytes()).to_hex().as_str()
        );

        let a2 = format!("{HEADER}A\nA2\n");
        let dry = write(
            dir.path(),
            &[("src/a.rs", &a2)],
            WriteOptions {
                dry_run: true,
                force: false,
            },
        );
        assert_eq!(dry.report.updated, vec!["src/a.rs"]);
        assert_eq!(dry.report.removed, vec!["src/b.rs"]);
        assert_eq!(dry.line_changes["src/a.rs"], (1, 0));
        assert_eq!(fs::read_to_string(dir.path().join("src/a.rs")).unwrap(), a);
        assert!(
            dir.path().join("src/b.rs").exists(),
            "dry run must not touch disk"
        );

        let real = write(dir.path(), &[("src/a.rs", &a2)], WriteOptions::default());
        assert_eq!(real.report.updated, vec!["src/a.rs"]);
        assert_eq!(real.report.removed, vec!["src/b.rs"]);
        assert!(real.line_changes.is_empty());
        assert!(!dir.path().join("src/b.rs").exists());
        assert_eq!(fs::read_to_string(dir.path().join("src/a.rs")).unwrap(), a2);

        let again = write(dir.path(), &[("src/a.rs", &a2)], WriteOptions::default());
        assert_eq!(again.report.changes(), 0);
        assert_eq!(again.report.unchanged, vec!["src/a.rs"]);
    }

    #[test]
    fn checks_every_path_before_writing_and_never_overwrites_foreign_files() {
        let dir = tempfile::tempdir().unwrap();
        let writer = StreamWriter::new(dir.path(), WriteOptions::default());
        let err = writer
            .plan(&["src/Lead.rs".to_string(), "src/lead.rs".to_string()])
            .unwrap_err();
        assert!(matches!(err, WriteError::CaseCollision(..)), "{err}");
        let err = writer.plan(&["../x.rs".to_string()]).unwrap_err();
        assert!(matches!(err, WriteError::UnsafePath(..)), "{err}");

        fs::write(dir.path().join("mine.rs"), "mine\n").unwrap();
        let err = writer
            .file("mine.rs".to_string(), format!("{HEADER}x\n"))
            .unwrap_err();
        assert!(matches!(err, WriteError::NotOurs(_)), "{err}");
        assert_eq!(
            fs::read_to_string(dir.path().join("mine.rs")).unwrap(),
            "mine\n"
        );
    }
}
