//! Column (attribute) entries of the Writable, Read-only and Customized
//! sections, in every layout: V1 bold-key blocks, V2/V3/V4 property tables,
//! V5 "Changes from" patches; plus their choice lists.

use std::collections::BTreeMap;

use crate::diagnostics::codes;
use crate::model::{AttributeType, Column, ColumnSection, OptionValue, Provenance, Table};

use super::blocks::{self, Item, Prop};
use super::choices;
use super::coverage::LineUse;
use super::inline::{strip_wrappers, value};
use super::lines::{no, Lines};
use super::properties::{bool_of, check_row};
use super::sections::{entries, Section};
use super::Ctx;

/// Parse every column entry of the section into `table.columns`.
/// `seen` maps logical names already on the page to their line.
/// Returns how many entries carried real column data (a classification signal).
pub(crate) fn parse_section(
    lines: &Lines<'_>,
    sec: &Section<'_>,
    section: ColumnSection,
    table: &mut Table,
    seen: &mut BTreeMap<String, u32>,
    ctx: &mut Ctx<'_>,
) -> usize {
    let (intro, list) = entries(lines, sec);
    orphan_choices(lines, intro, ctx);
    let mut signals = 0;
    for e in &list {
        let heading_line = no(e.heading);
        ctx.cov.set(heading_line, LineUse::Used);
        let items = blocks::scan(lines, e.from, e.to);
        let mut props: Vec<Prop<'_>> = Vec::new();
        let mut options: Option<Vec<OptionValue>> = None;
        let mut patch = false;
        for item in items {
            match item {
                Item::Table(t) if t.is_property_value() => {
                    ctx.cov.table(&t, LineUse::Used);
                    for r in &t.rows {
                        check_row(ctx, r, 2);
                    }
                    props.extend(blocks::table_props(&t));
                }
                Item::Table(t) if choices::is_choice_table(&t) => {
                    // With or without a `#### X Choices/Options` heading.
                    ctx.cov.table(&t, LineUse::Used);
                    let opts = choices::from_table(&t, ctx);
                    options.get_or_insert_with(Vec::new).extend(opts);
                }
                Item::Table(t) => ctx.warning(
                    codes::UNKNOWN_TABLE_HEADER,
                    t.header.line,
                    1,
                    format!(
                        "unexpected table header `{}` in a column entry",
                        t.header.raw.trim()
                    ),
                ),
                Item::Prop(p) if p.key.eq_ignore_ascii_case("options") => {
                    ctx.cov.prop(&p, LineUse::Used);
                    let opts = choices::from_v1_bullets(&p, ctx);
                    options.get_or_insert_with(Vec::new).extend(opts);
                }
                Item::Prop(p) => {
                    ctx.cov.prop(&p, LineUse::Used);
                    props.push(p)
                }
                Item::Heading(level, text, line) => {
                    if level >= 4 {
                        if let Some(name) = choice_heading_name(text) {
                            if !name.eq_ignore_ascii_case(e.name) {
                                ctx.warning(
                                    codes::ORPHAN_CHOICES,
                                    line,
                                    1,
                                    format!(
                                        "choices `{text}` under column `{}`; attached to it",
                                        e.name
                                    ),
                                );
                            }
                            ctx.cov.set(line, LineUse::Used);
                            continue;
                        }
                    }
                    ctx.warning(
                        codes::UNKNOWN_LINE,
                        line,
                        1,
                        format!("unexpected heading `{text}` in column `{}`", e.name),
                    );
                }
                Item::Text(line, text) => {
                    if text.starts_with("Changes from ") {
                        ctx.cov.set(line, LineUse::Used);
                        patch = true;
                    } else {
                        ctx.warning(
                            codes::UNKNOWN_LINE,
                            line,
                            1,
                            format!("unexpected text in column `{}`: `{}`", e.name, short(text)),
                        );
                    }
                }
            }
        }
        let name = if e.name.is_empty() {
            e.anchor.unwrap_or("")
        } else {
            e.name
        };
        if name.is_empty() {
            ctx.error(
                codes::BAD_ENTRY_HEADING,
                heading_line,
                1,
                "column entry heading without a schema name; entry skipped",
            );
            ctx.cov.forget(e.heading, e.to);
            continue;
        }
        let mut col = Column {
            schema_name: name.to_string(),
            section,
            patch: section == ColumnSection::Customized || patch,
            provenance: vec![Provenance {
                page: ctx.path.to_string(),
                line: heading_line,
                product: ctx.product,
                source: None,
            }],
            ..Column::default()
        };
        let mut true_label: Option<String> = None;
        let mut false_label: Option<String> = None;
        let mut create_given = false;
        let mut update_given = false;
        for p in &props {
            apply(
                &mut col,
                p,
                ctx,
                &mut true_label,
                &mut false_label,
                &mut create_given,
                &mut update_given,
            );
        }
        if true_label.is_some() || false_label.is_some() {
            let line = props
                .iter()
                .find(|p| p.key.eq_ignore_ascii_case("true label"))
                .map(|p| p.line)
                .unwrap_or(heading_line);
            let opts = options.get_or_insert_with(Vec::new);
            for (v, l) in [(1, true_label), (0, false_label)] {
                if let Some(label) = l {
                    opts.push(OptionValue {
                        value: v,
                        label,
                        provenance: Provenance {
                            page: ctx.path.to_string(),
                            line,
                            product: ctx.product,
                            source: None,
                        },
                        ..OptionValue::default()
                    });
                }
            }
        }
        if let Some(o) = &options {
            choices::check_duplicates(o, ctx);
        }
        col.options = options;
        // IsValidForCreate/Update from the section when the page says nothing.
        match section {
            ColumnSection::Writable => {
                if !create_given {
                    col.is_valid_for_create = Some(true);
                }
                if !update_given {
                    col.is_valid_for_update = Some(true);
                }
            }
            ColumnSection::ReadOnly => {
                if !create_given {
                    col.is_valid_for_create = Some(false);
                }
                if !update_given {
                    col.is_valid_for_update = Some(false);
                }
            }
            ColumnSection::Customized => {}
        }
        if col.logical_name.is_empty() {
            if col.patch {
                // Customized (patch) entries have no LogicalName row; Dataverse
                // logical names are the lower-cased schema names.
                col.logical_name = name.to_ascii_lowercase();
            } else {
                ctx.error(
                    codes::MISSING_LOGICAL_NAME,
                    heading_line,
                    1,
                    format!(
                        "column `{}` has no LogicalName; using the lower-cased schema name",
                        name
                    ),
                );
                col.logical_name = name.to_ascii_lowercase();
                col.derived = true;
            }
        } else {
            signals += 1;
        }
        if let Some(&first) = seen.get(&col.logical_name) {
            ctx.warning(
                codes::DUPLICATE_COLUMN,
                heading_line,
                1,
                format!(
                    "column `{}` is listed again (first at line {first}); the repeat is ignored",
                    col.logical_name
                ),
            );
            ctx.cov.forget(e.heading, e.to);
            continue;
        }
        seen.insert(col.logical_name.clone(), heading_line);
        table.columns.push(col);
    }
    signals
}

