//! The fingerprint of a generation: a BLAKE3 hash of everything that
//! determines the output files, so that an unchanged fingerprint means an
//! unchanged output.
//!
//! It covers the merged [`Model`] (after table selection; it carries every
//! page's path and content that the emitter can see), the [`EmitOptions`], the
//! output [`Layout`] and the generator itself ([`GENERATOR`], computed by
//! `build.rs` from dvgen's sources, manifest, locked dependency versions and
//! compiler version, so that editing the emitter changes it without a version
//! bump).

use std::collections::BTreeMap;

use crate::emit::{EmitOptions, RuntimeDependency};
use crate::model::Model;

/// The generator's own fingerprint (hex BLAKE3), from `build.rs`.
pub const GENERATOR: &str = env!("DVGEN_GENERATOR_FINGERPRINT");

/// Which files of the emitted crate are written, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// The whole crate as emitted (`Cargo.toml`, `rustfmt.toml`, `src/...`): the CLI.
    Crate,
    /// Only the sources, `src/` moved to the top: build scripts ([`crate::Builder`]).
    BuildScript,
}

impl Layout {
    fn tag(self) -> &'static str {
        match self {
            Layout::Crate => "crate",
            Layout::BuildScript => "build-script",
        }
    }
}

/// The fingerprint of generating `model` with `options` into `layout` (hex BLAKE3).
pub fn fingerprint(model: &Model, options: &EmitOptions, layout: Layout) -> String {
    fingerprints(model, options, layout).whole
}

/// The fingerprint of a generation and its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprints {
    /// Of everything ([`fingerprint`]).
    pub whole: String,
    /// Of the generator, the options and the layout ([`base`]).
    pub base: String,
    /// Of each table, by logical name (for a repeated name, the table
    /// [`crate::naming::sorted_tables`] keeps).
    pub tables: BTreeMap<String, String>,
}

/// [`fingerprint`] and its parts, each table hashed once (in parallel).
pub fn fingerprints(model: &Model, options: &EmitOptions, layout: Layout) -> Fingerprints {
    fingerprints_with(GENERATOR, model, options, layout)
}

/// The fingerprint of the generator, the options and the layout (hex BLAKE3):
/// what every output file depends on besides the model.
pub fn base(options: &EmitOptions, layout: Layout) -> String {
    base_with(GENERATOR, options, layout)
}

fn base_with(generator: &str, options: &EmitOptions, layout: Layout) -> String {
    let mut hasher = blake3::Hasher::new();
    for (name, bytes) in [
        ("format", "dvgen-fingerprint-2".as_bytes()),
        ("generator", generator.as_bytes()),
        ("layout", layout.tag().as_bytes()),
        ("options", options_json(options).as_bytes()),
    ] {
        for part in [name.as_bytes(), bytes] {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
    }
    hasher.finalize().to_hex().to_string()
}

/// BLAKE3 of `value` serialized as JSON (hex). Serializing into the hasher
/// never fails for the model (plain data with string keys; the writer is
/// infallible); should it ever fail, a marker makes the hash differ from any
/// successful one. Buffered: the serializer's many small writes are slow to
/// hash one by one.
fn hash_json<T: serde::Serialize + ?Sized>(value: &T) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    let mut writer = std::io::BufWriter::with_capacity(64 * 1024, &mut hasher);
    let serialized = serde_json::to_writer(&mut writer, value).is_ok();
    let flushed = std::io::Write::flush(&mut writer).is_ok();
    drop(writer);
    if !(serialized && flushed) {
        hasher.update(b"\0unserializable model");
    }
    hasher.finalize()
}

fn fingerprints_with(
    generator: &str,
    model: &Model,
    options: &EmitOptions,
    layout: Layout,
) -> Fingerprints {
    use rayon::prelude::*;

    let base = base_with(generator, options, layout);
    let table_hashes: Vec<blake3::Hash> = model.tables.par_iter().map(hash_json).collect();
    let mut hasher = blake3::Hasher::new();
    let mut field = |name: &str, bytes: &[u8]| {
        for part in [name.as_bytes(), bytes] {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
    };
    field("base", base.as_bytes());
    field("pages", hash_json(&model.pages).as_bytes());
    field("diagnostics", hash_json(&model.diagnostics).as_bytes());
    for h in &table_hashes {
        field("table", h.as_bytes());
    }
    let whole = hasher.finalize().to_hex().to_string();
    let index: std::collections::HashMap<*const crate::model::Table, usize> = model
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t as *const _, i))
        .collect();
    let mut tables = BTreeMap::new();
    for t in crate::naming::sorted_tables(model) {
        if let Some(&i) = index.get(&(t as *const _)) {
            tables.insert(t.logical_name.clone(), table_hashes[i].to_hex().to_string());
        }
    }
    Fingerprints {
        whole,
        base,
        tables,
    }
}

#[cfg(test)]
fn fingerprint_with(
    generator: &str,
    model: &Model,
    options: &EmitOptions,
    layout: Layout,
) -> String {
    fingerprints_with(generator, model, options, layout).whole
}

/// Every emit option as JSON. The destructuring is exhaustive on purpose: a
/// new option does not compile until it is part of the fingerprint.
fn options_json(options: &EmitOptions) -> String {
    let EmitOptions {
        crate_name,
        crate_version,
        runtime,
        features,
        docs,
        runtime_path,
        crate_docs,
        names,
    } = options;
    let crate::config::NameOverrides {
        tables,
        columns,
        choices,
    } = names;
    let runtime = match runtime {
        RuntimeDependency::Path(path) => serde_json::json!({ "path": path }),
        RuntimeDependency::Version(version) => serde_json::json!({ "version": version }),
        RuntimeDependency::Git { url, rev } => serde_json::json!({ "git": url, "rev": rev }),
    };
    serde_json::json!({
        "crate_name": crate_name,
        "crate_version": crate_version,
        "runtime": runtime,
        "features": features,
        "docs": docs,
        "runtime_path": runtime_path,
        "crate_docs": crate_docs,
        "names": { "tables": tables, "columns": columns, "choices": choices },
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_input_changes_the_fingerprint() {
        let model = Model::default();
        let options = EmitOptions::default();
        let base = fingerprint(&model, &options, Layout::Crate);
        assert_eq!(base, fingerprint(&model, &options, Layout::Crate));
        assert_eq!(base.len(), 64);
        assert_ne!(base, fingerprint(&model, &options, Layout::BuildScript));
        let edited_generator = fingerprint_with(&"0".repeat(64), &model, &options, Layout::Crate);
        assert_ne!(base, edited_generator);

        let mut other = model.clone();
        other.pages.push(crate::model::PageInfo::default());
        assert_ne!(base, fingerprint(&other, &options, Layout::Crate));

        let variants = [
            EmitOptions {
                docs: false,
                ..options.clone()
            },
            EmitOptions {
                runtime: RuntimeDependency::Path("0.1.0".into()),
                ..options.clone()
            },
            EmitOptions {
                crate_name: "other".into(),
                ..options.clone()
            },
        ];
        for variant in &variants {
            assert_ne!(
                base,
                fingerprint(&model, variant, Layout::Crate),
                "{variant:?}"
            );
        }
        let mut renamed = options.clone();
        renamed
            .names
            .tables
            .insert("lead".into(), "Prospect".into());
        assert_ne!(base, fingerprint(&model, &renamed, Layout::Crate));
    }

    #[test]
    fn the_generator_fingerprint_is_a_blake3_digest() {
        assert_eq!(GENERATOR.len(), 64);
        assert!(GENERATOR.bytes().all(|b| b.is_ascii_hexdigit()));
    }
}
