//! `Other/Relationships/<Entity>.xml` (or `Other/Relationships.xml`): one-to-many
//! and many-to-many relationships, each placed on the tables of both sides.

use roxmltree::Node;

use crate::diagnostics::{codes, Diagnostic};
use crate::model::{
    CascadeConfiguration, CascadeType, ManyToMany, ManyToManySide, MenuConfiguration, Provenance,
    Relationship, RelationshipKind,
};

use super::xml::{self, boolean, Tracker};

/// Relationship elements skipped on purpose.
const IGNORED_RELATIONSHIP: &[&str] = &[
    "IntroducedVersion",
    "IsValidForAdvancedFind",
    "RelationshipDescription",
    "CascadeLinkMask",
];

/// Role elements skipped on purpose.
const IGNORED_ROLE: &[&str] = &["CustomLabels"];

/// A relationship side: the table (logical name) that lists it, and the relationship.
pub(crate) type Side = (String, Relationship);

/// Read every `<EntityRelationship>` with content under `root`. Entries that
/// only name a relationship (the index `Other/Relationships.xml`) are
/// returned in `names` so the caller can check they exist.
pub(crate) fn read_file(
    root: Node<'_, '_>,
    path: &str,
    prov: &dyn Fn(u32) -> Provenance,
    tracker: &mut Tracker,
    diags: &mut Vec<Diagnostic>,
    names: &mut Vec<(String, u32)>,
) -> Vec<Side> {
    let mut out = Vec::new();
    if root.tag_name().name() != "EntityRelationships" {
        diags.push(Diagnostic::error(
            codes::MISSING_ELEMENT,
            path,
            xml::line(root),
            format!(
                "the root element is <{}>, not <EntityRelationships>; the file is not read",
                root.tag_name().name()
            ),
        ));
        return out;
    }
    tracker.used(root);
    for r in xml::children(root, "EntityRelationship") {
        tracker.used(r);
        let line = xml::line(r);
        let Some(name) = r.attribute("Name").map(str::to_string) else {
            diags.push(Diagnostic::warning(
                codes::MISSING_ELEMENT,
                path,
                line,
                "<EntityRelationship> without a Name; it is skipped",
            ));
            continue;
        };
        if !r.children().any(|c| c.is_element()) {
            names.push((name, line));
            continue;
        }
        out.extend(read_one(r, &name, path, prov, tracker, diags));
    }
    out
}

fn cascade(
    r: Node<'_, '_>,
    path: &str,
    tracker: &mut Tracker,
    diags: &mut Vec<Diagnostic>,
) -> Option<CascadeConfiguration> {
    let mut c = CascadeConfiguration::default();
    let mut any = false;
    for (name, action) in [
        ("CascadeArchive", "Archive"),
        ("CascadeAssign", "Assign"),
        ("CascadeDelete", "Delete"),
        ("CascadeMerge", "Merge"),
        ("CascadeReparent", "Reparent"),
        ("CascadeRollupView", "RollupView"),
        ("CascadeShare", "Share"),
        ("CascadeUnshare", "Unshare"),
    ] {
        let Some(el) = xml::child(r, name) else {
            continue;
        };
        let Some(t) = tracker.text(r, name) else {
            continue;
        };
        any = true;
        let Some(v) = CascadeType::parse(&t) else {
            diags.push(Diagnostic::warning(
                codes::BAD_CASCADE,
                path,
                xml::line(el),
                format!("cascade value `{t}` of {action} is not known; kept as written"),
            ));
            c.other.insert(action.to_string(), t);
            continue;
        };
        let slot = match action {
            "Archive" => &mut c.archive,
            "Assign" => &mut c.assign,
            "Delete" => &mut c.delete,
            "Merge" => &mut c.merge,
            "Reparent" => &mut c.reparent,
            "RollupView" => &mut c.rollup_view,
            "Share" => &mut c.share,
            _ => &mut c.unshare,
        };
        *slot = Some(v);
    }
    any.then_some(c)
}

/// A role's navigation-pane settings as the docs' `AssociatedMenuConfiguration`.
fn menu(role: Node<'_, '_>, tracker: &mut Tracker) -> Option<MenuConfiguration> {
    let behavior = tracker.text(role, "NavPaneDisplayOption");
    let group = tracker.text(role, "NavPaneArea");
    let order = tracker
        .text(role, "NavPaneOrder")
        .and_then(|o| o.parse::<i64>().ok());
    (behavior.is_some() || group.is_some() || order.is_some()).then(|| MenuConfiguration {
        behavior,
        group,
        order,
        ..MenuConfiguration::default()
    })
}

