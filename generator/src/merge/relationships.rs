//! Joining both sides of a relationship.
//!
//! A one-to-many on the referenced table's page and the many-to-one on the
//! referencing table's page (and a many-to-many on both pages) describe one
//! relationship. After [`join`], both sides carry the facts of both: the same
//! navigation property names, attributes, cascade and menu configuration.
//!
//! **Conflict rule** (documented, deterministic): each fact has an owning side,
//! whose value wins when both sides state a different value, with a
//! `DV0301` warning naming both locations:
//! - the many-to-one side (the page of the table holding the lookup) owns
//!   `referencing_attribute`, `referencing_entity_navigation_property_name`
//!   and `cascade_configuration`;
//! - the one-to-many side owns `referenced_attribute`,
//!   `referenced_entity_navigation_property_name` and
//!   `associated_menu_configuration`;
//! - for every other fact, and for many-to-many, the side whose page path
//!   sorts first wins.
//!
//! When only one side is in the input, the other table (if it is in the input
//! at all) gains a `derived: true` copy from its point of view. Tables that are
//! not in the input are never created: they stay names in the descriptors.

use std::collections::BTreeMap;

use crate::diagnostics::{codes, Diagnostic};
use crate::model::{Relationship, RelationshipKind, Table};

/// Join every relationship with its other side, in place.
pub fn join(tables: &mut BTreeMap<String, Table>, diags: &mut Vec<Diagnostic>) {
    complete_own_side(tables);
    join_pairs(tables, diags);
    join_many_to_many(tables, diags);
}

/// Every many-to-many entry with one schema name is one relationship, on
/// whichever pages it appears (the two related tables' pages and the
/// intersect table's own page): all of them get the union of the facts.
fn join_many_to_many(tables: &mut BTreeMap<String, Table>, diags: &mut Vec<Diagnostic>) {
    let mut groups: BTreeMap<String, Vec<(String, usize)>> = BTreeMap::new();
    for (name, table) in tables.iter() {
        for (i, r) in table.relationships.iter().enumerate() {
            if r.kind == RelationshipKind::ManyToMany {
                groups
                    .entry(r.schema_name.to_ascii_lowercase())
                    .or_default()
                    .push((name.clone(), i));
            }
        }
    }
    for members in groups.values().filter(|m| m.len() > 1) {
        let get = |tables: &BTreeMap<String, Table>, (t, i): &(String, usize)| {
            tables.get(t).and_then(|t| t.relationships.get(*i)).cloned()
        };
        let Some(mut merged) = get(tables, &members[0]) else {
            continue;
        };
        for member in &members[1..] {
            if let Some(other) = get(tables, member) {
                let (combined, conflicts) = combine(&merged, &other);
                diags.extend(conflicts);
                merged = combined;
            }
        }
        for (t, i) in members {
            if let Some(r) = tables.get_mut(t).and_then(|t| t.relationships.get_mut(*i)) {
                copy_facts(r, &merged);
            }
        }
    }
}

/// Join one-to-many with many-to-one sides (and many-to-many between two
/// listed tables), adding derived copies where a listed table lacks its side.
fn join_pairs(tables: &mut BTreeMap<String, Table>, diags: &mut Vec<Diagnostic>) {
    let names: Vec<String> = tables.keys().cloned().collect();
    for name in &names {
        let count = tables.get(name).map_or(0, |t| t.relationships.len());
        for index in 0..count {
            let Some(rel) = tables
                .get(name)
                .and_then(|t| t.relationships.get(index))
                .cloned()
            else {
                continue;
            };
            let Some(other_name) = rel.other_table(name) else {
                continue;
            };
            let mirror_kind = mirror(rel.kind);
            if other_name == *name && mirror_kind == rel.kind {
                continue; // a self-referencing many-to-many is its own other side
            }
            let Some(other) = tables.get_mut(&other_name) else {
                continue;
            };
            let position = other.relationships.iter().position(|r| {
                r.kind == mirror_kind && r.schema_name.eq_ignore_ascii_case(&rel.schema_name)
            });
            match position {
                Some(pos) => {
                    let (merged, conflicts) = combine(&rel, &other.relationships[pos]);
                    diags.extend(conflicts);
                    let other_rel = &mut other.relationships[pos];
                    copy_facts(other_rel, &merged);
                    if let Some(this) = tables
                        .get_mut(name)
                        .and_then(|t| t.relationships.get_mut(index))
                    {
                        copy_facts(this, &merged);
                    }
                }
                None => {
                    let mut derived = rel.clone();
                    derived.kind = mirror_kind;
                    derived.derived = true;
                    derived.related_entity = Some(name.clone());
                    derived.related_link = None;
                    derived.added_by = None;
                    other.relationships.push(derived);
                }
            }
        }
    }
}

