//! Relationship descriptors: one `RelationshipDescriptor` constant per
//! relationship a table lists, kind from that table's point of view. Other
//! tables appear only as logical-name strings, never as types, so a
//! descriptor never needs another table's feature.

use proc_macro2::TokenStream;
use quote::quote;

use super::metadata::{last_product, origin};
use super::stated::Stated;
use crate::model::{
    CascadeConfiguration, ManyToManySide, MenuConfiguration, Relationship, RelationshipKind, Table,
};

/// Cascade per action: only the stated actions, the rest from `UNKNOWN`.
fn cascade(c: Option<&CascadeConfiguration>) -> Option<TokenStream> {
    let c = c?;
    let mut stated = Stated::new();
    for (name, t) in [
        ("archive", c.archive),
        ("assign", c.assign),
        ("delete", c.delete),
        ("merge", c.merge),
        ("reparent", c.reparent),
        ("rollup_view", c.rollup_view),
        ("share", c.share),
        ("unshare", c.unshare),
    ] {
        if let Some(t) = t {
            let i = proc_macro2::Ident::new(t.as_str(), proc_macro2::Span::call_site());
            stated.set(name, quote!(Some(CascadeType::#i)));
        }
    }
    if stated.is_empty() {
        return None;
    }
    Some(stated.finish_of(
        quote!(CascadeConfiguration),
        quote!(CascadeConfiguration::UNKNOWN),
        8,
    ))
}

/// A menu configuration: only the stated keys, the rest from `NONE`.
fn menu(m: Option<&MenuConfiguration>) -> Option<TokenStream> {
    let m = m?;
    let mut stated = Stated::new();
    stated.str("behavior", m.behavior.as_deref());
    stated.str("group", m.group.as_deref());
    stated.str("label", m.label.as_deref());
    stated.int("order", m.order.and_then(|o| i32::try_from(o).ok()));
    let inner = stated.finish(quote!(MenuConfiguration), quote!(MenuConfiguration::NONE));
    Some(quote!(Some(#inner)))
}

/// The two sides of a many-to-many: (entity 1, entity 2). Numbered sides
/// keep their numbers; a single unnumbered side is this table's (entity 1).
fn m2m_sides<'a>(
    table: &Table,
    rel: &'a Relationship,
) -> (Option<&'a ManyToManySide>, Option<&'a ManyToManySide>) {
    let sides: &[ManyToManySide] = rel
        .many_to_many
        .as_ref()
        .map(|m| m.sides.as_slice())
        .unwrap_or(&[]);
    let by_ord = |n: u8| sides.iter().find(|s| s.ordinal == Some(n));
    if by_ord(1).is_some() || by_ord(2).is_some() {
        return (by_ord(1), by_ord(2));
    }
    let own = sides
        .iter()
        .find(|s| s.entity_logical_name.as_deref() == Some(table.logical_name.as_str()));
    match (own, sides) {
        (Some(o), _) => (Some(o), sides.iter().find(|s| !std::ptr::eq(*s, o))),
        (None, [a, b, ..]) => (Some(a), Some(b)),
        (None, [a]) => (Some(a), None),
        (None, []) => (None, None),
    }
}

/// The `RelationshipDescriptor` expression of one relationship of `table`,
/// for the `relationships` module (metadata types glob-imported).
pub fn emit_relationship(table: &Table, rel: &Relationship) -> TokenStream {
    let md = TokenStream::new();
    let schema = &rel.schema_name;
    let this = table.logical_name.as_str();
    let other = rel.related_entity.as_deref();
    let mut stated = Stated::new();
    let (kind, referenced, referencing) = match rel.kind {
        RelationshipKind::OneToMany | RelationshipKind::ManyToOne => {
            let one_to_many = rel.kind == RelationshipKind::OneToMany;
            let referenced = rel
                .referenced_entity
                .as_deref()
                .or(if one_to_many { Some(this) } else { other })
                .unwrap_or("");
            let referencing = rel
                .referencing_entity
                .as_deref()
                .or(if one_to_many { other } else { Some(this) })
                .unwrap_or("");
            let kind = if one_to_many {
                quote!(RelationshipKind::OneToMany)
            } else {
                quote!(RelationshipKind::ManyToOne)
            };
            stated.str("referenced_attribute", rel.referenced_attribute.as_deref());
            stated.str(
                "referencing_attribute",
                rel.referencing_attribute.as_deref(),
            );
            stated.str(
                "referenced_navigation_property",
                rel.referenced_entity_navigation_property_name.as_deref(),
            );
            stated.str(
                "referencing_navigation_property",
                rel.referencing_entity_navigation_property_name.as_deref(),
            );
            if let Some(c) = cascade(rel.cascade_configuration.as_ref()) {
                stated.set("cascade", c);
            }
            if let Some(m) = menu(rel.associated_menu_configuration.as_ref()) {
                stated.set("referenced_menu", m);
            }
            (kind, referenced, referencing)
        }
        RelationshipKind::ManyToMany => {
            let (one, two) = m2m_sides(table, rel);
            let name1 = one
                .and_then(|s| s.entity_logical_name.as_deref())
                .unwrap_or(this);
            let name2 = two
                .and_then(|s| s.entity_logical_name.as_deref())
                .or(other)
                .unwrap_or("");
            stated.str(
                "referenced_navigation_property",
                one.and_then(|s| s.navigation_property_name.as_deref()),
            );
            stated.str(
                "referencing_navigation_property",
                two.and_then(|s| s.navigation_property_name.as_deref()),
            );
            let menu1 = one
                .and_then(|s| s.associated_menu_configuration.as_ref())
                .or(rel.associated_menu_configuration.as_ref());
            if let Some(m) = menu(menu1) {
                stated.set("referenced_menu", m);
            }
            if let Some(m) = menu(two.and_then(|s| s.associated_menu_configuration.as_ref())) {
                stated.set("referencing_menu", m);
            }
            stated.str(
                "intersect_table",
                rel.many_to_many
                    .as_ref()
                    .and_then(|m| m.intersect_entity_name.as_deref()),
            );
            stated.str(
                "referenced_intersect_attribute",
                one.and_then(|s| s.intersect_attribute.as_deref()),
            );
            stated.str(
                "referencing_intersect_attribute",
                two.and_then(|s| s.intersect_attribute.as_deref()),
            );
            (quote!(RelationshipKind::ManyToMany), name1, name2)
        }
    };
    stated.bool("is_hierarchical", rel.is_hierarchical);
    stated.bool("is_customizable", rel.is_customizable);
    if let Some(o) = origin(&md, last_product(&rel.provenance)) {
        stated.set("origin", o);
    }
    stated.finish(
        quote!(RelationshipDescriptor),
        quote!(RelationshipDescriptor::new(#schema, #kind, #referenced, #referencing)),
    )
}
