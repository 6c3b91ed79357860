//! Raw bytes into `parse_page`, then `merge`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let page = dvgen::sources::markdown::parse_page("fuzz/page.md", data);
    let _ = dvgen::merge::merge(vec![page]);
});
