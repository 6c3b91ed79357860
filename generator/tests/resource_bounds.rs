//! Resource bounds: deeply nested input is handled in linear time and bounded
//! memory (no recursion that grows with the input). Each case is big enough
//! that quadratic behaviour or unbounded recursion would be obvious (minutes,
//! or a stack overflow), and takes well under a couple of seconds in a debug
//! build. 100,000 rows and a 10 MB cell are covered by the parser's unit
//! tests (`parse::tests::fuzz::huge_inputs_are_linear`).

use dvgen::emit::EmitOptions;
use dvgen::generate::generate_from_pages;
use dvgen::sources::markdown::parse_page_with_coverage;

const HEAD: &str = "---\ntitle: t\n---\n# A (A) table/entity reference\n\n";
const PROPS: &str = "## Properties\n\n|Property|Value|\n|-|-|\n|LogicalName|`a`|\n\n";
const N: usize = 100_000;

fn run(name: &str, text: &str) {
    let t = std::time::Instant::now();
    let (page, cov) = parse_page_with_coverage(name, text.as_bytes());
    let lines = cov.counts().lines;
    for d in &page.diagnostics {
        assert!(d.line as usize <= lines, "{d}");
    }
    let g = generate_from_pages(vec![page], &EmitOptions::default());
    assert!(!g.files.is_empty());
    println!(
        "{name}: {} bytes, {lines} lines, {} unknown, {:?}",
        text.len(),
        cov.counts().unknown,
        t.elapsed()
    );
}

#[test]
fn deep_blockquotes() {
    // In the preamble (pulldown-cmark) and in a section (line scanner), one line each.
    let q = ">".repeat(N);
    run("quote-preamble.md", &format!("{HEAD}{q} deep\n\n{PROPS}"));
    run("quote-section.md", &format!("{HEAD}{PROPS}{q} deep\n"));
    // One `>` more per line.
    let mut s = HEAD.to_string();
    for i in 1..2_000 {
        s.push_str(&">".repeat(i));
        s.push_str(" x\n");
    }
    s.push_str(PROPS);
    run("quote-stairs.md", &s);
}

#[test]
fn deep_lists() {
    // `- - - - … x`: 100,000 list levels on one line.
    let l = "- ".repeat(N);
    run("list-preamble.md", &format!("{HEAD}{l}x\n\n{PROPS}"));
    run("list-section.md", &format!("{HEAD}{PROPS}{l}x\n"));
    // Indented bullets, one level deeper per line (the size grows with the
    // square of the depth: 1,500 levels is 1.1 MB), as plain bullets in the
    // preamble and as bold-key containers (`- **K**:`) in a column entry.
    let mut pre = String::new();
    let mut col = String::new();
    for i in 0..1_500 {
        let ind = " ".repeat(i);
        pre.push_str(&format!("{ind}- x\n"));
        col.push_str(&format!("{ind}- **K{i}**:\n"));
    }
    run("list-stairs.md", &format!("{HEAD}{pre}\n{PROPS}"));
    run(
        "bold-stairs.md",
        &format!("{HEAD}{PROPS}## Writable columns/attributes\n\n### X\n\n|Property|Value|\n|-|-|\n|LogicalName|`x`|\n{col}"),
    );
}

#[test]
fn deep_brackets_and_front_matter() {
    // Links nested 100,000 deep in a description cell (the doc sanitiser was
    // quadratic here: 56 s, now linear) and 10,000 deep in the preamble.
    let b = format!("{}x{}", "[".repeat(N), "](y)".repeat(N));
    run("brackets-cell.md", &format!("{HEAD}{PROPS}## Writable columns/attributes\n\n### X\n\n|Property|Value|\n|-|-|\n|LogicalName|`x`|\n|Description|{b}|\n"));
    let b = format!("{}x{}", "[".repeat(N / 10), "](y)".repeat(N / 10));
    run("brackets-preamble-10k.md", &format!("{HEAD}{b}\n\n{PROPS}"));
    // Deeply nested YAML flow collections in the front matter: libyaml is
    // quadratic in the flow depth (100,000 levels took 114 s), so the front
    // matter is rejected with DV0009 beyond 32 levels.
    let y = format!(
        "---\ntitle: {}{}\n---\n# A (A) table/entity reference\n\n{PROPS}",
        "[".repeat(N),
        "]".repeat(N)
    );
    run("yaml.md", &y);
    let y = format!(
        "---\ntitle: t\n{}x: 1\n---\n# A (A) table/entity reference\n\n{PROPS}",
        (0..2_000)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect::<String>()
    );
    run("yaml-indent.md", &y);
}

#[test]
fn many_sections_entries_and_headings() {
    // 100,000 unknown sections, 5,000 column entries (emitting them dominates
    // in debug builds), 100,000 headings in a column.
    let mut s = format!("{HEAD}{PROPS}");
    for i in 0..N {
        s.push_str(&format!("## S{i}\n"));
    }
    run("sections.md", &s);
    let mut s = format!("{HEAD}{PROPS}## Writable columns/attributes\n\n");
    for i in 0..5_000 {
        s.push_str(&format!(
            "### C{i}\n|Property|Value|\n|-|-|\n|LogicalName|`c{i}`|\n|Type|String|\n"
        ));
    }
    run("entries.md", &s);
    let mut s = format!("{HEAD}{PROPS}## Writable columns/attributes\n\n### X\n|Property|Value|\n|-|-|\n|LogicalName|`x`|\n");
    for i in 0..N {
        s.push_str(&format!("#### H{i}\n"));
    }
    run("headings.md", &s);
}
