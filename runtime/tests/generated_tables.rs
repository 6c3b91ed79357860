//! The tables in `tests/common/generated/` (which every runtime test and the
//! `deserialize` benchmark use) are exactly what dvgen writes now for the
//! pages in `tests/pages/`, so the runtime is tested through the code real
//! crates contain. With `DVGEN_BLESS=1` the folder is rewritten instead.

use std::collections::BTreeMap;
use std::path::Path;

const BLESS: &str = "DVGEN_BLESS";

#[test]
fn checked_in_tables_are_what_dvgen_generates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // A relative input path, so the provenance in the docs does not depend
    // on where the repository is.
    std::env::set_current_dir(root).unwrap();
    let generated = dvgen::Builder::new()
        .input("tests/pages")
        .generate()
        .unwrap();
    let errors: Vec<String> = generated
        .diagnostics
        .iter()
        .filter(|d| d.severity != dvgen::model::Severity::Note)
        .map(|d| d.to_string())
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let expected = dvgen::builder::build_script_files(&generated.files);
    assert!(expected.contains_key("account.rs") && expected.contains_key("contact.rs"));
    let dir = root.join("tests/common/generated");
    let mut on_disk = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        on_disk.insert(name, std::fs::read_to_string(&path).unwrap());
    }
    if std::env::var_os(BLESS).is_some_and(|v| v == "1") {
        for name in on_disk.keys().filter(|n| !expected.contains_key(*n)) {
            std::fs::remove_file(dir.join(name)).unwrap();
        }
        for (name, text) in &expected {
            if on_disk.get(name) != Some(text) {
                std::fs::write(dir.join(name), text).unwrap();
            }
        }
        return;
    }
    let differ: Vec<&String> = expected
        .keys()
        .chain(on_disk.keys())
        .filter(|n| expected.get(*n) != on_disk.get(*n))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(
        differ.is_empty(),
        "runtime/tests/common/generated/ is not what dvgen generates from runtime/tests/pages/ \
         (files that differ: {differ:?}); regenerate with \
         `{BLESS}=1 cargo test -p dvgen-runtime --test generated_tables` and review the diff"
    );
}
