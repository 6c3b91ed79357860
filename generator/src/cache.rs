//! The record of the last generation into an output folder: what lets a
//! regeneration with nothing changed skip emitting, formatting and comparing.
//!
//! A [`Record`] holds the [fingerprint](crate::fingerprint) of the generation,
//! the BLAKE3 hash of every file it wrote and the emitter's diagnostics (so
//! that a skipped run prints the same diagnostics). It lives beside the output
//! folder, not in it, so that the output stays exactly the emitted files:
//! `<parent>/.dvgen-cache/<folder name>.json`, in a folder that ignores
//! itself for git.
//!
//! [`check`] takes the fast path only when the record's fingerprint is the
//! current one, every recorded file is on disk with the recorded hash, and no
//! stale generated file is there: exactly when a full run would write and
//! remove nothing. A missing, unreadable or foreign record just means a full
//! run.
//!
//! Whether a file is on disk as recorded ([`Record::verify`]) is decided, as git and
//! cargo do, from its size and modification time ([`Stamp`], taken when it was
//! written or last verified) when they are the recorded ones, and from its
//! content hash otherwise. A stamp is not trusted when the file was modified
//! less than [`RACY_NS`] before the record was stored (an edit in the same
//! tick of a coarse clock could keep it), nor on a file system whose times
//! have no sub-second part.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::diff::schema::TableSchema;
use crate::diff::Schema;
use crate::emit::FileDigest;
use crate::write::{self, stamp, Stamp, WriteError, WriteReport};

/// The folder, beside an output folder, that holds its record.
pub const CACHE_DIR: &str = ".dvgen-cache";

/// The version of the record's format; a record of another version is ignored.
const FORMAT: u32 = 3;

/// What the last generation into a folder produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The version of the record format (records of another version are ignored).
    pub format: u32,
    /// The fingerprint of the generation ([`crate::fingerprint::fingerprint`]).
    pub fingerprint: String,
    /// Every output file: relative path → BLAKE3 hash (hex) of its content.
    pub files: BTreeMap<String, String>,
    /// The emitter's diagnostics (parse and merge diagnostics are not stored:
    /// those stages run on every regeneration).
    pub diagnostics: Vec<Diagnostic>,
    /// Each Rust file's [digest](crate::emit::digest) and the diagnostics of
    /// rendering it: what lets the next run re-render only the files whose
    /// inputs changed.
    #[serde(default)]
    pub digests: BTreeMap<String, FileDigest>,
    /// The tables whose [schema](crate::diff::Schema) is kept beside the
    /// record ([`schema_dir`]): module → logical name.
    #[serde(default)]
    pub schema: BTreeMap<String, String>,
    /// Each output file's [`Stamp`] when it was written or last verified.
    #[serde(default)]
    pub stamps: BTreeMap<String, Stamp>,
    /// When the record was stored (nanoseconds since the Unix epoch).
    #[serde(default)]
    pub stored_ns: u64,
}

/// How long before the record was stored a file must have been modified for
/// its [`Stamp`] to be trusted: well above the tick of the coarse clocks file
/// systems take modification times from.
pub const RACY_NS: u64 = 100_000_000;

/// Nanoseconds since the Unix epoch, now (0 if the clock is before it).
fn now_ns() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|d| u64::try_from(d.as_nanos()).ok())
        .unwrap_or(0)
}

impl Record {
    /// A record of the current format.
    pub fn new(
        fingerprint: String,
        files: BTreeMap<String, String>,
        diagnostics: Vec<Diagnostic>,
    ) -> Self {
        Record {
            format: FORMAT,
            fingerprint,
            files,
            diagnostics,
            digests: BTreeMap::new(),
            schema: BTreeMap::new(),
            stamps: BTreeMap::new(),
            stored_ns: 0,
        }
    }

