//! Test harness crate: `build.rs` generates typed tables from `docs-input/`
//! into `OUT_DIR`, included here exactly as a user's crate would.

include!(concat!(env!("OUT_DIR"), "/dvgen/lib.rs"));
