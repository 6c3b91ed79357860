//! Every corpus page parses without errors.

use crate::model::Severity;
use crate::sources::markdown::parse_page;

pub(crate) fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// All pages under tests/corpus and docs-input (md and seed txt), sorted.
pub(crate) fn pages() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for dir in ["tests/corpus", "docs-input"] {
        let mut stack = vec![root().join(dir)];
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
                let is_page = (name.ends_with(".md") && name != "NOTICE.md")
                    || (name.ends_with(".txt") && p.parent().is_some_and(|d| d.ends_with("seeds")));
                let is_page = is_page && name != "README.md";
                if !is_page {
                    continue;
                }
                let rel = p
                    .strip_prefix(root())
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .replace('\\', "/");
                let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{rel}: {e}"));
                out.push((rel, bytes));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn corpus_has_no_errors_or_warnings() {
    let pages = pages();
    assert!(pages.len() >= 50, "found {} pages", pages.len());
    let mut errors = Vec::new();
    let mut problems = Vec::new();
    for (path, bytes) in &pages {
        let page = parse_page(path, bytes);
        for d in &page.diagnostics {
            match d.severity {
                Severity::Error => errors.push(d.to_string()),
                Severity::Warning | Severity::Note => problems.push(d.to_string()),
            }
        }
        let t = page.table.as_ref();
        eprintln!(
            "{path}: {:?} {:?} {:?} cols={} rels={} msgs={} ev={} name={:?}",
            page.info.kind,
            page.info.vintage,
            page.info.product,
            t.map_or(0, |t| t.columns.len()),
            t.map_or(0, |t| t.relationships.len()),
            t.map_or(0, |t| t.messages.len()),
            t.map_or(0, |t| t.events.len()),
            t.map(|t| t.logical_name.as_str()),
        );
    }
    assert!(errors.is_empty(), "errors:\n{}", errors.join("\n"));
    assert!(
        problems.is_empty(),
        "warnings and notes:\n{}",
        problems.join("\n")
    );
}

#[test]
#[ignore]
fn dump() {
    let path = std::env::var("DVGEN_DUMP").unwrap_or_default();
    let bytes = std::fs::read(root().join(&path)).unwrap_or_default();
    let page = parse_page(&path, &bytes);
    println!(
        "{}",
        serde_json::to_string_pretty(&page).unwrap_or_default()
    );
}
