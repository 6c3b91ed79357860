//! Raw bytes into the metadata export reader (`sources::metadata_json`), then `merge`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files = vec![("fuzz/export.json".to_string(), data.to_vec())];
    let pages = dvgen::sources::metadata_json::read_files(&files, &Default::default());
    let _ = dvgen::merge::merge(pages.into_iter().flatten().collect());
});
