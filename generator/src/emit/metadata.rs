//! `const` metadata: attributes, the entity, messages.

use proc_macro2::TokenStream;
use quote::quote;

use super::choices::{self, ChoiceOption};
use super::stated::Stated;
use super::Ctx;
use crate::diagnostics::Diagnostic;
use crate::model::{AttributeType, Column, ColumnSection, Product, RelationshipKind, Table};

pub(crate) fn some_str(v: Option<&str>) -> TokenStream {
    match v {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    }
}

/// `Origin` of a product; `None` for `Unknown` (the constructors' default).
///
/// `md` is the path prefix of the runtime's metadata types: `::dvgen_runtime::`,
/// or nothing inside the `attributes` and `relationships` modules, which
/// glob-import them (those modules hold only SCREAMING_CASE constants, so
/// nothing there can shadow a runtime type).
pub fn origin(md: &TokenStream, product: Option<Product>) -> Option<TokenStream> {
    match product.unwrap_or(Product::Unknown) {
        Product::Dataverse => Some(quote!(#md Origin::Dataverse)),
        Product::Dynamics365 => Some(quote!(#md Origin::Dynamics365)),
        Product::CustomerService => Some(quote!(#md Origin::CustomerService)),
        Product::Project => Some(quote!(#md Origin::Project)),
        Product::Unknown => None,
    }
}

/// The runtime `AttributeType` variant.
pub fn attribute_type(md: &TokenStream, t: &AttributeType) -> TokenStream {
    use AttributeType as A;
    let v = |name: &str| {
        let i = proc_macro2::Ident::new(name, proc_macro2::Span::call_site());
        quote!(#md AttributeType::#i)
    };
    match t {
        A::Other(s) => quote!(#md AttributeType::Other(#s)),
        A::Unspecified => v("Unspecified"),
        other => v(other.as_str()),
    }
}

fn required_level(md: &TokenStream, s: Option<&str>) -> Option<TokenStream> {
    let level = s.map(|s| s.trim().to_ascii_lowercase());
    match level.as_deref() {
        Some("none") => Some(quote!(Some(#md RequiredLevel::None))),
        Some("systemrequired") => Some(quote!(Some(#md RequiredLevel::SystemRequired))),
        Some("applicationrequired") => Some(quote!(Some(#md RequiredLevel::ApplicationRequired))),
        Some("recommended") => Some(quote!(Some(#md RequiredLevel::Recommended))),
        _ => None,
    }
}

/// True when the column is a DateOnly date.
pub fn is_date_only(col: &Column) -> bool {
    col.facets
        .date_time_behavior
        .as_deref()
        .is_some_and(|b| b.trim().eq_ignore_ascii_case("DateOnly"))
}

fn date_time_behavior(md: &TokenStream, s: Option<&str>) -> Option<TokenStream> {
    let b = s.map(|s| s.trim().to_ascii_lowercase());
    match b.as_deref() {
        Some("userlocal") => Some(quote!(Some(#md DateTimeBehavior::UserLocal))),
        Some("dateonly") => Some(quote!(Some(#md DateTimeBehavior::DateOnly))),
        Some("timezoneindependent") => {
            Some(quote!(Some(#md DateTimeBehavior::TimeZoneIndependent)))
        }
        _ => None,
    }
}

/// Facets: only the stated ones (alphabetical), the rest from `Facets::NONE`.
fn facets(md: &TokenStream, col: &Column) -> Option<TokenStream> {
    let f = &col.facets;
    let mut stated = Stated::new();
    if let Some(b) = date_time_behavior(md, f.date_time_behavior.as_deref()) {
        stated.set("date_time_behavior", b);
    }
    stated.str("format", f.format.as_deref());
    stated.str("format_name", f.format_name.as_deref());
    stated.u32(
        "max_length",
        f.max_length.and_then(|n| u32::try_from(n).ok()),
    );
    stated.u32(
        "max_size_in_kb",
        f.max_size_in_kb.and_then(|n| u32::try_from(n).ok()),
    );
    stated.str("max_value", f.max_value.as_deref());
    stated.str("min_value", f.min_value.as_deref());
    stated.u32("precision", f.precision);
    stated.str("precision_source", f.precision_source.as_deref());
    if stated.is_empty() {
        return None;
    }
    Some(stated.finish_of(quote!(#md Facets), quote!(#md Facets::NONE), 9))
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
pub fn lookup_targets(
    ctx: &Ctx<'_>,
    md: &TokenStream,
    table: &Table,
    col: &Column,
) -> Vec<TokenStream> {
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
            let set = ctx.table(target).and_then(|t| t.entity_set_name.as_deref());
            let mut stated = Stated::new();
            stated.str("entity_set", set);
            stated.str("navigation_property", nav);
            stated.finish(
                quote!(#md LookupTarget),
                quote!(#md LookupTarget::new(#target)),
            )
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

/// The `AttributeMetadata` expression of a column, for the `attributes`
/// module (metadata types glob-imported). `options` refers to the column's
/// choice enum's `OPTIONS` when that lists exactly the column's values;
/// otherwise they are written out.
pub fn emit_attribute(
    ctx: &Ctx<'_>,
    table: &Table,
    col: &Column,
    options: Option<TokenStream>,
    diags: &mut Vec<Diagnostic>,
) -> TokenStream {
    let md = TokenStream::new();
    let logical = &col.logical_name;
    let schema = &col.schema_name;
    let ty = attribute_type(&md, &col.attribute_type);
    let read_only = col.section == ColumnSection::ReadOnly;
    let mut stated = Stated::new();
    stated.str("display_name", col.display_name.as_deref());
    if let Some(req) = required_level(&md, col.required_level.as_deref()) {
        stated.set("required_level", req);
    }
    for (name, value) in [
        (
            "is_valid_for_create",
            col.is_valid_for_create.unwrap_or(!read_only),
        ),
        (
            "is_valid_for_update",
            col.is_valid_for_update.unwrap_or(!read_only),
        ),
        ("is_valid_for_read", col.is_valid_for_read.unwrap_or(true)),
    ] {
        if !value {
            stated.set(name, quote!(false));
        }
    }
    if let Some(f) = facets(&md, col) {
        stated.set("facets", f);
    }
    let targets = lookup_targets(ctx, &md, table, col);
    if !targets.is_empty() {
        stated.set("targets", quote!(&[#(#targets),*]));
    }
    stated.str("attribute_of", col.attribute_of.as_deref());
    match options {
        Some(o) => stated.set("options", o),
        None => {
            let options = choices::option_metadata(&md, &column_options(col, diags));
            if !options.is_empty() {
                stated.set("options", quote!(&[#(#options),*]));
            }
        }
    }
    stated.str("global_choice_name", col.global_choice_name.as_deref());
    if let Some(o) = origin(&md, last_product(&col.provenance)) {
        stated.set("origin", o);
    }
    stated.finish(
        quote!(AttributeMetadata),
        quote!(AttributeMetadata::new(#logical, #schema, #ty)),
    )
}

/// Messages and events of a table, by name, without repeats (`MessageMetadata` literals).
pub fn emit_messages(ctx: &Ctx<'_>, table: &Table) -> TokenStream {
    let rt = &ctx.rt;
    let md = quote!(#rt::);
    let mut all: Vec<&crate::model::Message> =
        table.messages.iter().chain(table.events.iter()).collect();
    all.sort_by(|a, b| a.name.cmp(&b.name));
    all.dedup_by(|a, b| a.name == b.name);
    let items = all.iter().map(|m| {
        let name = &m.name;
        let mut stated = Stated::new();
        stated.bool("is_event", m.is_event);
        stated.str("web_api", m.web_api_operation.as_deref());
        if let Some(o) = origin(&md, Some(m.provenance.product)) {
            stated.set("origin", o);
        }
        stated.finish(
            quote!(#md MessageMetadata),
            quote!(#md MessageMetadata::new(#name)),
        )
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
