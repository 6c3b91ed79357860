//! [`Schema`]: the facts of a merged model that a schema diff compares, and
//! the Rust identifiers the generator gives them.
//!
//! Built from a [`Model`] and its [`naming`] results; where a
//! table came from (pages, lines, layouts) is left out, so two models with the
//! same facts have the same schema whatever pages they were read from. A fact
//! a page does not state is absent (not a value): a layout that states less
//! does not make a change.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::emit::{choices, metadata, table as emit_table, Ctx, EmitOptions};
use crate::model::{AttributeType, Column, Model, Relationship, RelationshipKind, Table};
use crate::naming::{self, Names, TableNames};

/// The facts of every table, by logical name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    /// Tables by logical name.
    pub tables: BTreeMap<String, TableSchema>,
}

/// One table's facts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TableSchema {
    /// Stated table facts (`schema_name`, `entity_set_name`, ...), by name.
    pub facts: BTreeMap<String, Value>,
    /// Documentation only (`display_name`, `description`).
    pub docs: BTreeMap<String, Value>,
    /// Generated identifiers (`module`, `struct`).
    pub rust: BTreeMap<String, String>,
    /// Columns by logical name.
    pub columns: BTreeMap<String, ColumnSchema>,
    /// Relationships by [`relationship_key`].
    pub relationships: BTreeMap<String, RelationshipSchema>,
    /// Message and event names.
    pub messages: BTreeSet<String>,
}

/// One column's facts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ColumnSchema {
    /// Stated facts: `type`, `required_level`, `is_valid_for_*`, facets, `targets`, ...
    pub facts: BTreeMap<String, Value>,
    /// Documentation only (`display_name`, `description`).
    pub docs: BTreeMap<String, Value>,
    /// Generated identifiers and types (`field`, `const`, `type`, `enum`).
    pub rust: BTreeMap<String, String>,
    /// Choice values, for columns whose page lists values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<ChoiceSchema>,
}

/// The values of one column's choice.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChoiceSchema {
    /// The option set's name (`OptionSet::NAME`: `<table>_<column>` or the
    /// `GlobalChoiceName`), the key of `names.choices` overrides.
    pub option_set: String,
    /// Values by value.
    pub values: BTreeMap<i64, ChoiceValueSchema>,
}

/// One choice value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChoiceValueSchema {
    /// The label.
    pub label: String,
    /// The enum variant it is generated as (none for Boolean columns).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// The description, when the page gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Value>,
}

/// One relationship's facts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RelationshipSchema {
    /// The schema name.
    pub schema_name: String,
    /// Stated facts: `kind`, the entities and attributes, navigation property
    /// names, `cascade.<action>`, many-to-many sides.
    pub facts: BTreeMap<String, Value>,
    /// Generated identifiers (`const`).
    pub rust: BTreeMap<String, String>,
}

/// The key of a relationship in [`TableSchema::relationships`]: its schema
/// name, with the kind when the table lists the name with several kinds.
pub fn relationship_key(rel: &Relationship, several_kinds: bool) -> String {
    if several_kinds {
        format!("{} ({})", rel.schema_name, kind_name(rel.kind))
    } else {
        rel.schema_name.clone()
    }
}

/// `one_to_many`, `many_to_one`, `many_to_many`.
pub fn kind_name(kind: RelationshipKind) -> &'static str {
    match kind {
        RelationshipKind::OneToMany => "one_to_many",
        RelationshipKind::ManyToOne => "many_to_one",
        RelationshipKind::ManyToMany => "many_to_many",
    }
}

fn put_str(map: &mut BTreeMap<String, Value>, key: &str, value: Option<&str>) {
    if let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) {
        map.insert(key.to_string(), Value::String(v.to_string()));
    }
}

fn put_bool(map: &mut BTreeMap<String, Value>, key: &str, value: Option<bool>) {
    if let Some(v) = value {
        map.insert(key.to_string(), Value::Bool(v));
    }
}

/// The schema of `model`, with the identifiers the generator would give it
/// under `options` (its `names` overrides).
pub fn schema(model: &Model, options: &EmitOptions) -> Schema {
    let names = naming::resolve_with(model, &options.names);
    schema_with(model, &names, options)
}

/// [`schema`] with the naming results already decided.
pub fn schema_with(model: &Model, names: &Names, options: &EmitOptions) -> Schema {
    Schema {
        tables: table_schemas(model, names, options, &|_| true),
    }
}

