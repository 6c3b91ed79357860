//! Pipe tables, read line by line (no GFM paragraph-continuation rules: a
//! table may follow a sentence with no blank line, as on 2017 pages).

/// One table row.
#[derive(Debug, Clone)]
pub(crate) struct Row<'a> {
    /// 1-based line.
    pub line: u32,
    /// The raw line.
    pub raw: &'a str,
    /// Trimmed cells.
    pub cells: Vec<&'a str>,
    /// False when the line does not end with `|` (a cut or broken row).
    pub closed: bool,
    /// 1-based line of a lone `|` that closes this row on the next line (a cell
    /// whose text ends with a line break, 2024 Sales pages:
    /// `|Description|Unique identifier … record.` then `|`).
    pub continued: Option<u32>,
}

/// A pipe table: header, optional separator, body rows.
#[derive(Debug, Clone)]
pub(crate) struct PipeTable<'a> {
    /// Header row.
    pub header: Row<'a>,
    /// Whether the second line was a `|---|` separator.
    pub has_separator: bool,
    /// Body rows.
    pub rows: Vec<Row<'a>>,
}

impl PipeTable<'_> {
    /// Lower-cased header cells, `<br />` parts joined with a space.
    pub fn header_keys(&self) -> Vec<String> {
        self.header
            .cells
            .iter()
            .map(|c| {
                super::inline::split_br(c)
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_ascii_lowercase()
            })
            .collect()
    }

    /// True for a `|Property|Value|` table.
    pub fn is_property_value(&self) -> bool {
        let h = &self.header.cells;
        h.len() == 2 && h[0].eq_ignore_ascii_case("property") && h[1].eq_ignore_ascii_case("value")
    }
}

/// True when the trimmed line starts a table row.
pub(crate) fn is_row(line: &str) -> bool {
    line.trim_start().starts_with('|')
}

/// Split a row into trimmed cells.
pub(crate) fn split_row(line: u32, raw: &str) -> Row<'_> {
    let t = raw.trim();
    let inner = t.strip_prefix('|').unwrap_or(t);
    let (inner, closed) = match inner.strip_suffix('|') {
        Some(i) => (i, true),
        None => (inner, false),
    };
    let cells = if inner.is_empty() && closed {
        vec![""]
    } else {
        inner.split('|').map(str::trim).collect()
    };
    Row {
        line,
        raw,
        cells,
        closed,
        continued: None,
    }
}

/// True when `next` is a lone `|` that closes the open row `row` (the row's last
/// cell ended with a line break).
pub(crate) fn closes_open_row(row: &Row<'_>, next: &str) -> bool {
    !row.closed && row.cells.len() >= 2 && next.trim() == "|"
}

/// True for a separator row (`|---|:--:|`).
pub(crate) fn is_separator(row: &Row<'_>) -> bool {
    !row.cells.is_empty()
        && row.cells.iter().all(|c| {
            let c = c.trim();
            let c = c.strip_prefix(':').unwrap_or(c);
            let c = c.strip_suffix(':').unwrap_or(c);
            !c.is_empty() && c.bytes().all(|b| b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows() {
        let r = split_row(1, "|DisplayName|Pricing Error |  ");
        assert_eq!(r.cells, vec!["DisplayName", "Pricing Error"]);
        assert!(r.closed);
        let r = split_row(1, "| `Associate`<br />Event: True | |[x](y)|");
        assert_eq!(r.cells.len(), 3);
        assert_eq!(r.cells[1], "");
        assert!(is_separator(&split_row(1, "| ---- | ----- |----- |")));
        assert!(is_separator(&split_row(1, "|-|-|-|")));
        assert!(!is_separator(&split_row(1, "|1|2|")));
        let r = split_row(1, "|Descr");
        assert!(!r.closed);
        // A one-cell cut row is not continued; a two-cell open row is, by a lone `|`.
        assert!(!closes_open_row(&r, "|"));
        let r = split_row(1, "|Description|Unique identifier of the user.");
        assert!(closes_open_row(&r, "|"));
        assert!(!closes_open_row(&r, "|IsValidForForm|True|"));
    }
}
