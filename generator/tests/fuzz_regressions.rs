//! Every input in `tests/fuzz-regressions/` (crashes and slow cases found by
//! fuzzing and the resource tests) goes through parse → merge → emit.

use dvgen::diagnostics::codes;
use dvgen::emit::EmitOptions;
use dvgen::generate::generate_from_pages;
use dvgen::model::Severity;
use dvgen::sources::markdown::parse_page_with_coverage;

#[test]
fn fuzz_regressions() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| !p.ends_with("README.md"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for f in &files {
        let name = f
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("?")
            .to_string();
        let bytes = std::fs::read(f).unwrap_or_default();
        let (page, cov) = parse_page_with_coverage(&name, &bytes);
        let lines = cov.counts().lines;
        for d in &page.diagnostics {
            assert!(d.line as usize <= lines, "{name}: {d}");
        }
        let g = generate_from_pages(vec![page], &EmitOptions::default());
        for d in &g.diagnostics {
            assert!(
                !(d.severity == Severity::Error && d.code == codes::EMIT_BUG),
                "{name}: {d}"
            );
        }
        for (p, text) in &g.files {
            if p.ends_with(".rs") {
                assert!(syn::parse_file(text).is_ok(), "{name}: {p} does not parse");
            }
        }
        if name.starts_with("yaml-") {
            assert!(
                g.diagnostics.iter().any(|d| d.code == codes::TOO_LARGE),
                "{name}"
            );
        }
        println!("{name}: ok ({} bytes)", bytes.len());
    }
}
