//! A semantic schema diff: what changed between two merged models, and what
//! that does to the generated Rust API.
//!
//! Pure: two [`Schema`]s (each built from a [`crate::model::Model`] and its
//! [naming](crate::naming) results by [`schema::schema`]) in, a list of
//! [`Change`]s out ([`compare`]). Provenance and layout are not part of a
//! schema, so a page re-laid out with the same facts gives no change; a fact
//! one side does not state is not a change either.
//!
//! Impact ([`Impact`]):
//! - `breaking`: a table, column, choice value, relationship or message
//!   removed; a column type changed (or the Rust type it is generated as); a
//!   generated identifier renamed (for example when a collision shifts a `_2`
//!   suffix). A rename names the `dvgen.yaml` override that pins the old name
//!   ([`Change::pin`]) when there is one.
//! - `additive`: something added, or a stated fact changed (facets,
//!   RequiredLevel, validity flags, lookup targets, navigation property names,
//!   cascade configuration, a choice label whose variant stays): code keeps
//!   compiling, metadata values differ.
//! - `docs`: only documentation text (display names, descriptions).
//!
//! The JSON form of a change list ([`render::json`]) is a contract, like
//! `dvgen dump`'s: `{"changes": [{"table", "item", "change", "name",
//! "impact", "fact", "before", "after", "pin"}]}`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub mod command;
pub mod render;
pub mod schema;

pub use schema::{schema, schema_with, Schema};

use schema::{ChoiceSchema, ColumnSchema, TableSchema};

/// What kind of thing changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    /// The table itself.
    Table,
    /// A column.
    Column,
    /// A value of a column's choice.
    ChoiceValue,
    /// A relationship.
    Relationship,
    /// A message (operation) or event.
    Message,
}

impl Item {
    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Item::Table => "table",
            Item::Column => "column",
            Item::ChoiceValue => "choice_value",
            Item::Relationship => "relationship",
            Item::Message => "message",
        }
    }
}

/// Added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Present only in the new model.
    Added,
    /// Present only in the old model.
    Removed,
    /// Present in both, one fact differs.
    Changed,
}

impl ChangeKind {
    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// What a change does to the generated Rust API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Code using the generated crate may stop compiling or mean something else.
    Breaking,
    /// New items or changed metadata values; code keeps compiling.
    Additive,
    /// Documentation only.
    Docs,
}

impl Impact {
    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Additive => "additive",
            Impact::Docs => "docs",
        }
    }
}

/// One change between two schemas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Logical name of the table.
    pub table: String,
    /// What changed.
    pub item: Item,
    /// Added, removed or changed.
    pub change: ChangeKind,
    /// The table's or column's logical name, the relationship's schema name,
    /// the message name, or `<column>=<value>` for a choice value.
    pub name: String,
    /// Breaking, additive or docs.
    pub impact: Impact,
    /// For `changed`: which fact (`type`, `required_level`, `max_length`,
    /// `cascade.delete`, `label`, `rust.field`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fact: Option<String>,
    /// For `changed`: the old value; for `removed`, a summary of the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<Value>,
    /// For `changed`: the new value; for `added`, a summary of the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<Value>,
    /// For a rename: the `dvgen.yaml` override that keeps the old name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin: Option<String>,
}

impl Change {
    fn new(table: &str, item: Item, change: ChangeKind, name: &str, impact: Impact) -> Change {
        Change {
            table: table.to_string(),
            item,
            change,
            name: name.to_string(),
            impact,
            fact: None,
            before: None,
            after: None,
            pin: None,
        }
    }

    fn fact(mut self, fact: &str, before: Option<Value>, after: Option<Value>) -> Change {
        self.fact = Some(fact.to_string());
        self.before = before;
        self.after = after;
        self
    }

    /// True when the change is about a generated identifier or Rust type
    /// rather than a fact of the pages (`fact` starts with `rust.`).
    pub fn is_rust_only(&self) -> bool {
        self.fact.as_deref().is_some_and(|f| f.starts_with("rust."))
    }
}

/// Counts of changes by impact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Breaking changes.
    pub breaking: usize,
    /// Additive changes.
    pub additive: usize,
    /// Documentation changes.
    pub docs: usize,
}

/// Count `changes` by impact.
pub fn summarize(changes: &[Change]) -> Summary {
    let mut s = Summary::default();
    for c in changes {
        match c.impact {
            Impact::Breaking => s.breaking += 1,
            Impact::Additive => s.additive += 1,
            Impact::Docs => s.docs += 1,
        }
    }
    s
}

