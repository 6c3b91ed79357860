//! Input sources: each reads one kind of file into the same IR ([`crate::model`]).
//!
//! - [`markdown`]: Microsoft's table reference, extension and conceptual pages.
//! - [`solution`]: unpacked solution folders (the project's own schema).

pub mod markdown;
pub mod solution;
