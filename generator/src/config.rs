//! `dvgen.yaml`: the configuration file. Every key is also a command-line flag
//! (flags win over the file, the file over defaults).
//!
//! ```yaml
//! inputs: [docs/, "more/**/*.md"]   # files, folders (walked for *.md) and globs  (PATH...)
//! out: crates/dataverse             # --out
//! crate_name: dataverse             # --crate-name
//! runtime_path: ../runtime          # --runtime-path   (path dependency on dvgen-runtime)
//! runtime_version: "0.1"            # --runtime-version (registry dependency)
//! runtime_git: https://example.invalid/dvgen.git  # --runtime-git (git dependency)
//! runtime_rev: v0.1.0               # --runtime-rev (pins runtime_git)
//! features: true                    # --no-features sets false: one cargo feature per table
//! docs: true                        # --no-docs sets false: doc comments from the pages
//! language: 1031                    # --language: labels read from solutions and exported definitions (LCID; default 1033)
//! include_tables: [lead, contact]   # --include-table (repeatable); empty: all tables
//! exclude_tables: [connection]      # --exclude-table (repeatable)
//! include_columns:                  # --include-columns lead=subject,fullname,address1_* (repeatable)
//!   lead: [subject, fullname, "address1_*"]
//! exclude_columns:                  # --exclude-columns lead=address2_* (repeatable)
//!   "*": ["*_base"]                 # table keys are patterns too
//! names:                            # settle any naming clash by hand
//!   tables: { lead: SalesLead }                  # --rename-table lead=SalesLead
//!   columns: { lead.subject: topic }             # --rename-column lead.subject=topic
//!   choices: { lead.leadsourcecode.1: Ads }      # --rename-choice lead.leadsourcecode.1=Ads
//! ```
//! Unknown keys are errors that name their line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::Model;

/// The default configuration file name, read from the current folder when present.
pub const DEFAULT_CONFIG: &str = "dvgen.yaml";

/// The contents of `dvgen.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Files, folders and glob patterns of pages.
    pub inputs: Vec<String>,
    /// Output crate folder.
    pub out: Option<PathBuf>,
    /// Name of the generated crate.
    pub crate_name: Option<String>,
    /// Path dependency on dvgen-runtime (relative to the output folder).
    pub runtime_path: Option<String>,
    /// Registry version of dvgen-runtime.
    pub runtime_version: Option<String>,
    /// Git URL of the dvgen repository (git dependency on dvgen-runtime).
    pub runtime_git: Option<String>,
    /// Commit, tag or branch of `runtime_git` (`rev = ...`).
    pub runtime_rev: Option<String>,
    /// One cargo feature per table.
    pub features: Option<bool>,
    /// Doc comments from the pages.
    pub docs: Option<bool>,
    /// Language code (LCID) of the labels read from unpacked solutions and
    /// exported table definitions ([`crate::inputs::LoadOptions::language`]).
    pub language: Option<u32>,
    /// Only these tables (logical names); empty means all.
    pub include_tables: Vec<String>,
    /// Leave these tables out (logical names).
    pub exclude_tables: Vec<String>,
    /// Per table (logical name or pattern): generate only the columns
    /// matching one of these patterns (logical names, `*`, `?` and `[...]`
    /// wildcards, case-insensitive). The primary id column is always kept.
    /// Columns left out are still read and written, through the row's `extra`.
    pub include_columns: BTreeMap<String, Vec<String>>,
    /// Per table (logical name or pattern): leave out the columns matching
    /// one of these patterns (applied after `include_columns`).
    pub exclude_columns: BTreeMap<String, Vec<String>>,
    /// Name overrides.
    pub names: NameOverrides,
}

/// Rust names chosen by hand, by original (wire) name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NameOverrides {
    /// `table logical name` → Rust type name of the entity struct (the module name follows it).
    pub tables: BTreeMap<String, String>,
    /// `table.column` (logical names) → Rust field name.
    pub columns: BTreeMap<String, String>,
    /// `table.column.value` or `globalchoicename.value` → Rust variant name.
    pub choices: BTreeMap<String, String>,
}

