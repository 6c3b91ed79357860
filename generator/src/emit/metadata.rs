//! `const` metadata: attributes, the entity, messages.

use proc_macro2::TokenStream;
use quote::quote;

use super::choices::{self, ChoiceOption};
use super::Ctx;
use crate::diagnostics::Diagnostic;
use crate::model::{AttributeType, Column, ColumnSection, Product, RelationshipKind, Table};

pub(crate) fn some_str(v: Option<&str>) -> TokenStream {
    match v {
        Some(s) => quote!(::core::option::Option::Some(#s)),
        None => quote!(::core::option::Option::None),
    }
}

pub(crate) fn some_bool(v: Option<bool>) -> TokenStream {
    match v {
        Some(b) => quote!(::core::option::Option::Some(#b)),
        None => quote!(::core::option::Option::None),
    }
}

pub(crate) fn some_u32(v: Option<u32>) -> TokenStream {
    match v {
        Some(n) => {
            let n = proc_macro2::Literal::u32_unsuffixed(n);
            quote!(::core::option::Option::Some(#n))
        }
        None => quote!(::core::option::Option::None),
    }
}

/// `Origin` of a product.
pub fn origin(rt: &TokenStream, product: Option<Product>) -> TokenStream {
    match product.unwrap_or(Product::Unknown) {
        Product::Dataverse => quote!(#rt::Origin::Dataverse),
        Product::Dynamics365 => quote!(#rt::Origin::Dynamics365),
        Product::CustomerService => quote!(#rt::Origin::CustomerService),
        Product::Unknown => quote!(#rt::Origin::Unknown),
    }
}

/// The runtime `AttributeType` variant.
pub fn attribute_type(rt: &TokenStream, t: &AttributeType) -> TokenStream {
    use AttributeType as A;
    let v = |name: &str| {
        let i = proc_macro2::Ident::new(name, proc_macro2::Span::call_site());
        quote!(#rt::AttributeType::#i)
    };
    match t {
        A::Other(s) => quote!(#rt::AttributeType::Other(#s)),
        A::Unspecified => v("Unspecified"),
        other => v(other.as_str()),
    }
}

fn required_level(rt: &TokenStream, s: Option<&str>) -> TokenStream {
    let level = s.map(|s| s.trim().to_ascii_lowercase());
    match level.as_deref() {
        Some("none") => quote!(::core::option::Option::Some(#rt::RequiredLevel::None)),
        Some("systemrequired") => {
            quote!(::core::option::Option::Some(#rt::RequiredLevel::SystemRequired))
        }
        Some("applicationrequired") => {
            quote!(::core::option::Option::Some(#rt::RequiredLevel::ApplicationRequired))
        }
        Some("recommended") => {
            quote!(::core::option::Option::Some(#rt::RequiredLevel::Recommended))
        }
        _ => quote!(::core::option::Option::None),
    }
}

/// True when the column is a DateOnly date.
pub fn is_date_only(col: &Column) -> bool {
    col.facets
        .date_time_behavior
        .as_deref()
        .is_some_and(|b| b.trim().eq_ignore_ascii_case("DateOnly"))
}

fn date_time_behavior(rt: &TokenStream, s: Option<&str>) -> TokenStream {
    let b = s.map(|s| s.trim().to_ascii_lowercase());
    match b.as_deref() {
        Some("userlocal") => quote!(::core::option::Option::Some(#rt::DateTimeBehavior::UserLocal)),
        Some("dateonly") => quote!(::core::option::Option::Some(#rt::DateTimeBehavior::DateOnly)),
        Some("timezoneindependent") => {
            quote!(::core::option::Option::Some(#rt::DateTimeBehavior::TimeZoneIndependent))
        }
        _ => quote!(::core::option::Option::None),
    }
}

/// Facets: only the known ones, the rest from `Facets::NONE`.
fn facets(rt: &TokenStream, col: &Column) -> TokenStream {
    let f = &col.facets;
    let mut set = Vec::new();
    let u32s = [
        (
            "max_length",
            f.max_length.and_then(|n| u32::try_from(n).ok()),
        ),
        ("precision", f.precision),
        (
            "max_size_in_kb",
            f.max_size_in_kb.and_then(|n| u32::try_from(n).ok()),
        ),
    ];
    let strs = [
        ("format", f.format.as_deref()),
        ("format_name", f.format_name.as_deref()),
        ("min_value", f.min_value.as_deref()),
        ("max_value", f.max_value.as_deref()),
        ("precision_source", f.precision_source.as_deref()),
    ];
    for (name, v) in u32s {
        if v.is_some() {
            set.push((name, some_u32(v)));
        }
    }
    for (name, v) in strs {
        if v.is_some() {
            set.push((name, some_str(v)));
        }
    }
    if f.date_time_behavior.is_some() {
        set.push((
            "date_time_behavior",
            date_time_behavior(rt, f.date_time_behavior.as_deref()),
        ));
    }
    if set.is_empty() {
        return quote!(#rt::Facets::NONE);
    }
    set.sort_by_key(|(name, _)| *name);
    let fields = set.iter().map(|(name, v)| {
        let i = proc_macro2::Ident::new(name, proc_macro2::Span::call_site());
        quote!(#i: #v,)
    });
    quote! {
        #rt::Facets {
            #(#fields)*
            ..#rt::Facets::NONE
        }
    }
}

/// The product of the page that last changed a column (its last provenance).
pub fn last_product(prov: &[crate::model::Provenance]) -> Option<Product> {
    prov.last().map(|p| p.product)
}

/// `LookupTarget`s of a lookup column: navigation property from the table's
/// many-to-one relationships on that column, entity set from the target table.
/// Owner columns are documented with one relationship to the abstract `owner`
/// table (`owner_leads`, nav `ownerid`); its navigation property serves both
/// targets (`ownerid@odata.bind: "/systemusers(..)"` or `"/teams(..)"`).
pub fn lookup_targets(ctx: &Ctx<'_>, table: &Table, col: &Column) -> Vec<TokenStream> {
    let rt = &ctx.rt;
    let nav_to = |referenced: &str| {
        table
            .relationships
            .iter()
            .filter(|r| r.kind == RelationshipKind::ManyToOne)
            .filter(|r| r.referencing_attribute.as_deref() == Some(col.logical_name.as_str()))
            .filter(|r| r.referenced_entity.as_deref() == Some(referenced))
            .filter_map(|r| r.referencing_entity_navigation_property_name.as_deref())
            .min()
    };
    col.targets
        .iter()
        .map(|target| {
            let nav = nav_to(target).or_else(|| match col.attribute_type {
                AttributeType::Owner => nav_to("owner"),
                _ => None,
            });
            let nav = some_str(nav);
            let set = some_str(
                ctx.model
                    .table(target)
                    .and_then(|t| t.entity_set_name.as_deref()),
            );
            quote! {
                #rt::LookupTarget {
                    table: #target,
                    entity_set: #set,
                    navigation_property: #nav,
                }
            }
        })
        .collect()
}

/// Choice values of a column for its attribute metadata (Boolean labels included).
pub fn column_options(col: &Column, diags: &mut Vec<Diagnostic>) -> Vec<ChoiceOption> {
    if !col.attribute_type.has_options() {
        return Vec::new();
    }
    let what = format!("`{}`", col.logical_name);
    choices::choice_options(col.options.as_deref().unwrap_or(&[]), &what, diags)
}

/// The `AttributeMetadata` expression of a column.
pub fn emit_attribute(
    ctx: &Ctx<'_>,
    table: &Table,
    col: &Column,
    diags: &mut Vec<Diagnostic>,
) -> TokenStream {
    let rt = &ctx.rt;
    let logical = &col.logical_name;
    let schema = &col.schema_name;
    let display = some_str(col.display_name.as_deref());
    let ty = attribute_type(rt, &col.attribute_type);
    let req = required_level(rt, col.required_level.as_deref());
    let read_only = col.section == ColumnSection::ReadOnly;
    let create = col.is_valid_for_create.unwrap_or(!read_only);
    let update = col.is_valid_for_update.unwrap_or(!read_only);
    let read = col.is_valid_for_read.unwrap_or(true);
    let facets = facets(rt, col);
    let targets = lookup_targets(ctx, table, col);
    let attribute_of = some_str(col.attribute_of.as_deref());
    let options = choices::option_metadata(rt, &column_options(col, diags));
    let global = some_str(col.global_choice_name.as_deref());
    let origin = origin(rt, last_product(&col.provenance));
    quote! {
        #rt::AttributeMetadata {
            logical_name: #logical,
            schema_name: #schema,
            display_name: #display,
            attribute_type: #ty,
            required_level: #req,
            is_valid_for_create: #create,
            is_valid_for_update: #update,
            is_valid_for_read: #read,
            facets: #facets,
            targets: &[#(#targets),*],
            attribute_of: #attribute_of,
            options: &[#(#options),*],
            global_choice_name: #global,
            origin: #origin,
        }
    }
}

/// Messages and events of a table, by name, without repeats (`MessageMetadata` literals).
pub fn emit_messages(ctx: &Ctx<'_>, table: &Table) -> TokenStream {
    let rt = &ctx.rt;
    let mut all: Vec<&crate::model::Message> =
        table.messages.iter().chain(table.events.iter()).collect();
    all.sort_by(|a, b| a.name.cmp(&b.name));
    all.dedup_by(|a, b| a.name == b.name);
    let items = all.iter().map(|m| {
        let name = &m.name;
        let is_event = some_bool(m.is_event);
        let web_api = some_str(m.web_api_operation.as_deref());
        let origin = origin(rt, Some(m.provenance.product));
        quote! {
            #rt::MessageMetadata {
                name: #name,
                is_event: #is_event,
                web_api: #web_api,
                origin: #origin,
            }
        }
    });
    quote! {
        /// Messages (operations) and events of this table, by name.
        pub const MESSAGES: &[#rt::MessageMetadata] = &[#(#items),*];
    }
}

/// `pub const METADATA: EntityMetadata` referring to the table's `attributes`
/// and `relationships` constants (given in order) and `MESSAGES`.
pub fn emit_entity_metadata(
    ctx: &Ctx<'_>,
    table: &Table,
    attribute_consts: &[TokenStream],
    relationship_consts: &[TokenStream],
) -> TokenStream {
    let rt = &ctx.rt;
    let logical = &table.logical_name;
    let schema = &table.schema_name;
    let display = some_str(table.display_name.as_deref());
    let set = some_str(table.entity_set_name.as_deref());
    let id = some_str(table.primary_id_attribute.as_deref());
    let name = some_str(table.primary_name_attribute.as_deref());
    let ownership = some_str(table.ownership_type.as_deref());
    let table_type = some_str(table.table_type.as_deref());
    quote! {
        /// Metadata of this table: columns by logical name, relationships by schema name.
        pub const METADATA: #rt::EntityMetadata = #rt::EntityMetadata {
            logical_name: #logical,
            schema_name: #schema,
            display_name: #display,
            entity_set_name: #set,
            primary_id_attribute: #id,
            primary_name_attribute: #name,
            ownership_type: #ownership,
            table_type: #table_type,
            attributes: &[#(#attribute_consts),*],
            relationships: &[#(#relationship_consts),*],
            messages: MESSAGES,
        };
    }
}
