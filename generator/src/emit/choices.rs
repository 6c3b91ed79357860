//! Choice (option set) enums: local ones in their table's module, global ones
//! (one per `GlobalChoiceName`) in `src/choices.rs`.
//!
//! A choice whose page lists no values still gets an enum: it has only the
//! `Unknown(i32)` variant, so the column keeps its type when a later page
//! documents values.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{self, code};
use super::stated::Stated;
use super::Ctx;
use crate::diagnostics::{codes, Diagnostic};
use crate::model::{Model, OptionValue, Provenance};
use crate::naming::{self, Name, Names};

/// One choice value, checked to fit the runtime types.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChoiceOption {
    /// Value.
    pub value: i32,
    /// Label (page text).
    pub label: String,
    /// Description (page text).
    pub description: Option<String>,
    /// Status values: their state.
    pub state: Option<i32>,
    /// State values: their default status.
    pub default_status: Option<i32>,
    /// State values: `InvariantName`.
    pub invariant_name: Option<String>,
    /// Where it was read.
    pub provenance: Provenance,
}

/// A global choice merged over every table that uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobalChoice {
    /// `GlobalChoiceName` as the first table spells it.
    pub name: String,
    /// Values ordered by value.
    pub options: Vec<ChoiceOption>,
    /// Logical names of the tables that use it.
    pub tables: BTreeSet<String>,
}

