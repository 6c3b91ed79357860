//! The table's own properties block (`## Properties` / `## Entity Properties`):
//! V1 bold-key lines, V2/V3 plain tables, V4 bold keys and backticked values.

use crate::diagnostics::codes;
use crate::model::Table;

use super::blocks::{self, Item, Prop};
use super::coverage::LineUse;
use super::inline::{parse_bool, value};
use super::lines::Lines;
use super::sections::Section;
use super::Ctx;

/// What the properties block looked like (for vintage detection).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PropertiesStyle {
    /// Any property was read.
    pub any: bool,
    /// LogicalName was given.
    pub logical_name: bool,
    /// Read from bold-key lines (V1).
    pub bold_lines: bool,
    /// Table keys were bold (V4).
    pub bold_keys: bool,
}

/// Read the section into `table`.
pub(crate) fn parse(
    lines: &Lines<'_>,
    sec: &Section<'_>,
    table: &mut Table,
    ctx: &mut Ctx<'_>,
) -> PropertiesStyle {
    let mut style = PropertiesStyle::default();
    let items = blocks::scan(lines, sec.from, sec.to);
    for item in &items {
        match item {
            Item::Table(t) if t.is_property_value() => {
                ctx.cov.table(t, LineUse::Used);
                for r in &t.rows {
                    if r.cells
                        .first()
                        .is_some_and(|k| k.trim_start().starts_with("**"))
                    {
                        style.bold_keys = true;
                    }
                    check_row(ctx, r, 2);
                }
                for p in blocks::table_props(t) {
                    apply(table, &p, ctx, &mut style);
                }
            }
            Item::Table(t) => ctx.warning(
                codes::UNKNOWN_TABLE_HEADER,
                t.header.line,
                1,
                format!(
                    "unexpected table header `{}` in the properties section",
                    t.header.raw.trim()
                ),
            ),
            Item::Prop(p) => {
                ctx.cov.prop(p, LineUse::Used);
                style.bold_lines = true;
                apply(table, p, ctx, &mut style);
            }
            Item::Heading(_, text, line) => ctx.warning(
                codes::UNKNOWN_LINE,
                *line,
                1,
                format!("unexpected heading `{text}` in the properties section"),
            ),
            // The intro sentence.
            Item::Text(line, _) => ctx.cov.set(*line, LineUse::Ignored),
        }
    }
    style
}

/// Warn about rows with too few or too many cells.
pub(crate) fn check_row(ctx: &mut Ctx<'_>, r: &super::pipe_table::Row<'_>, want: usize) {
    if r.cells.len() < want {
        ctx.cov.set(r.line, LineUse::Unknown);
        ctx.error(
            codes::BAD_TABLE_ROW,
            r.line,
            1,
            format!(
                "table row has {} cell(s), expected {want}; the row cannot be read",
                r.cells.len()
            ),
        );
    } else if !r.closed {
        ctx.warning(
            codes::BAD_TABLE_ROW,
            r.line,
            1,
            "table row does not end with `|` (cut or broken row)",
        );
    } else if r.cells.len() != want {
        ctx.warning(
            codes::BAD_TABLE_ROW,
            r.line,
            1,
            format!("table row has {} cells, expected {want}", r.cells.len()),
        );
    }
}

fn apply(table: &mut Table, p: &Prop<'_>, ctx: &mut Ctx<'_>, style: &mut PropertiesStyle) {
    let v = value(p.value).map(|c| c.into_owned());
    style.any = true;
    match p.key {
        "DisplayName" => table.display_name = v,
        "DisplayCollectionName" => table.display_collection_name = v,
        "SchemaName" => table.schema_name = v.unwrap_or_default(),
        "CollectionSchemaName" => table.collection_schema_name = v,
        "LogicalName" => {
            if let Some(v) = v {
                style.logical_name = true;
                table.logical_name = v;
            }
        }
        "LogicalCollectionName" => table.logical_collection_name = v,
        "EntitySetName" => table.entity_set_name = v,
        "PrimaryIdAttribute" => table.primary_id_attribute = v,
        "PrimaryNameAttribute" => table.primary_name_attribute = v,
        "OwnershipType" => table.ownership_type = v,
        "TableType" => table.table_type = v,
        "IsBPFEntity" => {
            table.is_bpf_entity = bool_of(p, ctx);
        }
        "Added by" => table.added_by = v,
        _ => {
            ctx.warning(
                codes::UNKNOWN_PROPERTY,
                p.line,
                1,
                format!("unknown table property `{}` (kept in `other`)", p.key),
            );
            table.other.insert(p.key.to_string(), v.unwrap_or_default());
        }
    }
}

/// Parse a boolean property value; warn when it is not `True`/`False`.
pub(crate) fn bool_of(p: &Prop<'_>, ctx: &mut Ctx<'_>) -> Option<bool> {
    let raw = super::inline::strip_wrappers(p.value);
    if raw.is_empty() {
        return None;
    }
    let b = parse_bool(raw);
    if b.is_none() {
        ctx.warning_at(
            codes::BAD_BOOLEAN,
            p.line,
            p.column,
            format!("`{}` is not True or False for `{}`", raw, p.key),
        );
    }
    b
}
