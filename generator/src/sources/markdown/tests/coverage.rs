//! Nothing lost: every line of every corpus page is used or deliberately
//! ignored, and lines that are not understood are unknown and diagnosed.

use crate::model::Severity;
use crate::sources::markdown::{parse_page_with_coverage, LineUse};

use super::corpus::pages;

#[test]
fn corpus_has_no_unknown_lines() {
    let mut bad = Vec::new();
    let mut total = (0, 0, 0, 0);
    for (path, bytes) in pages() {
        let (page, cov) = parse_page_with_coverage(&path, &bytes);
        let c = cov.counts();
        println!(
            "{path:<72} lines {:>5} used {:>5} ignored {:>5} unknown {:>3}",
            c.lines, c.used, c.ignored, c.unknown
        );
        assert_eq!(c.lines, c.used + c.ignored + c.unknown);
        assert_eq!(
            c.lines,
            bytes.split(|&b| b == b'\n').count() - usize::from(bytes.ends_with(b"\n"))
        );
        assert_eq!(
            page,
            crate::sources::markdown::parse_page(&path, &bytes),
            "{path}: same page either way"
        );
        total = (
            total.0 + c.lines,
            total.1 + c.used,
            total.2 + c.ignored,
            total.3 + c.unknown,
        );
        for l in cov.unknown_lines() {
            bad.push(format!("{path}:{l}"));
        }
    }
    println!(
        "total: lines {} used {} ignored {} unknown {}",
        total.0, total.1, total.2, total.3
    );
    assert!(bad.is_empty(), "unknown lines: {bad:?}");
}

const HEAD: &str = "---\ntitle: t\nms.date: 01/02/2024\n---\n";

fn unknown(text: &str) -> (Vec<u32>, Vec<u32>) {
    let (page, cov) = parse_page_with_coverage("c.md", text.as_bytes());
    let unknown: Vec<u32> = cov.unknown_lines().collect();
    // Every unknown line is in a run (blank lines between) that a diagnostic points into.
    let diag_lines: Vec<u32> = page
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Note)
        .map(|d| d.line)
        .collect();
    (unknown, diag_lines)
}

#[test]
fn lines_that_are_not_understood_are_unknown_and_diagnosed() {
    // Line numbers:  1-4 front matter, 5 text before the H1, 6 H1, 7 blank,
    // 8 description, 9 blank, 10 stray list, 11 blank, 12 Properties, 13-15
    // table, 16 short row, 17 blank, 18 unknown section, 19 its body,
    // 20 blank, 21 Writable, 22 intro, 23 heading, 24-27 table, 28 stray
    // text, 29 choice heading, 30-31 choice table header, 32 bad row, 33 good row.
    let text = format!(
        "{HEAD}stray before h1\n# A (A) table/entity reference\n\nDescription.\n\n- a list\n\n## Properties\n|Property|Value|\n|-|-|\n|LogicalName|`a`|\n|Short|\n\n## Remarks\nsome remark\n\n## Writable columns/attributes\nIntro sentence.\n### <a name=\"BKMK_X\"></a> X\n|Property|Value|\n|-|-|\n|LogicalName|`x`|\n|Type|Picklist|\nstray text\n#### X Choices/Options\n|Value|Label|\n|-|-|\n|zero|Zero|\n|1|One|\n"
    );
    let (unknown, diags) = unknown(&text);
    assert_eq!(unknown, vec![5, 10, 16, 18, 19, 28, 32]);
    for l in [5, 10, 16, 18, 28, 32] {
        assert!(diags.contains(&l), "no diagnostic at line {l}: {diags:?}");
    }
    let (_, cov) = parse_page_with_coverage("c.md", text.as_bytes());
    let at = |l: usize| cov.lines[l - 1];
    assert_eq!(at(1), LineUse::Used);
    assert_eq!(at(6), LineUse::Used);
    assert_eq!(at(8), LineUse::Used);
    assert_eq!(at(22), LineUse::Ignored);
    assert_eq!(at(33), LineUse::Used);
}

#[test]
fn dropped_entries_are_unknown() {
    // A repeated column and a repeated relationship: the repeats are dropped.
    let text = format!(
        "{HEAD}# A (A) table/entity reference\n\n## Writable columns/attributes\n\n### X\n\n|Property|Value|\n|-|-|\n|LogicalName|`x`|\n\n### X2\n\n|Property|Value|\n|-|-|\n|LogicalName|`x`|\n\n## One-To-Many Relationships\n\n|oops|table|\n\n### r\n\n|Property|Value|\n|-|-|\n|ReferencingEntity|`b`|\n\n### r\n\n|Property|Value|\n|-|-|\n|ReferencingEntity|`c`|\n"
    );
    let (unknown, diags) = unknown(&text);
    // Lines 15-19 (second X), 23 (table before the first entry), 31-35 (second r).
    assert_eq!(unknown, vec![15, 17, 18, 19, 23, 31, 33, 34, 35]);
    for l in [15, 23, 31] {
        assert!(diags.contains(&l), "no diagnostic at line {l}: {diags:?}");
    }
}

#[test]
fn footer_and_conceptual_bodies() {
    let text = format!(
        "{HEAD}# A (A) table/entity reference\n\n## Properties\n\n|Property|Value|\n|-|-|\n|LogicalName|`a`|\n\n### See also\n\n[x](y.md)\n[!INCLUDE[f](f.md)]\n"
    );
    let (page, cov) = parse_page_with_coverage("c.md", text.as_bytes());
    assert_eq!(cov.counts().unknown, 0);
    assert_eq!(cov.lines[13 - 1], LineUse::Ignored);
    assert_eq!(cov.lines[15 - 1], LineUse::Ignored);
    assert_eq!(cov.lines[16 - 1], LineUse::Used);
    assert_eq!(page.info.includes, vec!["f.md".to_string()]);
    let text = format!("{HEAD}# Lead entity\n\nProse.\n\n## Heading\n\n- bullet\n");
    let (_, cov) = parse_page_with_coverage("c.md", text.as_bytes());
    assert_eq!(cov.counts().unknown, 0);
    assert_eq!(cov.counts().used, 4 + 4);
    let (_, cov) = parse_page_with_coverage("c.md", b"\n  \n");
    assert_eq!(cov.counts().ignored, 2);
}
