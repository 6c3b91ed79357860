//! Relationship entries of the One-To-Many, Many-To-One and Many-To-Many
//! sections: V1 bold lines with nested bullets, V2/V3 tables and "See …" /
//! "Same as …" lines, V3 `#### Table 1`/`#### Table 2`, V4/V5 tables.

use std::collections::BTreeSet;

use crate::diagnostics::codes;
use crate::model::{
    CascadeConfiguration, CascadeType, ManyToMany, ManyToManySide, MenuConfiguration, Provenance,
    Relationship, RelationshipKind,
};

use super::blocks::{self, Item, Prop};
use super::coverage::LineUse;
use super::inline::{
    link_target_name, links, parse_bool, split_br, split_key_value, strip_wrappers, value,
};
use super::lines::{no, Lines};
use super::properties::{bool_of, check_row};
use super::sections::{entries_at, Section};
use super::Ctx;

/// Parse every entry of a relationship section. Returns how many entries
/// carried relationship data (a classification signal).
pub(crate) fn parse_section(
    lines: &Lines<'_>,
    sec: &Section<'_>,
    kind: RelationshipKind,
    out: &mut Vec<Relationship>,
    ctx: &mut Ctx<'_>,
) -> usize {
    parse_entries(lines, sec, 3, kind, false, out, ctx)
}

/// Parse `## Customized relationships` (V5 extension pages): `### Customized
/// One-to-many relationships` / `Many-to-One` / `Many-to-Many` subsections whose
/// `####` entries change a relationship of the base table. Each entry becomes a
/// [`Relationship`] with `customized` set.
pub(crate) fn parse_customized_section(
    lines: &Lines<'_>,
    sec: &Section<'_>,
    out: &mut Vec<Relationship>,
    ctx: &mut Ctx<'_>,
) -> usize {
    let (intro, subs) = entries_at(lines, sec, 3);
    for i in intro.0..intro.1 {
        if !lines.get(i).trim().is_empty() {
            ctx.warning(
                codes::UNKNOWN_LINE,
                no(i),
                1,
                "content before the first `### Customized … relationships` heading; ignored",
            );
        }
    }
    let mut signals = 0;
    for sub in &subs {
        let heading_line = no(sub.heading);
        let title = sub.name.to_ascii_lowercase();
        let kind = if title.contains("one-to-many") {
            Some(RelationshipKind::OneToMany)
        } else if title.contains("many-to-one") {
            Some(RelationshipKind::ManyToOne)
        } else if title.contains("many-to-many") {
            Some(RelationshipKind::ManyToMany)
        } else {
            None
        };
        let Some(kind) = kind else {
            ctx.warning(
                codes::UNKNOWN_SECTION,
                heading_line,
                1,
                format!(
                    "unknown subsection `### {}` of Customized relationships; skipped",
                    sub.name
                ),
            );
            continue;
        };
        ctx.cov.set(heading_line, LineUse::Used);
        let part = Section {
            kind: sec.kind,
            title: sub.name,
            heading: sub.heading,
            from: sub.from,
            to: sub.to,
        };
        signals += parse_entries(lines, &part, 4, kind, true, out, ctx);
    }
    signals
}

