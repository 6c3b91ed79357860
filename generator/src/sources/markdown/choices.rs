//! Choice lists in every form: `|Value|Label|…|` tables with 2-4 columns,
//! `|Value|Details|` cells (Label/DefaultStatus/InvariantName, Label/State/
//! TransitionData), V1 `**Options**:` bullets (incl. TrueOption/FalseOption).

use crate::diagnostics::codes;
use crate::model::{OptionValue, Provenance};

use super::blocks::Prop;
use super::bold_key;
use super::coverage::LineUse;
use super::inline::{split_br, split_key_value, value, value_string};
use super::pipe_table::PipeTable;
use super::Ctx;

/// True for a choices table header (`|Value|Label|…` or `|Value|Details|`).
pub(crate) fn is_choice_table(t: &PipeTable<'_>) -> bool {
    t.header.cells.len() >= 2
        && t.header.cells[0].eq_ignore_ascii_case("value")
        && (t.header.cells[1].eq_ignore_ascii_case("label")
            || t.header.cells[1].eq_ignore_ascii_case("details"))
}

fn provenance(ctx: &Ctx<'_>, line: u32) -> Provenance {
    Provenance {
        page: ctx.path.to_string(),
        line,
        product: ctx.product,
        source: None,
    }
}

/// Parse an integer choice value (`1`, `-1`, `` `1` ``).
fn int(s: &str) -> Option<i64> {
    value(s).and_then(|v| v.trim().parse::<i64>().ok())
}

/// Read a choices table.
pub(crate) fn from_table(t: &PipeTable<'_>, ctx: &mut Ctx<'_>) -> Vec<OptionValue> {
    let keys: Vec<String> = t
        .header
        .cells
        .iter()
        .map(|c| c.trim().to_ascii_lowercase())
        .collect();
    let mut out = Vec::with_capacity(t.rows.len());
    for r in &t.rows {
        if !r.closed || r.cells.len() > keys.len() || r.cells.len() < 2 {
            ctx.warning(
                codes::BAD_TABLE_ROW,
                r.line,
                1,
                format!(
                    "choice row has {} cells, expected {}",
                    r.cells.len(),
                    keys.len()
                ),
            );
        }
        let Some(v) = r.cells.first().and_then(|c| int(c)) else {
            ctx.error(
                codes::BAD_CHOICE_ROW,
                r.line,
                1,
                format!(
                    "choice value `{}` is not an integer",
                    r.cells.first().copied().unwrap_or("").trim()
                ),
            );
            ctx.cov.set(r.line, LineUse::Unknown);
            continue;
        };
        let mut o = OptionValue {
            value: v,
            provenance: provenance(ctx, r.line),
            ..OptionValue::default()
        };
        for (i, cell) in r.cells.iter().enumerate().skip(1) {
            let key = keys.get(i).map(String::as_str).unwrap_or("");
            match key {
                "label" => o.label = value_string(cell),
                "description" => o.description = value(cell).map(|c| c.into_owned()),
                "defaultstatus" => o.default_status = number(cell, r.line, ctx),
                "invariantname" => o.invariant_name = value(cell).map(|c| c.into_owned()),
                "state" => o.state = number(cell, r.line, ctx),
                "details" => details(cell, &mut o, r.line, ctx),
                _ => {
                    if !cell.trim().is_empty() {
                        ctx.warning(
                            codes::BAD_CHOICE_ROW,
                            r.line,
                            1,
                            format!(
                                "choice cell `{}` under an unknown column is ignored",
                                cell.trim()
                            ),
                        );
                    }
                }
            }
        }
        out.push(o);
    }
    out
}

fn number(s: &str, line: u32, ctx: &mut Ctx<'_>) -> Option<i64> {
    let v = value(s)?;
    match v.trim().parse::<i64>() {
        Ok(n) => Some(n),
        Err(_) => {
            ctx.warning(
                codes::BAD_NUMBER,
                line,
                1,
                format!("`{v}` is not an integer"),
            );
            None
        }
    }
}

/// `Label: **Active**<br />DefaultStatus: 1<br />InvariantName: `Active``,
/// `Label: **New**<br />State:0<br />TransitionData: None`.
fn details(cell: &str, o: &mut OptionValue, line: u32, ctx: &mut Ctx<'_>) {
    for piece in split_br(cell) {
        if piece.trim().is_empty() {
            continue;
        }
        let Some((k, v)) = split_key_value(piece) else {
            ctx.warning(
                codes::BAD_CHOICE_ROW,
                line,
                1,
                format!("choice detail `{}` is not `Key: value`", piece.trim()),
            );
            continue;
        };
        apply_key(k, v, o, line, ctx);
    }
}

fn apply_key(k: &str, v: &str, o: &mut OptionValue, line: u32, ctx: &mut Ctx<'_>) {
    match k.to_ascii_lowercase().as_str() {
        "label" => o.label = value_string(v),
        "description" => o.description = value(v).map(|c| c.into_owned()),
        "defaultstatus" => o.default_status = number(v, line, ctx),
        "invariantname" => o.invariant_name = value(v).map(|c| c.into_owned()),
        "state" => o.state = number(v, line, ctx),
        "transitiondata" => o.transition_data = value(v).map(|c| c.into_owned()),
        _ => ctx.warning(
            codes::BAD_CHOICE_ROW,
            line,
            1,
            format!("unknown choice detail `{k}`"),
        ),
    }
}

/// V1 `**Options**:` bullets. Returns the options and, for Boolean
/// TrueOption/FalseOption lists, nothing else (DefaultValue is a sibling line).
pub(crate) fn from_v1_bullets(p: &Prop<'_>, ctx: &mut Ctx<'_>) -> Vec<OptionValue> {
    let mut out = Vec::with_capacity(p.children.len());
    for child in &p.children {
        // The child key is the first key; re-read the whole line for all pairs.
        let content = child.raw.trim_start();
        let content = content
            .strip_prefix("- ")
            .or_else(|| content.strip_prefix("* "))
            .unwrap_or(content);
        let pairs = bold_key::pairs(content);
        let mut o = OptionValue {
            provenance: provenance(ctx, child.line),
            ..OptionValue::default()
        };
        let mut have_value = false;
        for (k, v) in pairs {
            let kl = k.to_ascii_lowercase();
            if kl == "value" || kl == "trueoption value" || kl == "falseoption value" {
                match int(v) {
                    Some(n) => {
                        o.value = n;
                        have_value = true;
                    }
                    None => {
                        ctx.error(
                            codes::BAD_CHOICE_ROW,
                            child.line,
                            1,
                            format!("option value `{v}` is not an integer"),
                        );
                    }
                }
            } else {
                apply_key(k, v, &mut o, child.line, ctx);
            }
        }
        if have_value {
            out.push(o);
        } else {
            ctx.error(
                codes::BAD_CHOICE_ROW,
                child.line,
                1,
                "option bullet without a value",
            );
            ctx.cov.set(child.line, LineUse::Unknown);
        }
    }
    out
}

/// Warn about repeated values in one list.
pub(crate) fn check_duplicates(opts: &[OptionValue], ctx: &mut Ctx<'_>) {
    if opts.len() < 2 {
        return;
    }
    let mut seen = std::collections::BTreeSet::new();
    for o in opts {
        if !seen.insert(o.value) {
            ctx.warning(
                codes::DUPLICATE_CHOICE,
                o.provenance.line,
                1,
                format!("choice value {} appears twice in one list", o.value),
            );
        }
    }
}
