//! Test harness crate: compiles the code that `build.rs` generates from `docs-input/`.
