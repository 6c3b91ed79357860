//! One table's file: the entity struct, its `Entity` impl, `METADATA`,
//! `MESSAGES`, the `attributes`, `columns` and `relationships` modules and the
//! table's local choice enums.
//!
//! The file has no inner attributes or `//!` docs (build scripts `include!` it);
//! its module docs are on the `pub mod` item in `lib.rs`.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::choices::{self, ChoiceDef, StateLink};
use super::docs::{self, code};
use super::metadata::{self, is_date_only};
use super::relationships;
use super::render::Piece;
use super::Ctx;
use crate::diagnostics::Diagnostic;
use crate::model::{AttributeType, Column, ColumnSection, Product, RelationshipKind, Table};
use crate::naming::{Name, TableNames};

/// `super::` repeated `n` times.
fn supers(n: usize) -> TokenStream {
    let mut t = TokenStream::new();
    for _ in 0..n {
        t.extend(quote!(super::));
    }
    t
}

/// Path of a column's choice enum, seen from `depth` modules below the table module.
pub fn enum_path(
    ctx: &Ctx<'_>,
    tn: &TableNames,
    col: &Column,
    depth: usize,
) -> Option<TokenStream> {
    if let Some(g) = &col.global_choice_name {
        let name = ctx.names.global_choices.get(&g.to_ascii_lowercase())?;
        let s = supers(depth + 1);
        let i = name.ident();
        return Some(quote!(#s choices::#i));
    }
    let name = tn.enums.get(&col.logical_name)?;
    let s = supers(depth);
    let i = name.ident();
    Some(quote!(#s #i))
}

/// The Rust value type of a column (without `Option`), seen from `depth`
/// modules below the table module.
pub fn value_type(ctx: &Ctx<'_>, tn: &TableNames, col: &Column, depth: usize) -> TokenStream {
    use AttributeType as A;
    let rt = &ctx.rt;
    match &col.attribute_type {
        A::String | A::Memo | A::EntityName | A::Image => quote!(String),
        A::Integer => quote!(i32),
        A::BigInt => quote!(i64),
        A::Double => quote!(f64),
        A::Boolean => quote!(bool),
        A::Decimal => quote!(#rt::Decimal),
        A::Money => quote!(#rt::Money),
        A::DateTime if is_date_only(col) => quote!(#rt::Date),
        A::DateTime => quote!(#rt::DateTime),
        A::Picklist | A::State | A::Status => match enum_path(ctx, tn, col, depth) {
            Some(p) => p,
            None => quote!(#rt::serde_json::Value),
        },
        A::MultiSelectPicklist => match enum_path(ctx, tn, col, depth) {
            Some(p) => quote!(#rt::MultiSelect<#p>),
            None => quote!(#rt::serde_json::Value),
        },
        A::Lookup | A::Customer | A::Owner => quote!(#rt::Lookup),
        A::Uniqueidentifier => quote!(#rt::uuid::Uuid),
        A::PartyList | A::File | A::ManagedProperty | A::Virtual | A::Unspecified | A::Other(_) => {
            quote!(#rt::serde_json::Value)
        }
    }
}

/// The Web API property name: `_<logical>_value` for lookups.
pub fn wire_name(col: &Column) -> String {
    if col.attribute_type.is_lookup() {
        format!("_{}_value", col.logical_name)
    } else {
        col.logical_name.clone()
    }
}

fn table_product(table: &Table) -> Option<Product> {
    table.provenance.first().map(|p| p.product)
}

/// Doc Markdown of a column's field.
pub fn column_doc(ctx: &Ctx<'_>, table: &Table, col: &Column) -> String {
    let title = col
        .display_name
        .as_deref()
        .map(|d| docs::sanitize(d).replace('\n', " "))
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| code(&col.logical_name));
    let mut out = format!("**{title}**");
    if !ctx.options.docs {
        return out;
    }
    if let Some(d) = col.description.as_deref().map(docs::sanitize) {
        if !d.is_empty() {
            out.push_str(" — ");
            out.push_str(&d);
        }
    }
    let mut facts = vec![if col.attribute_type == AttributeType::Unspecified {
        "Type: not stated by the docs".to_string()
    } else {
        format!("Type: {}", code(col.attribute_type.as_str()))
    }];
    if col.attribute_type.is_lookup() {
        facts[0].push_str(&format!(" (read as {})", code(&wire_name(col))));
    }
    let f = &col.facets;
    if let Some(n) = f.max_length {
        facts.push(format!("MaxLength: {n}"));
    }
    if let Some(b) = &f.date_time_behavior {
        facts.push(format!("DateTimeBehavior: {}", code(b)));
    }
    if let Some(p) = f.precision {
        facts.push(format!("Precision: {p}"));
    }
    if let (Some(min), Some(max)) = (&f.min_value, &f.max_value) {
        facts.push(format!("Range: {} to {}", code(min), code(max)));
    }
    if let Some(r) = &col.required_level {
        facts.push(format!("RequiredLevel: {}", code(r)));
    }
    if col.section == ColumnSection::ReadOnly {
        facts.push("read-only".to_string());
    }
    if !col.targets.is_empty() {
        let t: Vec<String> = col.targets.iter().map(|t| code(t)).collect();
        facts.push(format!("Targets: {}", t.join(", ")));
    }
    if let Some(g) = &col.global_choice_name {
        facts.push(format!("GlobalChoiceName: {}", code(g)));
    }
    if let Some(a) = &col.attribute_of {
        facts.push(format!("AttributeOf: {}", code(a)));
    }
    out.push_str("\n\n");
    out.push_str(&facts.join(", "));
    out.push('.');
    let base = table_product(table);
    if let Some(first) = col.provenance.first() {
        if Some(first.product) != base && first.product == Product::Project {
            out.push_str(&format!("\n\nCustom column from {}.", docs::origin(first)));
        } else if Some(first.product) != base && first.product != Product::Unknown {
            out.push_str(&format!("\n\nAdded by {}.", first.product.display()));
        } else if let Some(last) = col.provenance.last() {
            if Some(last.product) != base && last.product != Product::Unknown {
                out.push_str(&format!("\n\nChanged by {}.", docs::origin(last)));
            }
        }
    }
    if let Some(a) = &col.added_by {
        let a = docs::sanitize(a).replace('\n', " ");
        out.push_str(&format!("\n\nAdded by solution: {a}."));
    }
    out
}

/// Doc Markdown of a relationship descriptor: kind, direction, lookup column
/// and where it came from.
fn relationship_doc(table: &Table, rel: &crate::model::Relationship) -> String {
    let kind = match rel.kind {
        RelationshipKind::OneToMany => "One-to-many",
        RelationshipKind::ManyToOne => "Many-to-one",
        RelationshipKind::ManyToMany => "Many-to-many",
    };
    let mut out = format!("{kind} relationship {}", code(&rel.schema_name));
    match (&rel.referenced_entity, &rel.referencing_entity) {
        (Some(one), Some(many)) if rel.kind != RelationshipKind::ManyToMany => {
            out.push_str(&format!(": {} to {}", code(one), code(many)));
            if let Some(a) = &rel.referencing_attribute {
                out.push_str(&format!(" through the lookup {}", code(a)));
            }
        }
        _ => {
            if let Some(i) = rel
                .many_to_many
                .as_ref()
                .and_then(|m| m.intersect_entity_name.as_ref())
            {
                out.push_str(&format!(" through the intersect table {}", code(i)));
            }
        }
    }
    out.push('.');
    let base = table_product(table);
    match rel.provenance.first() {
        Some(first)
            if !rel.derived && Some(first.product) != base && first.product != Product::Unknown =>
        {
            out.push_str(&format!("\n\nAdded by {}.", docs::origin(first)));
        }
        _ => {}
    }
    if rel.derived {
        out.push_str(
            "\n\nDerived from the other table's page (this table's page does not list it).",
        );
    }
    out
}

/// Doc Markdown of the entity struct.
pub fn table_doc(ctx: &Ctx<'_>, table: &Table) -> String {
    let display = table
        .display_name
        .as_deref()
        .map(|d| docs::sanitize(d).replace('\n', " "))
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| table.schema_name.clone());
    let display = if display.is_empty() {
        code(&table.logical_name)
    } else {
        display
    };
    let mut out = format!("{display} ({})", code(&table.logical_name));
    if !ctx.options.docs {
        out.push('.');
        return out;
    }
    match table.description.as_deref().map(docs::sanitize) {
        Some(d) if !d.is_empty() => {
            out.push_str(": ");
            out.push_str(&d);
        }
        _ => out.push('.'),
    }
    if let Some(set) = &table.entity_set_name {
        out.push_str(&format!("\n\nWeb API entity set: {}.", code(set)));
    }
    if let Some(first) = table
        .provenance
        .first()
        .filter(|p| p.product == Product::Project)
    {
        out.push_str(&format!(
            "\n\nTable from {} (no docs page among the inputs describes it).",
            docs::origin(first)
        ));
    }
    if !table.provenance.is_empty() {
        let pages: Vec<String> = table
            .provenance
            .iter()
            .map(|p| format!("{} ({})", code(&p.page), docs::origin(p)))
            .collect();
        out.push_str(&format!("\n\nDocs: {}.", pages.join(", ")));
    }
    out
}

fn sorted_columns(table: &Table) -> Vec<&Column> {
    let mut cols: Vec<&Column> = table.columns.iter().collect();
    cols.sort_by(|a, b| a.logical_name.cmp(&b.logical_name));
    cols.dedup_by(|a, b| a.logical_name == b.logical_name);
    cols
}

/// The entity struct and its `Entity`, `HasExtra`, `Row` and serde impls.
///
/// Serde is not derived: a derive with a flattened `extra` would buffer every
/// unknown key. `Row` reads each documented property straight into its field
/// and the rest into `extra` (see `dvgen_runtime::row`).
pub fn emit_struct(ctx: &Ctx<'_>, table: &Table, tn: &TableNames) -> TokenStream {
    let rt = &ctx.rt;
    let ident = tn.struct_name.ident();
    let doc = docs::doc_attrs(&table_doc(ctx, table));
    let alias = docs::aliases(
        &tn.struct_name.rust,
        [table.logical_name.as_str(), table.schema_name.as_str()],
    );
    let mut fields = Vec::new();
    let mut properties: Vec<(String, TokenStream)> = Vec::new();
    let mut writes = Vec::new();
    for col in sorted_columns(table) {
        let Some(field) = tn.fields.get(&col.logical_name) else {
            continue;
        };
        let fi = field.ident();
        let ty = value_type(ctx, tn, col, 0);
        let wire = wire_name(col);
        let doc = docs::doc_attrs(&column_doc(ctx, table, col));
        let alias = docs::aliases(
            &field.rust,
            [col.logical_name.as_str(), col.schema_name.as_str()],
        );
        fields.push(quote! {
            #doc
            #alias
            pub #fi: Option<#ty>,
        });
        writes.push((wire.clone(), quote!(#fi)));
        properties.push((wire, quote!(#fi)));
    }
    // `Row::PROPERTIES`: sorted, no repeats; `read_property` takes its
    // indexes, and `write_property` the same ones (explicit nulls).
    properties.sort_by(|a, b| a.0.cmp(&b.0));
    properties.dedup_by(|a, b| a.0 == b.0);
    let writes: Vec<TokenStream> = writes
        .iter()
        .filter_map(|(wire, fi)| {
            let i = properties.binary_search_by(|p| p.0.cmp(wire)).ok()?;
            let i = u16::try_from(i).ok()?;
            let i = proc_macro2::Literal::u16_unsuffixed(i);
            Some(quote!(put(map, nulls, #i, #wire, &self.#fi)?;))
        })
        .collect();
    let names = properties.iter().map(|(wire, _)| wire);
    let reads = properties.iter().enumerate().map(|(i, (_, fi))| {
        let i = proc_macro2::Literal::usize_unsuffixed(i);
        quote!(#i => #rt::read_field(&mut self.#fi, map),)
    });
    // A table without columns reads nothing and writes nothing (and must not
    // warn about unreachable code or unused names).
    let (read_body, write_body) = if properties.is_empty() {
        (
            quote!(let _ = (index, map); Ok(#rt::Read::Unknown)),
            quote!(let _ = map; Ok(())),
        )
    } else {
        (
            quote! {
                match index {
                    #(#reads)*
                    _ => Ok(#rt::Read::Unknown),
                }
            },
            quote! {
                use #rt::write_property as put;
                let nulls = self.extra.null_properties();
                #(#writes)*
                Ok(())
            },
        )
    };
    let logical = &table.logical_name;
    let schema = &table.schema_name;
    let set = metadata::some_str(table.entity_set_name.as_deref());
    let id = metadata::some_str(table.primary_id_attribute.as_deref());
    let name = metadata::some_str(table.primary_name_attribute.as_deref());
    quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq)]
        #alias
        pub struct #ident {
            #(#fields)*
            /// Properties the docs did not list (annotations, newer columns), kept as JSON.
            pub extra: #rt::Extra,
        }

        impl #rt::Entity for #ident {
            const LOGICAL_NAME: &'static str = #logical;
            const SCHEMA_NAME: &'static str = #schema;
            const ENTITY_SET_NAME: Option<&'static str> = #set;
            const PRIMARY_ID_ATTRIBUTE: Option<&'static str> = #id;
            const PRIMARY_NAME_ATTRIBUTE: Option<&'static str> = #name;
            const METADATA: &'static #rt::EntityMetadata = &METADATA;
        }

        impl #rt::HasExtra for #ident {
            fn extra(&self) -> &#rt::Extra {
                &self.extra
            }
            fn extra_mut(&mut self) -> &mut #rt::Extra {
                &mut self.extra
            }
        }

        impl #rt::Row for #ident {
            const PROPERTIES: &'static [&'static str] = &[#(#names),*];
            fn property_index() -> &'static #rt::PropertyIndex {
                use #rt::LazyPropertyIndex;
                static INDEX: LazyPropertyIndex = LazyPropertyIndex::new();
                INDEX.get(<Self as #rt::Row>::PROPERTIES)
            }
            fn read_property<'de, A: #rt::serde::de::MapAccess<'de>>(
                &mut self,
                index: usize,
                map: &mut A,
            ) -> Result<#rt::Read, A::Error> {
                #read_body
            }
            fn write_properties<M: #rt::serde::ser::SerializeMap>(
                &self,
                map: &mut M,
            ) -> Result<(), M::Error> {
                #write_body
            }
        }

        impl<'de> #rt::serde::Deserialize<'de> for #ident {
            fn deserialize<D: #rt::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                #rt::deserialize_row(d)
            }
            fn deserialize_in_place<D: #rt::serde::Deserializer<'de>>(
                d: D,
                place: &mut Self,
            ) -> Result<(), D::Error> {
                #rt::deserialize_row_in_place(d, place)
            }
        }

        impl #rt::serde::Serialize for #ident {
            fn serialize<S: #rt::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                #rt::serialize_row(self, s)
            }
        }
    }
}

/// Local choice enums of a table (State first so Status can refer to it).
fn emit_local_enums(
    ctx: &Ctx<'_>,
    table: &Table,
    tn: &TableNames,
    diags: &mut Vec<Diagnostic>,
) -> TokenStream {
    let cols = sorted_columns(table);
    let state_col = cols
        .iter()
        .find(|c| c.attribute_type == AttributeType::State);
    let mut state_link: Option<StateLink> = None;
    if let Some(sc) = state_col {
        if let Some(path) = enum_path(ctx, tn, sc, 0) {
            let opts = metadata::column_options(sc, &mut Vec::new());
            let set_name = sc
                .global_choice_name
                .clone()
                .unwrap_or_else(|| format!("{}_{}", table.logical_name, sc.logical_name));
            let configured = choices::configured_variants(&ctx.options.names, &set_name);
            let names = choices::variants(&opts, &configured, &mut Vec::new(), "");
            let variants: BTreeMap<i32, Name> = opts.iter().map(|o| o.value).zip(names).collect();
            state_link = Some(StateLink { path, variants });
        }
    }
    let mut out = TokenStream::new();
    for col in cols {
        if col.global_choice_name.is_some() {
            continue;
        }
        let Some(name) = tn.enums.get(&col.logical_name) else {
            continue;
        };
        let set_name = format!("{}_{}", table.logical_name, col.logical_name);
        let opts = metadata::column_options(col, diags);
        let mut doc = format!(
            "Choice {} of table {}{}.",
            code(&col.logical_name),
            code(&table.logical_name),
            col.display_name
                .as_deref()
                .map(|d| format!(" ({})", docs::sanitize(d).replace('\n', " ")))
                .unwrap_or_default()
        );
        if opts.is_empty() {
            doc.push_str("\n\nThe docs list no values: every value is `Unknown`.");
        }
        let state = if col.attribute_type == AttributeType::Status {
            state_link.take()
        } else {
            None
        };
        let def = ChoiceDef {
            name,
            option_set_name: set_name,
            options: &opts,
            doc,
            state,
        };
        out.extend(choices::emit_enum(ctx, &def, &TokenStream::new(), diags));
    }
    out
}

/// `<Enum as OptionSet>::OPTIONS` (seen from the `attributes` module) when
/// the column's choice enum lists exactly the column's values, so attribute
/// metadata does not repeat them.
fn options_ref(ctx: &Ctx<'_>, tn: &TableNames, col: &Column) -> Option<TokenStream> {
    if !matches!(
        col.attribute_type,
        AttributeType::Picklist
            | AttributeType::State
            | AttributeType::Status
            | AttributeType::MultiSelectPicklist
    ) {
        return None;
    }
    let path = enum_path(ctx, tn, col, 1)?;
    if let Some(g) = &col.global_choice_name {
        let global = ctx.globals.get(&g.to_ascii_lowercase())?;
        if global.options != metadata::column_options(col, &mut Vec::new()) {
            return None;
        }
    }
    let rt = &ctx.rt;
    Some(quote!(<#path as #rt::OptionSet>::OPTIONS))
}

/// The whole file of one table.
///
/// Returned as [`Piece`]s, so that rendering formats one item at a time.
pub fn emit_table_file(ctx: &Ctx<'_>, table: &Table, diags: &mut Vec<Diagnostic>) -> Vec<Piece> {
    let Some(tn) = ctx.names.tables.get(&table.logical_name) else {
        return Vec::new();
    };
    let rt = &ctx.rt;
    let struct_ident = tn.struct_name.ident();
    let cols = sorted_columns(table);
    let mut attr_items = Vec::new();
    let mut attr_refs = Vec::new();
    let mut col_items = Vec::new();
    for col in &cols {
        let Some(c) = tn.consts.get(&col.logical_name) else {
            continue;
        };
        let ci = c.ident();
        let options = options_ref(ctx, tn, col);
        let meta = metadata::emit_attribute(ctx, table, col, options, diags);
        let doc = format!(" Metadata of column {}.", code(&col.logical_name));
        attr_items.push(quote! {
            #[doc = #doc]
            pub const #ci: AttributeMetadata = #meta;
        });
        attr_refs.push(quote!(attributes::#ci));
        let ty = value_type(ctx, tn, col, 1);
        let doc = format!(" Typed handle of column {}.", code(&col.logical_name));
        col_items.push(quote! {
            #[doc = #doc]
            pub const #ci: Column<super::#struct_ident, #ty> =
                Column::new(&super::attributes::#ci);
        });
    }
    let mut rels: Vec<_> = table.relationships.iter().collect();
    rels.sort_by(|a, b| (&a.schema_name, a.kind).cmp(&(&b.schema_name, b.kind)));
    rels.dedup_by(|a, b| a.schema_name == b.schema_name && a.kind == b.kind);
    let mut rel_items = Vec::new();
    let mut rel_refs = Vec::new();
    for rel in rels {
        let Some(r) = tn.relationships.get(&(rel.schema_name.clone(), rel.kind)) else {
            continue;
        };
        let ri = r.ident();
        let d = relationships::emit_relationship(table, rel);
        let doc = docs::doc_attrs(&relationship_doc(table, rel));
        rel_items.push(quote! {
            #doc
            pub const #ri: RelationshipDescriptor = #d;
        });
        rel_refs.push(quote!(relationships::#ri));
    }
    let strukt = emit_struct(ctx, table, tn);
    let meta = metadata::emit_entity_metadata(ctx, table, &attr_refs, &rel_refs);
    let messages = metadata::emit_messages(ctx, table);
    let enums = emit_local_enums(ctx, table, tn, diags);
    // The `attributes`, `columns` and `relationships` modules import runtime
    // types by name (short, readable metadata): they hold only
    // SCREAMING_CASE constants, so no generated name can shadow an import.
    let module = |name: &str, doc: &str, import: TokenStream, items: Vec<TokenStream>| {
        let name = proc_macro2::Ident::new(name, proc_macro2::Span::call_site());
        let mut all = vec![quote! {
            #[allow(unused_imports)]
            use #import;
        }];
        all.extend(items);
        Piece::Module {
            head: quote!(#[doc = #doc] pub mod #name),
            items: all,
        }
    };
    vec![
        Piece::Items(quote!(#strukt #meta #messages)),
        module(
            "attributes",
            " Column metadata, one constant per column.",
            quote!(#rt::metadata::*),
            attr_items,
        ),
        module(
            "columns",
            " Typed column handles, one constant per column.",
            quote!(#rt::Column),
            col_items,
        ),
        module(
            "relationships",
            " Relationship descriptors, one constant per relationship this table lists.",
            quote!(#rt::metadata::*),
            rel_items,
        ),
        Piece::Items(enums),
    ]
}