/// Every change from `old` to `new`, grouped by table (logical name order),
/// then by item kind, name and fact.
pub fn compare(old: &Schema, new: &Schema) -> Vec<Change> {
    let mut out = Vec::new();
    for (name, t) in &old.tables {
        if !new.tables.contains_key(name) {
            out.push(
                Change::new(
                    name,
                    Item::Table,
                    ChangeKind::Removed,
                    name,
                    Impact::Breaking,
                )
                .fact("table", table_summary(t), None),
            );
        }
    }
    for (name, t) in &new.tables {
        match old.tables.get(name) {
            None => out.push(
                Change::new(name, Item::Table, ChangeKind::Added, name, Impact::Additive).fact(
                    "table",
                    None,
                    table_summary(t),
                ),
            ),
            Some(o) => compare_table(name, o, t, &mut out),
        }
    }
    for c in &mut out {
        if c.change != ChangeKind::Changed {
            c.fact = None;
        }
    }
    out.sort_by(|a, b| {
        (&a.table, a.item, &a.name, a.change, &a.fact)
            .cmp(&(&b.table, b.item, &b.name, b.change, &b.fact))
    });
    out
}

fn table_summary(t: &TableSchema) -> Option<Value> {
    Some(serde_json::json!({
        "struct": t.rust.get("struct"),
        "columns": t.columns.len(),
        "relationships": t.relationships.len(),
        "messages": t.messages.len(),
    }))
}

fn column_summary(c: &ColumnSchema) -> Option<Value> {
    Some(serde_json::json!({
        "type": c.facts.get("type"),
        "rust": c.rust.get("type"),
    }))
}

/// Facts stated on both sides that differ, in key order.
fn fact_changes<'a>(
    old: &'a BTreeMap<String, Value>,
    new: &'a BTreeMap<String, Value>,
) -> impl Iterator<Item = (&'a String, &'a Value, &'a Value)> {
    old.iter()
        .filter_map(move |(k, o)| new.get(k).filter(|n| *n != o).map(|n| (k, o, n)))
}

fn str_changes<'a>(
    old: &'a BTreeMap<String, String>,
    new: &'a BTreeMap<String, String>,
) -> impl Iterator<Item = (&'a String, &'a String, &'a String)> {
    old.iter()
        .filter_map(move |(k, o)| new.get(k).filter(|n| *n != o).map(|n| (k, o, n)))
}

fn compare_table(table: &str, old: &TableSchema, new: &TableSchema, out: &mut Vec<Change>) {
    let changed =
        |name: &str, impact| Change::new(table, Item::Table, ChangeKind::Changed, name, impact);
    for (k, o, n) in fact_changes(&old.facts, &new.facts) {
        out.push(changed(table, Impact::Additive).fact(k, Some(o.clone()), Some(n.clone())));
    }
    for (k, o, n) in fact_changes(&old.docs, &new.docs) {
        out.push(changed(table, Impact::Docs).fact(k, Some(o.clone()), Some(n.clone())));
    }
    for (k, o, n) in str_changes(&old.rust, &new.rust) {
        let mut c = changed(table, Impact::Breaking).fact(
            &format!("rust.{k}"),
            Some(Value::from(o.as_str())),
            Some(Value::from(n.as_str())),
        );
        if k == "struct" {
            c.pin = Some(format!("names.tables: {{ {table}: {o} }}"));
        }
        out.push(c);
    }
    for (name, c) in &old.columns {
        if !new.columns.contains_key(name) {
            out.push(
                Change::new(
                    table,
                    Item::Column,
                    ChangeKind::Removed,
                    name,
                    Impact::Breaking,
                )
                .fact("column", column_summary(c), None),
            );
        }
    }
    for (name, c) in &new.columns {
        match old.columns.get(name) {
            None => out.push(
                Change::new(
                    table,
                    Item::Column,
                    ChangeKind::Added,
                    name,
                    Impact::Additive,
                )
                .fact("column", None, column_summary(c)),
            ),
            Some(o) => compare_column(table, name, o, c, out),
        }
    }
    for (key, r) in &old.relationships {
        if !new.relationships.contains_key(key) {
            out.push(
                Change::new(
                    table,
                    Item::Relationship,
                    ChangeKind::Removed,
                    &r.schema_name,
                    Impact::Breaking,
                )
                .fact("relationship", r.facts.get("kind").cloned(), None),
            );
        }
    }
    for (key, r) in &new.relationships {
        let Some(o) = old.relationships.get(key) else {
            out.push(
                Change::new(
                    table,
                    Item::Relationship,
                    ChangeKind::Added,
                    &r.schema_name,
                    Impact::Additive,
                )
                .fact("relationship", None, r.facts.get("kind").cloned()),
            );
            continue;
        };
        let changed = |impact| {
            Change::new(
                table,
                Item::Relationship,
                ChangeKind::Changed,
                &r.schema_name,
                impact,
            )
        };
        for (k, a, b) in fact_changes(&o.facts, &r.facts) {
            out.push(changed(Impact::Additive).fact(k, Some(a.clone()), Some(b.clone())));
        }
        for (k, a, b) in str_changes(&o.rust, &r.rust) {
            out.push(changed(Impact::Breaking).fact(
                &format!("rust.{k}"),
                Some(Value::from(a.as_str())),
                Some(Value::from(b.as_str())),
            ));
        }
    }
    for m in old.messages.difference(&new.messages) {
        out.push(Change::new(
            table,
            Item::Message,
            ChangeKind::Removed,
            m,
            Impact::Breaking,
        ));
    }
    for m in new.messages.difference(&old.messages) {
        out.push(Change::new(
            table,
            Item::Message,
            ChangeKind::Added,
            m,
            Impact::Additive,
        ));
    }
}

