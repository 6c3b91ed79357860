//! Parse one reference page (any layout vintage) into a [`Page`].
//!
//! The page is decoded, split into lines once (a line-start table maps byte
//! offsets to 1-based lines), its front matter read with [`crate::yaml`], its
//! preamble (H1, description, NOTE blocks, includes) read with pulldown-cmark
//! block events, and its sections read by a line scanner (`blocks`) that
//! copes with every layout of `docs/format-survey.md` (tables right after a
//! sentence, bold-key lines, nested bullets). Nothing here panics on input;
//! every problem becomes a [`Diagnostic`] with file, line, column and code.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::diagnostics::codes;
use crate::model::{
    ColumnSection, Diagnostic, Page, PageInfo, PageKind, Product, Provenance, RelationshipKind,
    Severity, Table,
};

mod blocks;
mod bold_key;
mod choices;
mod classify;
mod columns;
mod coverage;
mod front_matter;
mod inline;
mod lines;
mod messages;
mod pipe_table;
mod preamble;
mod properties;
mod relationships;
mod sections;

#[cfg(test)]
mod tests;

pub use coverage::{Coverage, CoverageCounts, LineUse};
use lines::{no, Lines};
use sections::SectionKind;

/// Diagnostics sink for one page.
pub(crate) struct Ctx<'a> {
    /// Page path as given.
    pub path: &'a str,
    /// Product of the page (for provenance).
    pub product: Product,
    /// Collected diagnostics.
    pub diags: Vec<Diagnostic>,
    /// What became of each line (see [`coverage`]).
    pub cov: Coverage,
}

impl<'a> Ctx<'a> {
    fn new(path: &'a str) -> Self {
        Ctx {
            path,
            product: Product::Unknown,
            diags: Vec::new(),
            cov: Coverage::default(),
        }
    }

    fn push(&mut self, severity: Severity, code: &str, line: u32, column: u32, msg: String) {
        self.diags.push(Diagnostic::new(
            severity, code, self.path, line, column, msg,
        ));
    }

    /// An error (something may be missing from the output).
    pub fn error(&mut self, code: &str, line: u32, column: u32, msg: impl Into<String>) {
        self.push(Severity::Error, code, line, column, msg.into());
    }

    /// A warning (a guess, an unknown key).
    pub fn warning(&mut self, code: &str, line: u32, column: u32, msg: impl Into<String>) {
        self.push(Severity::Warning, code, line, column, msg.into());
    }

    /// A warning at a column.
    pub fn warning_at(&mut self, code: &str, line: u32, column: u32, msg: impl Into<String>) {
        self.warning(code, line, column.max(1), msg);
    }
}

/// Line and column (1-based) of byte `offset` in `bytes`.
fn line_col(bytes: &[u8], offset: usize) -> (u32, u32) {
    let head = bytes.get(..offset).unwrap_or(bytes);
    let line = head.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = head.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(col).unwrap_or(u32::MAX),
    )
}

fn decode<'b>(bytes: &'b [u8], ctx: &mut Ctx<'_>) -> Cow<'b, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(e) => {
            let (line, col) = line_col(bytes, e.valid_up_to());
            ctx.warning(
                codes::INVALID_UTF8,
                line,
                col,
                "the page is not valid UTF-8; invalid bytes were replaced by U+FFFD",
            );
            String::from_utf8_lossy(bytes)
        }
    }
}

/// Report NUL bytes and other control characters that make the input look binary.
fn check_binary(bytes: &[u8], ctx: &mut Ctx<'_>) {
    let mut first = None;
    let mut controls = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        if b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c) {
            controls += 1;
            first.get_or_insert(i);
        }
    }
    if let Some(at) = first {
        let (line, col) = line_col(bytes, at);
        let binary = bytes.contains(&0) || controls * 100 > bytes.len();
        let msg = if binary {
            format!("the input looks binary ({controls} NUL/control bytes); results are unreliable")
        } else {
            format!("the input contains {controls} control character(s)")
        };
        if binary {
            ctx.error(codes::BINARY_INPUT, line, col, msg);
        } else {
            ctx.warning(codes::BINARY_INPUT, line, col, msg);
        }
    }
}

