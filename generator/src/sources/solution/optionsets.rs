//! Choices: the `<optionset>` of a column (local) and `OptionSets/*.xml` (global).

use roxmltree::Node;

use crate::diagnostics::{codes, Diagnostic};
use crate::model::{OptionValue, Provenance};

use super::xml::{self, boolean, label, Tracker};

/// Option-set elements skipped on purpose.
const IGNORED_OPTIONSET: &[&str] = &[
    "IntroducedVersion",
    "IsCustomizable",
    "ExternalTypeName",
    "ParentOptionSetName",
];

/// A global choice read from `OptionSets/<name>.xml`.
#[derive(Debug, Clone)]
pub(crate) struct GlobalChoice {
    /// `Name`.
    pub name: String,
    /// Its values.
    pub options: Vec<OptionValue>,
}

/// Read the values of an `<optionset>` element (options, states or
/// statuses); returns them and whether the set says `IsGlobal` 1.
pub(crate) fn read_options(
    os: Node<'_, '_>,
    path: &str,
    language: u32,
    prov: &dyn Fn(u32) -> Provenance,
    tracker: &mut Tracker,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<OptionValue>, bool) {
    tracker.used(os);
    tracker.ignore_children(os, IGNORED_OPTIONSET);
    let _ = tracker.take(os, "OptionSetType");
    let _ = tracker.take(os, "displaynames");
    let _ = tracker.take(os, "Descriptions");
    let global = tracker
        .text(os, "IsGlobal")
        .and_then(|g| boolean(&g))
        .unwrap_or(false);
    let mut out: Vec<OptionValue> = Vec::new();
    for (list, item) in [
        ("options", "option"),
        ("states", "state"),
        ("statuses", "status"),
    ] {
        let Some(container) = os
            .children()
            .find(|c| c.is_element() && c.tag_name().name() == list)
        else {
            continue;
        };
        tracker.used(container);
        for o in container
            .children()
            .filter(|c| c.is_element() && c.tag_name().name() == item)
        {
            tracker.used(o);
            let line = xml::line(o);
            let Some(raw) = o.attribute("value") else {
                diags.push(Diagnostic::warning(
                    codes::BAD_CHOICE_ROW,
                    path,
                    line,
                    format!("<{item}> without a value; it is skipped"),
                ));
                continue;
            };
            let Ok(value) = raw.trim().parse::<i64>() else {
                diags.push(Diagnostic::warning(
                    codes::BAD_CHOICE_ROW,
                    path,
                    line,
                    format!("<{item}> value `{raw}` is not a whole number; it is skipped"),
                ));
                continue;
            };
            if out.iter().any(|v| v.value == value) {
                diags.push(Diagnostic::warning(
                    codes::DUPLICATE_CHOICE,
                    path,
                    line,
                    format!("choice value {value} appears twice; the first is kept"),
                ));
                continue;
            }
            let int_attr =
                |name: &str| o.attribute(name).and_then(|v| v.trim().parse::<i64>().ok());
            let mut v = OptionValue {
                value,
                provenance: prov(line),
                ..OptionValue::default()
            };
            if let Some(l) = tracker.take(o, "labels") {
                v.label = label(l, language).unwrap_or_default();
            }
            if let Some(d) = tracker.take(o, "Descriptions") {
                v.description = label(d, language);
            }
            match item {
                "state" => {
                    v.default_status = int_attr("defaultstatus");
                    v.invariant_name = o.attribute("invariantname").map(str::to_string);
                }
                "status" => {
                    v.state = int_attr("state");
                    if v.state.is_none() {
                        diags.push(Diagnostic::warning(
                            codes::BAD_CHOICE_ROW,
                            path,
                            line,
                            format!("status {value} does not say which state it belongs to"),
                        ));
                    }
                }
                _ => {}
            }
            out.push(v);
        }
    }
    (out, global)
}

/// Read `OptionSets/<name>.xml` (root `<optionset Name=...>`).
pub(crate) fn read_global(
    root: Node<'_, '_>,
    path: &str,
    language: u32,
    prov: &dyn Fn(u32) -> Provenance,
    tracker: &mut Tracker,
    diags: &mut Vec<Diagnostic>,
) -> Option<GlobalChoice> {
    if root.tag_name().name() != "optionset" {
        diags.push(Diagnostic::error(
            codes::MISSING_ELEMENT,
            path,
            xml::line(root),
            format!(
                "the root element is <{}>, not <optionset>; the file is not read",
                root.tag_name().name()
            ),
        ));
        return None;
    }
    let Some(name) = root.attribute("Name").map(str::to_string) else {
        diags.push(Diagnostic::error(
            codes::MISSING_ELEMENT,
            path,
            xml::line(root),
            "<optionset> without a Name; the file is not read",
        ));
        return None;
    };
    let (options, _) = read_options(root, path, language, prov, tracker, diags);
    Some(GlobalChoice { name, options })
}
