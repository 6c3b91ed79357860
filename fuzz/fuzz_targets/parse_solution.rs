//! One file of a real unpacked solution replaced by the input (raw bytes, or
//! the file mutated by the structure-aware mutator when the second byte is
//! odd), then the solution read, merged and checked for diagnostic lines.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (Some(&which), Some(&mode)) = (data.first(), data.get(1)) else {
        return;
    };
    let files = dvgen_fuzz::solution_files();
    let keys: Vec<&String> = files.keys().collect();
    let key = keys[usize::from(which) % keys.len()].clone();
    let bytes = if mode % 2 == 1 {
        let text = String::from_utf8_lossy(&files[&key]).into_owned();
        dvgen_fuzz::mutate::mutate(&text, &data[2..]).into_bytes()
    } else {
        data[2..].to_vec()
    };
    let lines = bytes.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let mut changed = files.clone();
    changed.insert(key.clone(), bytes);
    let read = dvgen::sources::solution::parse_solution(
        "fuzz",
        &changed,
        dvgen::sources::solution::SolutionOptions::default(),
    );
    let path = format!("fuzz/{key}");
    for d in read.pages.iter().flat_map(|p| &p.diagnostics) {
        assert!(d.file != path || d.line <= lines, "{d}");
    }
    let _ = dvgen::merge::merge(read.pages);
});
