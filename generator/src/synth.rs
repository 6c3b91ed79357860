//! Synthetic corpora for scale tests and benchmarks: `count` distinct table
//! pages made from real ones by renaming the table, every column and every
//! relationship (a suffix `_s<i>` on entry headings and anchors, and on the
//! LogicalName / SchemaName / EntitySetName / collection-name values).
//!
//! Conceptual pages are skipped; extension pages are kept (they become
//! extensions of renamed, absent tables).

/// Keys whose value names the table or a column (renamed with the suffix).
const RENAMED_KEYS: &[&str] = &[
    "LogicalName",
    "SchemaName",
    "EntitySetName",
    "LogicalCollectionName",
    "CollectionSchemaName",
];

/// Make `count` pages from `pages` (path, text), cycling through the reference
/// and extension pages among them. Returns (synthetic path, text).
pub fn synthesize(pages: &[(String, String)], count: usize) -> Vec<(String, String)> {
    let sources: Vec<&(String, String)> = pages
        .iter()
        .filter(|(_, text)| looks_like_table_page(text))
        .collect();
    if sources.is_empty() {
        return Vec::new();
    }
    (0..count)
        .map(|i| {
            let (path, text) = sources[i % sources.len()];
            let file = path.rsplit('/').next().unwrap_or(path);
            (
                format!("synthetic/{i:05}_{file}"),
                rename(text, &format!("_s{i}")),
            )
        })
        .collect()
}

fn looks_like_table_page(text: &str) -> bool {
    text.contains("<a name=\"BKMK_") || text.contains("**LogicalName**")
}

/// Rename every entry heading, anchor and name value of one page.
pub fn rename(text: &str, suffix: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for line in text.split_inclusive('\n') {
        out.push_str(&rename_line(line, suffix));
    }
    out
}

fn rename_line(line: &str, suffix: &str) -> String {
    let (body, newline) = match line.strip_suffix('\n') {
        Some(b) => (b, "\n"),
        None => (line, ""),
    };
    let mut s = body.to_string();
    // Anchors: <a name="BKMK_X"></a> and links (#BKMK_X).
    s = suffix_after(&s, "BKMK_", suffix);
    // Entry headings: "### <a ...></a> Name" → "Name<suffix>".
    if s.starts_with("### <a name=") {
        let trimmed_len = s.trim_end().len();
        s.insert_str(trimmed_len, suffix);
    }
    for key in RENAMED_KEYS {
        s = rename_value(&s, key, suffix);
    }
    s.push_str(newline);
    s
}

/// Append `suffix` to every identifier that follows `marker`.
fn suffix_after(s: &str, marker: &str, suffix: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find(marker) {
        let after = &rest[pos + marker.len()..];
        let ident_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        out.push_str(&rest[..pos + marker.len() + ident_len]);
        if ident_len > 0 {
            out.push_str(suffix);
        }
        rest = &after[ident_len..];
    }
    out.push_str(rest);
    out
}

/// Rename the value of `key` in a `|Key|value|` row, a `| **Key** | `value` |`
/// row or a `**Key**: value<br />` line.
fn rename_value(s: &str, key: &str, suffix: &str) -> String {
    let t = s.trim_start();
    let cell = t.starts_with('|') && {
        let first = t[1..].split('|').next().unwrap_or("");
        first.trim().trim_matches('*').trim() == key
    };
    let bold = t.starts_with(&format!("**{key}**:"));
    if !cell && !bold {
        return s.to_string();
    }
    let value_start = if cell {
        // Second cell.
        let first_bar = s.find('|').unwrap_or(0);
        s[first_bar + 1..].find('|').map(|p| first_bar + 1 + p + 1)
    } else {
        s.find("**:").map(|p| p + 3)
    };
    let Some(start) = value_start else {
        return s.to_string();
    };
    let value = &s[start..];
    let ident_start = value
        .find(|c: char| c.is_ascii_alphanumeric() || c == '_')
        .map(|p| start + p);
    let Some(i) = ident_start else {
        return s.to_string();
    };
    let ident_len = s[i..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len() - i);
    let mut out = String::with_capacity(s.len() + suffix.len());
    out.push_str(&s[..i + ident_len]);
    out.push_str(suffix);
    out.push_str(&s[i + ident_len..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_names_in_every_layout() {
        let page = "### <a name=\"BKMK_Name\"></a> Name\n|LogicalName|`name`|\n| **SchemaName** | `Lead` |\n**LogicalName**: lead<br />\n- [Name](#BKMK_Name)\n|Description|LogicalName stays|\n";
        let out = rename(page, "_s7");
        assert_eq!(
            out,
            "### <a name=\"BKMK_Name_s7\"></a> Name_s7\n|LogicalName|`name_s7`|\n| **SchemaName** | `Lead_s7` |\n**LogicalName**: lead_s7<br />\n- [Name](#BKMK_Name_s7)\n|Description|LogicalName stays|\n"
        );
    }

    #[test]
    fn makes_the_requested_number_of_distinct_pages() {
        let pages = vec![
            (
                "a/lead.md".to_string(),
                "|LogicalName|lead|\n### <a name=\"BKMK_X\"></a> X\n".to_string(),
            ),
            ("a/prose.md".to_string(), "# Prose\n".to_string()),
        ];
        let out = synthesize(&pages, 5);
        assert_eq!(out.len(), 5);
        assert_eq!(out[3].0, "synthetic/00003_lead.md");
        assert!(out[3].1.contains("|LogicalName|lead_s3|"));
        let distinct: std::collections::BTreeSet<_> = out.iter().map(|(_, t)| t).collect();
        assert_eq!(distinct.len(), 5);
    }
}
