//! Documentation text: page Markdown made safe for rustdoc, emitted as
//! `#[doc = "..."]` literals.
//!
//! Sanitizing: control characters (NUL included) are removed, `<br />` becomes
//! a line break, Markdown links `[text](url)` become `text (<url>)` (or `text`
//! for relative links), bare URLs become autolinks `<url>`, every other `<`,
//! `>` and `&` is escaped as an HTML entity (so `</script>` is text), remaining
//! `[` and `]` are escaped (no broken intra-doc links), code fences and leading
//! indentation are removed (no accidental doctests).

use proc_macro2::TokenStream;
use quote::quote;

/// Sanitize one piece of page text for rustdoc. The result may span lines.
pub fn sanitize(text: &str) -> String {
    let text = replace_br(text);
    let mut lines = Vec::new();
    for raw in text.lines() {
        let cleaned: String = raw
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .filter(|c| !c.is_control())
            .collect();
        let line = sanitize_line(cleaned.trim());
        lines.push(line);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines.remove(0);
    }
    lines.join("\n")
}

fn replace_br(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let lower: String = tail
            .chars()
            .take(8)
            .collect::<String>()
            .to_ascii_lowercase();
        let tag = ["<br />", "<br/>", "<br>"]
            .iter()
            .find(|t| lower.starts_with(**t));
        match tag {
            Some(t) => {
                out.push('\n');
                rest = &tail[t.len()..];
            }
            None => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_url_start(s: &str) -> bool {
    let l = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    l.starts_with("https://") || l.starts_with("http://")
}

/// Length of a URL at the start of `s` (stops at whitespace, `<>"` and a trailing `.,;:)`).
fn url_len(s: &str) -> usize {
    let mut end = s
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '[' | ']'))
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    while end > 0
        && matches!(
            s.as_bytes()[end - 1],
            b'.' | b',' | b';' | b':' | b')' | b'\''
        )
    {
        end -= 1;
    }
    end
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '&' => out.push_str("&amp;"),
        '[' => out.push_str("\\["),
        ']' => out.push_str("\\]"),
        '`' => out.push('`'),
        _ => out.push(c),
    }
}

fn push_url(out: &mut String, url: &str) {
    out.push('<');
    for c in url.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out.push('>');
}

/// Longest link target looked for (keeps [`sanitize_line`] linear).
const MAX_LINK_TARGET: usize = 2048;

/// `[text](target)` at the start of `s`: (text, target, length). The text
/// has no brackets, so it ends at the first bracket; the target search is
/// bounded: a line of many `[` is scanned in linear time.
fn markdown_link(s: &str) -> Option<(&str, &str, usize)> {
    let close = 1 + s.get(1..)?.find(['[', ']'])?;
    if !s.get(close..)?.starts_with("](") {
        return None;
    }
    let text = &s[1..close];
    let after = &s[close + 2..];
    let end = after
        .bytes()
        .take(MAX_LINK_TARGET)
        .position(|b| b == b')')?;
    let target = &after[..end];
    if target.contains(char::is_whitespace) && !target.contains(" \"") {
        return None;
    }
    Some((text, target, close + 2 + end + 1))
}

fn sanitize_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        if rest.starts_with("```") || rest.starts_with("~~~") {
            let n = rest.chars().take_while(|&c| c == '`' || c == '~').count();
            for c in rest.chars().take(n) {
                out.push('\\');
                out.push(c);
            }
            i += n;
            continue;
        }
        if rest.starts_with('[') {
            if let Some((text, target, len)) = markdown_link(rest) {
                for c in text.chars() {
                    push_escaped(&mut out, c);
                }
                let target = target.split(" \"").next().unwrap_or("").trim();
                if is_url_start(target) && url_len(target) == target.len() {
                    out.push_str(" (");
                    push_url(&mut out, target);
                    out.push(')');
                }
                i += len;
                continue;
            }
        }
        if is_url_start(rest) {
            let n = url_len(rest);
            if n > "https://".len() - 1 {
                push_url(&mut out, &rest[..n]);
                i += n;
                continue;
            }
        }
        let Some(c) = rest.chars().next() else { break };
        push_escaped(&mut out, c);
        i += c.len_utf8();
    }
    out
}

/// Inline code for a name: backticks around it, backticks inside removed.
pub fn code(name: &str) -> String {
    let clean: String = name
        .chars()
        .filter(|c| *c != '`' && !c.is_control())
        .collect();
    format!("`{clean}`")
}

/// The text of each `doc` attribute for `markdown`: one per line, with the
/// leading space `///` comments have (none on empty lines).
fn doc_lines(markdown: &str) -> impl Iterator<Item = String> + '_ {
    markdown.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    })
}

/// `#[doc = " line"]` attributes for already-sanitized Markdown (one per line).
pub fn doc_attrs(markdown: &str) -> TokenStream {
    let mut out = TokenStream::new();
    for l in doc_lines(markdown) {
        out.extend(quote!(#[doc = #l]));
    }
    out
}

/// `#![doc = " line"]` inner attributes (crate docs of `lib.rs`).
pub fn inner_doc_attrs(markdown: &str) -> TokenStream {
    let mut out = TokenStream::new();
    for l in doc_lines(markdown) {
        out.extend(quote!(#![doc = #l]));
    }
    out
}

/// `#[doc(alias = "...")]` for each distinct name other than the item's own
/// identifier `item` (rustc rejects that), skipping names rustc rejects as aliases.
pub fn aliases<'a>(item: &str, names: impl IntoIterator<Item = &'a str>) -> TokenStream {
    let mut seen = std::collections::BTreeSet::new();
    seen.insert(item.strip_prefix("r#").unwrap_or(item).to_string());
    let mut out = TokenStream::new();
    for n in names {
        // rustdoc rejects aliases with quotes, whitespace or some punctuation.
        let ok = !n.is_empty()
            && n.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.')
            && !n.starts_with('-');
        if ok && seen.insert(n.to_string()) {
            out.extend(quote!(#[doc(alias = #n)]));
        }
    }
    out
}

/// Where a fact came from, for generated docs: `solution Contoso 1.2.0.0`
/// for the project's schema read from a solution, `the export x.json` for an
/// exported definition, else the product's name. Sanitized.
pub fn origin(p: &crate::model::Provenance) -> String {
    use crate::model::Product;
    let text = match (&p.source, p.product) {
        (Some(src), Product::Project) => match (&src.solution, &src.version) {
            (Some(n), Some(v)) => format!("solution {n} {v}"),
            (Some(n), None) => format!("solution {n}"),
            _ if src.json_path.is_some() => format!("the export {}", p.page),
            _ => Product::Project.display().to_string(),
        },
        _ => p.product.display().to_string(),
    };
    sanitize(&text).replace('\n', " ")
}
