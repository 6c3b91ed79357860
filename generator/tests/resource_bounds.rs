//! Resource bounds: huge and deeply nested input is handled in linear time
//! and bounded memory (no recursion that grows with the input), and the
//! result is still right. Linear time is asserted without depending on the
//! machine's speed (`support/linear.rs`): each case runs at size `n` and
//! `10 n` in the same test, and `10 n` may take at most 30x as long (linear:
//! ~10x; quadratic: ~100x). Cases whose input size grows with the square of
//! a depth ("stairs") are checked once, for no panic, located diagnostics and
//! a result. 100,000 rows and a 10 MB cell are covered by the parser's unit
//! tests (`sources::markdown::tests::fuzz::huge_inputs_are_linear`).

#[path = "support/linear.rs"]
mod linear;

use dvgen::diagnostics::codes;
use dvgen::emit::EmitOptions;
use dvgen::generate::{generate_from_pages, Generated};
use dvgen::model::{Page, Table};
use dvgen::sources::markdown::parse_page_with_coverage;
use linear::assert_linear;

const HEAD: &str = "---\ntitle: t\n---\n# A (A) table/entity reference\n\n";
const PROPS: &str = "## Properties\n\n|Property|Value|\n|-|-|\n|LogicalName|`a`|\n\n";
const COLUMN_X: &str =
    "## Writable columns/attributes\n\n### X\n\n|Property|Value|\n|-|-|\n|LogicalName|`x`|\n";
/// The larger size of the linear checks (the smaller is a tenth of it).
const N: usize = 100_000;

/// Parse (diagnostics must point at lines of the page), check the page,
/// merge and emit (the table module must be there).
fn pipeline(
    name: &str,
    text: &str,
    check: impl Fn(&Page) -> Result<(), String>,
) -> Result<Generated, String> {
    let (page, cov) = parse_page_with_coverage(name, text.as_bytes());
    let lines = cov.counts().lines;
    if let Some(d) = page.diagnostics.iter().find(|d| d.line as usize > lines) {
        return Err(format!("{d} is past line {lines}"));
    }
    check(&page)?;
    let g = generate_from_pages(vec![page], &EmitOptions::default());
    if !g.files.contains_key("src/a.rs") {
        return Err(format!("no src/a.rs in {:?}", g.files.keys()));
    }
    Ok(g)
}

fn table(page: &Page) -> Result<&Table, String> {
    let t = page.table.as_ref().ok_or("no table")?;
    if t.logical_name != "a" {
        return Err(format!("table {:?}", t.logical_name));
    }
    Ok(t)
}

/// The page is table `a`.
fn is_table_a(page: &Page) -> Result<(), String> {
    table(page).map(|_| ())
}

/// The page is table `a` with the one column `x`.
fn has_column_x(page: &Page) -> Result<(), String> {
    let t = table(page)?;
    match t.columns.as_slice() {
        [c] if c.logical_name == "x" => Ok(()),
        cols => Err(format!("{} columns", cols.len())),
    }
}

/// Checked once: no panic, located diagnostics, and `check`.
fn run(name: &str, text: &str, check: impl Fn(&Page) -> Result<(), String>) {
    let t = std::time::Instant::now();
    if let Err(e) = pipeline(name, text, check) {
        panic!("{name}: {e}");
    }
    println!("{name}: {} bytes, {:?}", text.len(), t.elapsed());
}

/// `make(n)` at `N / 10` and `N`, in linear time, each passing `check`.
fn linear(
    name: &str,
    make: impl Fn(usize) -> String,
    check: impl Fn(&Page, usize) -> Result<(), String>,
) {
    assert_linear(name, N / 10, make, |text, n| {
        pipeline(name, text, |page| check(page, n)).map(|_| ())
    });
}

#[test]
fn deep_blockquotes() {
    // In the preamble (pulldown-cmark) and in a section (line scanner), one line each.
    let q = |n: usize| ">".repeat(n);
    linear(
        "quote-preamble",
        |n| format!("{HEAD}{} deep\n\n{PROPS}", q(n)),
        |p, _| is_table_a(p),
    );
    linear(
        "quote-section",
        |n| format!("{HEAD}{PROPS}{} deep\n", q(n)),
        |p, _| is_table_a(p),
    );
    // One `>` more per line.
    let mut s = HEAD.to_string();
    for i in 1..2_000 {
        s.push_str(&">".repeat(i));
        s.push_str(" x\n");
    }
    s.push_str(PROPS);
    run("quote-stairs.md", &s, is_table_a);
}

#[test]
fn deep_lists() {
    // `- - - - … x`: 100,000 list levels on one line.
    let l = |n: usize| "- ".repeat(n);
    linear(
        "list-preamble",
        |n| format!("{HEAD}{}x\n\n{PROPS}", l(n)),
        |p, _| is_table_a(p),
    );
    linear(
        "list-section",
        |n| format!("{HEAD}{PROPS}{}x\n", l(n)),
        |p, _| is_table_a(p),
    );
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
    run(
        "list-stairs.md",
        &format!("{HEAD}{pre}\n{PROPS}"),
        is_table_a,
    );
    run(
        "bold-stairs.md",
        &format!("{HEAD}{PROPS}{COLUMN_X}{col}"),
        has_column_x,
    );
}

