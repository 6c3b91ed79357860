//! Page layout: the H1, the preamble, `##` sections (classified by heading),
//! `###` entries inside a section, and the footer (`See also`).

use super::blocks::{heading, is_anchor_line};
use super::lines::Lines;

/// What a `##` section holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SectionKind {
    /// `## Messages`.
    Messages,
    /// `## Events` (V4).
    Events,
    /// `## Properties` / `## Entity Properties`.
    Properties,
    /// `## Writable columns/attributes`.
    Writable,
    /// `## Read-only columns/attributes`.
    ReadOnly,
    /// `## Customized columns/attributes` (V5).
    Customized,
    /// `## One-To-Many Relationships`.
    OneToMany,
    /// `## Many-To-One Relationships`.
    ManyToOne,
    /// `## Many-To-Many Relationships`.
    ManyToMany,
    /// `## Customized relationships` (V5 extension pages): `### Customized
    /// One-to-many relationships` etc. with `####` entries that change a
    /// relationship of the base page.
    CustomizedRelationships,
    /// Anything else.
    Unknown,
}

/// One `##` section.
#[derive(Debug, Clone)]
pub(crate) struct Section<'a> {
    /// Kind from the heading.
    pub kind: SectionKind,
    /// Heading text, trimmed.
    pub title: &'a str,
    /// 0-based index of the heading line.
    pub heading: usize,
    /// Body lines `[from, to)`, 0-based.
    pub from: usize,
    /// End of the body (exclusive).
    pub to: usize,
}

/// The page's structure.
#[derive(Debug, Clone, Default)]
pub(crate) struct Layout<'a> {
    /// 0-based index and text of the H1.
    pub h1: Option<(usize, &'a str)>,
    /// Preamble lines `[from, to)` (after the H1, before the first section).
    pub preamble: (usize, usize),
    /// Sections in page order.
    pub sections: Vec<Section<'a>>,
    /// 0-based index of the footer heading.
    pub footer: Option<usize>,
}

/// Classify a `##` heading text.
pub(crate) fn classify_heading(text: &str) -> SectionKind {
    let t = text.trim().to_ascii_lowercase();
    let t = t.as_str();
    match t {
        "messages" => return SectionKind::Messages,
        "events" => return SectionKind::Events,
        "properties" | "entity properties" | "table properties" | "table/entity properties" => {
            return SectionKind::Properties
        }
        _ => {}
    }
    if t.starts_with("customized relationship") {
        return SectionKind::CustomizedRelationships;
    }
    if t.starts_with("writable ") {
        SectionKind::Writable
    } else if t.starts_with("read-only ") || t.starts_with("read only ") {
        SectionKind::ReadOnly
    } else if t.starts_with("customized ") {
        SectionKind::Customized
    } else if t.starts_with("one-to-many relationship") {
        SectionKind::OneToMany
    } else if t.starts_with("many-to-one relationship") {
        SectionKind::ManyToOne
    } else if t.starts_with("many-to-many relationship") {
        SectionKind::ManyToMany
    } else {
        SectionKind::Unknown
    }
}

/// True for a footer heading (`See also`, `Related information`).
pub(crate) fn is_footer_heading(text: &str) -> bool {
    let t = text.trim();
    t.eq_ignore_ascii_case("see also") || t.eq_ignore_ascii_case("related information")
}

fn fence(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("```") || t.starts_with("~~~")
}

/// Find the H1, sections and footer from line `start` on.
pub(crate) fn layout<'a>(lines: &Lines<'a>, start: usize) -> Layout<'a> {
    let mut out = Layout::default();
    let n = lines.len();
    let mut in_fence = false;
    let mut preamble_from = start;
    let mut first_section: Option<usize> = None;
    for i in start..n {
        let raw = lines.get(i);
        if fence(raw) {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || !raw.trim_start().starts_with('#') {
            continue;
        }
        let Some((level, text)) = heading(raw) else {
            continue;
        };
        if level == 1 && out.h1.is_none() && out.sections.is_empty() {
            out.h1 = Some((i, text));
            preamble_from = i + 1;
            continue;
        }
        if (level == 2 || level == 3) && is_footer_heading(text) {
            out.footer = Some(i);
            break;
        }
        if level == 2 {
            if let Some(last) = out.sections.last_mut() {
                last.to = i;
            }
            first_section.get_or_insert(i);
            out.sections.push(Section {
                kind: classify_heading(text),
                title: text,
                heading: i,
                from: i + 1,
                to: n,
            });
        }
    }
    let end = out.footer.unwrap_or(n);
    if let Some(last) = out.sections.last_mut() {
        last.to = end.min(last.to).max(last.from);
    }
    out.preamble = (
        preamble_from,
        first_section.unwrap_or(end).max(preamble_from),
    );
    out
}

