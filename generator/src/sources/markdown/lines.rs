//! The page as lines: a precomputed line-start table so that byte offsets
//! (from pulldown-cmark or from scanning) map to 1-based line numbers in O(log n).

/// All lines of a page, without their line terminators.
pub(crate) struct Lines<'a> {
    /// The whole text.
    pub text: &'a str,
    /// Line texts (no `\n`, no trailing `\r`).
    pub lines: Vec<&'a str>,
    /// Byte offset of each line start in `text`.
    pub starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    /// Split `text` into lines. A final line without `\n` is kept; a final
    /// `\n` does not produce an extra empty line.
    pub fn new(text: &'a str) -> Lines<'a> {
        let mut lines = Vec::with_capacity(text.len() / 40 + 1);
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        let mut start = 0usize;
        // `match_indices` with a char pattern searches with memchr.
        for (i, _) in text.match_indices('\n') {
            let line = &text[start..i];
            lines.push(line.strip_suffix('\r').unwrap_or(line));
            starts.push(start);
            start = i + 1;
        }
        if start < text.len() {
            let line = &text[start..];
            lines.push(line.strip_suffix('\r').unwrap_or(line));
            starts.push(start);
        }
        Lines {
            text,
            lines,
            starts,
        }
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Line text by 0-based index (empty when out of range).
    pub fn get(&self, idx: usize) -> &'a str {
        self.lines.get(idx).copied().unwrap_or("")
    }

    /// 1-based line number of a byte offset (clamped to the last line; 0 for an empty text).
    pub fn line_of_offset(&self, offset: usize) -> u32 {
        if self.starts.is_empty() {
            return 0;
        }
        let idx = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        (idx + 1) as u32
    }

    /// Byte offset where the line with 0-based index `idx` starts (text end when past the end).
    pub fn start_of(&self, idx: usize) -> usize {
        self.starts.get(idx).copied().unwrap_or(self.text.len())
    }
}

/// 1-based line number from a 0-based index.
pub(crate) fn no(idx: usize) -> u32 {
    u32::try_from(idx + 1).unwrap_or(u32::MAX)
}

/// Number of leading spaces (tabs count as 4).
pub(crate) fn indent(line: &str) -> usize {
    let mut n = 0;
    for b in line.bytes() {
        match b {
            b' ' => n += 1,
            b'\t' => n += 4,
            _ => break,
        }
    }
    n
}

/// 1-based column of `sub` inside `line` when `sub` is a slice of it, else 1.
pub(crate) fn col_of(line: &str, sub: &str) -> u32 {
    let base = line.as_ptr() as usize;
    let p = sub.as_ptr() as usize;
    if p >= base && p <= base + line.len() {
        u32::try_from(p - base + 1).unwrap_or(1)
    } else {
        1
    }
}
