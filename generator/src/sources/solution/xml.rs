//! XML helpers of the solution reader: parsing with a diagnostic on error,
//! line numbers, localized labels, and the element [`Tracker`] behind
//! `dvgen coverage` (every element is used, ignored on purpose, or unknown).

use std::collections::HashMap;

use roxmltree::{Document, Node, NodeId, ParsingOptions};

use crate::diagnostics::{codes, Diagnostic};
use crate::sources::markdown::CoverageCounts;

/// Most elements one XML file may hold (a resource bound: real Entity.xml
/// files hold a few thousand).
const NODES_LIMIT: u32 = 4_000_000;

/// Parse `bytes` as XML; a BOM is skipped, invalid UTF-8 and malformed XML
/// become diagnostics (`None` for the latter).
pub(crate) fn parse<'a>(
    path: &str,
    text: &'a str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Document<'a>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: NODES_LIMIT,
    };
    match Document::parse_with_options(text, options) {
        Ok(doc) => Some(doc),
        Err(e) => {
            let pos = e.pos();
            // An error at the very end of a text that ends in a newline is
            // reported on the line after the last: point at the last line's end.
            let lines = u32::try_from(text.lines().count())
                .unwrap_or(u32::MAX)
                .max(1);
            let (row, col) = if pos.row > lines {
                let last = text.lines().last().unwrap_or("");
                let width = u32::try_from(last.chars().count()).unwrap_or(u32::MAX);
                (lines, width.saturating_add(1))
            } else {
                (pos.row, pos.col)
            };
            diags.push(Diagnostic::new(
                crate::diagnostics::Severity::Error,
                codes::BAD_XML,
                path,
                row,
                col,
                format!("malformed XML, the file is not read: {e}"),
            ));
            None
        }
    }
}

/// Decode bytes as UTF-8 (lossily, with a diagnostic).
pub(crate) fn decode<'a>(
    path: &str,
    bytes: &'a [u8],
    diags: &mut Vec<Diagnostic>,
) -> std::borrow::Cow<'a, str> {
    let text = String::from_utf8_lossy(bytes);
    if matches!(text, std::borrow::Cow::Owned(_)) {
        diags.push(Diagnostic::warning(
            codes::INVALID_UTF8,
            path,
            1,
            "the file is not valid UTF-8; invalid bytes were replaced",
        ));
    }
    text
}

/// 1-based line of a node.
pub(crate) fn line(node: Node<'_, '_>) -> u32 {
    node.document().text_pos_at(node.range().start).row
}

