//! The solution reader's counts match an independent counter
//! (`tests/fixtures/solutions/count_solution.py`, Python's xml.etree, no code
//! shared with the reader) on every real solution under `tests/fixtures/solutions/`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use dvgen::model::RelationshipKind;
use dvgen::sources::solution::{read_dir, SolutionOptions, SolutionRead};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/solutions")
}

fn expected() -> BTreeMap<String, BTreeMap<String, usize>> {
    let text = std::fs::read_to_string(root().join("EXPECTED_COUNTS.tsv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    lines
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            let counts = header[1..]
                .iter()
                .zip(&cells[1..])
                .map(|(k, v)| (k.to_string(), v.parse().unwrap()))
                .collect();
            (cells[0].to_string(), counts)
        })
        .collect()
}

fn counts(read: &SolutionRead) -> BTreeMap<String, usize> {
    // Tables read from an Entity.xml (not the far sides that only relationships mention).
    let tables: Vec<_> = read
        .pages
        .iter()
        .filter(|p| p.info.path.ends_with("Entity.xml"))
        .filter_map(|p| p.table.as_ref())
        .collect();
    let all_tables: Vec<_> = read.pages.iter().filter_map(|p| p.table.as_ref()).collect();
    let mut one_n = BTreeSet::new();
    let mut n_n = BTreeSet::new();
    for t in &all_tables {
        for r in &t.relationships {
            let name = r.schema_name.to_ascii_lowercase();
            match r.kind {
                RelationshipKind::ManyToMany => n_n.insert(name),
                _ => one_n.insert(name),
            };
        }
    }
    BTreeMap::from([
        ("tables".to_string(), tables.len()),
        (
            "columns".to_string(),
            tables.iter().map(|t| t.columns.len()).sum(),
        ),
        (
            "choice_values".to_string(),
            tables
                .iter()
                .flat_map(|t| &t.columns)
                .filter_map(|c| c.options.as_ref().map(Vec::len))
                .sum(),
        ),
        ("global_choices".to_string(), read.global_choices.len()),
        (
            "global_choice_values".to_string(),
            read.global_choices.values().map(Vec::len).sum(),
        ),
        ("relationships_1n".to_string(), one_n.len()),
        ("relationships_nn".to_string(), n_n.len()),
    ])
}

#[test]
fn reader_counts_match_the_independent_counter() {
    let expected = expected();
    assert_eq!(expected.len(), 3, "one row per fixture solution");
    for (name, want) in &expected {
        let read = read_dir(&root().join(name), name, SolutionOptions::default()).unwrap();
        let got = counts(&read);
        assert_eq!(
            &got, want,
            "{name}: reader (left) vs count_solution.py (right)"
        );
    }
}

#[test]
fn every_fixture_is_counted() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(root())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("Other/Solution.xml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let counted: BTreeSet<String> = expected().into_keys().collect();
    assert_eq!(on_disk, counted, "rerun count_solution.py");
}