/// An unsuffixed integer literal (negative values as `-` and a literal).
pub fn int_lit(v: i32) -> TokenStream {
    let lit = proc_macro2::Literal::u32_unsuffixed(v.unsigned_abs());
    if v < 0 {
        quote!(-#lit)
    } else {
        quote!(#lit)
    }
}

fn to_i32(v: Option<i64>) -> Option<i32> {
    v.and_then(|v| i32::try_from(v).ok())
}

/// Convert page options: values outside `i32` are dropped with a warning,
/// repeated values keep the first (the parser reports duplicates).
pub fn choice_options(
    options: &[OptionValue],
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<ChoiceOption> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for o in options {
        let Ok(value) = i32::try_from(o.value) else {
            diags.push(Diagnostic::warning(
                codes::OUT_OF_RANGE,
                &o.provenance.page,
                o.provenance.line,
                format!(
                    "choice value {} of {what} does not fit in i32; left out",
                    o.value
                ),
            ));
            continue;
        };
        if !seen.insert(value) {
            continue;
        }
        out.push(ChoiceOption {
            value,
            label: o.label.clone(),
            description: o.description.clone(),
            state: to_i32(o.state),
            default_status: to_i32(o.default_status),
            invariant_name: o.invariant_name.clone(),
            provenance: o.provenance.clone(),
        });
    }
    out
}

/// Merge global choices over all tables (tables by logical name, values by value;
/// a label conflict keeps the first table's label and warns).
pub fn collect_globals(
    model: &Model,
    names: &Names,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, GlobalChoice> {
    let mut out: BTreeMap<String, GlobalChoice> = BTreeMap::new();
    for table in naming::sorted_tables(model) {
        let mut cols: Vec<_> = table.columns.iter().collect();
        cols.sort_by(|a, b| a.logical_name.cmp(&b.logical_name));
        cols.dedup_by(|a, b| a.logical_name == b.logical_name);
        for col in cols {
            let Some(g) = &col.global_choice_name else {
                continue;
            };
            if !naming::uses_enum(&col.attribute_type) {
                continue;
            }
            let key = g.to_ascii_lowercase();
            if !names.global_choices.contains_key(&key) {
                continue;
            }
            let entry = out.entry(key).or_insert_with(|| GlobalChoice {
                name: g.clone(),
                options: Vec::new(),
                tables: BTreeSet::new(),
            });
            entry.tables.insert(table.logical_name.clone());
            let what = format!("`{}.{}`", table.logical_name, col.logical_name);
            let opts = choice_options(col.options.as_deref().unwrap_or(&[]), &what, diags);
            for o in opts {
                match entry.options.iter().find(|e| e.value == o.value) {
                    Some(e) if e.label != o.label => diags.push(Diagnostic::warning(
                        codes::CHOICE_CONFLICT,
                        &o.provenance.page,
                        o.provenance.line,
                        format!(
                            "global choice `{}` value {}: label {:?} here, {:?} on an earlier table; keeping {:?}",
                            g, o.value, o.label, e.label, e.label
                        ),
                    )),
                    Some(_) => {}
                    None => entry.options.push(o),
                }
            }
        }
    }
    for g in out.values_mut() {
        g.options.sort_by_key(|o| o.value);
    }
    out
}

/// The state enum a status enum's `state()` maps to.
pub struct StateLink {
    /// Path of the state enum (relative to the status enum's module).
    pub path: TokenStream,
    /// State variant names by value.
    pub variants: BTreeMap<i32, Name>,
}

/// Everything needed to emit one choice enum.
pub struct ChoiceDef<'a> {
    /// The enum's name.
    pub name: &'a Name,
    /// `OptionSet::NAME`.
    pub option_set_name: String,
    /// Values, in emission order.
    pub options: &'a [ChoiceOption],
    /// Sanitized doc Markdown for the enum.
    pub doc: String,
    /// For a status enum: the state enum of its table.
    pub state: Option<StateLink>,
}

/// Variant names of a choice, with rename notes. `configured` holds the
/// variant names configuration sets for this choice, by value.
pub fn variants(
    options: &[ChoiceOption],
    configured: &BTreeMap<i64, String>,
    diags: &mut Vec<Diagnostic>,
    what: &str,
) -> Vec<Name> {
    let pairs: Vec<(i64, &str)> = options
        .iter()
        .map(|o| (i64::from(o.value), o.label.as_str()))
        .collect();
    let (names, notes) = naming::variant_names_with(&pairs, configured);
    for (i, why) in notes {
        if let (Some(o), Some(n)) = (options.get(i), names.get(i)) {
            diags.push(Diagnostic::note(
                codes::RENAMED,
                &o.provenance.page,
                o.provenance.line,
                format!(
                    "{what} value {} label {:?} is the variant `{}` ({why})",
                    o.value, o.label, n.rust
                ),
            ));
        }
    }
    names
}

/// Variant names configured for the option set `option_set_name`: keys are
/// `<option set name>.<value>`, where the option set name is the enum's
/// `OptionSet::NAME` (`GlobalChoiceName`, or `<table>_<column>` for a local
/// choice, which may also be written `<table>.<column>.<value>`).
pub fn configured_variants(
    overrides: &crate::config::NameOverrides,
    option_set_name: &str,
) -> BTreeMap<i64, String> {
    overrides
        .choices
        .iter()
        .filter_map(|(key, name)| {
            let (set, value) = key.rsplit_once('.')?;
            let set = set.replace('.', "_");
            let value: i64 = value.trim().parse().ok()?;
            set.eq_ignore_ascii_case(option_set_name)
                .then(|| (value, name.clone()))
        })
        .collect()
}

/// `OptionMetadata` expressions; `md` is the metadata types' path prefix
/// (see [`super::metadata::origin`]).
pub fn option_metadata(md: &TokenStream, options: &[ChoiceOption]) -> Vec<TokenStream> {
    options
        .iter()
        .map(|o| {
            let value = int_lit(o.value);
            let label = &o.label;
            let mut stated = Stated::new();
            stated.int("state", o.state);
            stated.int("default_status", o.default_status);
            stated.str("invariant_name", o.invariant_name.as_deref());
            stated.finish(
                quote!(#md OptionMetadata),
                quote!(#md OptionMetadata::new(#value, #label)),
            )
        })
        .collect()
}

/// A choice enum with its `OptionSet` impl, `state()` for status enums and
/// the serde impls; every item carries `cfg`.
pub fn emit_enum(
    ctx: &Ctx<'_>,
    def: &ChoiceDef<'_>,
    cfg: &TokenStream,
    diags: &mut Vec<Diagnostic>,
) -> TokenStream {
    let rt = &ctx.rt;
    let ident = def.name.ident();
    let configured = configured_variants(&ctx.options.names, &def.option_set_name);
    let names = variants(
        def.options,
        &configured,
        diags,
        &format!("choice `{}`", def.option_set_name),
    );
    let idents: Vec<_> = names.iter().map(Name::ident).collect();
    let values: Vec<TokenStream> = def.options.iter().map(|o| int_lit(o.value)).collect();
    let variant_docs: Vec<TokenStream> = def
        .options
        .iter()
        .map(|o| {
            let mut text = if o.label.is_empty() {
                format!("(no label) ({})", o.value)
            } else {
                format!(
                    "{} ({})",
                    docs::sanitize(&o.label).replace('\n', " "),
                    o.value
                )
            };
            if ctx.options.docs {
                if let Some(d) = &o.description {
                    let d = docs::sanitize(d);
                    if !d.is_empty() {
                        text.push_str("\n\n");
                        text.push_str(&d);
                    }
                }
            }
            docs::doc_attrs(&text)
        })
        .collect();
    let doc = docs::doc_attrs(&def.doc);
    let alias = docs::aliases(&def.name.rust, [def.option_set_name.as_str()]);
    let set_name = &def.option_set_name;
    let metas = option_metadata(&quote!(#rt::), def.options);
    let state_fn = def.state.as_ref().map(|link| {
        let path = &link.path;
        let arms = def.options.iter().zip(&idents).map(|(o, v)| {
            let target = match o.state {
                Some(s) => match link.variants.get(&s) {
                    Some(n) => {
                        let sv = n.ident();
                        quote!(Some(#path::#sv))
                    }
                    None => {
                        let s = int_lit(s);
                        quote!(Some(#path::Unknown(#s)))
                    }
                },
                None => quote!(None),
            };
            quote!(Self::#v => #target,)
        });
        quote! {
            #cfg
            impl #ident {
                /// The state (`statecode`) this status belongs to, when the docs say.
                pub const fn state(self) -> Option<#path> {
                    match self {
                        #(#arms)*
                        Self::Unknown(_) => None,
                    }
                }
            }
        }
    });
    quote! {
        #doc
        #cfg
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord
        )]
        #alias
        pub enum #ident {
            #(
                #variant_docs
                #idents,
            )*
            /// A value the docs did not list.
            Unknown(i32),
        }

        #cfg
        impl #rt::OptionSet for #ident {
            const NAME: &'static str = #set_name;
            const OPTIONS: &'static [#rt::OptionMetadata] = &[#(#metas),*];
            fn value(self) -> i32 {
                match self {
                    #(Self::#idents => #values,)*
                    Self::Unknown(value) => value,
                }
            }
            fn from_value(value: i32) -> Self {
                match value {
                    #(#values => Self::#idents,)*
                    value => Self::Unknown(value),
                }
            }
        }

        #state_fn

        #cfg
        #rt::impl_option_set_serde!(#ident);
    }
}

/// `src/choices.rs`: one enum per global choice, gated on the tables using it.
pub fn emit_choices_file(ctx: &Ctx<'_>, diags: &mut Vec<Diagnostic>) -> TokenStream {
    let mut out = TokenStream::new();
    for (key, g) in ctx.globals {
        let Some(name) = ctx.names.global_choices.get(key) else {
            continue;
        };
        let features: Vec<&str> = g
            .tables
            .iter()
            .filter_map(|t| ctx.names.tables.get(t))
            .map(|t| t.feature())
            .collect();
        let cfg = if !ctx.options.features {
            TokenStream::new()
        } else if let [only] = features.as_slice() {
            quote!(#[cfg(feature = #only)])
        } else if !features.is_empty() {
            quote!(#[cfg(any(#(feature = #features),*))])
        } else {
            TokenStream::new()
        };
        let tables: Vec<String> = g.tables.iter().map(|t| code(t)).collect();
        let mut doc = format!(
            "Global choice {} (`GlobalChoiceName`), used by {}.",
            code(&g.name),
            tables.join(", ")
        );
        if g.options.is_empty() {
            doc.push_str("\n\nThe docs list no values: every value is `Unknown`.");
        }
        let def = ChoiceDef {
            name,
            option_set_name: g.name.clone(),
            options: &g.options,
            doc,
            state: None,
        };
        out.extend(emit_enum(ctx, &def, &cfg, diags));
    }
    out
}