/// Errors reading configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The file is not valid configuration.
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What is wrong.
        message: String,
    },
    /// A `KEY=VALUE` flag without `=`.
    #[error("`{0}` is not of the form KEY=NAME")]
    BadOverride(String),
    /// A glob pattern of `inputs` that matches no file.
    #[error("input pattern `{0}` matches no files")]
    NoMatch(String),
    /// A glob pattern that does not parse.
    #[error("bad glob pattern `{pattern}`: {message}")]
    BadGlob {
        /// The pattern.
        pattern: String,
        /// What is wrong.
        message: String,
    },
}

impl Config {
    /// Parse configuration text; `path` is used in error messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        crate::yaml::from_str(text).map_err(|e| ConfigError::Invalid {
            path: path.to_path_buf(),
            line: e.line,
            column: e.column,
            message: e.message,
        })
    }

    /// Read `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(&text, path)
    }

    /// Read `path` when given, else `dvgen.yaml` in the current folder when it exists,
    /// else the defaults.
    pub fn discover(path: Option<&Path>) -> Result<Config, ConfigError> {
        match path {
            Some(p) => Config::load(p),
            None if Path::new(DEFAULT_CONFIG).is_file() => Config::load(Path::new(DEFAULT_CONFIG)),
            None => Ok(Config::default()),
        }
    }

    /// Expand `inputs` (globs included) into paths; relative entries are taken
    /// relative to `base` (the folder of the configuration file). A pattern
    /// that matches nothing is an error, like a folder without pages.
    pub fn input_paths(&self, base: &Path) -> Result<Vec<PathBuf>, ConfigError> {
        let mut out = Vec::new();
        for entry in &self.inputs {
            let joined = base.join(entry);
            if entry.contains(['*', '?', '[']) {
                let pattern = joined.to_string_lossy().into_owned();
                let paths = glob::glob(&pattern).map_err(|e| ConfigError::BadGlob {
                    pattern: entry.clone(),
                    message: e.to_string(),
                })?;
                let mut found: Vec<PathBuf> = paths.filter_map(Result::ok).collect();
                if found.is_empty() {
                    return Err(ConfigError::NoMatch(entry.clone()));
                }
                found.sort();
                out.extend(found);
            } else {
                out.push(joined);
            }
        }
        Ok(out)
    }

    /// Keep only the tables and columns the configuration selects.
    /// Relationships to tables left out stay in the descriptors as names.
    /// Column patterns that match nothing, or do not parse, are reported in
    /// `model.diagnostics` (`DV0501`).
    pub fn select_tables(&self, model: &mut Model) {
        self.select_table_list(model);
        self.select_columns(model);
    }

    fn select_table_list(&self, model: &mut Model) {
        let include: Vec<String> = self
            .include_tables
            .iter()
            .map(|t| t.to_ascii_lowercase())
            .collect();
        let exclude: Vec<String> = self
            .exclude_tables
            .iter()
            .map(|t| t.to_ascii_lowercase())
            .collect();
        model.tables.retain(|t| {
            (include.is_empty() || include.contains(&t.logical_name))
                && !exclude.contains(&t.logical_name)
        });
    }
}

impl Config {
    /// Applies `include_columns` and `exclude_columns`.
    fn select_columns(&self, model: &mut Model) {
        if self.include_columns.is_empty() && self.exclude_columns.is_empty() {
            return;
        }
        let mut diags = Vec::new();
        let include = ColumnRules::new("include_columns", &self.include_columns, &mut diags);
        let exclude = ColumnRules::new("exclude_columns", &self.exclude_columns, &mut diags);
        let mut inc_used = vec![false; include.rules.len()];
        let mut exc_used = vec![false; exclude.rules.len()];
        for table in &mut model.tables {
            let id = table.primary_id_attribute.clone();
            let inc = include.for_table(&table.logical_name);
            let exc = exclude.for_table(&table.logical_name);
            if inc.is_empty() && exc.is_empty() {
                continue;
            }
            let mut keep = Vec::with_capacity(table.columns.len());
            for c in std::mem::take(&mut table.columns) {
                let name = c.logical_name.as_str();
                let mut included = inc.is_empty();
                for &i in &inc {
                    if include.rules[i].matches(name) {
                        inc_used[i] = true;
                        included = true;
                    }
                }
                let mut excluded = false;
                for &i in &exc {
                    if exclude.rules[i].matches(name) {
                        exc_used[i] = true;
                        excluded = true;
                    }
                }
                if id.as_deref() == Some(name) || (included && !excluded) {
                    keep.push(c);
                }
            }
            table.columns = keep;
        }
        for (rules, used) in [(&include, &inc_used), (&exclude, &exc_used)] {
            for (rule, used) in rules.rules.iter().zip(used) {
                if !used {
                    diags.push(crate::diagnostics::Diagnostic::warning(
                        crate::diagnostics::codes::BAD_SELECTION,
                        DEFAULT_CONFIG,
                        0,
                        format!("`{}`: `{}` matches no column", rules.key, rule.text),
                    ));
                }
            }
        }
        model.diagnostics.extend(diags);
    }
}

