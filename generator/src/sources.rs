//! Input sources: each reads one kind of file into the same IR ([`crate::model`]).
//!
//! - [`markdown`]: Microsoft's table reference, extension and conceptual pages.
//! - [`solution`]: unpacked solution folders (the project's own schema).
//! - [`metadata_json`]: exported table definitions (Web API metadata JSON),
//!   the project's own layer.

pub mod markdown;
pub mod metadata_json;
pub mod solution;

/// The language (LCID) labels are read in when none is chosen: English
/// (United States), the language of the reference pages.
pub const DEFAULT_LANGUAGE: u32 = 1033;
