//! Line coverage: what became of every line of a page.
//!
//! The parser marks each line it reads as [`LineUse::Used`] (it contributed to
//! the model: front matter, the H1, the description, property rows, choice
//! rows, entry headings…), [`LineUse::Ignored`] (skipped on purpose: blank
//! lines, anchors, section intro sentences, the `See also` footer) or leaves it
//! [`LineUse::Unknown`] (not understood: its content is not in the model).
//! Every line starts out unknown, so a line no code path looks at shows up
//! here instead of vanishing. Unknown lines always carry a diagnostic:
//! [`Coverage::report_unread`] adds one for any unknown run that has none.

use serde::Serialize;

use crate::diagnostics::codes;
use crate::model::{Diagnostic, Severity};

use super::blocks::Prop;
use super::pipe_table::PipeTable;

/// What became of one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineUse {
    /// Not understood; nothing of it is in the model (there is a diagnostic).
    Unknown,
    /// Skipped on purpose (blank lines, prose, links, footer, separators).
    Ignored,
    /// Contributed to the model.
    Used,
}

/// Per-line use of one page (index 0 is line 1).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// One entry per line.
    pub lines: Vec<LineUse>,
}

/// Totals of a [`Coverage`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CoverageCounts {
    /// Lines of the page.
    pub lines: usize,
    /// Lines that contributed to the model.
    pub used: usize,
    /// Lines skipped on purpose.
    pub ignored: usize,
    /// Lines not understood.
    pub unknown: usize,
}

impl Coverage {
    /// `n` lines, all unknown.
    pub(crate) fn new(n: usize) -> Self {
        Coverage {
            lines: vec![LineUse::Unknown; n],
        }
    }

    /// Set the use of 1-based `line` (out of range is a no-op).
    pub(crate) fn set(&mut self, line: u32, what: LineUse) {
        if let Some(idx) = (line as usize).checked_sub(1) {
            if let Some(slot) = self.lines.get_mut(idx) {
                *slot = what;
            }
        }
    }

    /// Lines `[from, to)` (0-based) were read but then dropped (a skipped
    /// entry): the used ones become unknown.
    pub(crate) fn forget(&mut self, from: usize, to: usize) {
        let to = to.min(self.lines.len());
        if let Some(slots) = self.lines.get_mut(from.min(to)..to) {
            for s in slots.iter_mut().filter(|s| **s == LineUse::Used) {
                *s = LineUse::Unknown;
            }
        }
    }

    /// Set the use of 0-based lines `[from, to)` that are still unknown.
    pub(crate) fn fill_unknown(&mut self, from: usize, to: usize, what: LineUse) {
        let to = to.min(self.lines.len());
        if let Some(slots) = self.lines.get_mut(from.min(to)..to) {
            for s in slots.iter_mut().filter(|s| **s == LineUse::Unknown) {
                *s = what;
            }
        }
    }

    /// Mark every line of a table (header, separator, rows).
    pub(crate) fn table(&mut self, t: &PipeTable<'_>, what: LineUse) {
        self.set(t.header.line, what);
        if t.has_separator {
            self.set(t.header.line.saturating_add(1), what);
        }
        for r in &t.rows {
            self.set(r.line, what);
            if let Some(l) = r.continued {
                self.set(l, what);
            }
        }
    }

    /// Mark a property and its nested children.
    pub(crate) fn prop(&mut self, p: &Prop<'_>, what: LineUse) {
        // Iterative: nesting depth is bounded only by the input size.
        let mut todo = vec![p];
        while let Some(p) = todo.pop() {
            self.set(p.line, what);
            todo.extend(p.children.iter());
        }
    }

    /// Totals.
    pub fn counts(&self) -> CoverageCounts {
        let mut c = CoverageCounts {
            lines: self.lines.len(),
            ..CoverageCounts::default()
        };
        for u in &self.lines {
            match u {
                LineUse::Unknown => c.unknown += 1,
                LineUse::Ignored => c.ignored += 1,
                LineUse::Used => c.used += 1,
            }
        }
        c
    }

    /// 1-based numbers of the unknown lines.
    pub fn unknown_lines(&self) -> impl Iterator<Item = u32> + '_ {
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, u)| **u == LineUse::Unknown)
            .map(|(i, _)| super::lines::no(i))
    }

    /// Add a warning for every run of unknown lines (blank lines between them
    /// do not end a run) that no diagnostic of `diags` points into, so that
    /// nothing is dropped silently. `blank(i)` tells whether 0-based line `i` is blank.
    pub(crate) fn report_unread(
        &self,
        path: &str,
        blank: impl Fn(usize) -> bool,
        diags: &mut Vec<Diagnostic>,
    ) {
        let mut located: Vec<u32> = diags
            .iter()
            .filter(|d| d.file == path && d.line > 0)
            .map(|d| d.line)
            .collect();
        located.sort_unstable();
        let covered = |a: u32, b: u32| {
            let p = located.partition_point(|&l| l < a);
            located.get(p).is_some_and(|&l| l <= b)
        };
        let mut new = Vec::new();
        let mut run: Option<(u32, u32)> = None;
        let mut flush = |run: &mut Option<(u32, u32)>| {
            if let Some((a, b)) = run.take() {
                if !covered(a, b) {
                    let what = if a == b {
                        format!("line {a} was not understood; it is not in the output")
                    } else {
                        format!("lines {a}-{b} were not understood; they are not in the output")
                    };
                    new.push(Diagnostic::new(
                        Severity::Warning,
                        codes::UNKNOWN_LINE,
                        path,
                        a,
                        1,
                        what,
                    ));
                }
            }
        };
        for (i, u) in self.lines.iter().enumerate() {
            let line = super::lines::no(i);
            match u {
                LineUse::Unknown => {
                    run = Some(match run {
                        Some((a, _)) => (a, line),
                        None => (line, line),
                    });
                }
                _ if blank(i) => {}
                _ => flush(&mut run),
            }
        }
        flush(&mut run);
        diags.extend(new);
    }
}