#[test]
fn deep_brackets_and_front_matter() {
    // Links nested 100,000 deep in a description cell (the doc sanitiser was
    // quadratic here: 56 s, now linear) and 10,000 deep in the preamble.
    let b = |n: usize| format!("{}x{}", "[".repeat(n), "](y)".repeat(n));
    linear(
        "brackets-cell",
        |n| format!("{HEAD}{PROPS}{COLUMN_X}|Description|{}|\n", b(n)),
        |p, _| {
            has_column_x(p)?;
            let d = p
                .table
                .as_ref()
                .and_then(|t| t.columns[0].description.as_deref());
            match d {
                Some(d) if d.contains('x') => Ok(()),
                d => Err(format!(
                    "description {:?}",
                    d.map(|d| &d[..d.len().min(80)])
                )),
            }
        },
    );
    assert_linear(
        "brackets-preamble",
        N / 100,
        |n| format!("{HEAD}{}\n\n{PROPS}", b(n)),
        |text, _| pipeline("brackets-preamble", text, is_table_a).map(|_| ()),
    );
    // Deeply nested YAML flow collections in the front matter: libyaml is
    // quadratic in the flow depth (100,000 levels took 114 s), so the front
    // matter is rejected with DV0009 beyond 32 levels; the page still loads.
    linear(
        "yaml",
        |n| {
            format!(
                "---\ntitle: {}{}\n---\n# A (A) table/entity reference\n\n{PROPS}",
                "[".repeat(n),
                "]".repeat(n)
            )
        },
        |p, _| {
            is_table_a(p)?;
            match p.diagnostics.iter().find(|d| d.code == codes::TOO_LARGE) {
                Some(d) if d.line <= 2 => Ok(()),
                d => Err(format!(
                    "expected {} at the front matter: {d:?}",
                    codes::TOO_LARGE
                )),
            }
        },
    );
    let y = format!(
        "---\ntitle: t\n{}x: 1\n---\n# A (A) table/entity reference\n\n{PROPS}",
        (0..2_000)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect::<String>()
    );
    run("yaml-indent.md", &y, is_table_a);
}

#[test]
fn many_sections_entries_and_headings() {
    // 100,000 unknown sections: one DV0101 each.
    linear(
        "sections",
        |n| {
            let mut s = format!("{HEAD}{PROPS}");
            for i in 0..n {
                s.push_str(&format!("## S{i}\n"));
            }
            s
        },
        |p, n| {
            is_table_a(p)?;
            let unknown = p
                .diagnostics
                .iter()
                .filter(|d| d.code == codes::UNKNOWN_SECTION)
                .count();
            if unknown == n {
                Ok(())
            } else {
                Err(format!("{unknown} unknown sections reported, not {n}"))
            }
        },
    );
    // 5,000 column entries (emitting them dominates in debug builds): all
    // parsed, in order, and all fields of the struct.
    assert_linear(
        "entries",
        500,
        |n| {
            let mut s = format!("{HEAD}{PROPS}## Writable columns/attributes\n\n");
            for i in 0..n {
                s.push_str(&format!(
                    "### C{i}\n|Property|Value|\n|-|-|\n|LogicalName|`c{i}`|\n|Type|String|\n"
                ));
            }
            s
        },
        |text, n| {
            let g = pipeline("entries", text, |p| {
                let t = table(p)?;
                let names: Vec<&str> = t.columns.iter().map(|c| c.logical_name.as_str()).collect();
                let expected: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
                if names == expected {
                    Ok(())
                } else {
                    Err(format!("{} columns parsed, not {n} in order", names.len()))
                }
            })?;
            let file = syn::parse_file(&g.files["src/a.rs"]).map_err(|e| e.to_string())?;
            let fields = file
                .items
                .iter()
                .find_map(|item| match item {
                    syn::Item::Struct(s) if s.ident == "A" => Some(
                        s.fields
                            .iter()
                            .filter(|f| f.ident.as_ref().is_some_and(|i| i != "extra"))
                            .count(),
                    ),
                    _ => None,
                })
                .ok_or("no struct A")?;
            if fields == n {
                Ok(())
            } else {
                Err(format!(
                    "struct A has {fields} column fields for {n} columns"
                ))
            }
        },
    );
    // 100,000 headings in a column.
    linear(
        "headings",
        |n| {
            let mut s = format!("{HEAD}{PROPS}{COLUMN_X}");
            for i in 0..n {
                s.push_str(&format!("#### H{i}\n"));
            }
            s
        },
        |p, _| has_column_x(p),
    );
}
