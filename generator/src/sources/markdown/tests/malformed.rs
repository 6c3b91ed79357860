//! Malformed input: every case yields located diagnostics and never panics.

use crate::diagnostics::codes;
use crate::model::{Page, PageKind, Severity};
use crate::sources::markdown::parse_page;

use super::corpus::root;

/// Codes that may use line 0 (whole-file issues).
const WHOLE_FILE: [&str; 4] = [
    codes::EMPTY_INPUT,
    codes::MISSING_H1,
    codes::UNCLASSIFIED_PAGE,
    codes::NO_TABLE_NAME,
];

/// Every diagnostic names the file and a line that exists in the input.
pub(crate) fn check_located(path: &str, bytes: &[u8], page: &Page) {
    let text = String::from_utf8_lossy(bytes);
    let n = super::super::lines::Lines::new(&text).len() as u32;
    for d in &page.diagnostics {
        assert_eq!(d.file, path);
        if d.line == 0 {
            assert!(WHOLE_FILE.contains(&d.code.as_str()), "line 0 for {d}");
        } else {
            assert!(d.line <= n.max(1), "{d} but the input has {n} lines");
        }
    }
}

fn run(path: &str, bytes: &[u8]) -> Page {
    let p = parse_page(path, bytes);
    check_located(path, bytes, &p);
    p
}

fn has(p: &Page, code: &str) -> bool {
    p.diagnostics.iter().any(|d| d.code == code)
}

