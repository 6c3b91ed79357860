//! Inline text helpers: normalising cell and bold-key values, turning cells
//! with links, xrefs and `<br />` into plain text, and reading link targets.
//! Every function is linear in its input (link searches are bounded).

use std::borrow::Cow;

/// Longest link text / target searched for, so that pathological input stays linear.
const MAX_LINK_PART: usize = 2048;
/// Deepest bracket nesting accepted inside a link text.
const MAX_LINK_DEPTH: usize = 3;

/// Trim, strip one level of `**…**` and one level of `` `…` ``, unescape
/// Markdown backslash escapes (`in\_progress`). Returns `None` for empty values.
pub(crate) fn value(raw: &str) -> Option<Cow<'_, str>> {
    let v = strip_wrappers(raw);
    if v.is_empty() {
        return None;
    }
    Some(unescape(v))
}

/// Like [`value`] but always returns a string (empty when empty).
pub(crate) fn value_string(raw: &str) -> String {
    value(raw).map(Cow::into_owned).unwrap_or_default()
}

/// Trim and strip one level of bold and then one level of backticks.
pub(crate) fn strip_wrappers(raw: &str) -> &str {
    let mut v = raw.trim();
    if v.len() >= 4 && v.starts_with("**") && v.ends_with("**") {
        v = v[2..v.len() - 2].trim();
    }
    if v.len() >= 2 && v.starts_with('`') && v.ends_with('`') {
        v = v[1..v.len() - 1].trim();
    }
    v
}

/// Remove Markdown backslash escapes before ASCII punctuation.
pub(crate) fn unescape(s: &str) -> Cow<'_, str> {
    if !s.contains('\\') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&n) = chars.peek() {
                if n.is_ascii_punctuation() {
                    out.push(n);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// Split on `<br />` (also `<br/>`, `<br>`), case-sensitive as on the pages.
pub(crate) fn split_br(s: &str) -> impl Iterator<Item = &str> {
    BrSplit { rest: Some(s) }
}

struct BrSplit<'a> {
    rest: Option<&'a str>,
}

impl<'a> Iterator for BrSplit<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        let s = self.rest?;
        match find_br(s) {
            Some((at, len)) => {
                self.rest = Some(&s[at + len..]);
                Some(&s[..at])
            }
            None => {
                self.rest = None;
                Some(s)
            }
        }
    }
}

/// Length of a `<br …>` tag starting exactly at the start of `s`.
fn br_len_at(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if !s.starts_with("<br") {
        return None;
    }
    let mut i = 3;
    while i < b.len() && i < 16 && b[i] == b' ' {
        i += 1;
    }
    if i < b.len() && b[i] == b'/' {
        i += 1;
    }
    if i < b.len() && b[i] == b'>' {
        Some(i + 1)
    } else {
        None
    }
}

/// Position and length of the first `<br …>` tag.
pub(crate) fn find_br(s: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(p) = s[from..].find("<br") {
        let at = from + p;
        if let Some(len) = br_len_at(&s[at..]) {
            return Some((at, len));
        }
        from = at + 3;
    }
    None
}

/// Strip a trailing `<br />` (and whitespace) from a bold-key line value.
/// Returns the value and whether a `<br />` was there.
pub(crate) fn strip_trailing_br(s: &str) -> (&str, bool) {
    let t = s.trim_end();
    for tag in ["<br />", "<br/>", "<br>"] {
        if let Some(v) = t.strip_suffix(tag) {
            return (v.trim_end(), true);
        }
    }
    (t, false)
}