/// One column pattern of `include_columns`/`exclude_columns`.
struct ColumnRule {
    table: glob::Pattern,
    column: glob::Pattern,
    text: String,
}

impl ColumnRule {
    fn matches(&self, column: &str) -> bool {
        self.column.matches_with(column, MATCH)
    }
}

/// Case-insensitive, `*` crosses nothing special (names have no `/`).
const MATCH: glob::MatchOptions = glob::MatchOptions {
    case_sensitive: false,
    require_literal_separator: false,
    require_literal_leading_dot: false,
};

struct ColumnRules {
    key: &'static str,
    rules: Vec<ColumnRule>,
}

impl ColumnRules {
    fn new(
        key: &'static str,
        map: &BTreeMap<String, Vec<String>>,
        diags: &mut Vec<crate::diagnostics::Diagnostic>,
    ) -> Self {
        let mut rules = Vec::new();
        for (table, columns) in map {
            let Ok(t) = glob::Pattern::new(table) else {
                diags.push(bad_pattern(key, table));
                continue;
            };
            for c in columns {
                match glob::Pattern::new(c) {
                    Ok(p) => rules.push(ColumnRule {
                        table: t.clone(),
                        column: p,
                        text: format!("{table}: {c}"),
                    }),
                    Err(_) => diags.push(bad_pattern(key, c)),
                }
            }
        }
        ColumnRules { key, rules }
    }

    /// Indexes of the rules that apply to `table`.
    fn for_table(&self, table: &str) -> Vec<usize> {
        (0..self.rules.len())
            .filter(|&i| self.rules[i].table.matches_with(table, MATCH))
            .collect()
    }
}

fn bad_pattern(key: &str, pattern: &str) -> crate::diagnostics::Diagnostic {
    crate::diagnostics::Diagnostic::error(
        crate::diagnostics::codes::BAD_SELECTION,
        DEFAULT_CONFIG,
        0,
        format!("`{key}`: `{pattern}` is not a valid pattern; it selects nothing"),
    )
}

/// Parse `TABLE=COL,COL` column-selection flags into per-table pattern lists.
pub fn parse_column_flags(flags: &[String]) -> Result<BTreeMap<String, Vec<String>>, ConfigError> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (table, cols) in flags
        .iter()
        .map(|f| {
            f.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.to_string()))
                .filter(|(k, v)| !k.is_empty() && !v.trim().is_empty())
                .ok_or_else(|| ConfigError::BadOverride(f.clone()))
        })
        .collect::<Result<Vec<_>, _>>()?
    {
        out.entry(table).or_default().extend(
            cols.split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string),
        );
    }
    Ok(out)
}

