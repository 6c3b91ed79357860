//! Joining what several files say about one environment: tables by logical
//! name (or `MetadataId` when a file leaves the name out), option-set casts
//! to their tables; then one page per table.

use std::collections::BTreeMap;

use super::{CastPart, FileRead};
use crate::diagnostics::{codes, Diagnostic};
use crate::model::{AttributeType, Column, Page, PageInfo, PageKind, Product, Table};

/// One table being assembled: the file it is filed under (its first statement) and itself.
struct Group {
    file: usize,
    table: Table,
}

/// Join the reads of several files into pages, one `Vec` per file, in order.
pub(super) fn join(reads: Vec<FileRead>) -> Vec<Vec<Page>> {
    let mut diags: Vec<Vec<Diagnostic>> = Vec::with_capacity(reads.len());
    let mut named = Vec::new();
    let mut nameless = Vec::new();
    let mut casts: Vec<(usize, CastPart)> = Vec::new();
    let mut paths = Vec::with_capacity(reads.len());
    for (i, r) in reads.into_iter().enumerate() {
        paths.push(r.path);
        diags.push(r.diagnostics);
        for e in r.entities {
            if e.table.logical_name.is_empty() {
                nameless.push((i, e));
            } else {
                named.push((i, e));
            }
        }
        casts.extend(r.casts.into_iter().map(|c| (i, c)));
    }

    let mut by_id: BTreeMap<String, String> = BTreeMap::new();
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for (file, e) in named {
        if let Some(id) = &e.metadata_id {
            by_id
                .entry(id.clone())
                .or_insert_with(|| e.table.logical_name.clone());
        }
        add_table(&mut groups, file, e.table);
    }
    for (file, mut e) in nameless {
        let line = e.table.provenance.first().map_or(1, |p| p.line);
        match e.metadata_id.as_ref().and_then(|id| by_id.get(id)) {
            Some(name) => {
                e.table.logical_name = name.clone();
                add_table(&mut groups, file, e.table);
            }
            None => {
                if let (Some(id), Some(d)) = (&e.metadata_id, diags.get_mut(file)) {
                    d.push(Diagnostic::warning(
                        codes::MISSING_JSON_KEY,
                        &paths[file],
                        line,
                        format!(
                            "table with MetadataId {id} states no `LogicalName` and no other file names it: not in the output"
                        ),
                    ));
                }
            }
        }
    }
    for (file, cast) in casts {
        let name = cast.entity.logical_name.clone().or_else(|| {
            cast.entity
                .metadata_id
                .as_ref()
                .and_then(|id| by_id.get(id).cloned())
        });
        match name {
            Some(name) => {
                let group = groups.entry(name.clone()).or_insert_with(|| Group {
                    file,
                    table: Table {
                        logical_name: name,
                        ..Table::default()
                    },
                });
                for col in cast.columns {
                    add_column(&mut group.table, col, true);
                }
            }
            None => {
                if let Some(d) = diags.get_mut(file) {
                    d.push(Diagnostic::warning(
                        codes::ORPHAN_CAST,
                        &paths[file],
                        cast.line,
                        format!(
                            "these attribute definitions belong to the table with MetadataId {}, which no file given names: {} column(s) not in the output",
                            cast.entity.metadata_id.as_deref().unwrap_or("?"),
                            cast.columns.len()
                        ),
                    ));
                }
            }
        }
    }

    let mut out: Vec<Vec<Page>> = paths.iter().map(|_| Vec::new()).collect();
    for (_, g) in groups {
        let path = paths.get(g.file).cloned().unwrap_or_default();
        if let Some(pages) = out.get_mut(g.file) {
            pages.push(Page {
                info: info(&path, &g.table),
                table: Some(g.table),
                diagnostics: Vec::new(),
            });
        }
    }
    for (i, (pages, d)) in out.iter_mut().zip(diags).enumerate() {
        match pages.first_mut() {
            Some(first) => first.diagnostics = d,
            None => pages.push(Page {
                info: PageInfo {
                    path: paths.get(i).cloned().unwrap_or_default(),
                    kind: PageKind::Project,
                    product: Product::Project,
                    ..PageInfo::default()
                },
                table: None,
                diagnostics: d,
            }),
        }
    }
    out
}

fn info(path: &str, t: &Table) -> PageInfo {
    PageInfo {
        path: path.to_string(),
        kind: PageKind::Project,
        product: Product::Project,
        title: Some(format!("{} (exported table definition)", t.logical_name)),
        display_name: t.display_name.clone(),
        description: t.description.clone(),
        ..PageInfo::default()
    }
}

fn add_table(groups: &mut BTreeMap<String, Group>, file: usize, t: Table) {
    match groups.get_mut(&t.logical_name) {
        None => {
            groups.insert(t.logical_name.clone(), Group { file, table: t });
        }
        Some(g) => merge_table(&mut g.table, t),
    }
}

macro_rules! fill {
    ($into:expr, $from:expr; $($field:ident),* $(,)?) => {$(
        if $into.$field.is_none() {
            $into.$field = $from.$field.take();
        }
    )*};
}

/// What `part` states fills what `into` leaves unstated.
fn merge_table(into: &mut Table, mut part: Table) {
    fill!(into, part; display_name, display_collection_name, collection_schema_name,
        logical_collection_name, entity_set_name, primary_id_attribute, primary_name_attribute,
        ownership_type, table_type, is_bpf_entity, description);
    if into.schema_name.is_empty() {
        into.schema_name = std::mem::take(&mut part.schema_name);
    }
    into.provenance.append(&mut part.provenance);
    for col in part.columns {
        add_column(into, col, false);
    }
    for rel in part.relationships {
        let known = into
            .relationships
            .iter()
            .any(|r| r.kind == rel.kind && r.schema_name.eq_ignore_ascii_case(&rel.schema_name));
        if !known {
            into.relationships.push(rel);
        }
    }
}

/// Add `col` to `t`, or fill the column of the same name with it. A cast
/// (`from_cast`) decides the choices and the type of a column read untyped.
fn add_column(t: &mut Table, mut col: Column, from_cast: bool) {
    let Some(into) = t
        .columns
        .iter_mut()
        .find(|c| c.logical_name == col.logical_name)
    else {
        t.columns.push(col);
        return;
    };
    // An untyped column takes the type stated elsewhere; a cast's type wins.
    if col.attribute_type != AttributeType::Unspecified
        && (from_cast || into.attribute_type == AttributeType::Unspecified)
    {
        into.attribute_type = col.attribute_type.clone();
    }
    if into.schema_name.is_empty() {
        into.schema_name = std::mem::take(&mut col.schema_name);
    }
    if from_cast && col.options.is_some() {
        into.options = col.options.take();
    }
    fill!(into, col; display_name, description, required_level, is_valid_for_create,
        is_valid_for_update, is_valid_for_read, is_valid_for_form, attribute_of, default_value,
        default_form_value, global_choice_name, options);
    let (f, g) = (&mut into.facets, &mut col.facets);
    fill!(f, g; max_length, format, format_name, min_value, max_value, precision,
        precision_source, date_time_behavior, can_change_date_time_behavior, ime_mode,
        is_localizable, source_type_mask, is_base_currency, max_size_in_kb, is_primary_image,
        max_height, max_width, can_store_full_image);
    if into.targets.is_empty() {
        into.targets = std::mem::take(&mut col.targets);
    }
    into.provenance.append(&mut col.provenance);
}