/// Parse many pages (display path, bytes) on rayon's thread pool. The result
/// is in input order, so output does not depend on scheduling.
pub fn parse_pages<P, B>(pages: &[(P, B)]) -> Vec<Page>
where
    P: AsRef<str> + Sync,
    B: AsRef<[u8]> + Sync,
{
    use rayon::prelude::*;
    pages
        .par_iter()
        .map(|(path, bytes)| parse_page(path.as_ref(), bytes.as_ref()))
        .collect()
}

/// Parse one page. Never panics; problems become diagnostics on the page.
pub fn parse_page(path: &str, bytes: &[u8]) -> Page {
    parse_page_with_coverage(path, bytes).0
}

/// True for a line that carries nothing (blank, or only an HTML anchor).
fn is_blank(line: &str) -> bool {
    line.trim().is_empty() || blocks::is_anchor_line(line)
}

/// Parse one page and report what became of each of its lines ([`Coverage`]).
///
/// The page and its diagnostics are exactly those of [`parse_page`]; every
/// [`LineUse::Unknown`] line is covered by a diagnostic.
pub fn parse_page_with_coverage(path: &str, bytes: &[u8]) -> (Page, Coverage) {
    let mut ctx = Ctx::new(path);
    let mut info = PageInfo {
        path: path.replace('\\', "/"),
        ..PageInfo::default()
    };
    let decoded = decode(bytes, &mut ctx);
    let text: &str = decoded.strip_prefix('\u{feff}').unwrap_or(&decoded);
    if text.trim().is_empty() {
        ctx.error(codes::EMPTY_INPUT, 0, 0, "the page is empty");
        info.kind = PageKind::Conceptual;
        let n = Lines::new(text).len();
        let page = Page {
            info,
            table: None,
            diagnostics: ctx.diags,
        };
        return (
            page,
            Coverage {
                lines: vec![LineUse::Ignored; n],
            },
        );
    }
    check_binary(bytes, &mut ctx);
    let lines = Lines::new(text);
    let mut cov = Coverage::new(lines.len());
    for (i, l) in lines.lines.iter().enumerate() {
        if is_blank(l) {
            cov.set(no(i), LineUse::Ignored);
        }
    }
    let (fm, body_start) = front_matter::parse(&lines, &mut ctx);
    if !ctx.diags.iter().any(|d| {
        d.severity == Severity::Error
            && (d.code == codes::BAD_FRONT_MATTER || d.code == codes::MISSING_FRONT_MATTER)
    }) {
        cov.fill_unknown(0, body_start, LineUse::Used);
    }
    let layout = sections::layout(&lines, body_start);
    let h1_text = layout.h1.map(|(_, t)| t);
    let h1_line = layout.h1.map(|(i, _)| no(i));
    if let Some(l) = h1_line {
        cov.set(l, LineUse::Used);
    }
    let h1 = h1_text.map(preamble::parse_h1).unwrap_or_default();
    let mut pre = preamble::parse(&lines, layout.preamble.0, layout.preamble.1, &mut cov);
    if let Some(f) = layout.footer {
        cov.fill_unknown(f, lines.len(), LineUse::Ignored);
        for i in f..lines.len() {
            let l = lines.get(i);
            if l.contains("[!INCLUDE") {
                preamble::include_paths(l, &mut pre.includes);
                cov.set(no(i), LineUse::Used);
            }
        }
    }
    ctx.product = classify::product(path, &fm, &h1, &pre);

    // The table: parsed with its own diagnostics, dropped for conceptual pages.
    let mut tctx = Ctx::new(path);
    tctx.product = ctx.product;
    tctx.cov = cov;
    let mut table = Table::default();
    let mut signals = classify::Signals::default();
    for &(line, what) in &pre.stray {
        tctx.warning(
            codes::UNKNOWN_LINE,
            line,
            1,
            format!("unexpected {what} before the first section; ignored"),
        );
    }
    let mut seen_columns = BTreeMap::new();
    for sec in &layout.sections {
        if sec.kind != SectionKind::Unknown {
            tctx.cov.set(no(sec.heading), LineUse::Used);
        }
        match sec.kind {
            SectionKind::Messages | SectionKind::Events => {
                let events = sec.kind == SectionKind::Events;
                let (msgs, known, v4) = messages::parse(&lines, sec, events, &mut tctx);
                if known {
                    signals.data += 1;
                }
                signals.v4_messages |= v4;
                if events {
                    table.events.extend(msgs);
                } else {
                    table.messages.extend(msgs);
                }
            }
            SectionKind::Properties => {
                let style = properties::parse(&lines, sec, &mut table, &mut tctx);
                if style.logical_name {
                    signals.data += 1;
                }
                signals.bold_lines |= style.bold_lines && style.logical_name;
                signals.bold_keys |= style.bold_keys;
            }
            SectionKind::Writable | SectionKind::ReadOnly | SectionKind::Customized => {
                let section = match sec.kind {
                    SectionKind::Writable => ColumnSection::Writable,
                    SectionKind::ReadOnly => ColumnSection::ReadOnly,
                    _ => ColumnSection::Customized,
                };
                signals.data += columns::parse_section(
                    &lines,
                    sec,
                    section,
                    &mut table,
                    &mut seen_columns,
                    &mut tctx,
                );
            }
            SectionKind::OneToMany | SectionKind::ManyToOne | SectionKind::ManyToMany => {
                let kind = match sec.kind {
                    SectionKind::OneToMany => RelationshipKind::OneToMany,
                    SectionKind::ManyToOne => RelationshipKind::ManyToOne,
                    _ => RelationshipKind::ManyToMany,
                };
                signals.data += relationships::parse_section(
                    &lines,
                    sec,
                    kind,
                    &mut table.relationships,
                    &mut tctx,
                );
            }
            SectionKind::CustomizedRelationships => {
                signals.data += relationships::parse_customized_section(
                    &lines,
                    sec,
                    &mut table.relationships,
                    &mut tctx,
                );
            }
            SectionKind::Unknown => tctx.warning(
                codes::UNKNOWN_SECTION,
                no(sec.heading),
                1,
                format!("unknown section `## {}`; skipped", sec.title),
            ),
        }
    }

    let kind = classify::kind(h1_text, &pre, &signals);
    info.kind = kind;
    info.vintage = classify::vintage(kind, &layout, &signals);
    info.product = ctx.product;
    info.title = h1_text.map(|t| t.trim().to_string());
    info.display_name = h1.display_name.map(str::to_string);
    info.h1_schema_name = h1.schema_name.map(str::to_string);
    info.description = pre.description.clone();
    info.notes = pre.notes.clone();
    info.includes = pre.includes.clone();
    info.added_by = pre.added_by.clone();
    info.extends = pre.extends.clone();
    info.extends_also = pre.extends_also.clone();
    info.front_matter = fm;
    if h1_text.is_none() && kind != PageKind::Conceptual {
        ctx.warning(codes::MISSING_H1, 0, 0, "the page has no H1 title");
    }

    let table = if kind == PageKind::Conceptual {
        if h1_text.is_none() && layout.sections.is_empty() {
            ctx.warning(
                codes::UNCLASSIFIED_PAGE,
                0,
                0,
                "the page has no H1 and no sections; treated as conceptual",
            );
        }
        info.describes_table = h1_text.and_then(describes_table).or_else(|| {
            // `Competitor table`, `Lead entity (Developer Guide …) | MicrosoftDocs`.
            let title = info.front_matter.title.as_deref()?;
            let stem = title.split(['(', '|']).next()?.trim();
            describes_table(stem)
        });
        let body_from = layout.h1.map(|(i, _)| i + 1).unwrap_or(body_start);
        // The whole body is kept as the page's documentation.
        for i in body_from..lines.len() {
            if !is_blank(lines.get(i)) {
                tctx.cov.set(no(i), LineUse::Used);
            }
        }
        info.body = Some(
            lines
                .text
                .get(lines.start_of(body_from)..)
                .unwrap_or("")
                .to_string(),
        );
        None
    } else {
        // A page cut inside a table row: the last line is an open row with no newline.
        let last = lines.len().saturating_sub(1);
        let last_line = lines.get(last);
        if !text.ends_with('\n')
            && pipe_table::is_row(last_line)
            && !last_line.trim_end().ends_with('|')
        {
            tctx.warning(
                codes::TRUNCATED,
                no(last),
                1,
                "the page ends in the middle of a table row; it may be truncated",
            );
        }
        ctx.diags.append(&mut tctx.diags);
        finish_table(&mut table, &info, path, h1_line, &mut ctx);
        Some(table)
    };
    let cov = std::mem::take(&mut tctx.cov);
    cov.report_unread(path, |i| is_blank(lines.get(i)), &mut ctx.diags);
    let page = Page {
        info,
        table,
        diagnostics: ctx.diags,
    };
    (page, cov)
}

