//! dvgen: generate typed Rust crates from Microsoft Dataverse / Dynamics 365
//! table reference pages (Markdown), offline.
//!
//! The pipeline is pure: [`inputs`] finds the files, [`sources`] read each kind
//! (today [`sources::markdown`] pages) into the [`model`], [`merge`] joins what
//! is said about the same table, [`naming`] decides identifiers, [`emit`] builds token streams and renders them
//! to files. Writing to disk ([`mod@write`]), the [`Builder`] for build scripts and the [`cli`] are
//! thin shells around it; [`regenerate`] is their shared way into a folder
//! (skipping the work when the [`cache`] record says nothing changed,
//! re-rendering only the files whose inputs changed otherwise, each streamed
//! to disk). [`diff`] compares two models' schemas and tells what a change
//! does to the generated API.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod builder;
pub mod cache;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod diagram;
pub mod diff;
pub mod emit;
pub mod fingerprint;
pub mod generate;
pub mod inputs;
pub mod merge;
pub mod model;
pub mod naming;
pub mod regenerate;
pub mod render_diagnostics;
pub mod sink;
pub mod sources;
pub mod synth;
pub mod write;
pub mod yaml;

pub use builder::Builder;