fn corpus(rel: &str) -> Vec<u8> {
    let path = root().join("tests/corpus").join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn empty_file() {
    for input in [&b""[..], b"\n\n  \n"] {
        let p = run("empty.md", input);
        assert!(has(&p, codes::EMPTY_INPUT));
        assert!(p.table.is_none());
        assert_eq!(p.diagnostics[0].line, 0);
    }
}

#[test]
fn truncated_mid_table_and_mid_entry() {
    let bytes = corpus("d365ce/lead.current.md");
    let text = String::from_utf8_lossy(&bytes);
    // Mid-row of a column property table.
    let cut = text
        .find("|LogicalName|`address1_city`|")
        .map(|i| i + 8)
        .unwrap_or(0);
    let p = run("cut.md", &bytes[..cut]);
    assert!(has(&p, codes::BAD_TABLE_ROW), "{:?}", p.diagnostics);
    assert!(has(&p, codes::TRUNCATED), "{:?}", p.diagnostics);
    let t = p.table.as_ref().expect("table");
    assert_eq!(t.logical_name, "lead");
    // Mid-entry: right after a column heading.
    let cut = text
        .find("### <a name=\"BKMK_Address1_City\"></a> Address1_City\n")
        .map(|i| i + 55)
        .unwrap_or(0);
    let p = run("cut.md", &bytes[..cut]);
    assert!(has(&p, codes::MISSING_LOGICAL_NAME), "{:?}", p.diagnostics);
    assert!(p.diagnostics.iter().any(|d| d.severity == Severity::Error));
    // Mid-V1 block.
    let bytes = corpus("d365ce/lead.md");
    let text = String::from_utf8_lossy(&bytes);
    let cut = text.find("**LogicalName**: address1_city").unwrap_or(0);
    let p = run("cut.md", &bytes[..cut]);
    assert!(has(&p, codes::MISSING_LOGICAL_NAME));
}

#[test]
fn broken_table_rows() {
    let body = b"---\ntitle: t\n---\n# A table/entity reference\n\n## Properties\n\n|Property|Value|\n|--------|-----|\n|LogicalName|a|\n|SchemaName|A|extra|\n|DisplayName\n\n## Writable columns/attributes\n\n### <a name=\"BKMK_S\"></a> S\n\n|Property|Value|\n|---|---|\n|LogicalName|`s`|\n|Type|Picklist|\n\n#### S Choices/Options\n\n|Value|Label|\n|---|---|\n|x|**Bad**|\n|2|**Ok**|\n";
    let p = run("broken.md", body);
    let lines: Vec<u32> = p
        .diagnostics
        .iter()
        .filter(|d| d.code == codes::BAD_TABLE_ROW)
        .map(|d| d.line)
        .collect();
    assert_eq!(lines, vec![11, 12]);
    assert!(p
        .diagnostics
        .iter()
        .any(|d| d.code == codes::BAD_CHOICE_ROW && d.line == 27 && d.severity == Severity::Error));
    let t = p.table.expect("t");
    assert_eq!(t.columns[0].options.as_ref().map(Vec::len), Some(1));
}

#[test]
fn duplicate_column() {
    let body = b"---\ntitle: t\n---\n# A table/entity reference\n\n## Properties\n\n|Property|Value|\n|---|---|\n|LogicalName|a|\n\n## Writable columns/attributes\n\n### <a name=\"BKMK_X\"></a> X\n\n|Property|Value|\n|---|---|\n|LogicalName|x|\n|Type|String|\n\n### <a name=\"BKMK_X\"></a> X\n\n|Property|Value|\n|---|---|\n|LogicalName|x|\n|Type|Memo|\n";
    let p = run("dup.md", body);
    let d = p
        .diagnostics
        .iter()
        .find(|d| d.code == codes::DUPLICATE_COLUMN)
        .expect("dup");
    assert_eq!(d.line, 21);
    assert_eq!(p.table.expect("t").columns.len(), 1);
}

#[test]
fn bad_front_matter() {
    let p = run(
        "fm.md",
        b"---\ntitle: [unclosed\nms.date: 1/1/2020\n---\n# A Entity Reference\n",
    );
    let d = p
        .diagnostics
        .iter()
        .find(|d| d.code == codes::BAD_FRONT_MATTER)
        .expect("fm");
    assert!(d.line >= 2 && d.line <= 4, "{d}");
    let p = run("fm.md", b"---\nms.date: 31/31/2020\n---\n# A\n");
    assert!(has(&p, codes::BAD_FRONT_MATTER));
}

#[test]
fn missing_front_matter_terminator() {
    let p = run("fm.md", b"---\ntitle: x\n# A table/entity reference\n\n## Properties\n\n|Property|Value|\n|---|---|\n|LogicalName|a|\n");
    let d = p
        .diagnostics
        .iter()
        .find(|d| d.code == codes::MISSING_FRONT_MATTER)
        .expect("fm");
    assert_eq!(d.line, 1);
    assert_eq!(p.table.map(|t| t.logical_name), Some("a".to_string()));
    let p = run("nofm.md", b"# A table/entity reference\n\n## Properties\n\n|Property|Value|\n|---|---|\n|LogicalName|a|\n");
    assert!(has(&p, codes::MISSING_FRONT_MATTER));
    assert_eq!(p.info.kind, PageKind::Reference);
}

#[test]
fn invalid_utf8() {
    let mut bytes = corpus("d365ce/teamroles.md");
    let at = bytes.len() / 2;
    bytes.insert(at, 0xff);
    bytes.insert(at, 0xc3);
    let p = run("utf8.md", &bytes);
    let d = p
        .diagnostics
        .iter()
        .find(|d| d.code == codes::INVALID_UTF8)
        .expect("utf8");
    assert!(d.line > 1);
    assert!(p.table.is_some());
}

#[test]
fn binary_garbage_and_nul_bytes() {
    let mut garbage = Vec::new();
    let mut x: u32 = 12345;
    for _ in 0..20_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        garbage.push((x >> 16) as u8);
    }
    let p = run("garbage.bin", &garbage);
    assert!(has(&p, codes::BINARY_INPUT));
    let mut nul = corpus("dataverse/roleprivileges.md");
    let at = nul.len() / 3;
    nul[at] = 0;
    let p = run("nul.md", &nul);
    assert!(has(&p, codes::BINARY_INPUT));
    let p = run("nul.md", b"\0\0\0");
    assert!(has(&p, codes::BINARY_INPUT));
}

