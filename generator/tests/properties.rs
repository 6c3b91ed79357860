//! Property tests (proptest, stable): real pages mutated by the shared
//! structure-aware mutator (`support/mutate.rs`, also used by `fuzz/`) never
//! panic through parse, merge and emit; every diagnostic points at a line
//! that exists in its input; generated files parse and carry no DV0402.
//! Failing cases are saved in `properties.proptest-regressions` (beside this
//! file; commit it) and re-run first.

#[path = "support/mutate.rs"]
mod mutate;

use std::sync::OnceLock;

use dvgen::diagnostics::codes;
use dvgen::emit::{emit_crate, EmitOptions};
use dvgen::model::Severity;
use dvgen::sources::markdown::{parse_page_with_coverage, LineUse};
use proptest::prelude::*;

fn pages() -> &'static [(String, String)] {
    static PAGES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    PAGES.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut out = Vec::new();
        let mut stack = vec![root.join("tests/corpus"), root.join("docs-input")];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "md")
                    && !p.ends_with("NOTICE.md")
                    && !p.ends_with("README.md")
                {
                    let rel = p
                        .strip_prefix(&root)
                        .unwrap_or(&p)
                        .to_string_lossy()
                        .replace('\\', "/");
                    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{rel}: {e}"));
                    out.push((rel, text));
                }
            }
        }
        out.sort();
        out
    })
}

/// Lines of `text` as the parser counts them (a final `\n` adds none).
fn line_count(text: &str) -> usize {
    if text.is_empty() {
        return 0;
    }
    text.split('\n').count() - usize::from(text.ends_with('\n'))
}

/// Parse a mutated page; check diagnostics and coverage are located in it.
/// Returns the page and the number of lines of the mutated text.
fn parse_checked(idx: usize, ops: &[u8]) -> Result<(dvgen::model::Page, usize), TestCaseError> {
    let all = pages();
    let (path, text) = &all[idx % all.len()];
    let text = mutate::mutate(text, ops);
    let (page, cov) = parse_page_with_coverage(path, text.as_bytes());
    let n = line_count(&text);
    prop_assert!(
        cov.lines.len() == n || (n == 0 && cov.lines.is_empty()),
        "{path}: coverage has {} lines, text {n}",
        cov.lines.len()
    );
    for d in &page.diagnostics {
        prop_assert!(d.line as usize <= n, "{path}: {d} is past line {n}");
    }
    // Every run of unknown lines (blank lines between them do not end a run)
    // has a diagnostic pointing into it.
    let lines: Vec<&str> = text.split('\n').collect();
    let blank = |i: usize| match lines.get(i) {
        None => true,
        Some(l) => {
            let t = l.trim();
            t.is_empty() || (t.starts_with("<a ") && t.ends_with("</a>"))
        }
    };
    let mut run: Option<(usize, usize)> = None;
    let mut runs = Vec::new();
    for (i, u) in cov.lines.iter().enumerate() {
        if *u == LineUse::Unknown {
            run = Some((run.map_or(i + 1, |r| r.0), i + 1));
        } else if !blank(i) {
            runs.extend(run.take());
        }
    }
    runs.extend(run);
    for (a, b) in runs {
        prop_assert!(
            page.diagnostics
                .iter()
                .any(|d| (a..=b).contains(&(d.line as usize))),
            "{path}: unknown lines {a}-{b} without a diagnostic: {:?}",
            page.diagnostics
        );
    }
    Ok((page, n))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// 256 cases: parse + merge of a mutated page (with the unmutated next page).
    #[test]
    fn mutated_pages_parse_and_merge(idx in any::<u8>(), ops in proptest::collection::vec(any::<u8>(), 0..160)) {
        let (page, n1) = parse_checked(usize::from(idx), &ops)?;
        let all = pages();
        let p1 = page.info.path.clone();
        let (p2, t2) = &all[(usize::from(idx) + 1) % all.len()];
        let model = dvgen::merge::merge(vec![page, dvgen::sources::markdown::parse_page(p2, t2.as_bytes())]);
        // Every diagnostic of the merge, from either page (the mutated one
        // included), points at a line that exists in that page's text.
        for d in &model.diagnostics {
            let n = if d.file == p1 {
                n1
            } else if d.file == *p2 {
                line_count(t2)
            } else {
                return Err(TestCaseError::fail(format!("{d}: not in {p1} or {p2}")));
            };
            prop_assert!(d.line as usize <= n, "{d} is past line {n}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// 64 cases (emit is the slow part in debug builds): parse + merge + emit.
    #[test]
    fn mutated_pages_emit_valid_rust(idx in any::<u8>(), ops in proptest::collection::vec(any::<u8>(), 0..96)) {
        let (page, _) = parse_checked(usize::from(idx), &ops)?;
        let model = dvgen::merge::merge(vec![page]);
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

/// Every metadata export of `tests/fixtures/metadata` (path, text).
fn exports() -> &'static [(String, String)] {
    static EXPORTS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    EXPORTS.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut out = Vec::new();
        let mut stack = vec![root.join("tests/fixtures/metadata")];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "json") {
                    let rel = p
                        .strip_prefix(&root)
                        .unwrap_or(&p)
                        .to_string_lossy()
                        .replace('\\', "/");
                    out.push((rel, std::fs::read_to_string(&p).unwrap_or_default()));
                }
            }
        }
        out.sort();
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// 256 cases: a mutated metadata export, read with an unmutated second
    /// one (casts join across files), then merged and emitted: no panic; every
    /// diagnostic of the mutated file points at one of its lines; every
    /// property is counted once (used + ignored + unknown); emitted Rust parses.
    #[test]
    fn mutated_exports_read_merge_and_emit(idx in any::<u8>(), second in any::<u8>(), ops in proptest::collection::vec(any::<u8>(), 0..160)) {
        use dvgen::sources::metadata_json::{read_file_with_coverage, read_files, ReadOptions};
        let all = exports();
        prop_assert!(all.len() >= 12);
        let (path, text) = &all[usize::from(idx) % all.len()];
        let text = mutate::mutate(text, &ops);
        let n = line_count(&text).max(1);
        let (_, cov) = read_file_with_coverage(path, text.as_bytes(), &ReadOptions::default());
        let c = cov.counts;
        prop_assert_eq!(c.lines, c.used + c.ignored + c.unknown);
        prop_assert!(cov.unknown.iter().all(|(l, _)| (*l as usize) <= n));
        let (p2, t2) = &all[usize::from(second) % all.len()];
        let files = vec![(path.clone(), text.clone().into_bytes()), (format!("second/{p2}"), t2.clone().into_bytes())];
        let pages: Vec<_> = read_files(&files, &ReadOptions::default()).into_iter().flatten().collect();
        for d in pages.iter().flat_map(|p| &p.diagnostics).filter(|d| d.file == *path) {
            prop_assert!((d.line as usize) <= n, "{d} is past line {n}");
        }
        let model = dvgen::merge::merge(pages);
        let emitted = emit_crate(&model, &EmitOptions::default());
        for d in &emitted.diagnostics {
            prop_assert!(!(d.severity == Severity::Error && d.code == codes::EMIT_BUG), "{d}");
        }
        for (file, text) in &emitted.files {
            if file.ends_with(".rs") {
                prop_assert!(syn::parse_file(text).is_ok(), "{file} does not parse");
            }
        }
    }
}
