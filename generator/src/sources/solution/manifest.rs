//! `Other/Solution.xml`: the solution's name, version, managed flag and the
//! components it says it contains.

use roxmltree::Node;

use crate::diagnostics::{codes, Diagnostic};

use super::xml::{self, Tracker};

/// Component type numbers of `<RootComponent type=...>` that name files the
/// reader checks for.
pub(crate) const COMPONENT_ENTITY: &str = "1";
/// A global option set.
pub(crate) const COMPONENT_OPTION_SET: &str = "9";

/// What `Other/Solution.xml` says.
#[derive(Debug, Clone, Default)]
pub(crate) struct Manifest {
    /// `UniqueName`.
    pub unique_name: Option<String>,
    /// `Version`.
    pub version: Option<String>,
    /// `Managed` (0 unmanaged, 1 managed, 2 both: read as managed).
    pub managed: Option<bool>,
    /// Root components: (type, schema name, line).
    pub components: Vec<(String, String, u32)>,
}

/// Manifest elements skipped on purpose (publisher details, dependencies).
const IGNORED: &[&str] = &[
    "LocalizedNames",
    "Descriptions",
    "Publisher",
    "MissingDependencies",
];

/// Read the `<ImportExportXml>` root of Solution.xml.
pub(crate) fn read(
    root: Node<'_, '_>,
    path: &str,
    tracker: &mut Tracker,
    diags: &mut Vec<Diagnostic>,
) -> Manifest {
    let mut m = Manifest::default();
    if root.tag_name().name() != "ImportExportXml" {
        diags.push(Diagnostic::error(
            codes::MISSING_ELEMENT,
            path,
            xml::line(root),
            format!(
                "the root element is <{}>, not <ImportExportXml>; the solution has no name",
                root.tag_name().name()
            ),
        ));
        return m;
    }
    tracker.used(root);
    let Some(sm) = tracker.take_shallow(root, "SolutionManifest") else {
        diags.push(Diagnostic::error(
            codes::MISSING_ELEMENT,
            path,
            xml::line(root),
            "no <SolutionManifest>; the solution has no name",
        ));
        return m;
    };
    tracker.ignore_children(sm, IGNORED);
    m.unique_name = tracker.text(sm, "UniqueName");
    m.version = tracker.text(sm, "Version");
    if let Some(el) = xml::child(sm, "Managed") {
        m.managed = match tracker.text(sm, "Managed").as_deref() {
            Some("0") => Some(false),
            Some("1") | Some("2") => Some(true),
            other => {
                diags.push(Diagnostic::warning(
                    codes::BAD_BOOLEAN,
                    path,
                    xml::line(el),
                    format!("<Managed> is {:?}, not 0, 1 or 2", other.unwrap_or("")),
                ));
                None
            }
        };
    }
    if m.unique_name.is_none() {
        diags.push(Diagnostic::warning(
            codes::MISSING_ELEMENT,
            path,
            xml::line(sm),
            "no <UniqueName>: provenance will not name the solution",
        ));
    }
    if let Some(rc) = tracker.take_shallow(sm, "RootComponents") {
        for c in xml::children(rc, "RootComponent") {
            tracker.used(c);
            if let (Some(t), Some(n)) = (c.attribute("type"), c.attribute("schemaName")) {
                m.components
                    .push((t.to_string(), n.to_string(), xml::line(c)));
            }
        }
    }
    m
}