fn parse_entries(
    lines: &Lines<'_>,
    sec: &Section<'_>,
    level: u8,
    kind: RelationshipKind,
    customized: bool,
    out: &mut Vec<Relationship>,
    ctx: &mut Ctx<'_>,
) -> usize {
    let (intro, list) = entries_at(lines, sec, level);
    for item in blocks::scan(lines, intro.0, intro.1) {
        match item {
            // The intro sentence.
            Item::Text(line, _) => ctx.cov.set(line, LineUse::Ignored),
            other => {
                let line = match &other {
                    Item::Table(t) => t.header.line,
                    Item::Prop(p) => p.line,
                    Item::Heading(_, _, l) | Item::Text(l, _) => *l,
                };
                ctx.warning(
                    codes::UNKNOWN_LINE,
                    line,
                    1,
                    "content before the first relationship entry belongs to no relationship; ignored",
                );
            }
        }
    }
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut signals = 0;
    for e in &list {
        let heading_line = no(e.heading);
        ctx.cov.set(heading_line, LineUse::Used);
        let name = if e.name.is_empty() {
            e.anchor
                .map(|a| {
                    a.trim_end_matches("-many-to-one")
                        .trim_end_matches("-one-to-many")
                        .trim_end_matches("-many-to-many")
                })
                .unwrap_or("")
        } else {
            e.name
        };
        if name.is_empty() {
            ctx.error(
                codes::BAD_ENTRY_HEADING,
                heading_line,
                1,
                "relationship heading without a schema name; entry skipped",
            );
            ctx.cov.forget(e.heading, e.to);
            continue;
        }
        let mut rel = Relationship {
            schema_name: name.to_string(),
            kind,
            provenance: vec![Provenance {
                page: ctx.path.to_string(),
                line: heading_line,
                product: ctx.product,
                source: None,
            }],
            customized,
            ..Relationship::default()
        };
        let mut m2m = ManyToMany::default();
        let mut side: Option<u8> = None;
        let mut any = false;
        for item in blocks::scan(lines, e.from, e.to) {
            match item {
                Item::Table(t) if t.is_property_value() => {
                    ctx.cov.table(&t, LineUse::Used);
                    for r in &t.rows {
                        check_row(ctx, r, 2);
                    }
                    for p in blocks::table_props(&t) {
                        any = true;
                        apply(&mut rel, &mut m2m, side, &p, ctx);
                    }
                }
                Item::Table(t) => ctx.warning(
                    codes::UNKNOWN_TABLE_HEADER,
                    t.header.line,
                    1,
                    format!(
                        "unexpected table header `{}` in a relationship entry",
                        t.header.raw.trim()
                    ),
                ),
                Item::Prop(p) => {
                    ctx.cov.prop(&p, LineUse::Used);
                    any = true;
                    apply(&mut rel, &mut m2m, side, &p, ctx);
                }
                Item::Heading(_, text, line) => {
                    let t = text.trim();
                    let n = t
                        .strip_prefix("Table ")
                        .or_else(|| t.strip_prefix("Entity "))
                        .and_then(|n| n.trim().parse::<u8>().ok());
                    match n {
                        Some(n) => {
                            ctx.cov.set(line, LineUse::Used);
                            side = Some(n)
                        }
                        None => ctx.warning(
                            codes::UNKNOWN_LINE,
                            line,
                            1,
                            format!("unexpected heading `{t}` in relationship `{name}`"),
                        ),
                    }
                }
                Item::Text(line, text) => {
                    if reference_line(&mut rel, text) {
                        ctx.cov.set(line, LineUse::Used);
                        any = true;
                        continue;
                    }
                    // V3 `IntersectEntityName: x<br />` plain key line.
                    let (t, _) = super::inline::strip_trailing_br(text);
                    if let Some((k, v)) = split_key_value(t) {
                        if !k.contains(' ') && k.bytes().all(|b| b.is_ascii_alphanumeric()) {
                            let p = Prop {
                                key: k,
                                value: v,
                                line,
                                column: 1,
                                raw: text,
                                children: Vec::new(),
                            };
                            any = true;
                            ctx.cov.set(line, LineUse::Used);
                            apply(&mut rel, &mut m2m, side, &p, ctx);
                            continue;
                        }
                    }
                    ctx.warning(
                        codes::UNKNOWN_LINE,
                        line,
                        1,
                        format!("unexpected text in relationship `{name}`"),
                    );
                }
            }
        }
        if m2m.intersect_entity_name.is_some() || !m2m.sides.is_empty() {
            rel.many_to_many = Some(m2m);
        }
        if any {
            signals += 1;
        }
        let key = rel.schema_name.to_ascii_lowercase();
        if !seen.insert(key) {
            ctx.warning(
                codes::DUPLICATE_RELATIONSHIP,
                heading_line,
                1,
                format!(
                    "relationship `{}` is listed twice in this section; the repeat is ignored",
                    rel.schema_name
                ),
            );
            ctx.cov.forget(e.heading, e.to);
            continue;
        }
        out.push(rel);
    }
    signals
}

/// "See …", "Same as …", "One-To-Many Relationship: […](…)" lines.
fn reference_line(rel: &mut Relationship, text: &str) -> bool {
    let lower_start: String = text
        .chars()
        .take(40)
        .collect::<String>()
        .to_ascii_lowercase();
    let is_ref = lower_start.starts_with("same as ")
        || lower_start.starts_with("changes from ")
        || lower_start.starts_with("see ")
        || lower_start.starts_with("one-to-many relationship:")
        || lower_start.starts_with("many-to-one relationship:")
        || lower_start.starts_with("many-to-many relationship:");
    if !is_ref {
        return false;
    }
    if lower_start.starts_with("changes from ") {
        // `Changes from [X (Microsoft Dataverse)](…/territory#BKMK_X):` names the
        // base relationship itself, not another table.
        if let Some((_, target, _)) = links(text).into_iter().next() {
            rel.related_link = Some(target.trim().to_string());
        }
        return true;
    }
    if let Some((_, target, _)) = links(text).into_iter().next() {
        rel.related_link = Some(target.trim().to_string());
        rel.related_entity = link_target_name(target);
    } else {
        // `See account Entity …` without a link: the word before Entity/Table.
        let words: Vec<&str> = text.split_whitespace().collect();
        let start = if lower_start.starts_with("same as") {
            2
        } else {
            1
        };
        if let (Some(w), Some(next)) = (words.get(start), words.get(start + 1)) {
            let n = next.to_ascii_lowercase();
            if n.starts_with("entity") || n.starts_with("table") {
                rel.related_entity = Some(w.to_ascii_lowercase());
            }
        }
    }
    true
}

