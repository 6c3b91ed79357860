//! A structure-aware page mutator shared by the cargo-fuzz targets
//! (`fuzz/`) and the proptest suite (`generator/tests/properties.rs`).
//!
//! [`mutate`] takes a real page and a byte string of "operations" and applies
//! line- and cell-level edits: drop, duplicate, swap and copy lines, drop,
//! duplicate and swap table cells, truncate, and insert hostile tokens
//! (Unicode, `|`, backticks, `<br />`, headings, list and quote markers).
//! Every input byte string is a valid operation list, so fuzzers and
//! property tests explore edits instead of parse errors.

#![allow(dead_code)]

/// Tokens inserted by the `insert` operation.
pub const TOKENS: &[&str] = &[
    "|",
    "||",
    "`",
    "``",
    "```",
    "<br />",
    "<br>",
    "**",
    "**X**:",
    "\\",
    "# ",
    "## ",
    "### ",
    "#### ",
    "- ",
    "  - ",
    "> ",
    "> [!NOTE]",
    "[",
    "](",
    "[x](y.md)",
    "<xref:",
    "<a name=\"BKMK_",
    "</a>",
    "---",
    "|---|---|",
    "|Property|Value|",
    "|Value|Label|",
    "\n",
    "\r",
    "\t",
    "\u{0}",
    "\u{feff}",
    "\u{202e}",
    "\u{200b}",
    "é",
    "e\u{301}",
    "𝕏",
    "日本",
    "\u{fffd}",
    "*/",
    "\"",
    "#[",
    "r#\"",
    "}",
    "-1",
    "99999999999999999999",
    "2147483648",
    "True",
    "Picklist",
    "Lookup",
    ":",
    "../",
    "con",
];

/// Reads operation arguments from the fuzz input, 0 when exhausted.
struct Ops<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Ops<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = self.data.get(self.pos).copied();
        self.pos += 1;
        b
    }
    fn arg(&mut self) -> u8 {
        self.byte().unwrap_or(0)
    }
    fn index(&mut self, len: usize) -> usize {
        if len == 0 {
            return 0;
        }
        let hi = usize::from(self.arg());
        let lo = usize::from(self.arg());
        (hi << 8 | lo) % len
    }
}

/// Split a line into `|` cells (the pipes stay between them).
fn cells(line: &str) -> Vec<&str> {
    line.split('|').collect()
}

/// Apply the operations in `ops` to `page` (at most 64 operations).
pub fn mutate(page: &str, ops: &[u8]) -> String {
    let mut lines: Vec<String> = page.split('\n').map(str::to_string).collect();
    let mut o = Ops { data: ops, pos: 0 };
    let mut count = 0;
    while let Some(op) = o.byte() {
        count += 1;
        if count > 64 {
            break;
        }
        let n = lines.len();
        match op % 12 {
            0 => {
                let i = o.index(n);
                if i < lines.len() {
                    lines.remove(i);
                }
            }
            1 => {
                let i = o.index(n);
                if let Some(l) = lines.get(i).cloned() {
                    lines.insert(i, l);
                }
            }
            2 => {
                let (i, j) = (o.index(n), o.index(n));
                if i < n && j < n {
                    lines.swap(i, j);
                }
            }
            3 => {
                // Copy a line from elsewhere over this one.
                let (i, j) = (o.index(n), o.index(n));
                if let Some(l) = lines.get(j).cloned() {
                    if let Some(slot) = lines.get_mut(i) {
                        *slot = l;
                    }
                }
            }
            4..=6 => {
                let i = o.index(n);
                let (a, b) = (usize::from(o.arg()), usize::from(o.arg()));
                if let Some(line) = lines.get(i) {
                    let mut cs: Vec<&str> = cells(line);
                    let m = cs.len();
                    if m > 1 {
                        match op % 12 {
                            4 => {
                                cs.remove(a % m);
                            }
                            5 => {
                                let c = cs[a % m];
                                cs.insert(a % m, c);
                            }
                            _ => cs.swap(a % m, b % m),
                        }
                        let joined = cs.join("|");
                        lines[i] = joined;
                    }
                }
            }
            7 => {
                // Truncate the page at a line, and maybe inside it.
                let i = o.index(n);
                let cut = usize::from(o.arg());
                lines.truncate(i + 1);
                if let Some(last) = lines.last_mut() {
                    if cut < last.len() {
                        let mut c = cut;
                        while !last.is_char_boundary(c) {
                            c -= 1;
                        }
                        last.truncate(c);
                    }
                }
                if o.arg() & 1 == 0 {
                    // End with `\n` (else the last line has none).
                    lines.push(String::new());
                }
            }
            8..=10 => {
                let i = o.index(n);
                let t = TOKENS[usize::from(o.arg()) % TOKENS.len()];
                let at = usize::from(o.arg());
                let repeat = if op % 12 == 10 {
                    1 + usize::from(o.arg() % 16)
                } else {
                    1
                };
                if let Some(line) = lines.get_mut(i) {
                    let mut at = at.min(line.len());
                    while !line.is_char_boundary(at) {
                        at -= 1;
                    }
                    line.insert_str(at, &t.repeat(repeat));
                } else {
                    lines.push(t.to_string());
                }
            }
            _ => {
                // Insert a fresh line made of tokens.
                let i = o.index(n + 1);
                let k = 1 + usize::from(o.arg() % 6);
                let mut l = String::new();
                for _ in 0..k {
                    l.push_str(TOKENS[usize::from(o.arg()) % TOKENS.len()]);
                }
                lines.insert(i.min(lines.len()), l);
            }
        }
    }
    lines.join("\n")
}
