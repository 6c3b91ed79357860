//! Unpacked solution folders (the layout `pac solution unpack` /
//! SolutionPackager writes): the project's own tables, columns, choices and
//! relationships, read into the IR as [`PageKind::Project`] pages.
//!
//! Files read (paths relative to the folder; a `*_managed.xml` twin of a file
//! is the same component and is read only when the plain file is absent):
//!
//! - `Other/Solution.xml`: unique name, version, managed; the root components
//!   (tables and global choices the solution says it holds are checked for).
//! - `Entities/<SchemaName>/Entity.xml`: one table with its columns and their
//!   local choices (options, state/status, Yes/No labels).
//! - `OptionSets/<name>.xml`: global choices, resolved into the columns that
//!   use them (`OptionSetName`) and kept as global choices.
//! - `Other/Relationships/<Entity>.xml` and `Other/Relationships.xml`:
//!   one-to-many and many-to-many relationships with navigation properties
//!   and cascade per action; each lands on the tables of both sides, and a
//!   lookup whose `LookupTypes` is empty gets its targets from them.
//!
//! Every fact's [`Provenance`] names the file and line and carries the
//! solution's name and version ([`SourceRef`]). Every XML element and XML
//! attribute is used, ignored on purpose, or unknown (reported): see
//! [`FileCoverage`].

mod entity;
mod manifest;
mod optionsets;
mod relationships;
#[cfg(test)]
mod tests;
mod xml;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::diagnostics::{codes, Diagnostic};
use crate::model::{
    AttributeType, OptionValue, Page, PageInfo, PageKind, Product, Provenance, RelationshipKind,
    SourceRef, Table,
};
use crate::sources::markdown::CoverageCounts;

pub use entity::attribute_type as xml_attribute_type;

/// The file whose presence makes a folder a solution input.
pub const MARKER: &str = "Other/Solution.xml";

/// How to read a solution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SolutionOptions {
    /// Language code of the labels to read (display names, descriptions,
    /// choice labels); the first label is taken when there is none in it.
    pub language: u32,
}

impl Default for SolutionOptions {
    fn default() -> Self {
        SolutionOptions {
            language: super::DEFAULT_LANGUAGE,
        }
    }
}

/// What became of the elements of one XML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCoverage {
    /// Display path of the file.
    pub path: String,
    /// Elements and XML attributes (`lines` counts them), used, ignored, unknown.
    pub counts: CoverageCounts,
    /// Unknown elements: (line, message).
    pub unknown: Vec<(u32, String)>,
}

/// The result of reading one solution.
#[derive(Debug, Clone, PartialEq)]
pub struct SolutionRead {
    /// One page for `Other/Solution.xml` (no table; the solution-level
    /// diagnostics), then one per table, in logical-name order.
    pub pages: Vec<Page>,
    /// Per-file element coverage, in path order.
    pub coverage: Vec<FileCoverage>,
    /// The global choices of `OptionSets/`, by name (also resolved into the
    /// columns that use them).
    pub global_choices: BTreeMap<String, Vec<OptionValue>>,
}

/// True when `dir` is an unpacked solution (holds `Other/Solution.xml`).
pub fn is_solution_dir(dir: &Path) -> bool {
    dir.join("Other").join("Solution.xml").is_file()
        || dir.join("Other").join("Solution_managed.xml").is_file()
}

/// True for the relative paths (forward slashes) the reader reads.
fn wanted(rel: &str) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    let xml = |n: &str| n.to_ascii_lowercase().ends_with(".xml");
    match parts.as_slice() {
        ["Other", f] => {
            let f = f.to_ascii_lowercase();
            f == "solution.xml"
                || f == "solution_managed.xml"
                || f == "relationships.xml"
                || f == "relationships_managed.xml"
        }
        ["Other", "Relationships", f] => xml(f),
        ["Entities", _, f] => {
            let f = f.to_ascii_lowercase();
            f == "entity.xml" || f == "entity_managed.xml"
        }
        ["OptionSets", f] => xml(f),
        _ => false,
    }
}

