//! `OneToManyRelationshipMetadata` / `ManyToManyRelationshipMetadata` -> [`Relationship`].

use jsonc_parser::ast::Value;

use super::walk::{Ctx, Obj, Use};
use crate::diagnostics::{codes, Severity};
use crate::model::{
    CascadeConfiguration, CascadeType, ManyToMany, ManyToManySide, MenuConfiguration, Relationship,
    RelationshipKind,
};

/// Read one relationship of `kind` (the navigation property it was listed under).
pub(super) fn read(
    ctx: &mut Ctx<'_>,
    v: &Value<'_>,
    path: String,
    kind: RelationshipKind,
) -> Option<Relationship> {
    let Value::Object(o) = v else {
        let line = ctx.line(v);
        ctx.tally_below(Use::Unknown, v);
        ctx.unknown.push((line, path.clone()));
        ctx.diag(
            Severity::Warning,
            codes::BAD_JSON_VALUE,
            line,
            format!("{path} should be a relationship object: not in the output"),
        );
        return None;
    };
    let mut r = Obj::new(o, path);
    let line = r.line(ctx);
    if !matches!(r.peek("SchemaName"), Some(Value::StringLit(s)) if !s.value.trim().is_empty()) {
        ctx.tally_below(Use::Unknown, v);
        ctx.unknown.push((line, r.path.clone()));
        ctx.diag(
            Severity::Warning,
            codes::MISSING_JSON_KEY,
            line,
            format!(
                "relationship at {} has no `SchemaName`: not in the output",
                r.path
            ),
        );
        return None;
    }
    let mut rel = Relationship {
        schema_name: r.str(ctx, "SchemaName").unwrap_or_default(),
        kind,
        ..Relationship::default()
    };
    rel.provenance.push(ctx.provenance(line, &r.path));
    rel.is_customizable = r.bool(ctx, "IsCustomizable");
    match kind {
        RelationshipKind::OneToMany | RelationshipKind::ManyToOne => {
            rel.referenced_entity = r.str(ctx, "ReferencedEntity");
            rel.referenced_attribute = r.str(ctx, "ReferencedAttribute");
            rel.referencing_entity = r.str(ctx, "ReferencingEntity");
            rel.referencing_attribute = r.str(ctx, "ReferencingAttribute");
            rel.referenced_entity_navigation_property_name =
                r.str(ctx, "ReferencedEntityNavigationPropertyName");
            rel.referencing_entity_navigation_property_name =
                r.str(ctx, "ReferencingEntityNavigationPropertyName");
            rel.is_hierarchical = r.bool(ctx, "IsHierarchical");
            if let Some(c) = r.obj(ctx, "CascadeConfiguration") {
                rel.cascade_configuration = Some(cascade(ctx, c));
            }
            if let Some(m) = r.obj(ctx, "AssociatedMenuConfiguration") {
                rel.associated_menu_configuration = Some(menu(ctx, m));
            }
        }
        RelationshipKind::ManyToMany => {
            let mut m2m = ManyToMany {
                intersect_entity_name: r.str(ctx, "IntersectEntityName"),
                sides: Vec::new(),
            };
            for n in [1u8, 2] {
                let entity = r.str(ctx, &format!("Entity{n}LogicalName"));
                let intersect = r.str(ctx, &format!("Entity{n}IntersectAttribute"));
                let nav = r.str(ctx, &format!("Entity{n}NavigationPropertyName"));
                let menu_cfg = r
                    .obj(ctx, &format!("Entity{n}AssociatedMenuConfiguration"))
                    .map(|m| menu(ctx, m));
                if entity.is_some() || intersect.is_some() || nav.is_some() || menu_cfg.is_some() {
                    m2m.sides.push(ManyToManySide {
                        ordinal: Some(n),
                        entity_logical_name: entity,
                        intersect_attribute: intersect,
                        navigation_property_name: nav,
                        associated_menu_configuration: menu_cfg,
                        is_customizable: None,
                    });
                }
            }
            rel.many_to_many = Some(m2m);
        }
    }
    r.finish(ctx, "relationship", RELATIONSHIP_IGNORED);
    Some(rel)
}

fn cascade(ctx: &mut Ctx<'_>, mut c: Obj<'_, '_>) -> CascadeConfiguration {
    let mut out = CascadeConfiguration::default();
    let line = c.line(ctx);
    let one = |c: &mut Obj<'_, '_>, ctx: &mut Ctx<'_>, key: &str| -> Option<CascadeType> {
        let s = c.str(ctx, key)?;
        let t = CascadeType::parse(&s);
        if t.is_none() {
            ctx.diag(
                Severity::Warning,
                codes::BAD_CASCADE,
                line,
                format!(
                    "{}.{key}: unknown cascade value `{s}`; not in the output",
                    c.path
                ),
            );
        }
        t
    };
    out.archive = one(&mut c, ctx, "Archive");
    out.assign = one(&mut c, ctx, "Assign");
    out.delete = one(&mut c, ctx, "Delete");
    out.merge = one(&mut c, ctx, "Merge");
    out.reparent = one(&mut c, ctx, "Reparent");
    out.rollup_view = one(&mut c, ctx, "RollupView");
    out.share = one(&mut c, ctx, "Share");
    out.unshare = one(&mut c, ctx, "Unshare");
    c.finish(ctx, "cascade configuration", &[]);
    out
}

fn menu(ctx: &mut Ctx<'_>, mut m: Obj<'_, '_>) -> MenuConfiguration {
    let out = MenuConfiguration {
        behavior: m.str(ctx, "Behavior"),
        group: m.str(ctx, "Group"),
        label: m.label(ctx, "Label"),
        order: m.int(ctx, "Order"),
        available_offline: m.bool(ctx, "AvailableOffline"),
        menu_id: m.str(ctx, "MenuId"),
        query_api: m.str(ctx, "QueryApi"),
        view_id: m.str(ctx, "ViewId"),
        other: Default::default(),
    };
    m.finish(ctx, "menu configuration", &["IsCustomizable", "Icon"]);
    out
}

/// Relationship properties without a place in the IR.
const RELATIONSHIP_IGNORED: &[&str] = &[
    "MetadataId",
    "HasChanged",
    "IsCustomRelationship",
    "IsManaged",
    "IsValidForAdvancedFind",
    "IntroducedVersion",
    "RelationshipType",
    "SecurityTypes",
    "RelationshipBehavior",
    "IsRelationshipAttributeDenormalized",
    "DenormalizedAttributeName",
    "RelationshipAttributes",
    "EntityKey",
    "Lookup",
    "IsDenormalizedLookup",
];
