//! Diagnostics rendered like rustc's: `warning[DV0103]: message`, an arrow to
//! `file:line:col`, and the page line underneath. A file-level diagnostic
//! (line 0) names the file alone and says it concerns the whole file.

use std::collections::BTreeMap;

use annotate_snippets::{Level, Renderer, Snippet};

use crate::diagnostics::{Diagnostic, Severity};

/// Renders diagnostics with snippets, caching page texts by path.
#[derive(Debug, Default)]
pub struct DiagnosticRenderer {
    color: bool,
    sources: BTreeMap<String, Option<String>>,
}

impl DiagnosticRenderer {
    /// A renderer; `color` adds ANSI styles (use it on terminals only).
    pub fn new(color: bool) -> Self {
        DiagnosticRenderer {
            color,
            sources: BTreeMap::new(),
        }
    }

    /// Render one diagnostic. The page is read from `d.file` when it exists;
    /// otherwise only the header and location are shown.
    pub fn render(&mut self, d: &Diagnostic) -> String {
        let source = self
            .sources
            .entry(d.file.clone())
            .or_insert_with(|| {
                std::fs::read(&d.file)
                    .ok()
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
            })
            .clone();
        render_with_source(d, source.as_deref(), self.color)
    }
}

fn level(s: Severity) -> Level {
    match s {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Note => Level::Note,
    }
}

/// Render `d` against the page text `source` (when known).
pub fn render_with_source(d: &Diagnostic, source: Option<&str>, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let location = d.location();
    let title = if location.is_empty() {
        d.message.clone()
    } else {
        format!("{} ({location})", d.message)
    };
    let message = level(d.severity).title(&title).id(&d.code);
    if d.is_file_level() {
        // No line to point at: say so instead of a bogus `:0:0` position.
        let scope = if d.file.is_empty() {
            "this concerns no input file"
        } else {
            "this concerns the whole file, not one line of it"
        };
        let message = message.footer(Level::Note.title(scope));
        return renderer.render(message).to_string();
    }
    let line_text = source.and_then(|s| s.split('\n').nth(d.line as usize - 1));
    let Some(line_text) = line_text else {
        let rendered = renderer.render(message).to_string();
        return rendered;
    };
    // Control characters would garble the terminal: show them as spaces.
    let shown: String = line_text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let col = (d.column.max(1) as usize - 1).min(shown.len());
    let start = shown
        .char_indices()
        .map(|(i, _)| i)
        .find(|&i| i >= col)
        .unwrap_or(shown.len());
    let end = shown[start..]
        .char_indices()
        .nth(1)
        .map_or(shown.len(), |(i, _)| start + i);
    let end = if shown.is_empty() { 0 } else { end.max(start) };
    let snippet = Snippet::source(&shown)
        .line_start(d.line as usize)
        .origin(&d.file)
        .fold(false)
        .annotation(level(d.severity).span(start..end).label(""));
    let rendered = renderer.render(message.snippet(snippet)).to_string();
    rendered
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_file_line_and_the_page_line() {
        let d = Diagnostic::warning("DV0103", "pages/lead.md", 2, "unknown property `Foo`");
        let text = render_with_source(&d, Some("line one\n|Foo|bar|\nline three"), false);
        assert!(
            text.contains("warning[DV0103]: unknown property `Foo`"),
            "{text}"
        );
        assert!(text.contains("pages/lead.md:2:1"), "{text}");
        assert!(text.contains("|Foo|bar|"), "{text}");
        assert!(!text.contains("line three"), "{text}");
        assert!(
            !text.contains('\u{1b}'),
            "no colour when asked for plain: {text}"
        );
    }

    #[test]
    fn survives_missing_sources_odd_columns_and_control_characters() {
        let mut d = Diagnostic::error("DV0007", "nowhere.md", 9, "binary");
        assert!(render_with_source(&d, None, true).contains("DV0007"));
        assert!(render_with_source(&d, Some("short"), false).contains("binary"));
        d.line = 1;
        d.column = 500;
        assert!(render_with_source(&d, Some("\u{0}é\u{7}x"), false).contains("binary"));
        d.line = 0;
        assert!(render_with_source(&d, Some(""), false).contains("binary"));
    }

    #[test]
    fn file_level_diagnostics_name_the_file_without_a_position() {
        let d = Diagnostic::file_level(Severity::Warning, "DV0006", "page.md", "no H1");
        let text = render_with_source(&d, Some("<!DOCTYPE html>\n<html>"), false);
        assert!(text.contains("warning[DV0006]: no H1 (page.md)"), "{text}");
        assert!(text.contains("the whole file"), "{text}");
        assert!(!text.contains(":0"), "no bogus position: {text}");
        assert!(!text.contains("<!DOCTYPE"), "no line shown: {text}");
        let d = Diagnostic::file_level(Severity::Error, "DV0402", "", "bad option");
        let text = render_with_source(&d, None, false);
        assert!(text.contains("error[DV0402]: bad option"), "{text}");
        assert!(!text.contains("()"), "{text}");
    }
}
