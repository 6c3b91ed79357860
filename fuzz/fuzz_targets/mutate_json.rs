//! A real metadata export with structure-aware mutations, read with a second
//! export (casts join across files), then merged.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let pages = dvgen_fuzz::mutated_exports(data);
    let _ = dvgen::merge::merge(pages);
});
