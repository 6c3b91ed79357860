//! Generates the docs-input/ crate into OUT_DIR with dvgen::Builder: the
//! build-script path users copy.
fn main() {}