/// Read the files of the solution folder `dir` the reader uses (relative
/// paths with forward slashes), not following symbolic links.
pub fn collect_files(dir: &Path) -> std::io::Result<BTreeMap<String, Vec<u8>>> {
    let mut out = BTreeMap::new();
    for sub in ["Other", "Entities", "OptionSets"] {
        let mut todo = vec![(dir.join(sub), sub.to_string())];
        while let Some((path, rel)) = todo.pop() {
            let Ok(entries) = std::fs::read_dir(&path) else {
                continue;
            };
            for entry in entries {
                let entry = entry?;
                let kind = entry.file_type()?;
                let name = entry.file_name().to_string_lossy().into_owned();
                let child_rel = format!("{rel}/{name}");
                // Depth is bounded: Entities/<name>/Entity.xml is the deepest file read.
                if kind.is_dir() && child_rel.matches('/').count() < 2 {
                    todo.push((entry.path(), child_rel));
                } else if kind.is_file() && wanted(&child_rel) {
                    out.insert(child_rel, std::fs::read(entry.path())?);
                }
            }
        }
    }
    Ok(out)
}

/// Read the solution folder `dir`, shown as `display` in paths.
pub fn read_dir(
    dir: &Path,
    display: &str,
    options: SolutionOptions,
) -> std::io::Result<SolutionRead> {
    Ok(parse_solution(display, &collect_files(dir)?, options))
}

/// Drop `X_managed.xml` when `X.xml` is present: the twins are one component.
fn dedupe_managed(files: &BTreeMap<String, Vec<u8>>) -> Vec<(&str, &[u8])> {
    files
        .iter()
        .filter(|(rel, _)| {
            let lower = rel.to_ascii_lowercase();
            match lower.strip_suffix("_managed.xml") {
                Some(stem) => !files
                    .keys()
                    .any(|k| k.to_ascii_lowercase() == format!("{stem}.xml")),
                None => true,
            }
        })
        .map(|(rel, bytes)| (rel.as_str(), bytes.as_slice()))
        .collect()
}

