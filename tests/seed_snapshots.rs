//! Reviewed snapshots of the five seed pages the product was specified from
//! (`tests/corpus/seeds/`, see its README): the IR each parses to, and the
//! Rust code each generates on its own.

use std::path::PathBuf;

const SEEDS: &[(&str, &str)] = &[
    ("cs_lead_extension", "000_f30237eae8a3794a.txt"),
    ("contactleads", "001_0d7f22411d52461b.txt"),
    ("lead_conceptual", "002_6f10c82cbcae8561.txt"),
    ("cs_opportunity_extension", "003_759f3f45dc56135e.txt"),
    ("cs_connection_extension", "004_92bbd8cdcdec7b45.txt"),
];

fn seed(file: &str) -> dvgen::model::Page {
    let rel = format!("tests/corpus/seeds/{file}");
    let bytes = std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(&rel)).unwrap();
    dvgen::sources::markdown::parse_page(&rel, &bytes)
}

#[test]
fn seed_pages_parse_to_the_reviewed_ir() {
    for (name, file) in SEEDS {
        let page = seed(file);
        assert!(
            page.diagnostics.is_empty(),
            "{file}: {:#?}",
            page.diagnostics
        );
        insta::assert_yaml_snapshot!(format!("ir_{name}"), page);
    }
}

#[test]
fn seed_pages_generate_the_reviewed_code() {
    for (name, file) in SEEDS {
        let model = dvgen::merge::merge(vec![seed(file)]);
        let generated =
            dvgen::generate::generate_from_model(model, &dvgen::emit::EmitOptions::default());
        for (path, content) in &generated.files {
            let Some(module) = path.strip_prefix("src/") else {
                continue;
            };
            if module == "lib.rs" || module == "choices.rs" && content.lines().count() < 4 {
                continue;
            }
            insta::assert_snapshot!(format!("code_{name}__{module}"), content);
        }
    }
}
