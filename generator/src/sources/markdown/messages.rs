//! `## Messages` and `## Events` tables (header variants M1-M5 and E1).

use crate::diagnostics::codes;
use crate::model::{Message, Provenance};

use super::blocks::{self, Item};
use super::coverage::LineUse;
use super::inline::{parse_bool, plain, split_br, split_key_value, strip_wrappers, unescape};
use super::lines::Lines;
use super::sections::Section;
use super::Ctx;

/// Read every message row of the section. `events` marks the `## Events` section.
/// Returns the messages and whether a known header was seen (and whether it was V4's).
pub(crate) fn parse(
    lines: &Lines<'_>,
    sec: &Section<'_>,
    events: bool,
    ctx: &mut Ctx<'_>,
) -> (Vec<Message>, bool, bool) {
    let mut out = Vec::new();
    let mut known = false;
    let mut v4 = false;
    for item in blocks::scan(lines, sec.from, sec.to) {
        let t = match item {
            Item::Table(t) => t,
            Item::Text(line, _) => {
                // The intro sentence.
                ctx.cov.set(line, LineUse::Ignored);
                continue;
            }
            Item::Prop(p) => {
                ctx.warning(
                    codes::UNKNOWN_LINE,
                    p.line,
                    1,
                    format!(
                        "unexpected property `{}` in a messages section; ignored",
                        p.key
                    ),
                );
                continue;
            }
            Item::Heading(_, text, line) => {
                ctx.warning(
                    codes::UNKNOWN_LINE,
                    line,
                    1,
                    format!("unexpected heading `{text}` in a messages section; ignored"),
                );
                continue;
            }
        };
        let keys = t.header_keys();
        let first = keys.first().map(String::as_str).unwrap_or("");
        if !(first == "message" || first == "name" || first.starts_with("name ")) {
            ctx.warning(
                codes::UNKNOWN_TABLE_HEADER,
                t.header.line,
                1,
                format!("unknown messages table header `{}`", t.header.raw.trim()),
            );
            continue;
        }
        known = true;
        ctx.cov.table(&t, LineUse::Used);
        if first.starts_with("name") {
            v4 = true;
        }
        let web = keys.iter().position(|k| k.contains("web api"));
        let sdk = keys.iter().position(|k| k.contains("sdk"));
        for r in &t.rows {
            if !r.closed || r.cells.len() > keys.len() || r.cells.len() < keys.len().min(2) {
                ctx.warning(
                    codes::BAD_TABLE_ROW,
                    r.line,
                    1,
                    format!(
                        "message row has {} cells, expected {}",
                        r.cells.len(),
                        keys.len()
                    ),
                );
            }
            let name_cell = r.cells.first().copied().unwrap_or("");
            let mut parts = split_br(name_cell);
            let name = unescape(strip_wrappers(parts.next().unwrap_or(""))).into_owned();
            if name.is_empty() {
                ctx.error(
                    codes::BAD_MESSAGE_ROW,
                    r.line,
                    1,
                    "message row without a message name",
                );
                ctx.cov.set(r.line, LineUse::Unknown);
                continue;
            }
            let mut is_event = if events { Some(true) } else { None };
            for part in parts {
                match split_key_value(part) {
                    Some((k, v)) if k.eq_ignore_ascii_case("event") => match parse_bool(v) {
                        Some(b) => is_event = Some(b),
                        None => ctx.warning(
                            codes::BAD_BOOLEAN,
                            r.line,
                            1,
                            format!("`Event: {v}` is not True or False"),
                        ),
                    },
                    _ => {
                        if !part.trim().is_empty() {
                            ctx.warning(
                                codes::BAD_MESSAGE_ROW,
                                r.line,
                                1,
                                format!(
                                    "unexpected text `{}` in the message name cell",
                                    part.trim()
                                ),
                            );
                        }
                    }
                }
            }
            let cell = |i: Option<usize>| -> Option<String> {
                let c = r.cells.get(i?)?;
                let p = plain(c);
                if p.is_empty() {
                    None
                } else {
                    Some(p)
                }
            };
            out.push(Message {
                name,
                is_event,
                web_api_operation: cell(web),
                sdk: cell(sdk),
                provenance: Provenance {
                    page: ctx.path.to_string(),
                    line: r.line,
                    product: ctx.product,
                    source: None,
                },
            });
        }
    }
    (out, known, v4)
}