/// Fill names, description, provenance and implied relationship ends.
fn finish_table(
    table: &mut Table,
    info: &PageInfo,
    path: &str,
    h1_line: Option<u32>,
    ctx: &mut Ctx<'_>,
) {
    let line = h1_line.unwrap_or(1);
    let h1_name = || {
        info.h1_schema_name
            .clone()
            .or_else(|| info.display_name.clone().filter(|d| !d.contains(' ')))
    };
    if let Some(ext) = &info.extends {
        // Extension pages have no Properties block: the NOTE link names the base table.
        if table.logical_name.is_empty() {
            table.logical_name = ext.logical_name.clone();
        }
    }
    if table.logical_name.is_empty() {
        let stem = path
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or("")
            .split('.')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let guess = if !stem.is_empty() {
            stem
        } else {
            h1_name().unwrap_or_default().to_ascii_lowercase()
        };
        ctx.warning(
            codes::NO_TABLE_NAME,
            h1_line.unwrap_or(0),
            1,
            format!("the page gives no LogicalName; using `{guess}` from the file name or H1"),
        );
        table.logical_name = guess;
    }
    if table.schema_name.is_empty() {
        table.schema_name = h1_name().unwrap_or_else(|| table.logical_name.clone());
    }
    if table.description.is_none() {
        table.description = info.description.clone();
    }
    if table.added_by.is_none() {
        table.added_by = info.added_by.clone();
    }
    table.provenance = vec![Provenance {
        page: path.to_string(),
        line,
        product: info.product,
        source: None,
    }];
    let me = table.logical_name.clone();
    for r in &mut table.relationships {
        // A link to an anchor on this page (self-referential relationship).
        if r.related_entity.is_none()
            && r.related_link
                .as_deref()
                .is_some_and(|l| l.starts_with('#'))
        {
            r.related_entity = Some(me.clone());
        }
        match r.kind {
            RelationshipKind::OneToMany => {
                if r.referenced_entity.is_none() {
                    r.referenced_entity = Some(me.clone());
                }
                if r.referencing_entity.is_none() {
                    r.referencing_entity = r.related_entity.clone();
                }
            }
            RelationshipKind::ManyToOne => {
                if r.referencing_entity.is_none() {
                    r.referencing_entity = Some(me.clone());
                }
                if r.referenced_entity.is_none() {
                    r.referenced_entity = r.related_entity.clone();
                }
            }
            RelationshipKind::ManyToMany => {
                if let Some(m) = &mut r.many_to_many {
                    for s in &mut m.sides {
                        if s.ordinal.is_none() && s.entity_logical_name.is_none() {
                            s.entity_logical_name = Some(me.clone());
                        }
                    }
                }
            }
        }
    }
}

/// `Lead entity` → `lead`; `ActivityParty entity` → `activityparty`; plural or other → None.
fn describes_table(h1: &str) -> Option<String> {
    let t = h1.trim();
    let lower = t.to_ascii_lowercase();
    for suffix in [" entity", " table"] {
        if let Some(stem) = lower.strip_suffix(suffix) {
            let name: String = stem.chars().filter(|c| !c.is_whitespace()).collect();
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Some(name);
            }
        }
    }
    None
}
