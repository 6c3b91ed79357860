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
//! include_tables: [lead, contact]   # --include-table (repeatable); empty: all tables
//! exclude_tables: [connection]      # --exclude-table (repeatable)
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
    /// Only these tables (logical names); empty means all.
    pub include_tables: Vec<String>,
    /// Leave these tables out (logical names).
    pub exclude_tables: Vec<String>,
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

    /// Keep only the tables the configuration selects. Relationships to tables
    /// left out stay in the descriptors as names.
    pub fn select_tables(&self, model: &mut Model) {
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

    #[test]
    fn override_flags() {
        let m = parse_overrides(&["lead=SalesLead".into()]).unwrap();
        assert_eq!(m["lead"], "SalesLead");
        assert!(parse_overrides(&["lead".into()]).is_err());
        assert!(parse_overrides(&["=x".into()]).is_err());
    }
}