/// A value where `null` means none.
fn non_null(s: &str) -> Option<String> {
    owned(s).filter(|v| v != "null")
}

/// A boolean where `null` (or nothing) means none.
fn non_null_bool(p: &Prop<'_>, ctx: &mut Ctx<'_>) -> Option<bool> {
    if strip_wrappers(p.value) == "null" {
        None
    } else {
        bool_of(p, ctx)
    }
}

fn owned(s: &str) -> Option<String> {
    // Values may be links (`[competitor](competitor.md)`): keep the text.
    let p = if s.contains('[') {
        super::inline::plain(s)
    } else {
        s.to_string()
    };
    value(&p).map(|c| c.into_owned())
}

fn side_mut(m2m: &mut ManyToMany, ordinal: Option<u8>) -> &mut ManyToManySide {
    let pos = m2m.sides.iter().position(|s| s.ordinal == ordinal);
    let idx = match pos {
        Some(i) => i,
        None => {
            m2m.sides.push(ManyToManySide {
                ordinal,
                ..ManyToManySide::default()
            });
            m2m.sides.len() - 1
        }
    };
    &mut m2m.sides[idx]
}

fn apply(
    rel: &mut Relationship,
    m2m: &mut ManyToMany,
    side: Option<u8>,
    p: &Prop<'_>,
    ctx: &mut Ctx<'_>,
) {
    // V1 `Entity1IntersectAttribute` etc.
    let (side, key) = match p.key.strip_prefix("Entity1") {
        Some(k) if !k.is_empty() => (Some(1), k),
        _ => match p.key.strip_prefix("Entity2") {
            Some(k) if !k.is_empty() => (Some(2), k),
            _ => (side, p.key),
        },
    };
    let m2m_kind = rel.kind == RelationshipKind::ManyToMany;
    match key {
        "ReferencedEntity" => rel.referenced_entity = owned(p.value),
        "ReferencedAttribute" => rel.referenced_attribute = owned(p.value),
        "ReferencingEntity" => rel.referencing_entity = owned(p.value),
        "ReferencingAttribute" => rel.referencing_attribute = owned(p.value),
        "ReferencedEntityNavigationPropertyName" => {
            rel.referenced_entity_navigation_property_name = owned(p.value)
        }
        "ReferencingEntityNavigationPropertyName" => {
            rel.referencing_entity_navigation_property_name = owned(p.value)
        }
        "IsHierarchical" => rel.is_hierarchical = bool_of(p, ctx),
        "IsCustomizable" => {
            let b = bool_of(p, ctx);
            if side.is_some() {
                side_mut(m2m, side).is_customizable = b;
            } else {
                rel.is_customizable = b;
            }
        }
        "CascadeConfiguration" => rel.cascade_configuration = Some(cascade(p, ctx)),
        "AssociatedMenuConfiguration" => {
            let m = menu(p, ctx);
            if m2m_kind || side.is_some() {
                side_mut(m2m, side).associated_menu_configuration = Some(m);
            } else {
                rel.associated_menu_configuration = Some(m);
            }
        }
        "IntersectEntityName" => m2m.intersect_entity_name = owned(p.value),
        "IntersectAttribute" => side_mut(m2m, side).intersect_attribute = owned(p.value),
        "NavigationPropertyName" => side_mut(m2m, side).navigation_property_name = owned(p.value),
        "LogicalName" if side.is_some() => side_mut(m2m, side).entity_logical_name = owned(p.value),
        "SchemaName" => {
            if let Some(v) = owned(p.value) {
                if !v.eq_ignore_ascii_case(&rel.schema_name) {
                    ctx.warning_at(
                        codes::UNKNOWN_PROPERTY,
                        p.line,
                        p.column,
                        format!(
                            "SchemaName `{v}` differs from the heading `{}`",
                            rel.schema_name
                        ),
                    );
                }
            }
        }
        "Added by" => rel.added_by = owned(p.value),
        "DenormalizedAttributeName" => rel.denormalized_attribute_name = non_null(p.value),
        "EntityKey" => rel.entity_key = non_null(p.value),
        "IsDenormalizedLookup" => rel.is_denormalized_lookup = non_null_bool(p, ctx),
        "IsRelationshipAttributeDenormalized" => {
            rel.is_relationship_attribute_denormalized = non_null_bool(p, ctx)
        }
        _ => {
            ctx.warning_at(
                codes::UNKNOWN_PROPERTY,
                p.line,
                p.column,
                format!(
                    "unknown relationship property `{}` (kept in `other`)",
                    p.key
                ),
            );
            rel.other
                .insert(p.key.to_string(), owned(p.value).unwrap_or_default());
        }
    }
}