    /// The current [`Stamp`] of the recorded file `rel` of `out_dir` when it
    /// is on disk as recorded: its recorded stamp when that can be trusted,
    /// else its content hash; `None` when it is not (or is not recorded).
    pub fn verify(&self, out_dir: &Path, rel: &str) -> Option<Stamp> {
        let hash = self.files.get(rel)?;
        write::check_relative_path(rel).ok()?;
        let path = out_dir.join(rel);
        let now = stamp(&path)?;
        let trusted = self.stamps.get(rel).is_some_and(|recorded| {
            *recorded == now
                && recorded.modified_ns % 1_000_000_000 != 0
                && recorded.modified_ns.saturating_add(RACY_NS) < self.stored_ns
        });
        if trusted || content_is(&path, hash) {
            Some(now)
        } else {
            None
        }
    }
}

/// A regeneration that can be skipped: what a full run would report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Every output file unchanged, nothing created, updated or removed.
    pub report: WriteReport,
    /// The emitter's diagnostics of the recorded run.
    pub diagnostics: Vec<Diagnostic>,
}

/// Where the record of `out_dir` lives; `None` when `out_dir` does not exist
/// or has no parent (a file system root).
pub fn record_path(out_dir: &Path) -> Option<PathBuf> {
    let out_dir = fs::canonicalize(out_dir).ok()?;
    let name = out_dir.file_name()?.to_string_lossy().into_owned();
    Some(
        out_dir
            .parent()?
            .join(CACHE_DIR)
            .join(format!("{name}.json")),
    )
}

/// The record of `out_dir`, when there is a readable one of this format.
pub fn load(out_dir: &Path) -> Option<Record> {
    let text = fs::read(record_path(out_dir)?).ok()?;
    let record: Record = serde_json::from_slice(&text).ok()?;
    (record.format == FORMAT).then_some(record)
}

/// Save the record of `out_dir` (atomically), creating the cache folder with
/// a `.gitignore` that ignores it; [`Record::stored_ns`] is set to now.
pub fn store(out_dir: &Path, record: &mut Record) -> Result<(), WriteError> {
    record.stored_ns = now_ns();
    let Some(path) = record_path(out_dir) else {
        return Ok(());
    };
    let dir = path.parent().unwrap_or(out_dir);
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        write::write_atomic(&ignore, b"# dvgen's records of its output folders.\n*\n")?;
    }
    let mut json = serde_json::to_string(record).map_err(|e| WriteError::Io {
        path: path.clone(),
        source: e.into(),
    })?;
    json.push('\n');
    write::write_atomic_unsynced(&path, json.as_bytes())
}

/// Where the [schema](crate::diff::Schema) of the last generation into
/// `out_dir` is kept, one file per table (`<module>.json`), so that an
/// incremental run rewrites only the tables it re-rendered: beside the
/// record, `<folder name>.schema/`.
pub fn schema_dir(out_dir: &Path) -> Option<PathBuf> {
    let record = record_path(out_dir)?;
    let name = record.file_stem()?.to_string_lossy().into_owned();
    Some(record.with_file_name(format!("{name}.schema")))
}

/// Save the schemas of `tables` (module → (logical name, schema)) and remove
/// the files of tables not in `modules` (every table of the generation).
pub fn store_table_schemas(
    out_dir: &Path,
    tables: &BTreeMap<String, (String, TableSchema)>,
    modules: &BTreeMap<String, String>,
) -> Result<(), WriteError> {
    let Some(dir) = schema_dir(out_dir) else {
        return Ok(());
    };
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| WriteError::Io { path, source }
    };
    fs::create_dir_all(&dir).map_err(io(&dir))?;
    for (module, (logical, schema)) in tables {
        let path = dir.join(format!("{module}.json"));
        let json = serde_json::to_vec(&(logical, schema)).map_err(|e| WriteError::Io {
            path: path.clone(),
            source: e.into(),
        })?;
        write::write_atomic_unsynced(&path, &json)?;
    }
    for entry in fs::read_dir(&dir).map_err(io(&dir))?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let keep = name
            .strip_suffix(".json")
            .is_some_and(|m| modules.contains_key(m));
        if !keep {
            let _ = fs::remove_file(entry.path());
        }
    }
    Ok(())
}

