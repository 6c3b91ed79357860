//! Finding and reading input pages.

use std::fs;
use std::path::{Path, PathBuf};

use crate::merge;
use crate::model::{Model, Page};
use crate::sources::{markdown, metadata_json, solution};

/// File names skipped when walking a folder: attribution and read-me files
/// that live beside pages.
pub const SKIPPED_FILE_NAMES: &[&str] = &["NOTICE.md", "README.md", "LICENSE.md", "CHANGELOG.md"];

/// Errors from finding or reading inputs.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// An input path that does not exist.
    #[error("input `{0}` does not exist")]
    Missing(PathBuf),
    /// An input folder without a single page in it (a misspelt or empty folder).
    #[error(
        "input `{0}` contains no pages: no `*.md` files in it or its subfolders (hidden folders and NOTICE.md/README.md/LICENSE.md/CHANGELOG.md are skipped)"
    )]
    NoPages(PathBuf),
    /// No input paths at all.
    #[error("no input pages given: name the files or folders of reference pages")]
    NoInputs,
    /// An I/O error.
    #[error("{path}: {source}")]
    Io {
        /// The path concerned.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

/// Expand files and folders into the list of page files: folders are walked
/// recursively for `*.md` files and `*.json` exported table definitions (not
/// following symbolic links, skipping hidden folders and
/// [`SKIPPED_FILE_NAMES`]); files are taken as given.
/// A folder holding `Other/Solution.xml` is an unpacked solution: it is one
/// input itself and is not walked (see [`crate::sources::solution`]).
/// The result is sorted and free of duplicates.
///
/// A folder that holds no page is an error ([`InputError::NoPages`]), and so
/// is an empty `paths` ([`InputError::NoInputs`]): an input that yields no
/// pages is a mistake (a misspelt or empty folder), never an empty crate.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, InputError> {
    if paths.is_empty() {
        return Err(InputError::NoInputs);
    }
    let mut out = Vec::new();
    for path in paths {
        let meta = fs::symlink_metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => InputError::Missing(path.clone()),
            _ => InputError::Io {
                path: path.clone(),
                source: e,
            },
        })?;
        if meta.is_dir() && solution::is_solution_dir(path) {
            out.push(path.clone());
        } else if meta.is_dir() {
            let before = out.len();
            walk(path, &mut out)?;
            if out.len() == before {
                return Err(InputError::NoPages(path.clone()));
            }
        } else {
            out.push(path.clone());
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), InputError> {
    let io = |source| InputError::Io {
        path: dir.to_path_buf(),
        source,
    };
    for entry in fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let kind = entry.file_type().map_err(io)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        if kind.is_dir() && solution::is_solution_dir(&path) {
            out.push(path);
        } else if kind.is_dir() {
            walk(&path, out)?;
        } else if kind.is_file()
            && ((name.ends_with(".md") && !SKIPPED_FILE_NAMES.contains(&name.as_str()))
                || metadata_json::is_json_path(&path))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// The display form of a path, used in diagnostics and generated docs:
/// relative to the current folder when it is below it (so output does not
/// depend on where the repository is checked out), forward slashes.
pub fn display_path(path: &Path) -> String {
    let relative = if path.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
    } else {
        None
    };
    relative
        .as_deref()
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// How inputs are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    /// Language code (LCID) of the labels read from unpacked solutions and
    /// exported table definitions (display names, descriptions, choice
    /// labels); a label missing in it falls back as each reader documents.
    /// Reference pages are in English whatever this says.
    pub language: u32,
}

pub use crate::sources::DEFAULT_LANGUAGE;

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions::language_or_default(None)
    }
}

impl LoadOptions {
    /// Labels in `language` when one is given, else in [`DEFAULT_LANGUAGE`].
    pub fn language_or_default(language: Option<u32>) -> Self {
        LoadOptions {
            language: language.unwrap_or(DEFAULT_LANGUAGE),
        }
    }

    /// How unpacked solutions are read with these options.
    pub fn solution(&self) -> solution::SolutionOptions {
        solution::SolutionOptions {
            language: self.language,
        }
    }

    /// How exported table definitions are read with these options.
    pub fn metadata_json(&self) -> metadata_json::ReadOptions {
        metadata_json::ReadOptions {
            language: i64::from(self.language),
        }
    }
}

/// Read and parse every file, in parallel; pages come back in `files` order.
pub fn read_pages(files: &[PathBuf]) -> Result<Vec<Page>, InputError> {
    read_pages_with_progress(files, &|_, _| {})
}

/// [`read_pages`], calling `progress(done, total)` after each page (from any thread).
pub fn read_pages_with_progress(
    files: &[PathBuf],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<Page>, InputError> {
    read_pages_with(files, &LoadOptions::default(), progress)
}

/// [`read_pages_with_progress`], with `options`.
pub fn read_pages_with(
    files: &[PathBuf],
    options: &LoadOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<Page>, InputError> {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let done = AtomicUsize::new(0);
    let io_error = |file: &PathBuf| {
        let file = file.clone();
        move |source| InputError::Io { path: file, source }
    };
    // Markdown pages and solution folders are read one by one; JSON exports
    // are read together below (option-set casts join tables read from other files).
    let pages: Vec<Result<Vec<Page>, InputError>> = files
        .par_iter()
        .filter(|file| !metadata_json::is_json_path(file))
        .map(|file| {
            // An unpacked solution folder yields one page per table.
            let pages = if file.is_dir() {
                solution::read_dir(file, &display_path(file), options.solution())
                    .map_err(io_error(file))?
                    .pages
            } else {
                let bytes = fs::read(file).map_err(io_error(file))?;
                vec![markdown::parse_page(&display_path(file), &bytes)]
            };
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, files.len());
            Ok(pages)
        })
        .collect();
    // Sequential collect: the first error in `files` order, whatever the scheduling.
    let mut read_pages = pages
        .into_iter()
        .collect::<Result<Vec<Vec<Page>>, _>>()?
        .into_iter();
    let mut exports = Vec::new();
    for file in files.iter().filter(|f| metadata_json::is_json_path(f)) {
        exports.push((display_path(file), fs::read(file).map_err(io_error(file))?));
        progress(done.fetch_add(1, Ordering::Relaxed) + 1, files.len());
    }
    let mut exported = metadata_json::read_files(&exports, &options.metadata_json()).into_iter();
    let mut out = Vec::with_capacity(files.len());
    for file in files {
        if metadata_json::is_json_path(file) {
            out.extend(exported.next().unwrap_or_default());
        } else {
            out.extend(read_pages.next().unwrap_or_default());
        }
    }
    Ok(out)
}

/// Collect, read, parse and merge: the model of the given inputs.
pub fn load_model(paths: &[PathBuf]) -> Result<(Model, Vec<PathBuf>), InputError> {
    load_model_with_progress(paths, &|_, _| {})
}

/// [`load_model`], reporting parse progress as in [`read_pages_with_progress`].
pub fn load_model_with_progress(
    paths: &[PathBuf],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<(Model, Vec<PathBuf>), InputError> {
    load_model_with(paths, &LoadOptions::default(), progress)
}

/// [`load_model_with_progress`], with `options`.
pub fn load_model_with(
    paths: &[PathBuf],
    options: &LoadOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<(Model, Vec<PathBuf>), InputError> {
    let files = collect(paths)?;
    let pages = read_pages_with(&files, options, progress)?;
    Ok((merge::merge(pages), files))
}