/// The schemas of the tables (by logical name) for which `wanted` says yes.
pub fn table_schemas(
    model: &Model,
    names: &Names,
    options: &EmitOptions,
    wanted: &(dyn Fn(&str) -> bool + Sync),
) -> BTreeMap<String, TableSchema> {
    let globals = choices::collect_globals(model, names, &mut Vec::new());
    let mut tables: BTreeMap<&str, &Table> = BTreeMap::new();
    for t in &model.tables {
        tables.entry(t.logical_name.as_str()).or_insert(t);
    }
    let new_ctx = || Ctx {
        model,
        names,
        options,
        rt: quote::quote!(::dvgen_runtime),
        globals: &globals,
        tables: &tables,
    };
    // Once per global choice (many tables may share one).
    let global_variants: BTreeMap<String, Variants> = globals
        .iter()
        .map(|(key, global)| {
            let configured = choices::configured_variants(&options.names, &global.name);
            let names = choices::variants(&global.options, &configured, &mut Vec::new(), "");
            let variants = global
                .options
                .iter()
                .map(|o| i64::from(o.value))
                .zip(names.into_iter().map(|n| n.rust))
                .collect();
            (key.clone(), variants)
        })
        .collect();
    // In parallel: each worker has its own context (token streams are not `Send`).
    use rayon::prelude::*;
    naming::sorted_tables(model)
        .into_par_iter()
        .filter(|table| wanted(&table.logical_name))
        .map_init(new_ctx, |ctx, table| {
            let tn = names.tables.get(&table.logical_name)?;
            Some((
                table.logical_name.clone(),
                table_schema(ctx, &global_variants, table, tn),
            ))
        })
        .flatten()
        .collect()
}

fn table_schema(
    ctx: &Ctx<'_>,
    global_variants: &BTreeMap<String, Variants>,
    table: &Table,
    tn: &TableNames,
) -> TableSchema {
    let mut s = TableSchema::default();
    let f = &mut s.facts;
    put_str(f, "schema_name", Some(&table.schema_name));
    put_str(f, "entity_set_name", table.entity_set_name.as_deref());
    put_str(
        f,
        "primary_id_attribute",
        table.primary_id_attribute.as_deref(),
    );
    put_str(
        f,
        "primary_name_attribute",
        table.primary_name_attribute.as_deref(),
    );
    put_str(f, "ownership_type", table.ownership_type.as_deref());
    put_str(f, "table_type", table.table_type.as_deref());
    put_str(
        f,
        "collection_schema_name",
        table.collection_schema_name.as_deref(),
    );
    put_str(
        f,
        "logical_collection_name",
        table.logical_collection_name.as_deref(),
    );
    put_bool(f, "is_bpf_entity", table.is_bpf_entity);
    put_str(&mut s.docs, "display_name", table.display_name.as_deref());
    put_str(
        &mut s.docs,
        "display_collection_name",
        table.display_collection_name.as_deref(),
    );
    put_str(&mut s.docs, "description", table.description.as_deref());
    s.rust.insert("module".into(), tn.module.rust.clone());
    s.rust.insert("struct".into(), tn.struct_name.rust.clone());
    let mut columns: Vec<&Column> = table.columns.iter().collect();
    columns.sort_by(|a, b| a.logical_name.cmp(&b.logical_name));
    columns.dedup_by(|a, b| a.logical_name == b.logical_name);
    for col in columns {
        s.columns.insert(
            col.logical_name.clone(),
            column_schema(ctx, global_variants, table, tn, col),
        );
    }
    let mut kinds: BTreeMap<String, BTreeSet<RelationshipKind>> = BTreeMap::new();
    for r in &table.relationships {
        kinds
            .entry(r.schema_name.clone())
            .or_default()
            .insert(r.kind);
    }
    let mut rels: Vec<&Relationship> = table.relationships.iter().collect();
    rels.sort_by(|a, b| (&a.schema_name, a.kind).cmp(&(&b.schema_name, b.kind)));
    rels.dedup_by(|a, b| a.schema_name == b.schema_name && a.kind == b.kind);
    for rel in rels {
        let several = kinds.get(&rel.schema_name).is_some_and(|k| k.len() > 1);
        let mut r = RelationshipSchema {
            schema_name: rel.schema_name.clone(),
            facts: relationship_facts(rel),
            rust: BTreeMap::new(),
        };
        if let Some(n) = tn.relationships.get(&(rel.schema_name.clone(), rel.kind)) {
            r.rust.insert("const".into(), n.rust.clone());
        }
        s.relationships.insert(relationship_key(rel, several), r);
    }
    for m in table.messages.iter().chain(&table.events) {
        s.messages.insert(m.name.clone());
    }
    s
}

