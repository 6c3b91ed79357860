//! One model from many pages.
//!
//! Rules, applied in this order (all deterministic, independent of the order
//! pages were given in):
//!
//! 1. **Several reference pages of one table**: the newest wins whole. Newest
//!    means the later `ms.date` when both pages have one, else the later layout
//!    vintage, else the later path. Differences between the winner and the
//!    others are reported (`DV0303`).
//! 2. **Extension pages** (Customer Service) are layered on their base table in
//!    path order: messages, relationships and new columns are added; a
//!    customized column ("Changes from ...") patches the base column: Targets
//!    and choice values are appended, facets the patch states replace the
//!    base's. Every added fact records its page in `provenance`. An extension
//!    whose base is not in the input still yields a table (`DV0302`).
//! 3. **The project's own schema** (solutions, exported definitions) is
//!    layered over the docs: what it states wins ([`layers`]).
//! 4. **Both sides of a relationship** are joined by schema name: each side
//!    gets the facts of the other ([`relationships`]).
//! 5. **Conceptual pages** attach as docs to the table they describe.

mod extension;
pub mod layers;
pub mod relationships;

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::diagnostics::{codes, Diagnostic, Severity};
use crate::model::{ConceptualDoc, Model, Page, PageInfo, PageKind, Table};

/// Merge parsed pages into one model.
pub fn merge(mut pages: Vec<Page>) -> Model {
    pages.sort_by(|a, b| a.info.path.cmp(&b.info.path));

    let mut model = Model::default();
    let mut references: BTreeMap<String, Vec<(PageInfo, Table)>> = BTreeMap::new();
    let mut extensions: Vec<(PageInfo, Table)> = Vec::new();
    let mut conceptual: Vec<PageInfo> = Vec::new();
    let mut project: Vec<(PageInfo, Table)> = Vec::new();

    for page in pages {
        model.diagnostics.extend(page.diagnostics);
        let info = page.info;
        model.pages.push(info.clone());
        match (info.kind, page.table) {
            // A solution's manifest page, or an export that yields no table:
            // their diagnostics are kept above.
            (PageKind::Project, None) => {}
            (PageKind::Conceptual, _) | (_, None) => conceptual.push(info),
            (PageKind::Reference, Some(table)) => references
                .entry(table.logical_name.clone())
                .or_default()
                .push((info, table)),
            (PageKind::Extension, Some(table)) => extensions.push((info, table)),
            (PageKind::Project, Some(table)) => project.push((info, table)),
        }
    }

    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    for (name, candidates) in references {
        let table = pick_newest(candidates, &mut model.diagnostics);
        tables.insert(name, table);
    }

    for (info, ext) in extensions {
        extension::apply(&mut tables, &info, ext, &mut model.diagnostics);
    }

    for (info, own) in project {
        layers::apply_project(&mut tables, &info, own, &mut model.diagnostics);
    }

    relationships::join(&mut tables, &mut model.diagnostics);

    for info in conceptual {
        attach_conceptual(&mut tables, info, &mut model.diagnostics);
    }

    model.tables = tables.into_values().collect();
    model.diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.code, &a.message)
            .cmp(&(&b.file, b.line, b.column, &b.code, &b.message))
    });
    model.diagnostics.dedup();
    model
}

/// Order two pages of one table: `Greater` when `a` is newer.
fn newer(a: &PageInfo, b: &PageInfo) -> Ordering {
    match (a.front_matter.date, b.front_matter.date) {
        (Some(da), Some(db)) if da != db => da.cmp(&db),
        _ => a
            .vintage
            .rank()
            .cmp(&b.vintage.rank())
            .then_with(|| a.path.cmp(&b.path)),
    }
}

fn pick_newest(mut candidates: Vec<(PageInfo, Table)>, diags: &mut Vec<Diagnostic>) -> Table {
    candidates.sort_by(|(a, _), (b, _)| newer(a, b));
    let Some((winner_info, winner)) = candidates.pop() else {
        return Table::default();
    };
    for (info, older) in candidates.iter().rev() {
        let mut differences = Vec::new();
        let only_old: Vec<&str> = older
            .columns
            .iter()
            .filter(|c| winner.column(&c.logical_name).is_none())
            .map(|c| c.logical_name.as_str())
            .collect();
        let only_new: Vec<&str> = winner
            .columns
            .iter()
            .filter(|c| older.column(&c.logical_name).is_none())
            .map(|c| c.logical_name.as_str())
            .collect();
        if !only_old.is_empty() {
            differences.push(format!(
                "columns only in the older page: {}",
                only_old.join(", ")
            ));
        }
        if !only_new.is_empty() {
            differences.push(format!(
                "columns only in the newer page: {}",
                only_new.join(", ")
            ));
        }
        let rels = |t: &Table| {
            t.relationships
                .iter()
                .map(|r| (r.kind, r.schema_name.to_ascii_lowercase()))
                .collect::<std::collections::BTreeSet<_>>()
        };
        let (ro, rn) = (rels(older), rels(&winner));
        let dropped = ro.difference(&rn).count();
        let added = rn.difference(&ro).count();
        if dropped + added > 0 {
            differences.push(format!(
                "{added} relationship(s) only in the newer page, {dropped} only in the older"
            ));
        }
        let summary = if differences.is_empty() {
            "no differences in columns or relationships".to_string()
        } else {
            differences.join("; ")
        };
        diags.push(Diagnostic::warning(
            codes::SUPERSEDED_PAGE,
            &info.path,
            1,
            format!(
                "table `{}` is also documented by the newer page {}, which wins: {}",
                winner.logical_name, winner_info.path, summary
            ),
        ));
    }
    winner
}

fn attach_conceptual(
    tables: &mut BTreeMap<String, Table>,
    info: PageInfo,
    diags: &mut Vec<Diagnostic>,
) {
    let target = info
        .describes_table
        .as_deref()
        .and_then(|name| tables.get_mut(name));
    match target {
        Some(table) => table.docs.push(ConceptualDoc {
            page: info.path.clone(),
            title: info.title.clone(),
            markdown: info.body.clone().unwrap_or_default(),
        }),
        // About the whole page (which may even be empty): file-level.
        None => diags.push(Diagnostic::file_level(
            Severity::Note,
            codes::UNATTACHED_CONCEPTUAL,
            &info.path,
            match &info.describes_table {
                Some(name) => format!(
                    "conceptual page about `{name}` is not attached: that table is not in the input"
                ),
                None => {
                    "conceptual page does not name a table it describes; not attached".to_string()
                }
            },
        )),
    }
}

#[cfg(test)]
mod tests;
