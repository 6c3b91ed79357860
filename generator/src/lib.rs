//! dvgen: generate typed Rust crates from Microsoft Dataverse / Dynamics 365
//! table reference pages (Markdown), offline.
//!
//! The pipeline is pure: [`parse`] pages into the [`model`], [`merge`] pages
//! about the same table, [`emit`] token streams, render them to files. Writing
//! to disk ([`write`]), the [`Builder`] for build scripts and the [`cli`] are
//! thin shells around it.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod diagnostics;
pub mod model;
pub mod parse;
pub mod yaml;
pub mod cli;