/// Variant names of a global choice's values, by value.
type Variants = BTreeMap<i64, String>;

fn column_schema(
    ctx: &Ctx<'_>,
    global_variants: &BTreeMap<String, Variants>,
    table: &Table,
    tn: &TableNames,
    col: &Column,
) -> ColumnSchema {
    let mut s = ColumnSchema::default();
    let f = &mut s.facts;
    put_str(f, "schema_name", Some(&col.schema_name));
    put_str(f, "type", Some(col.attribute_type.as_str()));
    put_str(f, "required_level", col.required_level.as_deref());
    put_bool(f, "is_valid_for_create", col.is_valid_for_create);
    put_bool(f, "is_valid_for_update", col.is_valid_for_update);
    put_bool(f, "is_valid_for_read", col.is_valid_for_read);
    put_bool(f, "is_valid_for_form", col.is_valid_for_form);
    if let Ok(Value::Object(facets)) = serde_json::to_value(&col.facets) {
        for (k, v) in facets {
            if !v.is_null() {
                f.insert(k, v);
            }
        }
    }
    if !col.targets.is_empty() {
        let mut targets: Vec<String> = col.targets.iter().map(|t| t.to_ascii_lowercase()).collect();
        targets.sort();
        targets.dedup();
        f.insert("targets".into(), Value::from(targets));
    }
    put_str(f, "attribute_of", col.attribute_of.as_deref());
    // Boolean defaults are written `0`/`1` or `False`/`True` depending on the layout.
    match col
        .default_value
        .as_deref()
        .map(|v| v.trim().to_ascii_lowercase())
    {
        Some(v) if col.attribute_type == AttributeType::Boolean && (v == "0" || v == "false") => {
            f.insert("default_value".into(), Value::Bool(false));
        }
        Some(v) if col.attribute_type == AttributeType::Boolean && (v == "1" || v == "true") => {
            f.insert("default_value".into(), Value::Bool(true));
        }
        _ => put_str(f, "default_value", col.default_value.as_deref()),
    }
    put_str(f, "default_form_value", col.default_form_value.as_deref());
    put_str(f, "global_choice_name", col.global_choice_name.as_deref());
    put_str(&mut s.docs, "display_name", col.display_name.as_deref());
    put_str(&mut s.docs, "description", col.description.as_deref());
    if let Some(n) = tn.fields.get(&col.logical_name) {
        s.rust.insert("field".into(), n.rust.clone());
    }
    if let Some(n) = tn.consts.get(&col.logical_name) {
        s.rust.insert("const".into(), n.rust.clone());
    }
    let ty = emit_table::value_type(ctx, tn, col, 0).to_string();
    s.rust.insert("type".into(), type_display(&ty));
    let (enum_name, variants, option_set) = match &col.global_choice_name {
        Some(g) if naming::uses_enum(&col.attribute_type) => {
            let key = g.to_ascii_lowercase();
            let name = ctx.names.global_choices.get(&key).map(|n| n.rust.clone());
            let variants = global_variants.get(&key).cloned();
            (name, variants, g.clone())
        }
        _ => {
            let set = format!("{}_{}", table.logical_name, col.logical_name);
            let name = tn.enums.get(&col.logical_name).map(|n| n.rust.clone());
            let variants = name.as_ref().map(|_| {
                let opts = metadata::column_options(col, &mut Vec::new());
                let configured = choices::configured_variants(&ctx.options.names, &set);
                let names = choices::variants(&opts, &configured, &mut Vec::new(), "");
                opts.iter()
                    .map(|o| i64::from(o.value))
                    .zip(names.into_iter().map(|n| n.rust))
                    .collect::<BTreeMap<i64, String>>()
            });
            (name, variants, set)
        }
    };
    if let Some(e) = enum_name {
        s.rust.insert("enum".into(), e);
    }
    if let Some(options) = col
        .options
        .as_ref()
        .filter(|_| col.attribute_type.has_options())
    {
        let mut values = BTreeMap::new();
        for o in options {
            values.entry(o.value).or_insert_with(|| ChoiceValueSchema {
                label: o.label.clone(),
                variant: variants.as_ref().and_then(|v| v.get(&o.value).cloned()),
                description: o
                    .description
                    .as_deref()
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                    .map(Value::from),
            });
        }
        s.choice = Some(ChoiceSchema { option_set, values });
    }
    s
}

