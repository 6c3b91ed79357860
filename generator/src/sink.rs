//! Where rendered files go: [`FileSink`].
//!
//! The emitter hands each file to a sink as soon as it is rendered, from any
//! worker thread, so that a sink that writes to disk ([`crate::write::stream`])
//! never holds the whole crate in memory. [`Collect`] gathers the files in a
//! map instead (the in-memory API, [`crate::emit::emit_crate`]).

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::{Mutex, PoisonError};

/// Receives the files of one emit run.
///
/// [`FileSink::plan`] is called once, before any file, with every path that
/// may follow (a file whose rendering fails is left out of the output and
/// reported as a diagnostic). [`FileSink::file`] is then called once per file,
/// in no particular order and possibly from several threads.
pub trait FileSink: Sync {
    /// What stops the run.
    type Error: Send;

    /// Called first with every path (relative to the crate root) that may follow.
    fn plan(&self, paths: &[String]) -> Result<(), Self::Error>;

    /// One rendered file: its path (relative to the crate root) and content.
    fn file(&self, path: String, content: String) -> Result<(), Self::Error>;
}

/// A sink that keeps every file in memory, by path.
#[derive(Debug, Default)]
pub struct Collect {
    files: Mutex<BTreeMap<String, String>>,
}

impl Collect {
    /// The files collected, by relative path.
    pub fn into_files(self) -> BTreeMap<String, String> {
        self.files
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl FileSink for Collect {
    type Error = Infallible;

    fn plan(&self, _paths: &[String]) -> Result<(), Infallible> {
        Ok(())
    }

    fn file(&self, path: String, content: String) -> Result<(), Infallible> {
        self.files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path, content);
        Ok(())
    }
}
