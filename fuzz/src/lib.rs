//! Shared helpers of the dvgen fuzz targets: the corpus pages and the
//! structure-aware mutator (the same one the proptest suite uses).

use std::sync::OnceLock;

#[path = "../../generator/tests/support/mutate.rs"]
pub mod mutate;

/// Every page of `tests/corpus` and `docs-input` (path, text), sorted by path.
pub fn pages() -> &'static [(String, String)] {
    static PAGES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    PAGES.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut out = Vec::new();
        for dir in ["tests/corpus", "docs-input"] {
            let mut stack = vec![root.join(dir)];
            while let Some(d) = stack.pop() {
                let Ok(rd) = std::fs::read_dir(&d) else {
                    continue;
                };
                for e in rd.flatten() {
                    let p = e.path();
                    if p.is_dir() {
                        stack.push(p);
                        continue;
                    }
                    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    let page = (name.ends_with(".md") && name != "NOTICE.md" && name != "README.md")
                        || (name.ends_with(".txt") && p.parent().is_some_and(|d| d.ends_with("seeds")));
                    if !page {
                        continue;
                    }
                    let rel = p.strip_prefix(&root).unwrap_or(&p).to_string_lossy().replace('\\', "/");
                    out.push((rel, std::fs::read_to_string(&p).unwrap_or_default()));
                }
            }
        }
        out.sort();
        assert!(!out.is_empty(), "no corpus pages found");
        out
    })
}

/// A mutated page chosen by the first input byte, plus an unmutated second
/// page (chosen by the second byte) when the third byte is odd, so merging of
/// two pages about one table (and extension + base) is exercised too.
pub fn mutated_pages(data: &[u8]) -> Vec<dvgen::model::Page> {
    let pages = pages();
    let (Some(&a), Some(&b), Some(&c)) = (data.first(), data.get(1), data.get(2)) else {
        return Vec::new();
    };
    let (path, text) = &pages[usize::from(a) % pages.len()];
    let text = mutate::mutate(text, data.get(3..).unwrap_or(&[]));
    let mut out = vec![dvgen::sources::markdown::parse_page(path, text.as_bytes())];
    if c % 2 == 1 {
        let (p2, t2) = &pages[usize::from(b) % pages.len()];
        if p2 != path {
            out.push(dvgen::sources::markdown::parse_page(p2, t2.as_bytes()));
        }
    }
    out
}

/// The files of the handmade fixture solution
/// (`tests/fixtures/solutions/contoso-handmade`), as the solution reader takes them.
pub fn solution_files() -> &'static std::collections::BTreeMap<String, Vec<u8>> {
    static FILES: OnceLock<std::collections::BTreeMap<String, Vec<u8>>> = OnceLock::new();
    FILES.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/solutions/contoso-handmade");
        let files = dvgen::sources::solution::collect_files(&root).unwrap_or_default();
        assert!(!files.is_empty(), "no solution fixture found");
        files
    })
}
/// Every exported table definition of `tests/fixtures/metadata` (path, text), sorted by path.
pub fn exports() -> &'static [(String, String)] {
    static EXPORTS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    EXPORTS.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut out = Vec::new();
        let mut stack = vec![root.join("tests/fixtures/metadata")];
        while let Some(d) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "json") {
                    let rel = p.strip_prefix(&root).unwrap_or(&p).to_string_lossy().replace('\\', "/");
                    out.push((rel, std::fs::read_to_string(&p).unwrap_or_default()));
                }
            }
        }
        out.sort();
        assert!(!out.is_empty(), "no metadata exports found");
        out
    })
}

/// A mutated export chosen by the first input byte, read together with an
/// unmutated second export (chosen by the second byte), so that joining
/// casts and tables across files is exercised too.
pub fn mutated_exports(data: &[u8]) -> Vec<dvgen::model::Page> {
    let exports = exports();
    let (Some(&a), Some(&b)) = (data.first(), data.get(1)) else {
        return Vec::new();
    };
    let (path, text) = &exports[usize::from(a) % exports.len()];
    let text = mutate::mutate(text, data.get(2..).unwrap_or(&[]));
    let (p2, t2) = &exports[usize::from(b) % exports.len()];
    let files = vec![(path.clone(), text.into_bytes()), (format!("second/{p2}"), t2.clone().into_bytes())];
    dvgen::sources::metadata_json::read_files(&files, &Default::default())
        .into_iter()
        .flatten()
        .collect()
}
