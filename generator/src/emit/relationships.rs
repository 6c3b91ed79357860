//! Relationship descriptors: one `RelationshipDescriptor` constant per
//! relationship a table lists, kind from that table's point of view. Other
//! tables appear only as logical-name strings, never as types, so a
//! descriptor never needs another table's feature.

use proc_macro2::TokenStream;
use quote::quote;

use super::metadata::{last_product, origin, some_bool, some_str};
use super::Ctx;
use crate::model::{
    CascadeConfiguration, CascadeType, ManyToManySide, MenuConfiguration, Relationship,
    RelationshipKind, Table,
};

fn cascade_type(rt: &TokenStream, c: Option<CascadeType>) -> TokenStream {
    match c {
        Some(c) => {
            let i = proc_macro2::Ident::new(c.as_str(), proc_macro2::Span::call_site());
            quote!(::core::option::Option::Some(#rt::CascadeType::#i))
        }
        None => quote!(::core::option::Option::None),
    }
}

fn cascade(rt: &TokenStream, c: Option<&CascadeConfiguration>) -> TokenStream {
    let Some(c) = c else {
        return quote!(#rt::CascadeConfiguration::UNKNOWN);
    };
    let archive = cascade_type(rt, c.archive);
    let assign = cascade_type(rt, c.assign);
    let delete = cascade_type(rt, c.delete);
    let merge = cascade_type(rt, c.merge);
    let reparent = cascade_type(rt, c.reparent);
    let rollup_view = cascade_type(rt, c.rollup_view);
    let share = cascade_type(rt, c.share);
    let unshare = cascade_type(rt, c.unshare);
    quote! {
        #rt::CascadeConfiguration {
            archive: #archive,
            assign: #assign,
            delete: #delete,
            merge: #merge,
            reparent: #reparent,
            rollup_view: #rollup_view,
            share: #share,
            unshare: #unshare,
        }
    }
}

fn menu(rt: &TokenStream, m: Option<&MenuConfiguration>) -> TokenStream {
    let Some(m) = m else {
        return quote!(::core::option::Option::None);
    };
    let behavior = some_str(m.behavior.as_deref());
    let group = some_str(m.group.as_deref());
    let label = some_str(m.label.as_deref());
    let order = match m.order.and_then(|o| i32::try_from(o).ok()) {
        Some(o) => {
            let o = super::choices::int_lit(o);
            quote!(::core::option::Option::Some(#o))
        }
        None => quote!(::core::option::Option::None),
    };
    quote! {
        ::core::option::Option::Some(#rt::MenuConfiguration {
            behavior: #behavior,
            group: #group,
            label: #label,
            order: #order,
        })
    }
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

/// The `RelationshipDescriptor` expression of one relationship of `table`.
pub fn emit_relationship(ctx: &Ctx<'_>, table: &Table, rel: &Relationship) -> TokenStream {
    let rt = &ctx.rt;
    let schema = &rel.schema_name;
    let this = table.logical_name.as_str();
    let other = rel.related_entity.as_deref();
    let is_hierarchical = some_bool(rel.is_hierarchical);
    let is_customizable = some_bool(rel.is_customizable);
    let origin = origin(rt, last_product(&rel.provenance));
    let none = quote!(::core::option::Option::None);
    let (kind, referenced, referencing, fields) = match rel.kind {
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
                quote!(#rt::RelationshipKind::OneToMany)
            } else {
                quote!(#rt::RelationshipKind::ManyToOne)
            };
            let referenced_attribute = some_str(rel.referenced_attribute.as_deref());
            let referencing_attribute = some_str(rel.referencing_attribute.as_deref());
            let referenced_nav =
                some_str(rel.referenced_entity_navigation_property_name.as_deref());
            let referencing_nav =
                some_str(rel.referencing_entity_navigation_property_name.as_deref());
            let cascade = cascade(rt, rel.cascade_configuration.as_ref());
            let referenced_menu = menu(rt, rel.associated_menu_configuration.as_ref());
            let fields = quote! {
                referenced_attribute: #referenced_attribute,
                referencing_attribute: #referencing_attribute,
                referenced_navigation_property: #referenced_nav,
                referencing_navigation_property: #referencing_nav,
                cascade: #cascade,
                referenced_menu: #referenced_menu,
                referencing_menu: #none,
                intersect_table: #none,
                referenced_intersect_attribute: #none,
                referencing_intersect_attribute: #none,
            };
            (
                kind,
                referenced.to_string(),
                referencing.to_string(),
                fields,
            )
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
            let intersect = some_str(
                rel.many_to_many
                    .as_ref()
                    .and_then(|m| m.intersect_entity_name.as_deref()),
            );
            let nav1 = some_str(one.and_then(|s| s.navigation_property_name.as_deref()));
            let nav2 = some_str(two.and_then(|s| s.navigation_property_name.as_deref()));
            let ia1 = some_str(one.and_then(|s| s.intersect_attribute.as_deref()));
            let ia2 = some_str(two.and_then(|s| s.intersect_attribute.as_deref()));
            let menu1 = menu(
                rt,
                one.and_then(|s| s.associated_menu_configuration.as_ref())
                    .or(rel.associated_menu_configuration.as_ref()),
            );
            let menu2 = menu(
                rt,
                two.and_then(|s| s.associated_menu_configuration.as_ref()),
            );
            let fields = quote! {
                referenced_attribute: #none,
                referencing_attribute: #none,
                referenced_navigation_property: #nav1,
                referencing_navigation_property: #nav2,
                cascade: #rt::CascadeConfiguration::UNKNOWN,
                referenced_menu: #menu1,
                referencing_menu: #menu2,
                intersect_table: #intersect,
                referenced_intersect_attribute: #ia1,
                referencing_intersect_attribute: #ia2,
            };
            (
                quote!(#rt::RelationshipKind::ManyToMany),
                name1.to_string(),
                name2.to_string(),
                fields,
            )
        }
    };
    quote! {
        #rt::RelationshipDescriptor {
            schema_name: #schema,
            kind: #kind,
            referenced_table: #referenced,
            referencing_table: #referencing,
            #fields
            is_hierarchical: #is_hierarchical,
            is_customizable: #is_customizable,
            origin: #origin,
        }
    }
}