/// One `###` entry of a section.
#[derive(Debug, Clone)]
pub(crate) struct Entry<'a> {
    /// Name after the anchor (SchemaName).
    pub name: &'a str,
    /// Anchor id without `BKMK_`, when present.
    pub anchor: Option<&'a str>,
    /// 0-based index of the heading line.
    pub heading: usize,
    /// Body lines `[from, to)`.
    pub from: usize,
    /// End of the body (exclusive).
    pub to: usize,
}

/// Split a section body into its intro range and `###` entries.
pub(crate) fn entries<'a>(
    lines: &Lines<'a>,
    sec: &Section<'a>,
) -> ((usize, usize), Vec<Entry<'a>>) {
    entries_at(lines, sec, 3)
}

/// Split a section body into its intro range and entries headed at `level`
/// (`###` in ordinary sections, `####` under `### Customized … relationships`).
pub(crate) fn entries_at<'a>(
    lines: &Lines<'a>,
    sec: &Section<'a>,
    level: u8,
) -> ((usize, usize), Vec<Entry<'a>>) {
    let mut out: Vec<Entry<'a>> = Vec::new();
    let mut in_fence = false;
    for i in sec.from..sec.to {
        let raw = lines.get(i);
        if fence(raw) {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || !raw.trim_start().starts_with('#') {
            continue;
        }
        let Some((l, text)) = heading(raw) else {
            continue;
        };
        if l != level {
            continue;
        }
        let (mut anchor, name) = split_anchor(text);
        if anchor.is_none() && i > sec.from && is_anchor_line(lines.get(i - 1)) {
            anchor = split_anchor(lines.get(i - 1).trim()).0;
        }
        if let Some(last) = out.last_mut() {
            last.to = i;
        }
        out.push(Entry {
            name,
            anchor,
            heading: i,
            from: i + 1,
            to: sec.to,
        });
    }
    let intro_end = out.first().map(|e| e.heading).unwrap_or(sec.to);
    ((sec.from, intro_end), out)
}

/// `<a name="BKMK_X"></a> X` → (Some("X" anchor without BKMK_), "X").
pub(crate) fn split_anchor(text: &str) -> (Option<&str>, &str) {
    let t = text.trim();
    if let Some(rest) = t.strip_prefix("<a ") {
        if let Some(end) = rest.find("</a>") {
            let tag = &rest[..end];
            let name = tag
                .find("name=\"")
                .map(|p| &tag[p + 6..])
                .and_then(|s| s.find('"').map(|q| &s[..q]))
                .or_else(|| {
                    tag.find("id=\"")
                        .map(|p| &tag[p + 4..])
                        .and_then(|s| s.find('"').map(|q| &s[..q]))
                });
            let name = name.map(|n| n.strip_prefix("BKMK_").unwrap_or(n));
            return (name, rest[end + 4..].trim());
        }
    }
    (None, t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings() {
        assert_eq!(
            classify_heading("Entity properties"),
            SectionKind::Properties
        );
        assert_eq!(
            classify_heading("Writable columns/attributes"),
            SectionKind::Writable
        );
        assert_eq!(
            classify_heading("Read-only attributes"),
            SectionKind::ReadOnly
        );
        assert_eq!(
            classify_heading("Many-to-One relationships"),
            SectionKind::ManyToOne
        );
        assert_eq!(
            classify_heading("One-To-Many Relationships"),
            SectionKind::OneToMany
        );
        assert_eq!(classify_heading("In This Section"), SectionKind::Unknown);
        assert_eq!(
            classify_heading("Customized relationships"),
            SectionKind::CustomizedRelationships
        );
        assert_eq!(
            classify_heading("Customized columns/attributes"),
            SectionKind::Customized
        );
        assert!(is_footer_heading("Related Information"));
        assert_eq!(
            split_anchor("<a name=\"BKMK_lead_master_lead-many-to-one\"></a> lead_master_lead"),
            (Some("lead_master_lead-many-to-one"), "lead_master_lead")
        );
    }
}