/// Turn a Messages cell (or any inline Markdown) into plain text: xrefs become
/// their uid, links their text, `<br />` a newline; bold markers and backticks
/// are dropped. Lines are trimmed.
pub(crate) fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'<' {
            let rest = &s[i..];
            if let Some(len) = br_len_at(rest) {
                trim_end_in_place(&mut out);
                out.push('\n');
                i += len;
                while i < b.len() && b[i] == b' ' {
                    i += 1;
                }
                continue;
            }
            if let Some(consumed) = xref(rest, &mut out) {
                i += consumed;
                continue;
            }
        } else if c == b'[' {
            if let Some((text, consumed)) = link_at(&s[i..]) {
                out.push_str(text);
                i += consumed;
                continue;
            }
        } else if c == b'*' && i + 1 < b.len() && b[i + 1] == b'*' {
            i += 2;
            continue;
        } else if c == b'`' {
            i += 1;
            continue;
        }
        // Copy one UTF-8 character.
        let ch_len = utf8_len(c);
        let end = (i + ch_len).min(b.len());
        if let Some(piece) = s.get(i..end) {
            out.push_str(piece);
        }
        i = end;
    }
    let trimmed = out.trim();
    if trimmed.len() != out.len() {
        trimmed.to_string()
    } else {
        out
    }
}

fn trim_end_in_place(s: &mut String) {
    let t = s.trim_end_matches(' ').len();
    s.truncate(t);
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    }
}

/// Read an xref tag at the start of `s`, push its uid, return bytes consumed.
/// Forms: `<xref:Uid>`, `<xref:Uid?displayProperty=… />`, `<xref href="Uid?text=T" />`.
fn xref(s: &str, out: &mut String) -> Option<usize> {
    if let Some(rest) = s.strip_prefix("<xref:") {
        let end = tag_end(rest)?;
        let inner = &rest[..end];
        let uid_end = inner.find(['?', ' ', '/']).unwrap_or(inner.len());
        // `/` may occur inside a uid only in the self-closing tail; uids have no slashes.
        out.push_str(inner[..uid_end].trim());
        return Some(6 + end + 1);
    }
    if let Some(rest) = s.strip_prefix("<xref href=\"") {
        let close = tag_end(rest)?;
        let inner = &rest[..close];
        let q = inner.find('"').unwrap_or(inner.len());
        let target = &inner[..q];
        let uid_end = target.find('?').unwrap_or(target.len());
        out.push_str(target[..uid_end].trim());
        return Some(12 + close + 1);
    }
    None
}

/// Position of the `>` closing a tag; gives up at `<`, a newline or after
/// [`MAX_LINK_PART`] bytes (tags never contain those), so scans stay linear.
fn tag_end(s: &str) -> Option<usize> {
    let p = s
        .bytes()
        .take(MAX_LINK_PART)
        .position(|b| matches!(b, b'>' | b'<' | b'\n'))?;
    (s.as_bytes().get(p) == Some(&b'>')).then_some(p)
}

/// A Markdown link `[text](target)` at the start of `s`: (text, bytes consumed).
pub(crate) fn link_at(s: &str) -> Option<(&str, usize)> {
    link_parts(s).map(|(text, _, consumed)| (text, consumed))
}

/// `[text](target)` at the start of `s`: (text, target, bytes consumed).
/// Nested brackets in the text are balanced; searches are bounded.
pub(crate) fn link_parts(s: &str) -> Option<(&str, &str, usize)> {
    let b = s.as_bytes();
    if b.first() != Some(&b'[') {
        return None;
    }
    let mut depth = 0usize;
    let mut close = None;
    for (i, &c) in b.iter().enumerate().take(MAX_LINK_PART) {
        match c {
            b'[' => {
                depth += 1;
                // Real link texts nest at most `[!INCLUDE[x](y)]`-deep; giving
                // up early keeps scans of bracket-heavy text linear.
                if depth > MAX_LINK_DEPTH {
                    return None;
                }
            }
            b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            b'\n' => return None,
            _ => {}
        }
    }
    let close = close?;
    if b.get(close + 1) != Some(&b'(') {
        return None;
    }
    let tstart = close + 2;
    let tend_rel = s
        .get(tstart..)?
        .bytes()
        .take(MAX_LINK_PART)
        .position(|c| matches!(c, b')' | b'\n' | b'[' | b']' | b'<'))?;
    let tend = tstart + tend_rel;
    if b.get(tend) != Some(&b')') {
        return None;
    }
    Some((&s[1..close], &s[tstart..tend], tend + 1))
}