/// True when the schema of the table with module `module` is kept for `out_dir`.
pub fn has_table_schema(out_dir: &Path, module: &str) -> bool {
    schema_dir(out_dir).is_some_and(|d| d.join(format!("{module}.json")).is_file())
}

/// The schema of the last generation into `out_dir`: every table its record
/// lists ([`Record::schema`]); `None` when there is no record or a table's
/// schema is missing or unreadable.
pub fn load_schema(out_dir: &Path) -> Option<Schema> {
    let record = load(out_dir)?;
    let dir = schema_dir(out_dir)?;
    let mut schema = Schema::default();
    for (module, logical) in &record.schema {
        let bytes = fs::read(dir.join(format!("{module}.json"))).ok()?;
        let (name, table): (String, TableSchema) = serde_json::from_slice(&bytes).ok()?;
        if &name != logical {
            return None;
        }
        schema.tables.insert(name, table);
    }
    Some(schema)
}

/// True when the file at `path` has the BLAKE3 hash `hash` (hex).
fn content_is(path: &Path, hash: &str) -> bool {
    fs::read(path).is_ok_and(|bytes| blake3::hash(&bytes).to_hex().as_str() == hash)
}

/// The fast path: `Some` when `record` (of `out_dir`) has `fingerprint`,
/// every recorded file is on disk with its recorded content ([`Record::verify`]),
/// and no stale generated file is there.
pub fn check(record: &Record, out_dir: &Path, fingerprint: &str) -> Option<Hit> {
    use rayon::prelude::*;

    if record.fingerprint != fingerprint {
        return None;
    }
    let intact = record
        .files
        .par_iter()
        .all(|(rel, _)| record.verify(out_dir, rel).is_some());
    if !intact {
        return None;
    }
    let stale =
        write::stale_generated_files(out_dir, &|rel| record.files.contains_key(rel)).ok()?;
    if !stale.is_empty() {
        return None;
    }
    Some(Hit {
        report: WriteReport {
            unchanged: record.files.keys().cloned().collect(),
            ..WriteReport::default()
        },
        diagnostics: record.diagnostics.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(text: &str) -> String {
        blake3::hash(text.as_bytes()).to_hex().to_string()
    }

    #[test]
    fn check_needs_the_fingerprint_and_every_file_as_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("crate");
        let lib = "// @generated by dvgen. Do not edit.\n";
        fs::create_dir_all(out.join("src")).unwrap();
        fs::write(out.join("src/lib.rs"), lib).unwrap();
        assert_eq!(load(&out), None, "no record yet");

        let files = BTreeMap::from([("src/lib.rs".to_string(), hash(lib))]);
        let note = Diagnostic::note("DV0401", "a.md", 1, "renamed");
        let mut record = Record::new("f1".into(), files, vec![note.clone()]);
        store(&out, &mut record).unwrap();
        assert!(dir.path().join(".dvgen-cache/crate.json").is_file());
        assert_eq!(
            fs::read_to_string(dir.path().join(".dvgen-cache/.gitignore")).unwrap(),
            "# dvgen's records of its output folders.\n*\n"
        );
        let hit = check(&load(&out).unwrap(), &out, "f1").unwrap();
        assert_eq!(hit.report.unchanged, vec!["src/lib.rs"]);
        assert_eq!(hit.report.changes(), 0);
        assert_eq!(hit.diagnostics, vec![note]);

        assert_eq!(
            check(&load(&out).unwrap(), &out, "f2"),
            None,
            "another fingerprint"
        );

        fs::write(out.join("src/extra.rs"), lib).unwrap();
        assert_eq!(
            check(&load(&out).unwrap(), &out, "f1"),
            None,
            "a stale generated file"
        );
        fs::write(out.join("src/extra.rs"), "// mine\n").unwrap();
        assert!(
            check(&load(&out).unwrap(), &out, "f1").is_some(),
            "hand-written files do not count"
        );

        fs::write(out.join("src/lib.rs"), format!("{lib}// edited\n")).unwrap();
        assert_eq!(
            check(&load(&out).unwrap(), &out, "f1"),
            None,
            "an edited file"
        );
        fs::remove_file(out.join("src/lib.rs")).unwrap();
        assert_eq!(
            check(&load(&out).unwrap(), &out, "f1"),
            None,
            "a deleted file"
        );

        fs::write(out.join("src/lib.rs"), lib).unwrap();
        assert!(
            check(&load(&out).unwrap(), &out, "f1").is_some(),
            "restored"
        );
    }

    /// A file whose size and time are the recorded ones is trusted without
    /// being read, unless it was modified within [`RACY_NS`] of the record
    /// being stored; any other file is compared by content.
    #[test]
    fn stamps_spare_reading_only_when_they_can_be_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("crate");
        fs::create_dir_all(&out).unwrap();
        let path = out.join("lib.rs");
        fs::write(&path, "// one\n").unwrap();
        let recorded = stamp(&path).unwrap();
        let mut record = Record::new(
            "f".into(),
            BTreeMap::from([("lib.rs".to_string(), hash("// one\n"))]),
            Vec::new(),
        );
        record.stamps.insert("lib.rs".into(), recorded);
        store(&out, &mut record).unwrap();
        assert_eq!(record.verify(&out, "lib.rs"), Some(recorded));

        // The same size and modification time, other bytes.
        fs::write(&path, "// two\n").unwrap();
        let file = fs::File::options().write(true).open(&path).unwrap();
        let modified =
            std::time::UNIX_EPOCH + std::time::Duration::from_nanos(recorded.modified_ns);
        file.set_modified(modified).unwrap();
        drop(file);
        assert_eq!(stamp(&path), Some(recorded));
        // Stored just now, right after the file was written: racy, so read.
        assert_eq!(record.verify(&out, "lib.rs"), None);
        // Stored long after: trusted (this is what saves reading every file).
        record.stored_ns = recorded.modified_ns + 10 * RACY_NS;
        assert_eq!(record.verify(&out, "lib.rs"), Some(recorded));
        // Another size, or no stamp recorded: read, and found changed.
        record
            .stamps
            .insert("lib.rs".into(), Stamp { len: 9, ..recorded });
        assert_eq!(record.verify(&out, "lib.rs"), None);
        record.stamps.clear();
        assert_eq!(record.verify(&out, "lib.rs"), None);
        fs::write(&path, "// one\n").unwrap();
        assert!(
            record.verify(&out, "lib.rs").is_some(),
            "the recorded content"
        );
        assert_eq!(record.verify(&out, "main.rs"), None, "not recorded");
    }

    #[test]
    fn unreadable_or_foreign_records_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("crate");
        fs::create_dir_all(dir.path().join(CACHE_DIR)).unwrap();
        fs::create_dir_all(&out).unwrap();
        let path = record_path(&out).unwrap();
        fs::write(&path, "not json").unwrap();
        assert_eq!(load(&out), None);
        let mut record = Record::new("f".into(), BTreeMap::new(), Vec::new());
        record.format = FORMAT + 1;
        fs::write(&path, serde_json::to_string(&record).unwrap()).unwrap();
        assert_eq!(load(&out), None);
        // A record naming a path outside the folder never passes.
        let outside = BTreeMap::from([("../secret".to_string(), hash(""))]);
        store(&out, &mut Record::new("f".into(), outside, Vec::new())).unwrap();
        fs::write(dir.path().join("secret"), "").unwrap();
        assert_eq!(check(&load(&out).unwrap(), &out, "f"), None);
        assert_eq!(record_path(&dir.path().join("missing")), None);
    }
}
