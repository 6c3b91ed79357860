//! A real page with structure-aware mutations, parsed and merged.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let pages = dvgen_fuzz::mutated_pages(data);
    let _ = dvgen::merge::merge(pages);
});