/// Parse `KEY=VALUE` override flags into a map.
pub fn parse_overrides(flags: &[String]) -> Result<BTreeMap<String, String>, ConfigError> {
    flags
        .iter()
        .map(|f| {
            f.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                .filter(|(k, v)| !k.is_empty() && !v.is_empty())
                .ok_or_else(|| ConfigError::BadOverride(f.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_example_parses() {
        let text = "inputs: [docs/]\nout: x\ncrate_name: d\nruntime_version: \"0.1\"\nfeatures: false\n\
                    include_tables: [lead]\nnames:\n  tables: { lead: SalesLead }\n  columns: { lead.subject: topic }\n";
        let c = Config::parse(text, Path::new("dvgen.yaml")).unwrap();
        assert_eq!(c.inputs, ["docs/"]);
        assert_eq!(c.features, Some(false));
        assert_eq!(c.names.tables["lead"], "SalesLead");
        assert_eq!(c.names.columns["lead.subject"], "topic");
    }

    #[test]
    fn unknown_keys_are_errors_with_their_line() {
        let text = "inputs: [docs/]\n\nouput: typo\n";
        let e = Config::parse(text, Path::new("dvgen.yaml")).unwrap_err();
        match e {
            ConfigError::Invalid { line, message, .. } => {
                assert_eq!(line, 3, "{message}");
                assert!(message.contains("ouput"), "{message}");
            }
            other => panic!("{other}"),
        }
        let e = Config::parse("names:\n  tabels: {}\n", Path::new("c.yaml")).unwrap_err();
        assert!(e.to_string().starts_with("c.yaml:2:"), "{e}");
    }

    fn docs_model() -> Model {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input");
        crate::inputs::load_model(&[dir]).unwrap().0
    }

    fn columns_of<'a>(model: &'a Model, table: &str) -> Vec<&'a str> {
        let t = model
            .tables
            .iter()
            .find(|t| t.logical_name == table)
            .unwrap();
        let mut c: Vec<&str> = t.columns.iter().map(|c| c.logical_name.as_str()).collect();
        c.sort_unstable();
        c.dedup();
        c
    }

    #[test]
    fn column_selection_with_wildcards_keeps_the_primary_id() {
        let text = "include_columns:\n  lead: [subject, FullName, \"address1_*\"]\n\
                    exclude_columns:\n  \"*\": [\"address1_line?\", \"*_base\"]\n";
        let c = Config::parse(text, Path::new("dvgen.yaml")).unwrap();
        let mut model = docs_model();
        let opportunity_before = columns_of(&model, "opportunity").len();
        let lead_before = columns_of(&model, "lead").len();
        c.select_tables(&mut model);
        let lead = columns_of(&model, "lead");
        assert!(lead_before > 150, "{lead_before}");
        assert!(
            lead.contains(&"subject") && lead.contains(&"fullname"),
            "{lead:?}"
        );
        assert!(lead.contains(&"leadid"), "primary id kept: {lead:?}");
        assert!(lead.contains(&"address1_city") && lead.contains(&"address1_latitude"));
        assert!(
            !lead.iter().any(|c| c.starts_with("address1_line")),
            "{lead:?}"
        );
        assert!(lead.contains(&"address1_composite"));
        assert!(!lead.contains(&"companyname"));
        assert!(lead.iter().all(|c| *c == "subject"
            || *c == "fullname"
            || *c == "leadid"
            || c.starts_with("address1_")));
        // The `*` table pattern applies to opportunity's money base columns too.
        let opp = columns_of(&model, "opportunity");
        assert!(
            opp.len() < opportunity_before,
            "{opportunity_before} -> {}",
            opp.len()
        );
        assert!(!opp.iter().any(|c| c.ends_with("_base")), "{opp:?}");
        assert!(model
            .diagnostics
            .iter()
            .all(|d| d.code != crate::diagnostics::codes::BAD_SELECTION));
    }

    #[test]
    fn column_patterns_that_match_nothing_or_do_not_parse_are_reported() {
        let mut c = Config::default();
        c.include_columns
            .insert("lead".into(), vec!["subject".into(), "no_such_*".into()]);
        c.exclude_columns.insert("lead".into(), vec!["[".into()]);
        let mut model = docs_model();
        c.select_tables(&mut model);
        let d: Vec<&crate::diagnostics::Diagnostic> = model
            .diagnostics
            .iter()
            .filter(|d| d.code == crate::diagnostics::codes::BAD_SELECTION)
            .collect();
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d.iter().any(|d| d.message.contains("no_such_*")), "{d:?}");
        assert!(d.iter().any(|d| d.message.contains("`[`")), "{d:?}");
        assert_eq!(columns_of(&model, "lead"), ["leadid", "subject"]);
    }

    #[test]
    fn column_flags() {
        let m = parse_column_flags(&["lead=subject, fullname,address1_*".into(), "lead=x".into()])
            .unwrap();
        assert_eq!(m["lead"], ["subject", "fullname", "address1_*", "x"]);
        assert!(parse_column_flags(&["lead".into()]).is_err());
        assert!(parse_column_flags(&["lead=".into()]).is_err());
    }

    #[test]
    fn override_flags() {
        let m = parse_overrides(&["lead=SalesLead".into()]).unwrap();
        assert_eq!(m["lead"], "SalesLead");
        assert!(parse_overrides(&["lead".into()]).is_err());
        assert!(parse_overrides(&["=x".into()]).is_err());
    }
}
