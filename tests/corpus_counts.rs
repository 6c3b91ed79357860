//! Counts test: the parser against independent ground truth.
//!
//! The expected numbers in `tests/corpus-counts/EXPECTED_COUNTS.tsv` were produced by
//! `tests/corpus-counts/count_expected.py` (a line-based grep/regex scan of the page text
//! that shares no code or logic with dvgen's parser) and then cross-checked by hand
//! and by second counting methods (in-page bullet lists, `LogicalName`/`Type`
//! rows, integer-first-cell rows, relationship signature lines, whole-file greps).
//! See `tests/corpus-counts/EXPECTED_COUNTS.md` for the method and every judgement call.
//! Do not regenerate the TSV from the parser's output: it is meant to catch the
//! parser, not to agree with it.
//!
//! For every row of the TSV this test parses the page with
//! `dvgen::sources::markdown::parse_page`, compares every count, and requires zero
//! `Severity::Error` diagnostics. All mismatches over all pages are collected and
//! reported at once as a table.
//!
//! The pages are Microsoft documentation (CC BY 4.0), see `tests/corpus/NOTICE.md`.

use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use dvgen::model::{ColumnSection, Page, PageKind, RelationshipKind, Severity};

/// Column names of the TSV, in order.
const HEADER: [&str; 13] = [
    "path",
    "kind",
    "columns",
    "writable",
    "readonly",
    "customized",
    "choice_values",
    "one_to_many",
    "many_to_one",
    "many_to_many",
    "messages",
    "events",
    "customized_relationships",
];

/// Numeric fields (TSV columns 2..).
const FIELDS: [&str; 11] = [
    "columns",
    "writable",
    "readonly",
    "customized",
    "choice_values",
    "one_to_many",
    "many_to_one",
    "many_to_many",
    "messages",
    "events",
    "customized_relationships",
];

struct Row {
    path: String,
    kind: String,
    counts: [usize; 11],
}

struct Mismatch {
    page: String,
    field: String,
    expected: String,
    actual: String,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_expected() -> Vec<Row> {
    let tsv_path = root().join("tests/corpus-counts/EXPECTED_COUNTS.tsv");
    let text = std::fs::read_to_string(&tsv_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", tsv_path.display()));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("empty TSV").split('\t').collect();
    assert_eq!(
        header,
        HEADER,
        "unexpected TSV header in {}",
        tsv_path.display()
    );
    let mut rows = Vec::new();
    for (n, line) in lines.enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        assert_eq!(
            cells.len(),
            HEADER.len(),
            "TSV line {} has {} cells: {line:?}",
            n + 2,
            cells.len()
        );
        let mut counts = [0usize; 11];
        for (i, c) in counts.iter_mut().enumerate() {
            *c = cells[i + 2]
                .parse()
                .unwrap_or_else(|_| panic!("TSV line {}: bad number {:?}", n + 2, cells[i + 2]));
        }
        rows.push(Row {
            path: cells[0].to_string(),
            kind: cells[1].to_string(),
            counts,
        });
    }
    rows
}

fn kind_name(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Reference => "reference",
        PageKind::Extension => "extension",
        PageKind::Conceptual => "conceptual",
        PageKind::Project => "project",
    }
}

/// The same eleven numbers as the TSV, taken from the parser's output.
fn actual_counts(page: &Page) -> [usize; 11] {
    let mut c = [0usize; 11];
    let Some(table) = &page.table else {
        return c;
    };
    for col in &table.columns {
        match col.section {
            ColumnSection::Writable => c[1] += 1,
            ColumnSection::ReadOnly => c[2] += 1,
            ColumnSection::Customized => c[3] += 1,
        }
        c[4] += col.options.as_ref().map_or(0, Vec::len);
    }
    c[0] = table.columns.len();
    for rel in &table.relationships {
        match rel.kind {
            RelationshipKind::OneToMany => c[5] += 1,
            RelationshipKind::ManyToOne => c[6] += 1,
            RelationshipKind::ManyToMany => c[7] += 1,
        }
        if rel.customized {
            c[10] += 1;
        }
    }
    c[8] = table.messages.len();
    c[9] = table.events.len();
    c
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(non-string panic payload)".to_string()
    }
}

