//! Decoding a saved response and parsing it as strict JSON with byte ranges
//! (jsonc-parser with every extension turned off), so that every object can
//! be located by line.
//!
//! Microsoft's documented responses (and hand-trimmed saves) often carry a
//! prose line where items were cut (`Additional options removed for
//! brevity`, `<Remaining attributes truncated for brevity>`) and the trailing
//! comma left before it. Such a line is not JSON: it is blanked (its bytes
//! become spaces, so every other line keeps its number) with a warning naming
//! it, and a trailing comma is dropped the same way; the rest still loads.
//! Anything else that is not JSON is an error for the whole file.

use jsonc_parser::ast::Value;
use jsonc_parser::errors::ParseErrorKind;
use jsonc_parser::{CollectOptions, ParseOptions};

use crate::diagnostics::codes;
use crate::model::Diagnostic;

/// At most this many prose lines or trailing commas are repaired per file.
const MAX_REPAIRS: usize = 64;

/// Files larger than this are not read (a full export of every table of an
/// environment is ~100 MB).
pub(super) const MAX_BYTES: usize = 512 * 1024 * 1024;

/// Line starts of a text, for byte offset -> 1-based line.
pub(super) struct LineIndex {
    starts: Vec<usize>,
    /// The number of lines (a final `\n` does not start one).
    count: usize,
}

impl LineIndex {
    pub(super) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let count = starts.len() - usize::from(text.ends_with('\n'));
        LineIndex { starts, count }
    }

    /// 1-based line of a byte offset (the end of the text is on the last line).
    pub(super) fn line(&self, offset: usize) -> u32 {
        let idx = self.starts.partition_point(|&s| s <= offset);
        u32::try_from(idx.min(self.count).max(1)).unwrap_or(u32::MAX)
    }

    /// Byte range of 1-based `line`, without its line break.
    fn range(&self, line: u32, len: usize) -> (usize, usize) {
        let i = (line as usize).saturating_sub(1);
        let start = self.starts.get(i).copied().unwrap_or(len);
        let end = self.starts.get(i + 1).map_or(len, |&s| s.saturating_sub(1));
        (start, end.max(start))
    }
}

/// Decode `bytes` (UTF-8, a BOM dropped; invalid bytes replaced, with an error).
pub(super) fn decode(path: &str, bytes: &[u8], diags: &mut Vec<Diagnostic>) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            diags.push(Diagnostic::error(
                codes::INVALID_UTF8,
                path,
                u32::try_from(line).unwrap_or(u32::MAX),
                "the file is not valid UTF-8; invalid bytes were replaced",
            ));
            String::from_utf8_lossy(bytes).into_owned()
        }
    }
}

fn strict() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// True when a line cannot start or continue JSON: prose left in a trimmed
/// sample (`Additional options removed for brevity`, `<Remaining ...>`).
fn is_prose(line: &str) -> bool {
    let t = line.trim();
    match t.chars().next() {
        None => false,
        Some(c) => {
            !matches!(c, '{' | '}' | '[' | ']' | '"' | ',' | ':' | '-' | '0'..='9')
                && !t.starts_with("true")
                && !t.starts_with("false")
                && !t.starts_with("null")
        }
    }
}

fn blank(text: &mut String, from: usize, to: usize) {
    let mut bytes = std::mem::take(text).into_bytes();
    if let Some(slice) = bytes.get_mut(from..to) {
        for b in slice.iter_mut().filter(|b| **b != b'\r') {
            *b = b' ';
        }
    }
    // Only whole UTF-8 sequences (a line, an ASCII comma) become ASCII spaces.
    *text = String::from_utf8(bytes).unwrap_or_default();
}