/// The kind of the same relationship seen from the other table.
fn mirror(kind: RelationshipKind) -> RelationshipKind {
    match kind {
        RelationshipKind::OneToMany => RelationshipKind::ManyToOne,
        RelationshipKind::ManyToOne => RelationshipKind::OneToMany,
        RelationshipKind::ManyToMany => RelationshipKind::ManyToMany,
    }
}

/// Fill facts a page implies about its own side: the table itself, the
/// referenced attribute of a one-to-many (the table's primary id), and (for
/// older pages whose many-to-one entries are one-line "See ..." references)
/// the lookup column when exactly one lookup of the table targets the other table.
fn complete_own_side(tables: &mut BTreeMap<String, Table>) {
    for (name, table) in tables.iter_mut() {
        let primary_id = table.primary_id_attribute.clone();
        let lookups: Vec<(String, Vec<String>)> = table
            .columns
            .iter()
            .filter(|c| c.attribute_type.is_lookup())
            .map(|c| (c.logical_name.clone(), c.targets.clone()))
            .collect();
        for rel in &mut table.relationships {
            match rel.kind {
                RelationshipKind::OneToMany => {
                    if rel.referenced_entity.is_none() {
                        rel.referenced_entity = Some(name.clone());
                    }
                    // Dataverse relationships reference the primary key.
                    if rel.referenced_attribute.is_none() {
                        rel.referenced_attribute.clone_from(&primary_id);
                    }
                    if rel.referencing_entity.is_none() {
                        rel.referencing_entity = rel.related_entity.clone();
                    }
                }
                RelationshipKind::ManyToOne => {
                    if rel.referencing_entity.is_none() {
                        rel.referencing_entity = Some(name.clone());
                    }
                    if rel.referenced_entity.is_none() {
                        rel.referenced_entity = rel.related_entity.clone();
                    }
                    if rel.referencing_attribute.is_none() {
                        if let Some(target) = &rel.referenced_entity {
                            let mut candidates = lookups
                                .iter()
                                .filter(|(_, targets)| targets.iter().any(|t| t == target));
                            if let (Some((column, _)), None) =
                                (candidates.next(), candidates.next())
                            {
                                rel.referencing_attribute = Some(column.clone());
                            }
                        }
                    }
                }
                RelationshipKind::ManyToMany => {}
            }
        }
    }
}

/// Which side owns a fact.
#[derive(Clone, Copy)]
enum Owner {
    /// The one-to-many side (referenced table's page).
    Referenced,
    /// The many-to-one side (referencing table's page).
    Referencing,
    /// The side whose page path sorts first.
    FirstPage,
}

