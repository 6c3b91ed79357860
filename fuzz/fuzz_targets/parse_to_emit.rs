//! Mutated page → parse → merge → emit: every `.rs` file parses as a
//! `syn::File` and no DV0402 (emit bug) error appears.
#![no_main]

use dvgen::diagnostics::codes;
use dvgen::emit::{emit_crate, EmitOptions};
use dvgen::model::Severity;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let pages = dvgen_fuzz::mutated_pages(data);
    if pages.is_empty() {
        return;
    }
    let model = dvgen::merge::merge(pages);
    let emitted = emit_crate(&model, &EmitOptions::default());
    for d in &emitted.diagnostics {
        assert!(
            !(d.severity == Severity::Error && d.code == codes::EMIT_BUG),
            "emit bug: {d}"
        );
    }
    for (path, text) in &emitted.files {
        if path.ends_with(".rs") {
            if let Err(e) = syn::parse_file(text) {
                panic!("{path} does not parse: {e}");
            }
        }
    }
});