fn short(s: &str) -> &str {
    match s.char_indices().nth(80) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// `X Choices/Options`, `X Options`, `X Choices` → `X`.
pub(crate) fn choice_heading_name(text: &str) -> Option<&str> {
    let t = text.trim();
    for suffix in [" Choices/Options", " Options", " Choices"] {
        if t.len() > suffix.len() && t.is_char_boundary(t.len() - suffix.len()) {
            let (head, tail) = t.split_at(t.len() - suffix.len());
            if tail.eq_ignore_ascii_case(suffix) {
                return Some(head.trim());
            }
        }
    }
    None
}

/// Choice tables in a section intro belong to no column.
fn orphan_choices(lines: &Lines<'_>, intro: (usize, usize), ctx: &mut Ctx<'_>) {
    for item in blocks::scan(lines, intro.0, intro.1) {
        match item {
            Item::Table(t) => ctx.warning(
                codes::ORPHAN_CHOICES,
                t.header.line,
                1,
                "table before the first column entry belongs to no column; ignored",
            ),
            Item::Heading(_, text, line) => ctx.warning(
                codes::UNKNOWN_LINE,
                line,
                1,
                format!("heading `{text}` before the first column entry; ignored"),
            ),
            Item::Prop(p) => ctx.warning(
                codes::UNKNOWN_LINE,
                p.line,
                1,
                format!(
                    "property `{}` before the first column entry; ignored",
                    p.key
                ),
            ),
            // The intro sentence.
            Item::Text(line, _) => ctx.cov.set(line, LineUse::Ignored),
        }
    }
}

fn owned(s: &str) -> Option<String> {
    value(s).map(|c| c.into_owned())
}

#[allow(clippy::too_many_arguments)]
fn apply(
    col: &mut Column,
    p: &Prop<'_>,
    ctx: &mut Ctx<'_>,
    true_label: &mut Option<String>,
    false_label: &mut Option<String>,
    create_given: &mut bool,
    update_given: &mut bool,
) {
    match p.key {
        "Description" => col.description = owned(p.value),
        "DisplayName" => col.display_name = owned(p.value),
        "LogicalName" => col.logical_name = owned(p.value).unwrap_or_default(),
        "SchemaName" => {
            if let Some(v) = owned(p.value) {
                if !v.eq_ignore_ascii_case(&col.schema_name) {
                    ctx.warning_at(
                        codes::UNKNOWN_PROPERTY,
                        p.line,
                        p.column,
                        format!(
                            "SchemaName `{v}` differs from the entry heading `{}`",
                            col.schema_name
                        ),
                    );
                }
            }
        }
        "Type" => {
            let v = strip_wrappers(p.value);
            col.attribute_type = AttributeType::parse(v);
            if let AttributeType::Other(name) = &col.attribute_type {
                ctx.warning_at(
                    codes::UNKNOWN_TYPE,
                    p.line,
                    p.column,
                    format!("unknown attribute type `{name}` (kept verbatim)"),
                );
            }
        }
        "RequiredLevel" => col.required_level = owned(p.value),
        "IsValidForCreate" => {
            *create_given = true;
            col.is_valid_for_create = bool_of(p, ctx);
        }
        "IsValidForUpdate" => {
            *update_given = true;
            col.is_valid_for_update = bool_of(p, ctx);
        }
        "IsValidForRead" => col.is_valid_for_read = bool_of(p, ctx),
        "IsValidForForm" => col.is_valid_for_form = bool_of(p, ctx),
        "MaxLength" => col.facets.max_length = num(p, ctx, &mut col.other),
        "Format" => col.facets.format = owned(p.value),
        "FormatName" => col.facets.format_name = owned(p.value),
        "MinValue" => col.facets.min_value = decimal(p, ctx),
        "MaxValue" => col.facets.max_value = decimal(p, ctx),
        "Precision" => col.facets.precision = num(p, ctx, &mut col.other),
        "PrecisionSource" => col.facets.precision_source = owned(p.value),
        "DateTimeBehavior" => col.facets.date_time_behavior = owned(p.value),
        "CanChangeDateTimeBehavior" => col.facets.can_change_date_time_behavior = bool_of(p, ctx),
        "ImeMode" => col.facets.ime_mode = owned(p.value),
        "IsLocalizable" => col.facets.is_localizable = bool_of(p, ctx),
        "SourceTypeMask" => col.facets.source_type_mask = num(p, ctx, &mut col.other),
        "IsBaseCurrency" => col.facets.is_base_currency = bool_of(p, ctx),
        "MaxSizeInKB" => col.facets.max_size_in_kb = num(p, ctx, &mut col.other),
        "IsPrimaryImage" => col.facets.is_primary_image = bool_of(p, ctx),
        "MaxHeight" => col.facets.max_height = num(p, ctx, &mut col.other),
        "MaxWidth" => col.facets.max_width = num(p, ctx, &mut col.other),
        "CanStoreFullImage" => col.facets.can_store_full_image = bool_of(p, ctx),
        "Targets" => {
            let v = super::inline::plain(p.value);
            col.targets = v
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
        }
        "AttributeOf" => col.attribute_of = owned(p.value),
        "DefaultValue" => col.default_value = owned(p.value),
        "DefaultFormValue" => col.default_form_value = owned(p.value),
        "GlobalChoiceName" => col.global_choice_name = owned(p.value),
        "True Label" | "TrueLabel" => *true_label = Some(super::inline::value_string(p.value)),
        "False Label" | "FalseLabel" => *false_label = Some(super::inline::value_string(p.value)),
        "Added by" => col.added_by = owned(p.value),
        _ => {
            ctx.warning_at(
                codes::UNKNOWN_PROPERTY,
                p.line,
                p.column,
                format!("unknown column property `{}` (kept in `other`)", p.key),
            );
            col.other
                .insert(p.key.to_string(), owned(p.value).unwrap_or_default());
        }
    }
}

/// An integer facet; a bad number is reported and kept in `other`.
fn num<T: std::str::FromStr>(
    p: &Prop<'_>,
    ctx: &mut Ctx<'_>,
    other: &mut BTreeMap<String, String>,
) -> Option<T> {
    let v = value(p.value)?;
    match v.trim().parse::<T>() {
        Ok(n) => Some(n),
        Err(_) => {
            ctx.warning_at(
                codes::BAD_NUMBER,
                p.line,
                p.column,
                format!(
                    "`{v}` is not a valid number for `{}` (kept in `other`)",
                    p.key
                ),
            );
            other.insert(p.key.to_string(), v.into_owned());
            None
        }
    }
}

/// A decimal facet kept as written (`1E-12`, `0.000000000001`), checked to be a number.
fn decimal(p: &Prop<'_>, ctx: &mut Ctx<'_>) -> Option<String> {
    let v = value(p.value)?;
    if v.trim().parse::<f64>().is_err() {
        ctx.warning_at(
            codes::BAD_NUMBER,
            p.line,
            p.column,
            format!("`{v}` is not a number for `{}` (kept as written)", p.key),
        );
    }
    Some(v.trim().to_string())
}