/// The element children of `node` named `name` (local name, exact case).
pub(crate) fn children<'a, 'i>(
    node: Node<'a, 'i>,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// The first element child named `name`.
pub(crate) fn child<'a, 'i>(node: Node<'a, 'i>, name: &'static str) -> Option<Node<'a, 'i>> {
    children(node, name).next()
}

/// Trimmed text of an element (`None` when empty or `xsi:nil`).
pub(crate) fn text(node: Node<'_, '_>) -> Option<String> {
    let t: String = node
        .children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect();
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// XML attributes the reader reads, on whichever element they appear (names,
/// labels, choice values, state links, root components).
const USED_ATTRIBUTES: &[&str] = &[
    "PhysicalName",
    "Name",
    "LocalizedName",
    "description",
    "languagecode",
    "value",
    "state",
    "defaultstatus",
    "invariantname",
    "type",
    "schemaName",
];

/// XML attributes skipped on purpose: packaging and maker details.
const IGNORED_ATTRIBUTES: &[&str] = &[
    "OriginalName",
    "ExternalValue",
    "Color",
    "IsHidden",
    "behavior",
    "localizedName",
    "unmodified",
    "id",
    "version",
    "SolutionPackageVersion",
    "generatedBy",
    "nil",
    "displayName",
    "parentSchemaName",
    "parentDisplayName",
    "solution",
];

/// What became of one element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// Read into the model (this element only).
    Used,
    /// Read into the model, with everything below it.
    UsedTree,
    /// Skipped on purpose, with everything below it.
    Ignored,
}

/// Records which elements of one document the reader used or ignored; the
/// rest are unknown and reported.
pub(crate) struct Tracker {
    marks: HashMap<NodeId, Mark>,
}

impl Tracker {
    pub(crate) fn new() -> Self {
        Tracker {
            marks: HashMap::new(),
        }
    }

    /// `node` (only) was used.
    pub(crate) fn used(&mut self, node: Node<'_, '_>) {
        self.marks.entry(node.id()).or_insert(Mark::Used);
    }

    /// `node` and its descendants were used.
    pub(crate) fn used_tree(&mut self, node: Node<'_, '_>) {
        self.marks.insert(node.id(), Mark::UsedTree);
    }

    /// `node` and its descendants are skipped on purpose.
    pub(crate) fn ignored(&mut self, node: Node<'_, '_>) {
        self.marks.insert(node.id(), Mark::Ignored);
    }

    /// The first child named `name`, marked used (with its subtree) when found.
    pub(crate) fn take<'a, 'i>(
        &mut self,
        node: Node<'a, 'i>,
        name: &'static str,
    ) -> Option<Node<'a, 'i>> {
        let c = child(node, name)?;
        self.used_tree(c);
        Some(c)
    }

    /// The first child named `name`, marked used (that element only) when found.
    pub(crate) fn take_shallow<'a, 'i>(
        &mut self,
        node: Node<'a, 'i>,
        name: &'static str,
    ) -> Option<Node<'a, 'i>> {
        let c = child(node, name)?;
        self.used(c);
        Some(c)
    }

    /// The text of the first child named `name`, marked used.
    pub(crate) fn text(&mut self, node: Node<'_, '_>, name: &'static str) -> Option<String> {
        self.take(node, name).and_then(text)
    }

    /// Mark every element child of `node` whose name is in `names` ignored.
    pub(crate) fn ignore_children(&mut self, node: Node<'_, '_>, names: &[&str]) {
        for c in node.children().filter(|c| c.is_element()) {
            if names.contains(&c.tag_name().name()) && !self.marks.contains_key(&c.id()) {
                self.ignored(c);
            }
        }
    }

    /// Count the elements and XML attributes of `doc` and report each unknown
    /// element (the topmost of an unknown subtree) and each unknown attribute
    /// of a known element as a warning, so nothing is dropped silently.
    pub(crate) fn finish(
        &self,
        doc: &Document<'_>,
        path: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> CoverageCounts {
        let mut counts = CoverageCounts::default();
        // (element, mark inherited from an ancestor, parent unknown)
        let mut todo: Vec<(Node<'_, '_>, Option<Mark>, bool)> =
            vec![(doc.root_element(), None, false)];
        while let Some((node, inherited, parent_unknown)) = todo.pop() {
            counts.lines += 1;
            let effective = inherited.or_else(|| self.marks.get(&node.id()).copied());
            let (pass, unknown) = match effective {
                Some(Mark::Used) => {
                    counts.used += 1;
                    (None, false)
                }
                Some(m @ Mark::UsedTree) => {
                    counts.used += 1;
                    (Some(m), false)
                }
                Some(m @ Mark::Ignored) => {
                    counts.ignored += 1;
                    (Some(m), false)
                }
                None => {
                    counts.unknown += 1;
                    // Report the topmost unknown element; its subtree counts as unknown.
                    if !parent_unknown {
                        diags.push(Diagnostic::warning(
                            codes::UNKNOWN_ELEMENT,
                            path,
                            line(node),
                            format!(
                                "element <{}> is not known; it is not in the output",
                                node.tag_name().name()
                            ),
                        ));
                    }
                    (None, true)
                }
            };
            // Its XML attributes: known ones follow the element, others are unknown.
            for a in node.attributes() {
                counts.lines += 1;
                if unknown || matches!(effective, Some(Mark::Ignored)) {
                    if unknown {
                        counts.unknown += 1;
                    } else {
                        counts.ignored += 1;
                    }
                } else if USED_ATTRIBUTES.contains(&a.name()) {
                    counts.used += 1;
                } else if IGNORED_ATTRIBUTES.contains(&a.name()) {
                    counts.ignored += 1;
                } else {
                    counts.unknown += 1;
                    diags.push(Diagnostic::warning(
                        codes::UNKNOWN_ELEMENT,
                        path,
                        line(node),
                        format!(
                            "attribute `{}` of <{}> is not known; it is not in the output",
                            a.name(),
                            node.tag_name().name()
                        ),
                    ));
                }
            }
            for c in node.children().filter(|c| c.is_element()) {
                todo.push((c, pass, unknown));
            }
        }
        counts
    }
}

/// The label of `container` (`displaynames`, `Descriptions`, `labels`,
/// `LocalizedNames`...) in `language`, else the first label; empty labels are
/// `None`. Child elements carry `description` and `languagecode` attributes.
pub(crate) fn label(container: Node<'_, '_>, language: u32) -> Option<String> {
    let items: Vec<Node<'_, '_>> = container.children().filter(|c| c.is_element()).collect();
    let code = |n: &Node<'_, '_>| {
        n.attribute("languagecode")
            .and_then(|c| c.parse::<u32>().ok())
    };
    let pick = items
        .iter()
        .find(|n| code(n) == Some(language))
        .or_else(|| items.first())?;
    let d = pick.attribute("description")?.trim();
    (!d.is_empty()).then(|| d.to_string())
}

/// Parse a solution boolean (`1`/`0`, `true`/`false`).
pub(crate) fn boolean(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// roxmltree reports an error at the end of a text ending in a newline on
    /// the line after the last one (found by `solution_properties`).
    #[test]
    fn an_error_at_the_end_points_at_a_line_the_file_has() {
        let mut diags = Vec::new();
        let text = "<?xml version=\"1.0\" encoding=\"utf-8\"\n";
        assert!(parse("Team.xml", text, &mut diags).is_none());
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!((diags[0].line, diags[0].column), (1, 37), "{}", diags[0]);
        assert!(diags[0].message.contains("expected '?>' at 2:1"));

        diags.clear();
        assert!(parse("a.xml", "<a>\n<b>\n</a>\n", &mut diags).is_none());
        assert_eq!(diags[0].line, 3, "{}", diags[0]);
    }
}