/// Read a solution from its files (relative paths with forward slashes, as
/// [`collect_files`] returns them); `root` is the folder's display path.
/// Pure: no file system access, never panics on any input.
pub fn parse_solution(
    root: &str,
    files: &BTreeMap<String, Vec<u8>>,
    options: SolutionOptions,
) -> SolutionRead {
    let shown = |rel: &str| {
        if root.is_empty() {
            rel.to_string()
        } else {
            format!("{}/{rel}", root.trim_end_matches('/'))
        }
    };
    let files = dedupe_managed(files);
    let mut coverage = Vec::new();
    let mut solution_diags = Vec::new();

    // 1. The manifest.
    let manifest_rel = files
        .iter()
        .map(|(r, _)| *r)
        .find(|r| r.eq_ignore_ascii_case("Other/Solution.xml"))
        .or_else(|| {
            files
                .iter()
                .map(|(r, _)| *r)
                .find(|r| r.eq_ignore_ascii_case("Other/Solution_managed.xml"))
        });
    let manifest_path = shown(manifest_rel.unwrap_or(MARKER));
    let mut manifest = manifest::Manifest::default();
    match manifest_rel.and_then(|r| files.iter().find(|(k, _)| *k == r)) {
        Some((_, bytes)) => {
            let text = xml::decode(&manifest_path, bytes, &mut solution_diags);
            if let Some(doc) = xml::parse(&manifest_path, &text, &mut solution_diags) {
                let mut tracker = xml::Tracker::new();
                manifest = manifest::read(
                    doc.root_element(),
                    &manifest_path,
                    &mut tracker,
                    &mut solution_diags,
                );
                let mut unknown = Vec::new();
                let counts = tracker.finish(&doc, &manifest_path, &mut unknown);
                coverage.push(file_coverage(&manifest_path, counts, &unknown));
                solution_diags.extend(unknown);
            }
        }
        None => solution_diags.push(Diagnostic::error(
            codes::MISSING_COMPONENT,
            &manifest_path,
            0,
            "the solution has no Other/Solution.xml; its name and version are unknown",
        )),
    }
    if manifest_rel.is_some_and(|r| r.to_ascii_lowercase().ends_with("_managed.xml")) {
        manifest.managed = Some(true);
    }
    let source = SourceRef {
        solution: manifest.unique_name.clone(),
        version: manifest.version.clone(),
        managed: manifest.managed,
        json_path: None,
    };
    let prov_for = |page: String| {
        let source = source.clone();
        move |line: u32| Provenance {
            page: page.clone(),
            line,
            product: Product::Project,
            source: Some(source.clone()),
        }
    };

    // 2. Global choices.
    let mut globals: HashMap<String, optionsets::GlobalChoice> = HashMap::new();
    for (rel, bytes) in files.iter().filter(|(r, _)| r.starts_with("OptionSets/")) {
        let path = shown(rel);
        let text = xml::decode(&path, bytes, &mut solution_diags);
        let Some(doc) = xml::parse(&path, &text, &mut solution_diags) else {
            continue;
        };
        let mut tracker = xml::Tracker::new();
        tracker.used(doc.root_element());
        let prov = prov_for(path.clone());
        if let Some(g) = optionsets::read_global(
            doc.root_element(),
            &path,
            options.language,
            &prov,
            &mut tracker,
            &mut solution_diags,
        ) {
            globals.insert(g.name.to_ascii_lowercase(), g);
        }
        let mut unknown = Vec::new();
        let counts = tracker.finish(&doc, &path, &mut unknown);
        coverage.push(file_coverage(&path, counts, &unknown));
        solution_diags.extend(unknown);
    }

    // 3. Tables.
    let mut tables: BTreeMap<String, (String, Table, Vec<Diagnostic>)> = BTreeMap::new();
    for (rel, bytes) in files.iter().filter(|(r, _)| r.starts_with("Entities/")) {
        let path = shown(rel);
        let mut diags = Vec::new();
        let text = xml::decode(&path, bytes, &mut diags);
        let Some(doc) = xml::parse(&path, &text, &mut diags) else {
            solution_diags.extend(diags);
            continue;
        };
        let mut tracker = xml::Tracker::new();
        let prov = prov_for(path.clone());
        let table = entity::read_entity(
            doc.root_element(),
            &path,
            options.language,
            &prov,
            &mut tracker,
            &mut diags,
        );
        let mut unknown = Vec::new();
        let counts = tracker.finish(&doc, &path, &mut unknown);
        coverage.push(file_coverage(&path, counts, &unknown));
        diags.extend(unknown);
        match table {
            Some(t) if tables.contains_key(&t.logical_name) => {
                diags.push(Diagnostic::warning(
                    codes::DUPLICATE_COLUMN,
                    &path,
                    1,
                    format!(
                        "table `{}` is defined by two Entity.xml files; this one is skipped",
                        t.logical_name
                    ),
                ));
                solution_diags.extend(diags);
            }
            Some(t) => {
                tables.insert(t.logical_name.clone(), (path, t, diags));
            }
            None => solution_diags.extend(diags),
        }
    }

    // 4. Relationships.
    let mut index_names: Vec<(String, String, u32)> = Vec::new();
    let mut seen_relationships: Vec<String> = Vec::new();
    for (rel, bytes) in files.iter().filter(|(r, _)| {
        r.starts_with("Other/Relationships/") || r.eq_ignore_ascii_case("Other/Relationships.xml")
    }) {
        let path = shown(rel);
        let text = xml::decode(&path, bytes, &mut solution_diags);
        let Some(doc) = xml::parse(&path, &text, &mut solution_diags) else {
            continue;
        };
        let mut tracker = xml::Tracker::new();
        let prov = prov_for(path.clone());
        let mut names = Vec::new();
        let sides = relationships::read_file(
            doc.root_element(),
            &path,
            &prov,
            &mut tracker,
            &mut solution_diags,
            &mut names,
        );
        index_names.extend(names.into_iter().map(|(n, l)| (n, path.clone(), l)));
        let mut unknown = Vec::new();
        let counts = tracker.finish(&doc, &path, &mut unknown);
        coverage.push(file_coverage(&path, counts, &unknown));
        solution_diags.extend(unknown);
        for (table, r) in sides {
            seen_relationships.push(r.schema_name.to_ascii_lowercase());
            let entry = tables.entry(table.clone()).or_insert_with(|| {
                // A table only the relationships mention (systemuser, team...):
                // its page is the relationships file; merge layers it over the
                // docs' table, or leaves it out when the docs lack it.
                (
                    path.clone(),
                    Table {
                        logical_name: table.clone(),
                        provenance: r.provenance.clone(),
                        ..Table::default()
                    },
                    Vec::new(),
                )
            });
            let t = &mut entry.1;
            if t.relationship(&r.schema_name, r.kind).is_some() {
                continue;
            }
            t.relationships.push(r);
        }
    }
    for (name, path, line) in index_names {
        if !seen_relationships.contains(&name.to_ascii_lowercase()) {
            solution_diags.push(Diagnostic::warning(
                codes::MISSING_COMPONENT,
                &path,
                line,
                format!("relationship `{name}` is listed but no Other/Relationships/*.xml file defines it"),
            ));
        }
    }

    // 5. Global choices into columns; lookup targets from relationships.
    let mut targets: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for (name, (_, t, _)) in &tables {
        for r in t
            .relationships
            .iter()
            .filter(|r| r.kind == RelationshipKind::ManyToOne)
        {
            if let (Some(attr), Some(referenced)) = (&r.referencing_attribute, &r.referenced_entity)
            {
                let list = targets.entry((name.clone(), attr.clone())).or_default();
                if !list.contains(referenced) {
                    list.push(referenced.clone());
                }
            }
        }
    }
    for (name, (path, t, diags)) in tables.iter_mut() {
        for c in &mut t.columns {
            if let Some(g) = &c.global_choice_name {
                match globals.get(&g.to_ascii_lowercase()) {
                    Some(global) if c.options.is_none() => c.options = Some(global.options.clone()),
                    Some(_) => {}
                    None => diags.push(Diagnostic::warning(
                        codes::MISSING_COMPONENT,
                        path,
                        c.provenance.first().map_or(1, |p| p.line),
                        format!(
                            "column `{}` uses the global choice `{g}`, but OptionSets/{g}.xml is not in the solution; its values are unknown",
                            c.logical_name
                        ),
                    )),
                }
            }
            if c.attribute_type.is_lookup() && c.targets.is_empty() {
                if let Some(list) = targets.get(&(name.clone(), c.logical_name.clone())) {
                    c.targets = list.clone();
                }
            }
            if c.attribute_type == AttributeType::Owner && c.targets.is_empty() {
                c.targets = vec!["systemuser".to_string(), "team".to_string()];
            }
        }
    }

    // 6. Components the manifest names but the folder lacks.
    for (kind, name, line) in &manifest.components {
        let present = match kind.as_str() {
            manifest::COMPONENT_ENTITY => files.iter().any(|(r, _)| {
                r.split('/')
                    .nth(1)
                    .is_some_and(|d| d.eq_ignore_ascii_case(name))
                    && r.starts_with("Entities/")
            }),
            manifest::COMPONENT_OPTION_SET => globals.contains_key(&name.to_ascii_lowercase()),
            _ => true,
        };
        if !present {
            let what = if kind == manifest::COMPONENT_ENTITY {
                format!("table `{name}` (Entities/{name}/Entity.xml)")
            } else {
                format!("global choice `{name}` (OptionSets/{name}.xml)")
            };
            solution_diags.push(Diagnostic::warning(
                codes::MISSING_COMPONENT,
                &manifest_path,
                *line,
                format!("the solution lists the {what}, but the folder lacks it"),
            ));
        }
    }

    // 7. Pages.
    let label = match (&manifest.unique_name, &manifest.version) {
        (Some(n), Some(v)) => format!("{n} {v}"),
        (Some(n), None) => n.clone(),
        _ => "an unnamed solution".to_string(),
    };
    let info = |path: String, title: Option<String>| PageInfo {
        path,
        kind: PageKind::Project,
        product: Product::Project,
        title,
        added_by: Some(format!("solution {label}")),
        ..PageInfo::default()
    };
    let mut pages = vec![Page {
        info: info(manifest_path.clone(), Some(format!("Solution {label}"))),
        table: None,
        diagnostics: solution_diags,
    }];
    for (_, (path, table, diagnostics)) in tables {
        pages.push(Page {
            info: info(path, table.display_name.clone()),
            table: Some(table),
            diagnostics,
        });
    }
    coverage.sort_by(|a: &FileCoverage, b| a.path.cmp(&b.path));
    let global_choices = globals.into_values().map(|g| (g.name, g.options)).collect();
    SolutionRead {
        pages,
        coverage,
        global_choices,
    }
}

fn file_coverage(path: &str, counts: CoverageCounts, unknown: &[Diagnostic]) -> FileCoverage {
    FileCoverage {
        path: path.to_string(),
        counts,
        unknown: unknown
            .iter()
            .map(|d| (d.line, d.message.clone()))
            .collect(),
    }
}
