//! Property tests of the solution reader: one XML file of a real solution
//! (the fixtures of `tests/fixtures/solutions/`), mutated by the shared
//! structure-aware mutator (`support/mutate.rs`, also used by `fuzz/`), never
//! panics through read, merge and emit; every diagnostic of the mutated file
//! points at a line it has; the other files still load; generated files parse.

#[path = "support/mutate.rs"]
mod mutate;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use dvgen::diagnostics::codes;
use dvgen::emit::{emit_crate, EmitOptions};
use dvgen::model::Severity;
use dvgen::sources::solution::{collect_files, parse_solution, SolutionOptions};
use proptest::prelude::*;

type Files = BTreeMap<String, Vec<u8>>;

/// The files of each fixture solution, by fixture name.
fn solutions() -> &'static [(String, Files)] {
    static SOLUTIONS: OnceLock<Vec<(String, Files)>> = OnceLock::new();
    SOLUTIONS.get_or_init(|| {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/solutions");
        ["contoso-handmade", "rules-engine", "pre-rec-evidence"]
            .iter()
            .map(|n| (n.to_string(), collect_files(&root.join(n)).unwrap()))
            .collect()
    })
}

fn table_names(files: &Files, root: &str) -> Vec<String> {
    parse_solution(root, files, SolutionOptions::default())
        .pages
        .into_iter()
        .filter(|p| p.info.path.ends_with("Entity.xml"))
        .filter_map(|p| p.table.map(|t| t.logical_name))
        .collect()
}

/// Mutate file `file` (by index) of solution `sol`; check the read and return
/// the pages.
fn read_checked(
    sol: usize,
    file: usize,
    ops: &[u8],
) -> Result<Vec<dvgen::model::Page>, TestCaseError> {
    let all = solutions();
    let (name, files) = &all[sol % all.len()];
    let keys: Vec<&String> = files.keys().collect();
    let key = keys[file % keys.len()].clone();
    let text = String::from_utf8_lossy(&files[&key]).into_owned();
    let mutated = mutate::mutate(&text, ops);
    let mut changed = files.clone();
    changed.insert(key.clone(), mutated.clone().into_bytes());
    let read = parse_solution(name, &changed, SolutionOptions::default());
    let path = format!("{name}/{key}");
    let lines = mutated.lines().count().max(1) as u32;
    for d in read.pages.iter().flat_map(|p| &p.diagnostics) {
        if d.file == path {
            prop_assert!(d.line <= lines, "{d} (file has {lines} lines)");
        }
    }
    // Every table of the other Entity.xml files still loads.
    let before: Vec<String> = {
        let mut without = files.clone();
        without.remove(&key);
        table_names(&without, name)
    };
    let after = table_names(&changed, name);
    for t in &before {
        prop_assert!(after.contains(t), "table {t} lost after mutating {key}");
    }
    Ok(read.pages)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    /// 128 cases: read + merge of a solution with one mutated file.
    #[test]
    fn mutated_solutions_read_and_merge(sol in any::<u8>(), file in any::<u8>(), ops in proptest::collection::vec(any::<u8>(), 0..160)) {
        let pages = read_checked(usize::from(sol), usize::from(file), &ops)?;
        let _ = dvgen::merge::merge(pages);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    /// 24 cases (emit is slow in debug builds): read + merge + emit of the
    /// small handmade solution with one mutated file.
    #[test]
    fn mutated_solutions_emit_valid_rust(file in any::<u8>(), ops in proptest::collection::vec(any::<u8>(), 0..96)) {
        let pages = read_checked(0, usize::from(file), &ops)?;
        let model = dvgen::merge::merge(pages);
        let emitted = emit_crate(&model, &EmitOptions::default());
        for d in &emitted.diagnostics {
            prop_assert!(!(d.severity == Severity::Error && d.code == codes::EMIT_BUG), "{d}");
        }
        for (path, text) in &emitted.files {
            if path.ends_with(".rs") {
                prop_assert!(syn::parse_file(text).is_ok(), "{path} does not parse");
            }
        }
    }
}