/// Combine two views of one relationship into the merged fact set.
fn combine(a: &Relationship, b: &Relationship) -> (Relationship, Vec<Diagnostic>) {
    let (one_side, many_side) = if a.kind == RelationshipKind::ManyToOne {
        (b, a)
    } else {
        (a, b)
    };
    let page_of = |r: &Relationship| {
        r.provenance
            .first()
            .map(|p| p.page.clone())
            .unwrap_or_default()
    };
    let (first, second) = if page_of(a) <= page_of(b) {
        (a, b)
    } else {
        (b, a)
    };
    let mut conflicts = Vec::new();
    let mut merged = first.clone();

    macro_rules! fact {
        ($field:ident, $owner:expr) => {{
            let (winner, loser) = match $owner {
                Owner::Referenced if a.kind != RelationshipKind::ManyToMany => {
                    (one_side, many_side)
                }
                Owner::Referencing if a.kind != RelationshipKind::ManyToMany => {
                    (many_side, one_side)
                }
                _ => (first, second),
            };
            merged.$field = match (&winner.$field, &loser.$field) {
                (Some(w), Some(l)) => {
                    if w != l {
                        conflicts.push(conflict(stringify!($field), winner, loser));
                    }
                    Some(w.clone())
                }
                (Some(w), None) => Some(w.clone()),
                (None, l) => l.clone(),
            };
        }};
    }
    fact!(referenced_entity, Owner::Referenced);
    fact!(referencing_entity, Owner::Referencing);
    fact!(referenced_attribute, Owner::Referenced);
    fact!(referencing_attribute, Owner::Referencing);
    fact!(
        referenced_entity_navigation_property_name,
        Owner::Referenced
    );
    fact!(
        referencing_entity_navigation_property_name,
        Owner::Referencing
    );
    merged.associated_menu_configuration = merge_keyed(
        &one_side.associated_menu_configuration,
        &many_side.associated_menu_configuration,
        |w, l, diffs| {
            let mut m = w.clone();
            key!(m, l, behavior, diffs);
            key!(m, l, group, diffs);
            key!(m, l, label, diffs);
            key!(m, l, order, diffs);
            key!(m, l, available_offline, diffs);
            key!(m, l, menu_id, diffs);
            key!(m, l, query_api, diffs);
            key!(m, l, view_id, diffs);
            m
        },
        "associated_menu_configuration",
        (one_side, many_side),
        &mut conflicts,
    );
    merged.cascade_configuration = merge_keyed(
        &many_side.cascade_configuration,
        &one_side.cascade_configuration,
        |w, l, diffs| {
            let mut m = w.clone();
            key!(m, l, archive, diffs);
            key!(m, l, assign, diffs);
            key!(m, l, delete, diffs);
            key!(m, l, merge, diffs);
            key!(m, l, reparent, diffs);
            key!(m, l, rollup_view, diffs);
            key!(m, l, share, diffs);
            key!(m, l, unshare, diffs);
            m
        },
        "cascade_configuration",
        (many_side, one_side),
        &mut conflicts,
    );
    fact!(is_hierarchical, Owner::FirstPage);
    fact!(is_customizable, Owner::FirstPage);
    merged.many_to_many = merge_many_to_many(first, second);
    (merged, conflicts)
}

/// Fill key `$k` of `$m` from `$l` when empty; record it in `$diffs` when both differ.
macro_rules! key {
    ($m:ident, $l:ident, $k:ident, $diffs:ident) => {
        match (&$m.$k, &$l.$k) {
            (Some(a), Some(b)) if a != b => $diffs.push(stringify!($k)),
            (None, Some(b)) => $m.$k = Some(b.clone()),
            _ => {}
        }
    };
}
use key;