/// A Rust type as tokens, shown as written (`Option` left out, runtime path dropped).
fn type_display(tokens: &str) -> String {
    tokens
        .replace(' ', "")
        .replace("::dvgen_runtime::", "")
        .replace("super::", "")
}

fn relationship_facts(rel: &Relationship) -> BTreeMap<String, Value> {
    let mut f = BTreeMap::new();
    let lower = |s: Option<&String>| s.map(|s| s.to_ascii_lowercase());
    f.insert("kind".into(), Value::from(kind_name(rel.kind)));
    put_str(
        &mut f,
        "referenced_entity",
        lower(rel.referenced_entity.as_ref()).as_deref(),
    );
    put_str(
        &mut f,
        "referenced_attribute",
        rel.referenced_attribute.as_deref(),
    );
    put_str(
        &mut f,
        "referencing_entity",
        lower(rel.referencing_entity.as_ref()).as_deref(),
    );
    put_str(
        &mut f,
        "referencing_attribute",
        rel.referencing_attribute.as_deref(),
    );
    put_str(
        &mut f,
        "referenced_entity_navigation_property_name",
        rel.referenced_entity_navigation_property_name.as_deref(),
    );
    put_str(
        &mut f,
        "referencing_entity_navigation_property_name",
        rel.referencing_entity_navigation_property_name.as_deref(),
    );
    put_bool(&mut f, "is_hierarchical", rel.is_hierarchical);
    if let Some(c) = &rel.cascade_configuration {
        let actions = [
            ("archive", c.archive),
            ("assign", c.assign),
            ("delete", c.delete),
            ("merge", c.merge),
            ("reparent", c.reparent),
            ("rollup_view", c.rollup_view),
            ("share", c.share),
            ("unshare", c.unshare),
        ];
        for (action, value) in actions {
            if let Some(v) = value {
                f.insert(format!("cascade.{action}"), Value::from(v.as_str()));
            }
        }
        for (action, value) in &c.other {
            put_str(&mut f, &format!("cascade.{action}"), Some(value));
        }
    }
    if let Some(m) = &rel.many_to_many {
        put_str(
            &mut f,
            "intersect_entity_name",
            m.intersect_entity_name.as_deref(),
        );
        for side in &m.sides {
            let Some(entity) = side.entity_logical_name.as_deref() else {
                continue;
            };
            let entity = entity.to_ascii_lowercase();
            for (key, value) in [
                ("intersect_attribute", side.intersect_attribute.as_deref()),
                (
                    "navigation_property_name",
                    side.navigation_property_name.as_deref(),
                ),
            ] {
                let key = format!("side.{entity}.{key}");
                if !f.contains_key(&key) {
                    put_str(&mut f, &key, value);
                }
            }
        }
    }
    f
}

impl Schema {
    /// The same schema with every documentation text replaced by its BLAKE3
    /// hash (`blake3:<16 hex>`): what the record beside an output folder keeps
    /// (enough to tell that a description changed, not how).
    pub fn compact(mut self) -> Schema {
        self.tables = self
            .tables
            .into_iter()
            .map(|(k, t)| (k, t.compact()))
            .collect();
        self
    }
}

impl TableSchema {
    /// [`Schema::compact`] for one table.
    pub fn compact(mut self) -> TableSchema {
        fn hash(v: &mut Value) {
            if let Value::String(s) = v {
                if s.chars().count() > 40 {
                    let h = blake3::hash(s.as_bytes()).to_hex();
                    *s = format!("blake3:{}", &h[..16]);
                }
            }
        }
        self.docs.values_mut().for_each(hash);
        for c in self.columns.values_mut() {
            c.docs.values_mut().for_each(hash);
            if let Some(ch) = &mut c.choice {
                for v in ch.values.values_mut() {
                    if let Some(d) = &mut v.description {
                        hash(d);
                    }
                }
            }
        }
        self
    }
}
