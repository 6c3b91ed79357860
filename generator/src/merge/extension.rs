//! Layering an extension page (Customer Service) on its base table.
//!
//! An extension whose base table is not in the input becomes a table of its
//! own (with a `DV0302` warning); its customized columns, which state no type, take the
//! type their change implies (Targets: Lookup; a choice list: Picklist).

use std::collections::BTreeMap;

use crate::diagnostics::{codes, Diagnostic};
use crate::model::{Column, Facets, PageInfo, Relationship, Table};

/// Apply the extension page `info` / `ext` to its base table in `tables`.
pub(super) fn apply(
    tables: &mut BTreeMap<String, Table>,
    info: &PageInfo,
    ext: Table,
    diags: &mut Vec<Diagnostic>,
) {
    let name = ext.logical_name.clone();
    let Some(base) = tables.get_mut(&name) else {
        diags.push(Diagnostic::warning(
            codes::ORPHAN_EXTENSION,
            &info.path,
            1,
            format!(
                "extension of table `{name}` without its base page: the table is generated from what the extension lists only"
            ),
        ));
        // Not `derived`: everything in it was read from the extension page.
        let mut table = ext;
        for column in &mut table.columns {
            if column.patch {
                diags.push(patch_without_base(info, column));
                infer_patch_type(column);
            }
        }
        tables.insert(name, table);
        return;
    };

    base.provenance.extend(ext.provenance);
    fill(&mut base.description, ext.description);

    for message in ext.messages {
        if !base.messages.iter().any(|m| m.name == message.name) {
            base.messages.push(message);
        }
    }
    for event in ext.events {
        if !base.events.iter().any(|m| m.name == event.name) {
            base.events.push(event);
        }
    }
    for column in ext.columns {
        let existing = base
            .columns
            .iter_mut()
            .find(|c| c.logical_name.eq_ignore_ascii_case(&column.logical_name));
        match existing {
            Some(base_column) => patch_column(base_column, column, info, diags),
            None => {
                if column.patch {
                    diags.push(patch_without_base(info, &column));
                }
                base.columns.push(column);
            }
        }
    }
    for rel in ext.relationships {
        add_relationship(&mut base.relationships, rel, info, diags);
    }
}

/// A patch states no type. Without its base, take the type the patch implies,
/// so the column is still usable: only lookups have Targets, and a choice list
/// on a column without another type is a Picklist.
fn infer_patch_type(column: &mut Column) {
    use crate::model::AttributeType;
    if column.attribute_type != AttributeType::Unspecified {
        return;
    }
    if !column.targets.is_empty() {
        column.attribute_type = AttributeType::Lookup;
    } else if column.options.is_some() {
        column.attribute_type = AttributeType::Picklist;
    }
}

fn patch_without_base(info: &PageInfo, column: &Column) -> Diagnostic {
    let line = column.provenance.first().map_or(1, |p| p.line);
    Diagnostic::warning(
        codes::PATCH_WITHOUT_BASE,
        &info.path,
        line,
        format!(
            "customized column `{}` changes a base column that is not in the input; kept with only the changed facts",
            column.schema_name
        ),
    )
}

/// Merge a customized column (or a full column redefinition) into a base column.
fn patch_column(base: &mut Column, patch: Column, info: &PageInfo, diags: &mut Vec<Diagnostic>) {
    base.provenance.extend(patch.provenance);
    for target in patch.targets {
        if !base.targets.iter().any(|t| t.eq_ignore_ascii_case(&target)) {
            base.targets.push(target);
        }
    }
    if let Some(options) = patch.options {
        let list = base.options.get_or_insert_with(Vec::new);
        for option in options {
            match list.iter().find(|o| o.value == option.value) {
                Some(existing) if existing.label != option.label => diags.push(Diagnostic::warning(
                    codes::MERGE_CONFLICT,
                    &info.path,
                    option.provenance.line,
                    format!(
                        "choice value {} of `{}` is labelled `{}` here and `{}` at {}:{}; the base label is kept",
                        option.value,
                        base.schema_name,
                        option.label,
                        existing.label,
                        existing.provenance.page,
                        existing.provenance.line
                    ),
                )),
                Some(_) => {}
                None => list.push(option),
            }
        }
    }
    patch_facets(&mut base.facets, patch.facets);
    if patch.attribute_type != crate::model::AttributeType::Unspecified {
        base.attribute_type = patch.attribute_type;
    }
    replace(&mut base.display_name, patch.display_name);
    replace(&mut base.description, patch.description);
    replace(&mut base.required_level, patch.required_level);
    replace(&mut base.is_valid_for_create, patch.is_valid_for_create);
    replace(&mut base.is_valid_for_update, patch.is_valid_for_update);
    replace(&mut base.is_valid_for_read, patch.is_valid_for_read);
    replace(&mut base.is_valid_for_form, patch.is_valid_for_form);
    replace(&mut base.attribute_of, patch.attribute_of);
    replace(&mut base.default_value, patch.default_value);
    replace(&mut base.default_form_value, patch.default_form_value);
    replace(&mut base.global_choice_name, patch.global_choice_name);
    base.other.extend(patch.other);
}

/// A patch states the new value of each facet it lists (so does a project
/// layer, [`super::layers`]).
pub(super) fn patch_facets(base: &mut Facets, patch: Facets) {
    let Facets {
        max_length,
        format,
        format_name,
        min_value,
        max_value,
        precision,
        precision_source,
        date_time_behavior,
        can_change_date_time_behavior,
        ime_mode,
        is_localizable,
        source_type_mask,
        is_base_currency,
        max_size_in_kb,
        is_primary_image,
        max_height,
        max_width,
        can_store_full_image,
    } = patch;
    replace(&mut base.max_length, max_length);
    replace(&mut base.format, format);
    replace(&mut base.format_name, format_name);
    replace(&mut base.min_value, min_value);
    replace(&mut base.max_value, max_value);
    replace(&mut base.precision, precision);
    replace(&mut base.precision_source, precision_source);
    replace(&mut base.date_time_behavior, date_time_behavior);
    replace(
        &mut base.can_change_date_time_behavior,
        can_change_date_time_behavior,
    );
    replace(&mut base.ime_mode, ime_mode);
    replace(&mut base.is_localizable, is_localizable);
    replace(&mut base.source_type_mask, source_type_mask);
    replace(&mut base.is_base_currency, is_base_currency);
    replace(&mut base.max_size_in_kb, max_size_in_kb);
    replace(&mut base.is_primary_image, is_primary_image);
    replace(&mut base.max_height, max_height);
    replace(&mut base.max_width, max_width);
    replace(&mut base.can_store_full_image, can_store_full_image);
}

fn add_relationship(
    list: &mut Vec<Relationship>,
    rel: Relationship,
    info: &PageInfo,
    diags: &mut Vec<Diagnostic>,
) {
    match list
        .iter_mut()
        .find(|r| r.kind == rel.kind && r.schema_name.eq_ignore_ascii_case(&rel.schema_name))
    {
        Some(existing) => {
            let line = rel.provenance.first().map_or(1, |p| p.line);
            super::relationships::fill_from(existing, &rel, &info.path, line, diags);
            existing.provenance.extend(rel.provenance);
        }
        None => list.push(rel),
    }
}

/// Set `slot` to `value` when the patch states a value.
fn replace<T>(slot: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *slot = value;
    }
}

/// Set `slot` to `value` only when `slot` is empty.
fn fill<T>(slot: &mut Option<T>, value: Option<T>) {
    if slot.is_none() {
        *slot = value;
    }
}
