//! Input sources: each reads one kind of file into the same IR ([`crate::model`]).
//!
//! - [`markdown`]: Microsoft's table reference, extension and conceptual pages.

pub mod markdown;
