//! Property-style robustness: truncations and line deletions of every corpus
//! page parse without panicking and with located diagnostics; huge inputs
//! stay linear (asserted: `huge_inputs_are_linear`).

use crate::sources::markdown::parse_page;

use super::corpus::pages;
use super::malformed::check_located;

#[path = "../../../../tests/support/linear.rs"]
mod linear;
use linear::assert_linear;

#[test]
fn truncations_and_line_deletions_never_panic() {
    for (path, bytes) in pages() {
        let n = bytes.len();
        // Truncations at spread-out byte offsets (not UTF-8 aware on purpose).
        let steps = 12usize;
        for k in 1..steps {
            let cut = n * k / steps + (k * 7) % 13;
            let cut = cut.min(n);
            let p = parse_page(&path, &bytes[..cut]);
            check_located(&path, &bytes[..cut], &p);
        }
        // Delete every m-th line, for a few m and offsets.
        let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
        for (m, off) in [(2usize, 0usize), (3, 1), (5, 2), (7, 3), (11, 5), (17, 0)] {
            let mut out = Vec::with_capacity(n);
            for (i, l) in lines.iter().enumerate() {
                if i % m != off {
                    out.extend_from_slice(l);
                    out.push(b'\n');
                }
            }
            let p = parse_page(&path, &out);
            check_located(&path, &out, &p);
        }
    }
}

#[test]
fn huge_inputs_are_linear() {
    // Each input at size n and 10n: the larger may take at most 30x as long
    // (linear ~10x, quadratic ~100x; `generator/tests/support/linear.rs`),
    // and both give the right result.
    // Up to 100,000 property rows in one column entry plus as many choice rows.
    assert_linear(
        "rows",
        10_000,
        |n| {
            let mut s = String::from("---\ntitle: t\n---\n# A table/entity reference\n\n## Properties\n\n|Property|Value|\n|---|---|\n|LogicalName|a|\n\n## Writable columns/attributes\n\n### <a name=\"BKMK_X\"></a> X\n\n|Property|Value|\n|---|---|\n|LogicalName|x|\n|Type|Picklist|\n");
            for i in 0..n {
                s.push_str(&format!("|Extra{i}|v|\n"));
            }
            s.push_str("\n#### X Choices/Options\n\n|Value|Label|\n|---|---|\n");
            for i in 0..n {
                s.push_str(&format!("|{i}|**L\\_{i}**|\n"));
            }
            s
        },
        |s, n| {
            let p = parse_page("big.md", s.as_bytes());
            let t = p.table.ok_or("no table")?;
            let c = t.columns.first().ok_or("no column")?;
            let options = c.options.as_ref().map(Vec::len);
            if options != Some(n) || c.other.len() != n {
                return Err(format!("{options:?} options, {} other rows", c.other.len()));
            }
            let last = c.options.as_ref().and_then(|o| o.last());
            match last {
                Some(o) if o.value == n as i64 - 1 && o.label == format!("L_{}", n - 1) => Ok(()),
                o => Err(format!("last option {o:?}")),
            }
        },
    );
    // A 1 MB and a 10 MB cell full of markup starts, in a message row and a
    // property row.
    assert_linear(
        "cell",
        1_000_000 / 16,
        |n| {
            let cell = "[<xref:`**\\_<br".repeat(n);
            format!("---\ntitle: t\n---\n# A table/entity reference\n\n## Messages\n\n|Message|Web API Operation|SDK Assembly|\n|-|-|-|\n|M|{cell}|{cell}|\n\n## Properties\n\n|Property|Value|\n|---|---|\n|LogicalName|a|\n|Description|{cell}|\n")
        },
        |s, _| {
            let p = parse_page("cell.md", s.as_bytes());
            let t = p.table.ok_or("no table")?;
            let names: Vec<&str> = t.messages.iter().map(|m| m.name.as_str()).collect();
            if t.logical_name != "a" || names != ["M"] {
                return Err(format!("table {:?}, messages {names:?}", t.logical_name));
            }
            Ok(())
        },
    );
    // V1 bullets and bold keys on one huge line (up to 1,000,000 keys).
    assert_linear(
        "bold",
        100_000,
        |n| {
            let line = "**K**: ".repeat(n);
            format!("# A Entity Reference\n\n## Properties\n\n**LogicalName**: a<br />\n{line}\n- {line}\n")
        },
        |s, _| {
            let p = parse_page("bold.md", s.as_bytes());
            if let Some(d) = p.diagnostics.iter().find(|d| d.line > 7) {
                return Err(format!("{d} is past the last line"));
            }
            match p.table {
                Some(t) if t.logical_name == "a" => Ok(()),
                t => Err(format!("table {:?}", t.map(|t| t.logical_name))),
            }
        },
    );
}

/// Throughput against bare pulldown-cmark iteration (run with `--release --ignored`).
/// Where the time goes (run with `--release --ignored --nocapture`).
#[test]
#[ignore]
fn perf_breakdown() {
    use crate::sources::markdown::{front_matter, lines::Lines, sections, Ctx};
    let pages = pages();
    let rounds = 20;
    let time = |name: &str, f: &dyn Fn()| {
        let t = std::time::Instant::now();
        for _ in 0..rounds {
            f();
        }
        println!(
            "{name}: {:.1} ms",
            t.elapsed().as_secs_f64() * 1000.0 / rounds as f64
        );
    };
    time("lines", &|| {
        for (_, b) in &pages {
            let s = std::str::from_utf8(b).unwrap_or("");
            std::hint::black_box(Lines::new(s).len());
        }
    });
    time("front matter", &|| {
        for (p, b) in &pages {
            let s = std::str::from_utf8(b).unwrap_or("");
            let l = Lines::new(s);
            let mut ctx = Ctx::new(p);
            std::hint::black_box(front_matter::parse(&l, &mut ctx));
        }
    });
    time("layout", &|| {
        for (p, b) in &pages {
            let s = std::str::from_utf8(b).unwrap_or("");
            let l = Lines::new(s);
            let mut ctx = Ctx::new(p);
            let (_, start) = front_matter::parse(&l, &mut ctx);
            std::hint::black_box(sections::layout(&l, start).sections.len());
        }
    });
    time("full", &|| {
        for (p, b) in &pages {
            std::hint::black_box(parse_page(p, b));
        }
    });
}
