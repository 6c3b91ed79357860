//! The three forms of a change list: readable text grouped by table
//! (optionally coloured), the JSON contract, and Markdown for a pull-request
//! comment.

use std::fmt::Write as _;

use serde_json::Value;

use super::{summarize, Change, ChangeKind, Impact, Item};

/// `3 breaking, 5 additive, 2 docs` (or `no schema changes`).
pub fn summary_line(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "no schema changes".to_string();
    }
    let s = summarize(changes);
    format!(
        "{} changes: {} breaking, {} additive, {} docs",
        changes.len(),
        s.breaking,
        s.additive,
        s.docs
    )
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => {
            let one_line = s.replace('\n', " ");
            if one_line.chars().count() > 60 {
                let cut: String = one_line.chars().take(57).collect();
                format!("{:?}", format!("{cut}..."))
            } else {
                format!("{one_line:?}")
            }
        }
        Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| format!("{k} {}", value_text(v)))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

fn item_word(item: Item) -> &'static str {
    match item {
        Item::Table => "table",
        Item::Column => "column",
        Item::ChoiceValue => "choice value",
        Item::Relationship => "relationship",
        Item::Message => "message",
    }
}

/// One change as a line of text, without its table and impact.
pub fn describe(c: &Change) -> String {
    let what = format!("{} {}", item_word(c.item), c.name);
    let mut line = match c.change {
        ChangeKind::Added => match &c.after {
            Some(a) => format!("added {what} ({})", value_text(a)),
            None => format!("added {what}"),
        },
        ChangeKind::Removed => match &c.before {
            Some(b) => format!("removed {what} ({})", value_text(b)),
            None => format!("removed {what}"),
        },
        ChangeKind::Changed => {
            let fact = c.fact.as_deref().unwrap_or("?");
            let show = |v: &Option<Value>| v.as_ref().map(value_text).unwrap_or_else(|| "-".into());
            format!("{what}: {fact} {} -> {}", show(&c.before), show(&c.after))
        }
    };
    if let Some(pin) = &c.pin {
        let _ = write!(line, "; keep the old name with `{pin}` in dvgen.yaml");
    }
    line
}

fn marker(c: &Change) -> char {
    match c.change {
        ChangeKind::Added => '+',
        ChangeKind::Removed => '-',
        ChangeKind::Changed => '~',
    }
}

/// Readable text: one block per table, one line per change, then the summary.
/// With `color`, impacts are coloured (ANSI): breaking red, additive green,
/// docs dim.
pub fn text(changes: &[Change], color: bool) -> String {
    let mut out = String::new();
    let mut table: Option<&str> = None;
    for c in changes {
        if table != Some(c.table.as_str()) {
            table = Some(&c.table);
            if color {
                let _ = writeln!(out, "\x1b[1m{}\x1b[0m", c.table);
            } else {
                let _ = writeln!(out, "{}", c.table);
            }
        }
        let impact = c.impact.as_str();
        let tag = if color {
            let code = match c.impact {
                Impact::Breaking => "31",
                Impact::Additive => "32",
                Impact::Docs => "2",
            };
            format!("\x1b[{code}m[{impact}]\x1b[0m")
        } else {
            format!("[{impact}]")
        };
        let _ = writeln!(out, "  {} {tag} {}", marker(c), describe(c));
    }
    let _ = writeln!(out, "{}", summary_line(changes));
    out
}

/// The JSON contract: `{"changes": [...]}`, pretty, with a final newline.
pub fn json(changes: &[Change]) -> String {
    let value = serde_json::json!({ "changes": changes });
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{\"changes\":[]}".into());
    s.push('\n');
    s
}

/// Escape text for a Markdown table cell.
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Markdown for a pull-request comment: a summary, then one table per table.
pub fn markdown(changes: &[Change]) -> String {
    let mut out = String::from("### Schema changes\n\n");
    let s = summarize(changes);
    if changes.is_empty() {
        out.push_str("No schema changes.\n");
        return out;
    }
    let _ = writeln!(
        out,
        "{} changes: **{} breaking**, {} additive, {} docs.\n",
        changes.len(),
        s.breaking,
        s.additive,
        s.docs
    );
    let mut table: Option<&str> = None;
    for c in changes {
        if table != Some(c.table.as_str()) {
            if table.is_some() {
                out.push('\n');
            }
            table = Some(&c.table);
            let _ = writeln!(out, "#### `{}`\n", c.table);
            out.push_str("| impact | change | item | name | details |\n|---|---|---|---|---|\n");
        }
        let impact = match c.impact {
            Impact::Breaking => "**breaking**",
            Impact::Additive => "additive",
            Impact::Docs => "docs",
        };
        let details = match c.change {
            ChangeKind::Changed => {
                let show =
                    |v: &Option<Value>| v.as_ref().map(value_text).unwrap_or_else(|| "-".into());
                format!(
                    "{}: {} → {}",
                    c.fact.as_deref().unwrap_or("?"),
                    show(&c.before),
                    show(&c.after)
                )
            }
            ChangeKind::Added => c.after.as_ref().map(value_text).unwrap_or_default(),
            ChangeKind::Removed => c.before.as_ref().map(value_text).unwrap_or_default(),
        };
        let details = match &c.pin {
            Some(pin) => format!("{details}; pin: {pin}"),
            None => details,
        };
        let _ = writeln!(
            out,
            "| {impact} | {} | {} | `{}` | {} |",
            c.change.as_str(),
            c.item.as_str(),
            cell(&c.name),
            cell(&details)
        );
    }
    out
}
