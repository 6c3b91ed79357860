//! The H1 and the preamble (description, NOTE blocks, includes, `**Added by**`),
//! read with pulldown-cmark block events and their source offsets.

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::model::{ExtendsRef, Product};

use super::coverage::{Coverage, LineUse};
use super::inline::{link_parts, link_target_name, links, strip_trailing_br};
use super::lines::Lines;

/// What the H1 says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct H1<'a> {
    /// Display name before the reference wording.
    pub display_name: Option<&'a str>,
    /// Schema name in parentheses.
    pub schema_name: Option<&'a str>,
    /// Product from the `(Microsoft …)` suffix.
    pub product: Option<Product>,
    /// True when the H1 has the reference form (`… table/entity reference`).
    pub reference_form: bool,
}

/// Product named by a text such as `Microsoft Dynamics 365 Customer Service`.
pub(crate) fn product_of(text: &str) -> Option<Product> {
    let t = text.to_ascii_lowercase();
    if t.contains("customer service") {
        Some(Product::CustomerService)
    } else if t.contains("dataverse") || t.contains("common data service") {
        Some(Product::Dataverse)
    } else if t.contains("dynamics 365") || t.contains("dynamics crm") {
        Some(Product::Dynamics365)
    } else {
        None
    }
}

/// Split a trailing `(...)` group: (before, inside).
fn trailing_paren(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_end();
    let body = s.strip_suffix(')')?;
    let open = body.rfind('(')?;
    Some((body[..open].trim_end(), body[open + 1..].trim()))
}

/// Parse `# <Display>[ (<Schema>)] <reference wording>[ (<Product>)]`.
pub(crate) fn parse_h1(text: &str) -> H1<'_> {
    let mut out = H1::default();
    let mut rest = text.trim();
    if let Some((before, inside)) = trailing_paren(rest) {
        if inside.to_ascii_lowercase().starts_with("microsoft ") {
            out.product = product_of(inside);
            rest = before;
        }
    }
    let lower = rest.to_ascii_lowercase();
    let mut stem = None;
    for suffix in [
        "table/entity reference",
        "entity reference",
        "table reference",
        "table",
    ] {
        if lower.ends_with(suffix) {
            let cut = rest.len() - suffix.len();
            let before = &rest[..cut];
            if before.is_empty() || before.ends_with(' ') {
                stem = Some(before.trim());
                break;
            }
        }
    }
    let Some(stem) = stem else {
        return out;
    };
    out.reference_form = true;
    if stem.is_empty() {
        return out;
    }
    match trailing_paren(stem) {
        Some((display, schema)) if !display.is_empty() && !schema.is_empty() => {
            out.display_name = Some(display);
            out.schema_name = Some(schema);
        }
        _ => out.display_name = Some(stem),
    }
    out
}

