//! Layering the project's own schema (a solution or an exported table
//! definition, [`PageKind::Project`](crate::model::PageKind::Project)) over
//! the docs.
//!
//! The project layer is the environment's truth: what it states wins; what it
//! leaves unstated (descriptions, cascade, menus) keeps the docs' facts. A
//! table only the project knows becomes a table of its own.

use std::collections::BTreeMap;

use crate::diagnostics::{codes, Diagnostic};
use crate::model::{Column, PageInfo, Provenance, Table};

/// Apply the project table `own` (read from `info`) to `tables`.
pub(super) fn apply_project(
    tables: &mut BTreeMap<String, Table>,
    info: &PageInfo,
    own: Table,
    diags: &mut Vec<Diagnostic>,
) {
    let _ = info;
    let Some(base) = tables.get_mut(&own.logical_name) else {
        tables.insert(own.logical_name.clone(), own);
        return;
    };
    macro_rules! stated {
        ($($field:ident),*) => {$(
            if own.$field.is_some() {
                base.$field = own.$field.clone();
            }
        )*};
    }
    stated!(
        display_name,
        display_collection_name,
        collection_schema_name,
        logical_collection_name,
        entity_set_name,
        primary_id_attribute,
        primary_name_attribute,
        ownership_type,
        table_type,
        is_bpf_entity,
        description
    );
    if !own.schema_name.is_empty() {
        base.schema_name = own.schema_name.clone();
    }
    base.provenance.extend(own.provenance.iter().cloned());
    for column in own.columns {
        match base
            .columns
            .iter_mut()
            .find(|c| c.logical_name == column.logical_name)
        {
            Some(doc) => layer_column(doc, column, diags),
            None => base.columns.push(column),
        }
    }
    for rel in own.relationships {
        match base
            .relationships
            .iter_mut()
            .find(|r| r.schema_name.eq_ignore_ascii_case(&rel.schema_name))
        {
            Some(doc) => {
                let mut merged = rel.clone();
                if merged.cascade_configuration.is_none() {
                    merged.cascade_configuration = doc.cascade_configuration.clone();
                }
                if merged.associated_menu_configuration.is_none() {
                    merged.associated_menu_configuration =
                        doc.associated_menu_configuration.clone();
                }
                let mut provenance = std::mem::take(&mut doc.provenance);
                provenance.extend(rel.provenance);
                merged.provenance = provenance;
                *doc = merged;
            }
            None => base.relationships.push(rel),
        }
    }
}

/// The project's column wins what it states; the docs keep the rest.
fn layer_column(doc: &mut Column, own: Column, diags: &mut Vec<Diagnostic>) {
    if doc.attribute_type != own.attribute_type {
        let at = |p: Option<&Provenance>| {
            p.map_or_else(|| "?".to_string(), |p| format!("{}:{}", p.page, p.line))
        };
        let (d, o) = (doc.provenance.first(), own.provenance.first());
        diags.push(Diagnostic::warning(
            codes::MERGE_CONFLICT,
            o.map_or("", |p| p.page.as_str()),
            o.map_or(1, |p| p.line.max(1)),
            format!(
                "column `{}`: the docs ({}) say type {}, the project's schema ({}) says {}; the project's schema wins",
                own.logical_name,
                at(d),
                doc.attribute_type.as_str(),
                at(o),
                own.attribute_type.as_str()
            ),
        ));
    }
    let mut merged = own;
    if merged.description.is_none() {
        merged.description = doc.description.take();
    }
    if merged.display_name.is_none() {
        merged.display_name = doc.display_name.take();
    }
    let mut provenance = std::mem::take(&mut doc.provenance);
    provenance.extend(merged.provenance);
    merged.provenance = provenance;
    *doc = merged;
}
