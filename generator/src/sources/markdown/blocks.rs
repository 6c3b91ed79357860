//! Line scanner for the body of a section or entry: turns lines into a flat
//! list of items (pipe tables, bold-key properties with nested bullet
//! children, sub-headings, plain text lines). One pass, linear.

use super::bold_key;
use super::inline::strip_trailing_br;
use super::lines::{indent, no, Lines};
use super::pipe_table::{self, PipeTable};

/// A key/value property from a table row, a bold-key line or a bullet.
#[derive(Debug, Clone)]
pub(crate) struct Prop<'a> {
    /// Key, trimmed, bold markers and backticks removed.
    pub key: &'a str,
    /// Raw value, trimmed, trailing `<br />` removed (may contain inline Markdown).
    pub value: &'a str,
    /// 1-based line.
    pub line: u32,
    /// 1-based column of the value.
    pub column: u32,
    /// The raw line (for multi-key bullets).
    pub raw: &'a str,
    /// Nested bullets (V1 `**AssociatedMenuConfiguration**:` + `- **Behavior**: …`).
    pub children: Vec<Prop<'a>>,
}

/// One item of a block.
#[derive(Debug, Clone)]
pub(crate) enum Item<'a> {
    /// A pipe table.
    Table(PipeTable<'a>),
    /// A bold-key property (with children).
    Prop(Prop<'a>),
    /// A heading below the block's own level (`####`): level, text, line.
    Heading(u8, &'a str, u32),
    /// Any other non-blank line (sentences, link bullets): line, trimmed text.
    Text(u32, &'a str),
}

struct Open<'a> {
    prop: Prop<'a>,
    indent: usize,
    bullet: bool,
}

/// Heading level and text of a line (`#### X` → (4, "X")), ATX style only.
pub(crate) fn heading(line: &str) -> Option<(u8, &str)> {
    if indent(line) > 3 {
        return None;
    }
    let t = line.trim_start();
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &t[hashes..];
    if !rest.is_empty() && !rest.starts_with(' ') && !rest.starts_with('\t') {
        return None;
    }
    let text = rest.trim();
    let text = text.trim_end_matches('#').trim_end();
    Some((hashes as u8, text))
}

/// True for a line that is only an HTML anchor (`<a name="x"></a>`).
pub(crate) fn is_anchor_line(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("<a ") && t.ends_with("</a>") && !t[3..].contains("<a ")
}

/// Strip a list marker: (indent, content) for `- x` / `* x` / `+ x`.
fn bullet(line: &str) -> Option<(usize, &str)> {
    let ind = indent(line);
    let t = line.trim_start();
    for m in ["- ", "* ", "+ "] {
        if let Some(rest) = t.strip_prefix(m) {
            return Some((ind, rest.trim()));
        }
    }
    if t == "-" || t == "*" {
        return Some((ind, ""));
    }
    None
}

/// Scan lines `[from, to)` (0-based) into items.
pub(crate) fn scan<'a>(lines: &Lines<'a>, from: usize, to: usize) -> Vec<Item<'a>> {
    let mut items: Vec<Item<'a>> = Vec::new();
    let mut stack: Vec<Open<'a>> = Vec::new();
    let mut i = from;
    let to = to.min(lines.len());
    while i < to {
        let raw = lines.get(i);
        let t = raw.trim();
        if t.is_empty() {
            i += 1;
            continue;
        }
        if pipe_table::is_row(raw) {
            close(&mut stack, &mut items, 0);
            let header = pipe_table::split_row(no(i), raw);
            let mut table = PipeTable {
                header,
                has_separator: false,
                rows: Vec::new(),
            };
            i += 1;
            if i < to && pipe_table::is_row(lines.get(i)) {
                let r = pipe_table::split_row(no(i), lines.get(i));
                if pipe_table::is_separator(&r) {
                    table.has_separator = true;
                } else {
                    table.rows.push(r);
                }
                i += 1;
            }
            while i < to && pipe_table::is_row(lines.get(i)) {
                let mut row = pipe_table::split_row(no(i), lines.get(i));
                i += 1;
                if i < to && pipe_table::closes_open_row(&row, lines.get(i)) {
                    row.closed = true;
                    row.continued = Some(no(i));
                    i += 1;
                }
                table.rows.push(row);
            }
            items.push(Item::Table(table));
            continue;
        }
        if let Some((level, text)) = heading(raw) {
            close(&mut stack, &mut items, 0);
            items.push(Item::Heading(level, text, no(i)));
            i += 1;
            continue;
        }
        if is_anchor_line(raw) {
            i += 1;
            continue;
        }
        let (is_bullet, ind, content) = match bullet(raw) {
            Some((ind, c)) => (true, ind, c),
            None => (false, indent(raw), t),
        };
        if let Some((key, rest)) = bold_key::split(content) {
            let (value, had_br) = strip_trailing_br(rest);
            let container = value.is_empty() && !had_br && content.trim_end().ends_with(':');
            let prop = Prop {
                key,
                value,
                line: no(i),
                column: super::lines::col_of(raw, value),
                raw,
                children: Vec::new(),
            };
            // Find the parent: a non-bullet container takes any bullet; a
            // bullet container takes deeper bullets.
            while let Some(top) = stack.last() {
                let ok = is_bullet && (!top.bullet || ind > top.indent);
                if ok {
                    break;
                }
                let depth = stack.len() - 1;
                close(&mut stack, &mut items, depth);
            }
            if container {
                stack.push(Open {
                    prop,
                    indent: ind,
                    bullet: is_bullet,
                });
            } else if let Some(top) = stack.last_mut() {
                top.prop.children.push(prop);
            } else {
                items.push(Item::Prop(prop));
            }
            i += 1;
            continue;
        }
        close(&mut stack, &mut items, 0);
        items.push(Item::Text(no(i), t));
        i += 1;
    }
    close(&mut stack, &mut items, 0);
    items
}