fn compare_column(
    table: &str,
    name: &str,
    old: &ColumnSchema,
    new: &ColumnSchema,
    out: &mut Vec<Change>,
) {
    let changed = |impact| Change::new(table, Item::Column, ChangeKind::Changed, name, impact);
    let type_changed =
        matches!((old.facts.get("type"), new.facts.get("type")), (Some(a), Some(b)) if a != b);
    for (k, o, n) in fact_changes(&old.facts, &new.facts) {
        let impact = if k == "type" {
            Impact::Breaking
        } else {
            Impact::Additive
        };
        out.push(changed(impact).fact(k, Some(o.clone()), Some(n.clone())));
    }
    for (k, o, n) in fact_changes(&old.docs, &new.docs) {
        out.push(changed(Impact::Docs).fact(k, Some(o.clone()), Some(n.clone())));
    }
    for (k, o, n) in str_changes(&old.rust, &new.rust) {
        // A changed column type already says the Rust type changed.
        if k == "type" && type_changed {
            continue;
        }
        let mut c = changed(Impact::Breaking).fact(
            &format!("rust.{k}"),
            Some(Value::from(o.as_str())),
            Some(Value::from(n.as_str())),
        );
        if k == "field" {
            c.pin = Some(format!("names.columns: {{ {table}.{name}: {o} }}"));
        }
        out.push(c);
    }
    let empty = ChoiceSchema::default();
    if old.choice.is_none() && new.choice.is_none() {
        return;
    }
    let (oc, nc) = (
        old.choice.as_ref().unwrap_or(&empty),
        new.choice.as_ref().unwrap_or(&empty),
    );
    // A column whose page lists no values on one side states nothing about them.
    if old.choice.is_none() || new.choice.is_none() {
        return;
    }
    let value_name = |v: i64| format!("{name}={v}");
    for (v, o) in &oc.values {
        if !nc.values.contains_key(v) {
            out.push(
                Change::new(
                    table,
                    Item::ChoiceValue,
                    ChangeKind::Removed,
                    &value_name(*v),
                    Impact::Breaking,
                )
                .fact("choice_value", Some(Value::from(o.label.as_str())), None),
            );
        }
    }
    for (v, n) in &nc.values {
        let Some(o) = oc.values.get(v) else {
            out.push(
                Change::new(
                    table,
                    Item::ChoiceValue,
                    ChangeKind::Added,
                    &value_name(*v),
                    Impact::Additive,
                )
                .fact("choice_value", None, Some(Value::from(n.label.as_str()))),
            );
            continue;
        };
        let changed = |impact| {
            Change::new(
                table,
                Item::ChoiceValue,
                ChangeKind::Changed,
                &value_name(*v),
                impact,
            )
        };
        let renamed = matches!((&o.variant, &n.variant), (Some(a), Some(b)) if a != b);
        let pin = o.variant.as_ref().filter(|_| renamed).map(|old_variant| {
            format!("names.choices: {{ {}.{v}: {old_variant} }}", nc.option_set)
        });
        if o.label != n.label {
            let mut c = changed(if renamed {
                Impact::Breaking
            } else {
                Impact::Additive
            })
            .fact(
                "label",
                Some(Value::from(o.label.as_str())),
                Some(Value::from(n.label.as_str())),
            );
            c.pin = pin;
            out.push(c);
        } else if renamed {
            let mut c = changed(Impact::Breaking).fact(
                "rust.variant",
                o.variant.clone().map(Value::from),
                n.variant.clone().map(Value::from),
            );
            c.pin = pin;
            out.push(c);
        }
        if let (Some(a), Some(b)) = (&o.description, &n.description) {
            if a != b {
                out.push(changed(Impact::Docs).fact(
                    "description",
                    Some(a.clone()),
                    Some(b.clone()),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests;