fn render(mismatches: &[Mismatch], pages: usize) -> String {
    let w_page = mismatches
        .iter()
        .map(|m| m.page.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let w_field = mismatches
        .iter()
        .map(|m| m.field.len())
        .max()
        .unwrap_or(5)
        .max(5);
    let w_exp = mismatches
        .iter()
        .map(|m| m.expected.len())
        .max()
        .unwrap_or(8)
        .max(8);
    let mut out = String::new();
    let failing: std::collections::BTreeSet<&str> =
        mismatches.iter().map(|m| m.page.as_str()).collect();
    let _ = writeln!(
        out,
        "{} mismatch(es) on {} of {pages} page(s) (expected: tests/corpus-counts/EXPECTED_COUNTS.tsv, \
         independent of the parser; see tests/corpus-counts/EXPECTED_COUNTS.md)\n",
        mismatches.len(),
        failing.len()
    );
    let _ = writeln!(
        out,
        "{:<w_page$}  {:<w_field$}  {:>w_exp$}  actual",
        "page", "field", "expected"
    );
    let _ = writeln!(
        out,
        "{}  {}  {}  {}",
        "-".repeat(w_page),
        "-".repeat(w_field),
        "-".repeat(w_exp),
        "-".repeat(6)
    );
    for m in mismatches {
        let _ = writeln!(
            out,
            "{:<w_page$}  {:<w_field$}  {:>w_exp$}  {}",
            m.page, m.field, m.expected, m.actual
        );
    }
    out
}

#[test]
fn corpus_counts_match_independent_ground_truth() {
    let rows = read_expected();
    assert!(!rows.is_empty(), "EXPECTED_COUNTS.tsv has no rows");
    let mut mismatches = Vec::new();
    let mut push = |page: &str, field: &str, expected: String, actual: String| {
        mismatches.push(Mismatch {
            page: page.to_string(),
            field: field.to_string(),
            expected,
            actual,
        });
    };

    for row in &rows {
        let bytes = match std::fs::read(root().join(&row.path)) {
            Ok(b) => b,
            Err(e) => {
                push(&row.path, "read", "readable".into(), e.to_string());
                continue;
            }
        };
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            dvgen::sources::markdown::parse_page(&row.path, &bytes)
        }));
        let page = match result {
            Ok(p) => p,
            Err(payload) => {
                let msg = panic_message(payload.as_ref());
                push(&row.path, "panic", "no panic".into(), msg);
                continue;
            }
        };

        let kind = kind_name(page.info.kind);
        if kind != row.kind {
            push(&row.path, "kind", row.kind.clone(), kind.to_string());
        }
        if row.kind != "conceptual" && page.table.is_none() {
            push(&row.path, "table", "Some".into(), "None".into());
        }
        let actual = actual_counts(&page);
        for (i, field) in FIELDS.iter().enumerate() {
            if actual[i] != row.counts[i] {
                push(
                    &row.path,
                    field,
                    row.counts[i].to_string(),
                    actual[i].to_string(),
                );
            }
        }
        let errors: Vec<_> = page
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        if !errors.is_empty() {
            let first = errors
                .iter()
                .take(3)
                .map(|d| format!("{}:{} {} {}", d.file, d.line, d.code, d.message))
                .collect::<Vec<_>>()
                .join(" | ");
            let more = if errors.len() > 3 { " | ..." } else { "" };
            push(
                &row.path,
                "error diagnostics",
                "0".into(),
                format!("{} ({first}{more})", errors.len()),
            );
        }
    }

    if !mismatches.is_empty() {
        panic!("\n{}", render(&mismatches, rows.len()));
    }
}

/// Every page of the corpus and of docs-input/ has a row, and every row names an existing page.
#[test]
fn expected_counts_cover_every_page() {
    let root = root();
    let mut on_disk = Vec::new();
    for dir in ["conceptual", "customerservice", "d365ce", "dataverse"] {
        collect(
            &root,
            &root.join("tests/corpus").join(dir),
            "md",
            &mut on_disk,
        );
    }
    collect(&root, &root.join("tests/corpus/seeds"), "txt", &mut on_disk);
    collect(&root, &root.join("docs-input"), "md", &mut on_disk);
    on_disk.retain(|p| !p.ends_with("NOTICE.md"));
    on_disk.sort();
    let mut listed: Vec<String> = read_expected().into_iter().map(|r| r.path).collect();
    listed.sort();
    let missing: Vec<_> = on_disk.iter().filter(|p| !listed.contains(p)).collect();
    let extra: Vec<_> = listed.iter().filter(|p| !on_disk.contains(p)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "EXPECTED_COUNTS.tsv is out of date: pages without a row {missing:?}, rows without a page {extra:?}"
    );
}

fn collect(root: &Path, dir: &Path, ext: &str, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, ext, out);
        } else if path.extension().and_then(|e| e.to_str()) == Some(ext) {
            let rel = path.strip_prefix(root).expect("under root");
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}