/// Pop open containers down to `depth`, attaching each to its parent.
fn close<'a>(stack: &mut Vec<Open<'a>>, items: &mut Vec<Item<'a>>, depth: usize) {
    while stack.len() > depth {
        let Some(o) = stack.pop() else { break };
        if let Some(parent) = stack.last_mut() {
            parent.prop.children.push(o.prop);
        } else {
            items.push(Item::Prop(o.prop));
        }
    }
}

/// Props of a `|Property|Value|` table (key cell normalised).
pub(crate) fn table_props<'a>(t: &PipeTable<'a>) -> Vec<Prop<'a>> {
    t.rows
        .iter()
        .map(|r| {
            let key = r.cells.first().copied().unwrap_or("");
            let value = r.cells.get(1).copied().unwrap_or("");
            Prop {
                key: super::inline::strip_wrappers(key),
                value,
                line: r.line,
                column: super::lines::col_of(r.raw, value),
                raw: r.raw,
                children: Vec::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1_nested() {
        let text = "**ReferencingEntity**: activitypointer<br />\n**AssociatedMenuConfiguration**:\n\n- **Behavior**: UseCollectionName\n- **Label**: \n- **Order**: 10\n\n**CascadeConfiguration**:\n\n- **Assign**: NoCascade\n";
        let lines = Lines::new(text);
        let items = scan(&lines, 0, lines.len());
        let props: Vec<_> = items
            .iter()
            .filter_map(|i| match i {
                Item::Prop(p) => Some(p),
                _ => None,
            })
            .collect();
        assert_eq!(props.len(), 3);
        assert_eq!(props[1].key, "AssociatedMenuConfiguration");
        assert_eq!(props[1].children.len(), 3);
        assert_eq!(props[1].children[2].value, "10");
        assert_eq!(props[2].children.len(), 1);
    }

    #[test]
    fn v1_m2m_sides() {
        let text = "**Entity1LogicalName**: lead<br />\n\n- **Entity1IntersectAttribute**: leadid\n- **Entity1AssociatedMenuConfiguration**:\n\n  - **Behavior**: DoNotDisplay\n  - **Label**: \n  - **Order**: \n\n**Entity2LogicalName**: [competitor](competitor.md)<br />\n";
        let lines = Lines::new(text);
        let items = scan(&lines, 0, lines.len());
        let keys: Vec<_> = items
            .iter()
            .filter_map(|i| match i {
                Item::Prop(p) => Some((p.key, p.children.len())),
                _ => None,
            })
            .collect();
        assert_eq!(
            keys,
            vec![
                ("Entity1LogicalName", 0),
                ("Entity1IntersectAttribute", 0),
                ("Entity1AssociatedMenuConfiguration", 3),
                ("Entity2LogicalName", 0)
            ]
        );
    }
}