#[test]
fn unknown_keys_go_to_other_with_warning() {
    let body = b"---\ntitle: t\n---\n# A table/entity reference\n\n## Properties\n\n|Property|Value|\n|---|---|\n|LogicalName|a|\n|IsAwesome|`Yes`|\n\n## Writable columns/attributes\n\n### <a name=\"BKMK_X\"></a> X\n\n|Property|Value|\n|---|---|\n|LogicalName|x|\n|Type|Sparkly|\n|Shininess|**11**|\n\n## Many-to-One relationships\n\n### <a name=\"BKMK_r\"></a> r\n\n|Property|Value|\n|---|---|\n|ReferencedEntity|`b`|\n|Mood|`calm`|\n|CascadeConfiguration|Assign: `Cascade`<br />Teleport: `NoCascade`<br />Delete: `Sometimes`|\n\n## Strange section\n\ntext\n";
    let p = run("unknown.md", body);
    let t = p.table.as_ref().expect("t");
    assert_eq!(t.other.get("IsAwesome").map(String::as_str), Some("Yes"));
    assert_eq!(
        t.columns[0].other.get("Shininess").map(String::as_str),
        Some("11")
    );
    assert_eq!(t.columns[0].attribute_type.as_str(), "Sparkly");
    let r = &t.relationships[0];
    assert_eq!(r.other.get("Mood").map(String::as_str), Some("calm"));
    let cc = r.cascade_configuration.as_ref().expect("cc");
    assert_eq!(
        cc.other.get("Teleport").map(String::as_str),
        Some("NoCascade")
    );
    assert_eq!(
        cc.other.get("Delete").map(String::as_str),
        Some("Sometimes")
    );
    for (code, line) in [
        (codes::UNKNOWN_PROPERTY, 11),
        (codes::UNKNOWN_TYPE, 20),
        (codes::UNKNOWN_PROPERTY, 21),
        (codes::UNKNOWN_PROPERTY, 30),
        (codes::BAD_CASCADE, 31),
        (codes::UNKNOWN_SECTION, 33),
    ] {
        assert!(
            p.diagnostics
                .iter()
                .any(|d| d.code == code && d.line == line && d.severity == Severity::Warning),
            "{code} at {line}: {:#?}",
            p.diagnostics
        );
    }
}

#[test]
fn about_page_imitating_reference_headings_is_conceptual() {
    let text = "---\ntitle: \"About the table reference (Microsoft Dataverse) | Microsoft Docs\"\nms.topic: \"article\"\n---\n# About the table/entity reference\n\nThis reference describes the tables.\n\n## Entity Properties\n\nEach table has these properties:\n\n|Property|Description|\n|--------|-----------|\n|DisplayName|The name shown to people.|\n|LogicalName|The name used in code.|\n|SchemaName|The name used in the SDK.|\n\n## Attributes\n\nEach table has attributes, listed by **SchemaName**.\n\n## Relationships\n\nTables are related.\n\n### See also\n\n[Web API Reference](/x)\n";
    let p = run("about-entity-reference.md", text.as_bytes());
    assert_eq!(p.info.kind, PageKind::Conceptual);
    assert!(p.table.is_none());
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    // Also when the H1 does not start with "About".
    let text = text.replace(
        "# About the table/entity reference",
        "# Table reference overview",
    );
    let p = run("overview.md", text.as_bytes());
    assert_eq!(p.info.kind, PageKind::Conceptual);
    assert!(p.table.is_none());
}

#[test]
fn reference_without_logical_name_falls_back() {
    let p = run("x/widget.md", b"---\ntitle: t\n---\n# Widget table/entity reference\n\n## Writable columns/attributes\n\n### <a name=\"BKMK_A\"></a> A\n\n|Property|Value|\n|---|---|\n|LogicalName|a|\n");
    let d = p
        .diagnostics
        .iter()
        .find(|d| d.code == codes::NO_TABLE_NAME)
        .expect("DV0008");
    assert_eq!(d.line, 4);
    assert_eq!(p.table.map(|t| t.logical_name), Some("widget".to_string()));
}

#[test]
fn crlf_line_endings_parse_like_lf() {
    for f in [
        "d365ce/lead.md",
        "d365ce/lead.current.md",
        "dataverse/connection.md",
        "customerservice/task.md",
    ] {
        let lf = corpus(f);
        let crlf: Vec<u8> = String::from_utf8_lossy(&lf)
            .replace('\n', "\r\n")
            .into_bytes();
        let a = run(f, &lf);
        let b = run(f, &crlf);
        assert!(b.diagnostics.is_empty(), "{f}: {:?}", b.diagnostics);
        let (ta, tb) = (a.table.expect("a"), b.table.expect("b"));
        assert_eq!(ta.columns, tb.columns, "{f}");
        assert_eq!(ta.relationships, tb.relationships, "{f}");
        assert_eq!(ta.messages, tb.messages, "{f}");
    }
}

#[test]
fn output_is_deterministic() {
    let bytes = corpus("dataverse/annotation.md");
    let first = parse_page("a.md", &bytes);
    let table = first.table.as_ref().expect("annotation.md is a table page");
    assert_eq!(table.logical_name, "annotation");
    assert!(table.columns.len() > 20, "{} columns", table.columns.len());
    assert!(!table.relationships.is_empty());
    let a = serde_json::to_string(&first).unwrap();
    let b = serde_json::to_string(&parse_page("a.md", &bytes)).unwrap();
    assert_eq!(a, b);
}