/// Parse `text` as strict JSON, repairing prose lines and trailing commas
/// (each repair is a warning). `None` when it is not JSON (an error says why).
/// Returns the value and the repaired text (same length, same lines).
pub(super) fn parse<'t>(
    path: &str,
    text: &'t mut String,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Value<'t>, &'t str)> {
    let lines = LineIndex::new(text);
    let mut repairs = 0;
    loop {
        let err = match jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &strict()) {
            Ok(_) => break,
            Err(e) => e,
        };
        // Lines end at `\n` only (as everywhere in dvgen), whatever the parser counts.
        let at = err.range().start.min(text.len());
        let line = lines.line(at);
        let (from, to) = lines.range(line, text.len());
        let column = text.get(from..at).map_or(1, |s| {
            u32::try_from(s.chars().count() + 1).unwrap_or(u32::MAX)
        });
        let line_text = text.get(from..to).unwrap_or("").to_string();
        let repair = if repairs >= MAX_REPAIRS {
            None
        } else if matches!(err.kind(), ParseErrorKind::TrailingCommasNotAllowed) {
            let r = err.range();
            let at = text
                .get(r.start..)
                .and_then(|s| s.find(','))
                .map(|i| r.start + i);
            at.map(|at| {
                (
                    at,
                    at + 1,
                    "a trailing comma (not allowed in JSON) was ignored".to_string(),
                )
            })
        } else if is_prose(&line_text) {
            Some((
                from,
                to,
                format!(
                    "line is not JSON (`{}`, left where items were cut?): skipped; the items it stands for are not in the output",
                    line_text.trim()
                ),
            ))
        } else {
            None
        };
        match repair {
            Some((a, b, message)) => {
                repairs += 1;
                diags.push(Diagnostic::new(
                    crate::diagnostics::Severity::Warning,
                    codes::JSON_REPAIRED,
                    path,
                    line,
                    column,
                    message,
                ));
                blank(text, a, b);
            }
            None => {
                diags.push(Diagnostic::new(
                    crate::diagnostics::Severity::Error,
                    codes::JSON_SYNTAX,
                    path,
                    line,
                    column,
                    format!(
                        "not valid JSON: {}; nothing of this file is in the output",
                        err.kind()
                    ),
                ));
                return None;
            }
        }
    }
    let frozen: &'t String = text;
    match jsonc_parser::parse_to_ast(frozen, &CollectOptions::default(), &strict()) {
        Ok(result) => match result.value {
            Some(v) => Some((v, frozen.as_str())),
            None => {
                diags.push(Diagnostic::error(
                    codes::EMPTY_INPUT,
                    path,
                    1,
                    "the file holds no JSON value",
                ));
                None
            }
        },
        Err(e) => {
            diags.push(Diagnostic::error(
                codes::JSON_SYNTAX,
                path,
                lines.line(e.range().start),
                format!("not valid JSON: {}", e.kind()),
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_offsets() {
        let l = LineIndex::new("a\nbc\n\nd");
        assert_eq!(l.line(0), 1);
        assert_eq!(l.line(2), 2);
        assert_eq!(l.line(5), 3);
        assert_eq!(l.line(6), 4);
        assert_eq!(l.line(99), 4);
        // A final newline does not start a line: the end of the text is on
        // the last one (found by `properties::mutated_exports_read_merge_and_emit`).
        let l = LineIndex::new("{\n\"a\"\n");
        assert_eq!(l.line(6), 2);
        assert_eq!(l.line(7), 2);
        assert_eq!(l.range(2, 6), (2, 5));
    }

    #[test]
    fn prose_lines_and_trailing_commas_are_repaired_with_warnings() {
        let mut text = "{\"a\": [\n  1,\n  2,\n  Removed for brevity\n  ]\n}".to_string();
        let mut diags = Vec::new();
        let v = parse("t.json", &mut text, &mut diags);
        assert!(v.is_some(), "{diags:?}");
        let lines: Vec<u32> = diags.iter().map(|d| d.line).collect();
        assert_eq!(lines, vec![4, 3], "{diags:?}");
        assert!(diags.iter().all(|d| d.code == codes::JSON_REPAIRED));
    }

    #[test]
    fn other_syntax_errors_fail_the_file_with_a_located_error() {
        for (bad, line) in [
            ("{\"a\": }", 1),
            ("{\n\"a\": 1\n\"b\": 2}", 2),
            ("[1, 2", 1),
            ("{\n\"a\"\n", 2),
            ("", 1),
            ("{\"a\": 'x'}", 1),
        ] {
            let mut text = bad.to_string();
            let mut diags = Vec::new();
            assert!(parse("t.json", &mut text, &mut diags).is_none(), "{bad}");
            assert_eq!(diags.last().map(|d| d.line), Some(line), "{bad}: {diags:?}");
        }
    }
}