/// Merge two keyed configurations (cascade, menu) key by key: the winner's
/// value for each key it states, the loser's for the others; a key both state
/// differently is a conflict.
fn merge_keyed<T: Clone>(
    winner: &Option<T>,
    loser: &Option<T>,
    merge: impl Fn(&T, &T, &mut Vec<&'static str>) -> T,
    field: &str,
    (winner_rel, loser_rel): (&Relationship, &Relationship),
    conflicts: &mut Vec<Diagnostic>,
) -> Option<T> {
    match (winner, loser) {
        (Some(w), Some(l)) => {
            let mut diffs = Vec::new();
            let merged = merge(w, l, &mut diffs);
            if !diffs.is_empty() {
                let what = format!("{field} ({})", diffs.join(", "));
                conflicts.push(conflict(&what, winner_rel, loser_rel));
            }
            Some(merged)
        }
        (Some(w), None) => Some(w.clone()),
        (None, l) => l.clone(),
    }
}

fn merge_many_to_many(
    first: &Relationship,
    second: &Relationship,
) -> Option<crate::model::ManyToMany> {
    match (&first.many_to_many, &second.many_to_many) {
        (Some(f), Some(s)) => {
            let mut merged = f.clone();
            if merged.intersect_entity_name.is_none() {
                merged.intersect_entity_name = s.intersect_entity_name.clone();
            }
            for side in &s.sides {
                let same = merged.sides.iter_mut().find(|m| {
                    m.entity_logical_name.is_some()
                        && m.entity_logical_name == side.entity_logical_name
                });
                match same {
                    Some(m) => {
                        fill(&mut m.ordinal, &side.ordinal);
                        fill(&mut m.intersect_attribute, &side.intersect_attribute);
                        fill(
                            &mut m.navigation_property_name,
                            &side.navigation_property_name,
                        );
                        fill(
                            &mut m.associated_menu_configuration,
                            &side.associated_menu_configuration,
                        );
                        fill(&mut m.is_customizable, &side.is_customizable);
                    }
                    None => merged.sides.push(side.clone()),
                }
            }
            Some(merged)
        }
        (f, s) => f.clone().or_else(|| s.clone()),
    }
}

fn fill<T: Clone>(slot: &mut Option<T>, value: &Option<T>) {
    if slot.is_none() {
        slot.clone_from(value);
    }
}

fn conflict(field: &str, winner: &Relationship, loser: &Relationship) -> Diagnostic {
    let at = |r: &Relationship| {
        r.provenance
            .first()
            .map(|p| format!("{}:{}", p.page, p.line))
            .unwrap_or_else(|| "(unknown)".to_string())
    };
    let (file, line) = loser
        .provenance
        .first()
        .map(|p| (p.page.clone(), p.line))
        .unwrap_or_default();
    Diagnostic::warning(
        codes::MERGE_CONFLICT,
        &file,
        line,
        format!(
            "relationship `{}`: `{}` differs between {} and {}; the value from {} is used",
            winner.schema_name,
            field,
            at(winner),
            at(loser),
            at(winner)
        ),
    )
}

/// Copy the merged facts into one side, keeping its kind, provenance and page-only details.
fn copy_facts(side: &mut Relationship, merged: &Relationship) {
    side.referenced_entity.clone_from(&merged.referenced_entity);
    side.referencing_entity
        .clone_from(&merged.referencing_entity);
    side.referenced_attribute
        .clone_from(&merged.referenced_attribute);
    side.referencing_attribute
        .clone_from(&merged.referencing_attribute);
    side.referenced_entity_navigation_property_name
        .clone_from(&merged.referenced_entity_navigation_property_name);
    side.referencing_entity_navigation_property_name
        .clone_from(&merged.referencing_entity_navigation_property_name);
    side.associated_menu_configuration
        .clone_from(&merged.associated_menu_configuration);
    side.cascade_configuration
        .clone_from(&merged.cascade_configuration);
    side.is_hierarchical = merged.is_hierarchical;
    side.is_customizable = merged.is_customizable;
    side.many_to_many.clone_from(&merged.many_to_many);
}

/// Fill empty facts of `existing` from `other` (two entries for the same
/// relationship and kind, e.g. a base page and an extension page), warning on
/// differences; `existing` wins.
pub(crate) fn fill_from(
    existing: &mut Relationship,
    other: &Relationship,
    other_path: &str,
    other_line: u32,
    diags: &mut Vec<Diagnostic>,
) {
    macro_rules! fact {
        ($field:ident) => {
            match (&existing.$field, &other.$field) {
                (Some(e), Some(o)) if e != o => diags.push(Diagnostic::warning(
                    codes::MERGE_CONFLICT,
                    other_path,
                    other_line,
                    format!(
                        "relationship `{}`: `{}` differs from {}; the earlier value is kept",
                        existing.schema_name,
                        stringify!($field),
                        existing
                            .provenance
                            .first()
                            .map(|p| format!("{}:{}", p.page, p.line))
                            .unwrap_or_default()
                    ),
                )),
                (None, Some(o)) => existing.$field = Some(o.clone()),
                _ => {}
            }
        };
    }
    fact!(referenced_entity);
    fact!(referencing_entity);
    fact!(referenced_attribute);
    fact!(referencing_attribute);
    fact!(referenced_entity_navigation_property_name);
    fact!(referencing_entity_navigation_property_name);
    fact!(associated_menu_configuration);
    fact!(cascade_configuration);
    fact!(is_hierarchical);
    fact!(is_customizable);
    fact!(many_to_many);
    fact!(denormalized_attribute_name);
    fact!(entity_key);
    fact!(is_denormalized_lookup);
    fact!(is_relationship_attribute_denormalized);
}