/// `Key: value` pairs of a `<br />` cell or of nested bullets.
fn pairs<'a>(p: &'a Prop<'a>) -> Vec<(&'a str, &'a str, u32)> {
    if !p.children.is_empty() {
        return p
            .children
            .iter()
            .map(|c| (c.key, c.value, c.line))
            .collect();
    }
    split_br(p.value)
        .filter(|s| !s.trim().is_empty())
        .map(|s| match split_key_value(s) {
            Some((k, v)) => (k, v, p.line),
            None => (s.trim(), "", p.line),
        })
        .collect()
}

fn null_to_none(v: &str) -> Option<String> {
    let v = value(v)?;
    if v.eq_ignore_ascii_case("null") {
        None
    } else {
        Some(v.into_owned())
    }
}

fn menu(p: &Prop<'_>, ctx: &mut Ctx<'_>) -> MenuConfiguration {
    let mut m = MenuConfiguration::default();
    for (k, v, line) in pairs(p) {
        match k {
            "Behavior" => m.behavior = value(v).map(|c| c.into_owned()),
            "Group" => m.group = value(v).map(|c| c.into_owned()),
            "Label" => m.label = value(v).map(|c| c.into_owned()),
            "Order" => {
                if let Some(s) = value(v) {
                    match s.trim().parse::<i64>() {
                        Ok(n) => m.order = Some(n),
                        Err(_) => {
                            ctx.warning(
                                codes::BAD_NUMBER,
                                line,
                                1,
                                format!("menu Order `{s}` is not an integer"),
                            );
                            m.other.insert("Order".to_string(), s.into_owned());
                        }
                    }
                }
            }
            "AvailableOffline" => {
                let s = strip_wrappers(v);
                if !s.is_empty() {
                    m.available_offline = parse_bool(s);
                    if m.available_offline.is_none() {
                        ctx.warning(
                            codes::BAD_BOOLEAN,
                            line,
                            1,
                            format!("AvailableOffline `{s}` is not True or False"),
                        );
                    }
                }
            }
            "MenuId" => m.menu_id = null_to_none(v),
            "QueryApi" => m.query_api = null_to_none(v),
            "ViewId" => m.view_id = null_to_none(v),
            _ => {
                ctx.warning(
                    codes::UNKNOWN_PROPERTY,
                    line,
                    1,
                    format!("unknown AssociatedMenuConfiguration key `{k}` (kept in `other`)"),
                );
                m.other
                    .insert(k.to_string(), super::inline::value_string(v));
            }
        }
    }
    m
}

fn cascade(p: &Prop<'_>, ctx: &mut Ctx<'_>) -> CascadeConfiguration {
    let mut c = CascadeConfiguration::default();
    for (k, v, line) in pairs(p) {
        let raw = strip_wrappers(v);
        let parsed = CascadeType::parse(raw);
        let slot = match k {
            "Archive" => Some(&mut c.archive),
            "Assign" => Some(&mut c.assign),
            "Delete" => Some(&mut c.delete),
            "Merge" => Some(&mut c.merge),
            "Reparent" => Some(&mut c.reparent),
            "RollupView" => Some(&mut c.rollup_view),
            "Share" => Some(&mut c.share),
            "Unshare" => Some(&mut c.unshare),
            _ => None,
        };
        match slot {
            Some(slot) => {
                if parsed.is_none() && !raw.is_empty() {
                    ctx.warning(
                        codes::BAD_CASCADE,
                        line,
                        1,
                        format!("cascade value `{raw}` for `{k}` is not known (kept in `other`)"),
                    );
                    c.other.insert(k.to_string(), raw.to_string());
                }
                *slot = parsed;
            }
            None => {
                ctx.warning(
                    codes::UNKNOWN_PROPERTY,
                    line,
                    1,
                    format!("unknown cascade action `{k}` (kept in `other`)"),
                );
                c.other.insert(k.to_string(), raw.to_string());
            }
        }
    }
    c
}