fn read_one(
    r: Node<'_, '_>,
    name: &str,
    path: &str,
    prov: &dyn Fn(u32) -> Provenance,
    tracker: &mut Tracker,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Side> {
    let line = xml::line(r);
    tracker.ignore_children(r, IGNORED_RELATIONSHIP);
    let kind = tracker.text(r, "EntityRelationshipType");
    let lower = |s: Option<String>| s.map(|s| s.to_ascii_lowercase());
    let mut base = Relationship {
        schema_name: name.to_string(),
        is_hierarchical: tracker.text(r, "IsHierarchical").and_then(|b| boolean(&b)),
        is_customizable: tracker.text(r, "IsCustomizable").and_then(|b| boolean(&b)),
        provenance: vec![prov(line)],
        ..Relationship::default()
    };
    let mut roles: Vec<Node<'_, '_>> = Vec::new();
    if let Some(rs) = tracker.take_shallow(r, "EntityRelationshipRoles") {
        for role in xml::children(rs, "EntityRelationshipRole") {
            tracker.used(role);
            tracker.ignore_children(role, IGNORED_ROLE);
            roles.push(role);
        }
    }
    match kind.as_deref() {
        Some("OneToMany") | Some("ManyToOne") => {
            let referencing = lower(tracker.text(r, "ReferencingEntityName"));
            let referenced = lower(tracker.text(r, "ReferencedEntityName"));
            let (Some(referencing), Some(referenced)) = (referencing, referenced) else {
                diags.push(Diagnostic::warning(
                    codes::MISSING_ELEMENT,
                    path,
                    line,
                    format!("relationship `{name}` lacks <ReferencingEntityName> or <ReferencedEntityName>; it is skipped"),
                ));
                return Vec::new();
            };
            base.referencing_entity = Some(referencing.clone());
            base.referenced_entity = Some(referenced.clone());
            base.referencing_attribute = lower(tracker.text(r, "ReferencingAttributeName"));
            base.cascade_configuration = cascade(r, path, tracker, diags);
            for role in roles {
                let nav = tracker.text(role, "NavigationPropertyName");
                match tracker.text(role, "RelationshipRoleType").as_deref() {
                    // 1: the referencing side (single-valued, carries the menu of the referenced table's list).
                    Some("1") => {
                        base.referencing_entity_navigation_property_name = nav;
                        base.associated_menu_configuration = menu(role, tracker);
                    }
                    Some("0") => base.referenced_entity_navigation_property_name = nav,
                    other => diags.push(Diagnostic::warning(
                        codes::MISSING_ELEMENT,
                        path,
                        xml::line(role),
                        format!(
                            "relationship `{name}`: role type {:?} is not 0 or 1; its navigation property is left out",
                            other.unwrap_or("")
                        ),
                    )),
                }
            }
            let one = Relationship {
                kind: RelationshipKind::OneToMany,
                ..base.clone()
            };
            let many = Relationship {
                kind: RelationshipKind::ManyToOne,
                ..base
            };
            vec![(referenced, one), (referencing, many)]
        }
        Some("ManyToMany") => {
            let first = lower(tracker.text(r, "FirstEntityName"));
            let second = lower(tracker.text(r, "SecondEntityName"));
            let (Some(first), Some(second)) = (first, second) else {
                diags.push(Diagnostic::warning(
                    codes::MISSING_ELEMENT,
                    path,
                    line,
                    format!("relationship `{name}` lacks <FirstEntityName> or <SecondEntityName>; it is skipped"),
                ));
                return Vec::new();
            };
            let mut sides = vec![
                ManyToManySide {
                    ordinal: Some(1),
                    entity_logical_name: Some(first.clone()),
                    ..ManyToManySide::default()
                },
                ManyToManySide {
                    ordinal: Some(2),
                    entity_logical_name: Some(second.clone()),
                    ..ManyToManySide::default()
                },
            ];
            for role in roles {
                let ordinal = tracker
                    .text(role, "AssociationRoleOrdinal")
                    .and_then(|o| o.parse::<u8>().ok());
                let nav = tracker.text(role, "NavigationPropertyName");
                let m = menu(role, tracker);
                let _ = tracker.text(role, "RelationshipRoleType");
                if let Some(side) = sides.iter_mut().find(|s| s.ordinal == ordinal) {
                    side.navigation_property_name = nav;
                    side.associated_menu_configuration = m;
                } else {
                    diags.push(Diagnostic::warning(
                        codes::MISSING_ELEMENT,
                        path,
                        xml::line(role),
                        format!("relationship `{name}`: a role without AssociationRoleOrdinal 1 or 2; left out"),
                    ));
                }
            }
            base.kind = RelationshipKind::ManyToMany;
            base.many_to_many = Some(ManyToMany {
                intersect_entity_name: lower(tracker.text(r, "IntersectEntityName")),
                sides,
            });
            if first == second {
                vec![(first, base)]
            } else {
                vec![(first, base.clone()), (second, base)]
            }
        }
        other => {
            diags.push(Diagnostic::warning(
                codes::MISSING_ELEMENT,
                path,
                line,
                format!(
                    "relationship `{name}` has the type {:?}, not OneToMany or ManyToMany; it is skipped",
                    other.unwrap_or("")
                ),
            ));
            Vec::new()
        }
    }
}
