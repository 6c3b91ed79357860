//! What each output file is made of: a digest per file of exactly the inputs
//! its emitter reads, so that an incremental regeneration re-renders only the
//! files whose digest changed ([`crate::regenerate`]).
//!
//! The digests mirror the emitter's reads (kept beside it on purpose; the
//! emitter reaches other tables only through [`super::Ctx::table`] and the
//! naming results through [`super::Ctx::names`]):
//!
//! - `src/<table>.rs`: the table itself (its whole serialized form), its naming
//!   results, for each global choice one of its columns uses the choice's
//!   Rust name and merged values, and for each lookup target the target's
//!   `EntitySetName` (or that the model has no such table);
//! - `src/choices.rs`: every merged global choice, its Rust name and the
//!   features of the tables using it;
//! - `src/lib.rs`: per table its logical name, description, conceptual docs,
//!   module and struct names.
//!
//! Each digest also covers the generator, the emit options and the output
//! layout (`base`, from [`crate::fingerprint::base`]). `Cargo.toml` and
//! `rustfmt.toml` are always rendered (they cost nothing).

use std::collections::BTreeMap;
use std::hash::Hash;

use super::choices::GlobalChoice;
use crate::model::{Model, Table};
use crate::naming::{self, Names};

struct Digest(blake3::Hasher);

impl Digest {
    fn new(base: &str, kind: &str) -> Digest {
        let mut d = Digest(blake3::Hasher::new());
        d.field(base);
        d.field(kind);
        d
    }

    fn field(&mut self, s: &str) {
        self.0.update(&(s.len() as u64).to_le_bytes());
        self.0.update(s.as_bytes());
    }

    /// A naming result or emitter value, by its `Hash` (unambiguous: strings end in `0xff`,
    /// collections start with their length).
    fn hashed<T: Hash>(&mut self, value: &T) {
        value.hash(&mut HashInto(&mut self.0));
    }

    /// A part of the model, by its JSON form (as [`crate::fingerprint`]
    /// hashes it); a value that fails to serialize (never, for plain data)
    /// leaves a marker.
    fn json<T: serde::Serialize + ?Sized>(&mut self, value: &T) {
        if serde_json::to_writer(&mut self.0, value).is_err() {
            self.field("\0unserializable");
        }
        self.field("");
    }

    fn finish(self) -> String {
        self.0.finalize().to_hex().to_string()
    }
}

/// A BLAKE3 hasher seen as a [`std::hash::Hasher`].
struct HashInto<'a>(&'a mut blake3::Hasher);

impl std::hash::Hasher for HashInto<'_> {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    fn finish(&self) -> u64 {
        0
    }
}

/// What a table's file reads of each global choice: its Rust name and its
/// merged values (not the tables using it), hashed once per run, by
/// lower-cased choice name.
pub fn global_choice_hashes(
    names: &Names,
    globals: &BTreeMap<String, GlobalChoice>,
) -> BTreeMap<String, String> {
    globals
        .iter()
        .map(|(key, g)| {
            let mut d = Digest::new("", "global choice");
            d.hashed(&names.global_choices.get(key));
            d.field(&g.name);
            d.hashed(&g.options);
            (key.clone(), d.finish())
        })
        .collect()
}

/// The digest of one table's file.
pub fn table_file(
    base: &str,
    table: &Table,
    table_hash: &str,
    names: &Names,
    global_hashes: &BTreeMap<String, String>,
    tables: &BTreeMap<&str, &Table>,
) -> String {
    let mut d = Digest::new(base, "table");
    d.field(table_hash);
    d.hashed(&names.tables.get(&table.logical_name));
    for col in &table.columns {
        if let Some(g) = &col.global_choice_name {
            let key = g.to_ascii_lowercase();
            d.field(&key);
            d.hashed(&names.global_choices.get(&key));
            d.field(
                global_hashes
                    .get(&key)
                    .map_or("\0no such choice", String::as_str),
            );
        }
        for target in &col.targets {
            d.field(target);
            match tables.get(target.as_str()) {
                Some(t) => d.hashed(&t.entity_set_name),
                None => d.field("\0not in the model"),
            }
        }
    }
    d.finish()
}

/// The digest of `src/choices.rs`.
pub fn choices_file(base: &str, names: &Names, globals: &BTreeMap<String, GlobalChoice>) -> String {
    let mut d = Digest::new(base, "choices");
    for (key, g) in globals {
        d.field(key);
        d.hashed(&names.global_choices.get(key));
        d.field(&g.name);
        d.hashed(&g.options);
        d.hashed(&g.tables);
        for t in &g.tables {
            d.hashed(&names.tables.get(t).map(|n| n.feature()));
        }
    }
    d.finish()
}

/// The digest of `src/lib.rs`.
pub fn lib_file(base: &str, model: &Model, names: &Names) -> String {
    let mut d = Digest::new(base, "lib");
    for table in naming::sorted_tables(model) {
        d.field(&table.logical_name);
        d.hashed(&table.description);
        d.json(&table.docs);
        match names.tables.get(&table.logical_name) {
            Some(n) => {
                d.field(&n.module.rust);
                d.field(&n.struct_name.rust);
            }
            None => d.field("\0unnamed"),
        }
    }
    d.finish()
}