/// Every link in `s` in order: (text, target, byte offset of `[`).
pub(crate) fn links(s: &str) -> Vec<(&str, &str, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(p) = s[i..].find('[') {
        let at = i + p;
        if let Some((text, target, consumed)) = link_parts(&s[at..]) {
            out.push((text, target, at));
            i = at + consumed;
        } else {
            i = at + 1;
        }
    }
    out
}

/// The file or entity name a link target points at: last non-empty path
/// segment, without `#fragment`, `?query` and `.md`, lower-cased.
/// `/dynamics365/developer/entities//task` → `task`; `account.md#BKMK_x` → `account`.
pub(crate) fn link_target_name(target: &str) -> Option<String> {
    let t = target.trim();
    let t = t.split(['#', '?']).next().unwrap_or("");
    let seg = t.rsplit('/').find(|s| !s.is_empty())?;
    let seg = seg.strip_suffix(".md").unwrap_or(seg);
    if seg.is_empty() || seg == "." || seg == ".." {
        return None;
    }
    Some(seg.to_ascii_lowercase())
}

/// Parse `True`/`False` (any case, backticks allowed).
pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    let v = strip_wrappers(s);
    if v.eq_ignore_ascii_case("true") {
        Some(true)
    } else if v.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Split a `Key: value` / `Key:value` piece at the first colon.
pub(crate) fn split_key_value(piece: &str) -> Option<(&str, &str)> {
    let p = piece.trim();
    let c = p.find(':')?;
    let key = p[..c].trim();
    if key.is_empty() {
        return None;
    }
    Some((key, p[c + 1..].trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        assert_eq!(value(" **Note** ").as_deref(), Some("Note"));
        assert_eq!(value("`annotation`").as_deref(), Some("annotation"));
        assert_eq!(value("**in\\_progress**").as_deref(), Some("in_progress"));
        assert_eq!(value("  "), None);
        assert_eq!(value("**"), Some(Cow::Borrowed("**")));
    }

    #[test]
    fn plain_text() {
        assert_eq!(
            plain("<xref:Microsoft.Xrm.Sdk.Messages.CreateRequest> or <br /><xref:Microsoft.Xrm.Sdk.IOrganizationService.Create*>"),
            "Microsoft.Xrm.Sdk.Messages.CreateRequest or\nMicrosoft.Xrm.Sdk.IOrganizationService.Create*"
        );
        assert_eq!(
            plain("<xref href=\"Microsoft.Dynamics.CRM.GrantAccess?text=GrantAccess Action\" />"),
            "Microsoft.Dynamics.CRM.GrantAccess"
        );
        assert_eq!(
            plain("<xref:Microsoft.Dynamics.CRM.Merge?displayProperty=nameWithType /> "),
            "Microsoft.Dynamics.CRM.Merge"
        );
        assert_eq!(
            plain(
                "`PATCH` /leads(*leadid*)<br />[Update](/x#basic-update) the `ownerid` property."
            ),
            "PATCH /leads(*leadid*)\nUpdate the ownerid property."
        );
        assert_eq!(plain("[*org URI*]/api"), "[*org URI*]/api");
        assert_eq!(plain("**QualifyLead action**"), "QualifyLead action");
    }

    #[test]
    fn link_names() {
        assert_eq!(
            link_target_name("/dynamics365/developer/entities//task").as_deref(),
            Some("task")
        );
        assert_eq!(
            link_target_name("account.md#BKMK_x").as_deref(),
            Some("account")
        );
        assert_eq!(link_target_name("#BKMK_x"), None);
        let l = links("Same as the [A_B](fax.md#BKMK_A_B) x for the [fax](fax.md) table.");
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].1, "fax.md#BKMK_A_B");
    }
}