/// What the preamble says.
#[derive(Debug, Clone, Default)]
pub(crate) struct Preamble {
    /// Description paragraphs joined by a blank line.
    pub description: Option<String>,
    /// NOTE texts.
    pub notes: Vec<String>,
    /// INCLUDE paths.
    pub includes: Vec<String>,
    /// `**Added by**` value.
    pub added_by: Option<String>,
    /// Extends link from a NOTE.
    pub extends: Option<ExtendsRef>,
    /// Further extends links of the same NOTE sentence.
    pub extends_also: Vec<ExtendsRef>,
    /// Top-level blocks that do not belong in a preamble: (1-based line, what).
    pub stray: Vec<(u32, &'static str)>,
}

/// Read the preamble lines `[from, to)` with pulldown-cmark, marking the
/// lines of each top-level block in `cov`.
pub(crate) fn parse(lines: &Lines<'_>, from: usize, to: usize, cov: &mut Coverage) -> Preamble {
    let mut out = Preamble::default();
    if from >= to {
        return out;
    }
    let start = lines.start_of(from);
    let end = lines.start_of(to).min(lines.text.len());
    let Some(src) = lines.text.get(start..end) else {
        return out;
    };
    let mut depth = 0usize;
    let mut paragraphs: Vec<String> = Vec::new();
    for (ev, range) in Parser::new_ext(src, Options::empty()).into_offset_iter() {
        match ev {
            Event::Start(tag) => {
                depth += 1;
                if depth != 1 {
                    continue;
                }
                let range_start = range.start;
                let first = lines.line_of_offset(start + range.start);
                let last =
                    lines.line_of_offset(start + range.end.saturating_sub(1).max(range.start));
                let mut mark = |what| {
                    for l in first..=last {
                        cov.set(l, what);
                    }
                };
                let raw = src.get(range).unwrap_or("");
                match &tag {
                    Tag::Paragraph | Tag::BlockQuote(_) => mark(LineUse::Used),
                    Tag::HtmlBlock if raw.trim_start().starts_with("<!--") => {
                        mark(LineUse::Ignored)
                    }
                    _ => {}
                }
                match tag {
                    Tag::Paragraph => paragraph(raw, &mut out, &mut paragraphs),
                    Tag::BlockQuote(_) => {
                        let note = blockquote_text(raw);
                        if out.extends.is_none() {
                            let mut bases = extends_of(&note).into_iter();
                            out.extends = bases.next();
                            out.extends_also = bases.collect();
                        }
                        if !note.is_empty() {
                            out.notes.push(note);
                        }
                    }
                    Tag::List(_) => out
                        .stray
                        .push((lines.line_of_offset(start + range_start), "a list")),
                    Tag::Table(_) => out
                        .stray
                        .push((lines.line_of_offset(start + range_start), "a table")),
                    Tag::CodeBlock(_) => out
                        .stray
                        .push((lines.line_of_offset(start + range_start), "a code block")),
                    Tag::Heading { .. } => out
                        .stray
                        .push((lines.line_of_offset(start + range_start), "a heading")),
                    Tag::HtmlBlock
                        if !raw.trim_start().starts_with("<!--")
                            && !raw.lines().all(super::is_blank) =>
                    {
                        out.stray
                            .push((lines.line_of_offset(start + range_start), "an HTML block"));
                    }
                    _ => {}
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Rule if depth == 0 => {
                cov.set(lines.line_of_offset(start + range.start), LineUse::Ignored)
            }
            _ => {}
        }
    }
    if !paragraphs.is_empty() {
        out.description = Some(paragraphs.join("\n\n"));
    }
    out
}

fn paragraph(raw: &str, out: &mut Preamble, paragraphs: &mut Vec<String>) {
    let mut text = String::new();
    for line in raw.lines() {
        let t = line.trim();
        if t.is_empty() || super::blocks::is_anchor_line(t) {
            continue;
        }
        if t.starts_with("[!INCLUDE") {
            include_paths(t, &mut out.includes);
            continue;
        }
        if let Some((key, value)) = super::bold_key::split(t) {
            if key.eq_ignore_ascii_case("added by") {
                let (v, _) = strip_trailing_br(value);
                if !v.is_empty() {
                    out.added_by = Some(v.to_string());
                }
                continue;
            }
        }
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(line.trim_end());
    }
    let t = text.trim();
    if !t.is_empty() {
        paragraphs.push(t.to_string());
    }
}

/// Push the paths of `[!INCLUDE[name](path)]` tokens of a line.
pub(crate) fn include_paths(line: &str, out: &mut Vec<String>) {
    let mut rest = line;
    while let Some(p) = rest.find("[!INCLUDE") {
        let after = &rest[p + 9..];
        if let Some((_, target, consumed)) = after
            .find('[')
            .and_then(|q| link_parts(&after[q..]).map(|(a, b, c)| (a, b, c + q)))
        {
            out.push(target.trim().to_string());
            rest = &after[consumed..];
        } else {
            rest = after;
        }
    }
}

/// Text of a blockquote without `>` markers and the `[!NOTE]` line.
fn blockquote_text(raw: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for line in raw.lines() {
        let t = line.trim_start();
        let t = t.strip_prefix('>').unwrap_or(t);
        let t = t.strip_prefix(' ').unwrap_or(t);
        lines.push(t.trim_end());
    }
    if let Some(first) = lines.first() {
        let f = first.trim();
        if f.starts_with("[!") && f.ends_with(']') {
            lines.remove(0);
        }
    }
    lines.join("\n").trim().to_string()
}

/// `… table extends the [Microsoft Dynamics 365 Task table](/…/entities//task).`, or
/// (Sales, 2024 on) `… table extends [X (Microsoft Dataverse)](…) and [X (Microsoft
/// Dynamics 365)](…).`: every base table linked in that sentence, in page order.
pub(crate) fn extends_of(note: &str) -> Vec<ExtendsRef> {
    let lower = note.to_ascii_lowercase();
    let Some(p) = lower
        .find(" extends the ")
        .or_else(|| lower.find(" extends ["))
    else {
        return Vec::new();
    };
    let after = &note[p..];
    // Only the sentence's own line: the NOTE's later "See the [..] and [..]" line
    // links the same pages again.
    let sentence = after.split('\n').next().unwrap_or(after);
    links(sentence)
        .into_iter()
        .filter_map(|(text, target, _)| {
            Some(ExtendsRef {
                logical_name: link_target_name(target)?,
                link_text: Some(text.trim().to_string()),
                link: Some(target.trim().to_string()),
                base_product: product_of(text).unwrap_or_default(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn h1_forms() {
        let h = parse_h1("Note (Annotation) table/entity reference (Microsoft Dataverse)");
        assert_eq!(h.display_name, Some("Note"));
        assert_eq!(h.schema_name, Some("Annotation"));
        assert_eq!(h.product, Some(Product::Dataverse));
        let h = parse_h1("Discount List (DiscountType)  table/entity reference");
        assert_eq!(h.display_name, Some("Discount List"));
        assert_eq!(h.schema_name, Some("DiscountType"));
        let h = parse_h1("Incident Entity Reference ");
        assert_eq!(h.display_name, Some("Incident"));
        let h = parse_h1("msdyn_copilottranscriptdata table");
        assert_eq!(h.display_name, Some("msdyn_copilottranscriptdata"));
        let h = parse_h1(
            "Adaptation Build (msdyn_amsbuild) table/entity reference (Microsoft Dynamics 365 Customer Service)",
        );
        assert_eq!(h.product, Some(Product::CustomerService));
        assert_eq!(h.schema_name, Some("msdyn_amsbuild"));
        let h = parse_h1("Lead entity");
        assert!(!h.reference_form);
    }

    #[test]
    fn extends() {
        let e = extends_of("The Microsoft Dynamics 365 Customer Service Task table extends the [Microsoft Dynamics 365 Task table](/dynamics365/developer/entities//task).");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].logical_name, "task");
        assert_eq!(e[0].base_product, Product::Dynamics365);
        // Sales 2024-2026: two bases, no "the"; the NOTE's "See the" line is not read.
        let e = extends_of("The Microsoft Dynamics 365 Sales Territory table extends [Territory table (Microsoft Dataverse)](/power-apps/developer/data-platform/reference/entities/territory) and [Territory table (Microsoft Dynamics 365)](/dynamics365/developer/reference/dataverse/entities/territory).\n\nThis reference contains only the changes added by Microsoft Dynamics 365 Sales.\nSee the [Territory table (Microsoft Dataverse)](/power-apps/developer/data-platform/reference/entities/territory) and [x](/y/z) reference documentation for more information.");
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].logical_name, "territory");
        assert_eq!(e[0].base_product, Product::Dataverse);
        assert_eq!(e[1].logical_name, "territory");
        assert_eq!(e[1].base_product, Product::Dynamics365);
    }
}
