//! YAML front matter: find the `---` block at the top, parse it with
//! [`crate::yaml::parse_mapping`] and lift the well-known keys out.

use crate::diagnostics::codes;
use crate::model::{FrontMatter, PageDate};

use super::lines::{no, Lines};
use super::Ctx;

/// Parse the front matter. Returns it and the 0-based index of the first
/// line after it (0 when there is none).
pub(crate) fn parse(lines: &Lines<'_>, ctx: &mut Ctx<'_>) -> (FrontMatter, usize) {
    let mut fm = FrontMatter::default();
    // Leading blank lines before `---` are tolerated.
    let mut first = 0;
    while first < lines.len() && lines.get(first).trim().is_empty() {
        first += 1;
    }
    if first >= lines.len() {
        return (fm, 0);
    }
    if lines.get(first).trim_end() != "---" {
        ctx.warning(
            codes::MISSING_FRONT_MATTER,
            no(first),
            1,
            "the page has no YAML front matter",
        );
        return (fm, 0);
    }
    let mut close = None;
    for i in first + 1..lines.len() {
        let l = lines.get(i).trim_end();
        if l == "---" || l == "..." {
            close = Some(i);
            break;
        }
    }
    let Some(close) = close else {
        ctx.error(
            codes::MISSING_FRONT_MATTER,
            no(first),
            1,
            "the front matter starting here is not terminated by `---`; it is ignored",
        );
        return (fm, first + 1);
    };
    let start = lines.start_of(first + 1);
    let end = lines.start_of(close);
    let yaml = lines.text.get(start..end).unwrap_or("");
    if let Some(why) = too_large(yaml) {
        ctx.error(
            codes::TOO_LARGE,
            no(first),
            1,
            format!("the front matter is {why}; it is ignored"),
        );
        return (fm, close + 1);
    }
    match crate::yaml::parse_mapping(yaml) {
        Ok(map) => {
            let get = |k: &str| -> Option<String> {
                map.get(k).and_then(|v| match v {
                    serde_json::Value::String(s) => Some(s.trim().to_string()),
                    serde_json::Value::Number(n) => Some(n.to_string()),
                    serde_json::Value::Bool(b) => Some(b.to_string()),
                    _ => None,
                })
            };
            fm.title = get("title");
            fm.description = get("description");
            fm.ms_date = get("ms.date");
            fm.ms_topic = get("ms.topic");
            fm.ms_service = get("ms.service");
            fm.author = get("author");
            if let Some(d) = fm.ms_date.as_deref() {
                fm.date = parse_date(d);
                if fm.date.is_none() {
                    let line = find_key_line(lines, first + 1, close, "ms.date");
                    ctx.warning(
                        codes::BAD_FRONT_MATTER,
                        line,
                        1,
                        format!("ms.date `{d}` is not a MM/DD/YYYY date"),
                    );
                }
            }
            fm.all = map;
        }
        Err(e) => {
            let line = if e.line > 0 {
                no(first + e.line as usize).min(no(close))
            } else {
                no(first)
            };
            ctx.error(
                codes::BAD_FRONT_MATTER,
                line,
                e.column.max(1),
                format!(
                    "the front matter is not valid YAML: {}",
                    first_line(&e.message)
                ),
            );
        }
    }
    (fm, close + 1)
}

/// Largest front matter handed to the YAML parser (real ones are under 2 KB).
const MAX_FRONT_MATTER: usize = 64 * 1024;
/// Deepest `[`/`{` nesting handed to the YAML parser: libyaml's simple-key
/// bookkeeping is quadratic in the flow nesting depth.
const MAX_FLOW_DEPTH: usize = 32;

/// Why `yaml` is too large to parse, if it is (a linear pre-scan).
fn too_large(yaml: &str) -> Option<String> {
    if yaml.len() > MAX_FRONT_MATTER {
        return Some(format!(
            "{} bytes (more than {MAX_FRONT_MATTER})",
            yaml.len()
        ));
    }
    let (mut depth, mut max) = (0usize, 0usize);
    for b in yaml.bytes() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    (max > MAX_FLOW_DEPTH)
        .then(|| format!("nested {max} brackets deep (more than {MAX_FLOW_DEPTH})"))
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

fn find_key_line(lines: &Lines<'_>, from: usize, to: usize, key: &str) -> u32 {
    (from..to)
        .find(|&i| lines.get(i).trim_start().starts_with(key))
        .map(no)
        .unwrap_or_else(|| no(from))
}

/// Parse `MM/DD/YYYY` (one- or two-digit month and day).
pub(crate) fn parse_date(s: &str) -> Option<PageDate> {
    let mut it = s.trim().split('/');
    let month: u8 = it.next()?.trim().parse().ok()?;
    let day: u8 = it.next()?.trim().parse().ok()?;
    let year: u16 = it.next()?.trim().parse().ok()?;
    if it.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    if !(1900..=9999).contains(&year) {
        return None;
    }
    Some(PageDate { year, month, day })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("10/31/2017"),
            Some(PageDate {
                year: 2017,
                month: 10,
                day: 31
            })
        );
        assert_eq!(parse_date("13/01/2017"), None);
        assert_eq!(parse_date("2017-10-31"), None);
    }
}
