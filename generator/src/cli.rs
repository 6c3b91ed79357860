//! The `dvgen` command line. `main.rs` only calls [`main`].
//!
//! Exit codes: 0 success; 1 an input had errors, or `check` found stale
//! output; 2 usage or I/O errors.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{parse_overrides, Config};
use crate::diagnostics::{Diagnostic, Severity};
use crate::emit::{EmitOptions, RuntimeDependency};
use crate::fingerprint::Layout;
use crate::inputs::{self, LoadOptions};
use crate::model::{Model, RelationshipKind};
use crate::regenerate::{regenerate, Target};
use crate::render_diagnostics::DiagnosticRenderer;
use crate::write::{WriteOptions, WriteReport};

/// Printed with `--verbose` when `generate` / `check` took the fast path.
pub const SKIPPED_NOTE: &str =
    "note: nothing changed since the last run: emitting skipped (--no-cache to emit anyway)";

/// Default input folder.
pub const DEFAULT_INPUT: &str = "docs-input";
/// Default output folder.
pub const DEFAULT_OUT: &str = "generated";
/// Default crate name.
pub const DEFAULT_CRATE_NAME: &str = "dataverse-generated";

const EXAMPLES: &str = "\
Examples:
  dvgen generate                                   # docs-input/ -> generated/
  dvgen generate --out crates/dataverse docs/      # your pages, your folder
  dvgen check                                      # in CI: fail when generated/ is stale
  dvgen dump --format json docs/lead.md            # the parsed and merged model
  dvgen list docs/                                 # tables with counts and provenance
  dvgen coverage --unknown docs/                   # every line: used, ignored or unknown
  dvgen diff --since origin/main --deny breaking    # schema changes since a revision
  dvgen diagram --format dot --table lead docs/ | dot -Tsvg > lead.svg
  dvgen completions bash > /etc/bash_completion.d/dvgen";

/// Generate typed Rust crates from Dataverse / Dynamics 365 table reference pages.
#[derive(Debug, Parser)]
#[command(name = "dvgen", version, about, after_help = EXAMPLES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Print only errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Also print notes (renames and other information).
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate a crate from reference pages (default: docs-input/ into generated/).
    Generate(GenerateArgs),
    /// Exit 1 with a summary of differences when the generated crate is stale.
    Check(GenerateArgs),
    /// Print the parsed and merged model.
    Dump(DumpArgs),
    /// List tables with column, choice and relationship counts and their pages.
    List(InputArgs),
    /// Draw tables and relationships as a Mermaid erDiagram or Graphviz DOT.
    Diagram(DiagramArgs),
    /// Account for every line of each page (every element of a solution's XML, every property of a JSON export): used, ignored or unknown.
    Coverage(CoverageArgs),
    /// What changed in the schema between two sets of inputs, and its impact on the Rust API.
    Diff(crate::diff::command::DiffArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// Options of `diagram`.
#[derive(Debug, Args)]
pub struct DiagramArgs {
    /// Output syntax.
    #[arg(long, value_enum, default_value_t = DiagramSyntax::Mermaid)]
    pub format: DiagramSyntax,
    /// Only relationships touching this table (logical name); repeatable.
    #[arg(long = "table", value_name = "TABLE")]
    pub tables: Vec<String>,
    /// Page files or folders.
    #[command(flatten)]
    pub inputs: InputArgs,
}

/// Options of `coverage`.
#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// Also list every unknown line (path:line: text).
    #[arg(long)]
    pub unknown: bool,
    /// Page files or folders.
    #[command(flatten)]
    pub inputs: InputArgs,
}

/// `diagram` formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagramSyntax {
    /// Mermaid erDiagram.
    Mermaid,
    /// Graphviz DOT.
    Dot,
}

/// Input paths.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Page files, exported table definitions (*.json) or folders (searched
    /// for both; a folder with Other/Solution.xml is an unpacked solution).
    /// Default: docs-input/.
    pub paths: Vec<PathBuf>,
    /// Language code (LCID) of the labels read from unpacked solutions and
    /// exported table definitions [default: `language` of dvgen.yaml for
    /// generate and check, else 1033; reference pages are English].
    #[arg(long, value_name = "LCID")]
    pub language: Option<u32>,
}

impl InputArgs {
    /// How to read these inputs (without a configuration file).
    fn load_options(&self) -> LoadOptions {
        LoadOptions::language_or_default(self.language)
    }
}

/// Options of `generate` and `check`. Each also exists as a `dvgen.yaml` key
/// (see [`crate::config`]); flags win over the file.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Configuration file [default: dvgen.yaml when present].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output crate folder [default: generated].
    #[arg(short, long)]
    pub out: Option<PathBuf>,
    /// Name of the generated crate [default: dataverse-generated].
    #[arg(long)]
    pub crate_name: Option<String>,
    /// Depend on dvgen-runtime by this path (relative to the output folder), e.g. a dvgen
    /// checkout's runtime/ folder [default inside the dvgen repository: its runtime/].
    #[arg(long, value_name = "PATH", conflicts_with_all = ["runtime_version", "runtime_git"])]
    pub runtime_path: Option<String>,
    /// Depend on dvgen-runtime from git: the URL of a dvgen repository.
    #[arg(long, value_name = "URL", conflicts_with = "runtime_version")]
    pub runtime_git: Option<String>,
    /// Pin --runtime-git to this commit, tag or branch.
    #[arg(long, value_name = "REV")]
    pub runtime_rev: Option<String>,
    /// Depend on dvgen-runtime from a registry at this version (dvgen-runtime is not on
    /// crates.io: only for a registry you control).
    #[arg(long, value_name = "VER")]
    pub runtime_version: Option<String>,
    /// Do not gate tables behind cargo features.
    #[arg(long)]
    pub no_features: bool,
    /// Leave the pages' descriptions out of the doc comments.
    #[arg(long)]
    pub no_docs: bool,
    /// Only generate this table (logical name); repeatable.
    #[arg(long = "include-table", value_name = "TABLE")]
    pub include_tables: Vec<String>,
    /// Do not generate this table (logical name); repeatable.
    #[arg(long = "exclude-table", value_name = "TABLE")]
    pub exclude_tables: Vec<String>,
    /// Only generate these columns of a table: `lead=subject,fullname,address1_*`
    /// (wildcards `*`, `?`, `[...]`; the table may be a pattern too); repeatable.
    /// Other columns are still read and written through `extra`.
    #[arg(long = "include-columns", value_name = "TABLE=COLUMNS")]
    pub include_columns: Vec<String>,
    /// Do not generate these columns of a table: `lead=address2_*`; repeatable.
    #[arg(long = "exclude-columns", value_name = "TABLE=COLUMNS")]
    pub exclude_columns: Vec<String>,
    /// Rust name of a table's struct: `lead=SalesLead`; repeatable.
    #[arg(long = "rename-table", value_name = "TABLE=NAME")]
    pub rename_tables: Vec<String>,
    /// Rust name of a column's field: `lead.subject=topic`; repeatable.
    #[arg(long = "rename-column", value_name = "TABLE.COLUMN=NAME")]
    pub rename_columns: Vec<String>,
    /// Rust name of a choice value: `lead.leadsourcecode.1=Ads` or `globalchoice.1=Ads`; repeatable.
    #[arg(long = "rename-choice", value_name = "CHOICE.VALUE=NAME")]
    pub rename_choices: Vec<String>,
    /// Show what would change without writing.
    #[arg(long)]
    pub dry_run: bool,
    /// Emit and compare every file even when nothing changed since the last run.
    #[arg(long)]
    pub no_cache: bool,
    /// Page files or folders [default: docs-input].
    #[command(flatten)]
    pub inputs: InputArgs,
}

/// What `generate` / `check` run with, after merging flags, file and defaults.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// Input files and folders.
    pub inputs: Vec<PathBuf>,
    /// Output folder.
    pub out: PathBuf,
    /// Emit options.
    pub options: EmitOptions,
    /// The merged configuration (table selection, overrides).
    pub config: Config,
    /// How the inputs are read.
    pub load: LoadOptions,
}

/// Merge flags over the configuration file over the defaults.
pub fn resolve(args: &GenerateArgs) -> anyhow::Result<Resolved> {
    let mut config = Config::discover(args.config.as_deref())?;
    let base = args
        .config
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let inputs = if !args.inputs.paths.is_empty() {
        args.inputs.paths.clone()
    } else if !config.inputs.is_empty() {
        config.input_paths(&base)?
    } else {
        vec![PathBuf::from(DEFAULT_INPUT)]
    };
    let out = args
        .out
        .clone()
        .or_else(|| config.out.as_ref().map(|o| base.join(o)))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_OUT));
    if args.crate_name.is_some() {
        config.crate_name.clone_from(&args.crate_name);
    }
    if args.runtime_path.is_some() || args.runtime_version.is_some() || args.runtime_git.is_some() {
        config.runtime_path.clone_from(&args.runtime_path);
        config.runtime_version.clone_from(&args.runtime_version);
        config.runtime_git.clone_from(&args.runtime_git);
        config.runtime_rev.clone_from(&args.runtime_rev);
    } else if args.runtime_rev.is_some() {
        config.runtime_rev.clone_from(&args.runtime_rev);
    }
    if args.no_features {
        config.features = Some(false);
    }
    if args.no_docs {
        config.docs = Some(false);
    }
    config
        .include_tables
        .extend(args.include_tables.iter().cloned());
    config
        .exclude_tables
        .extend(args.exclude_tables.iter().cloned());
    for (table, cols) in crate::config::parse_column_flags(&args.include_columns)? {
        config
            .include_columns
            .entry(table)
            .or_default()
            .extend(cols);
    }
    for (table, cols) in crate::config::parse_column_flags(&args.exclude_columns)? {
        config
            .exclude_columns
            .entry(table)
            .or_default()
            .extend(cols);
    }
    config
        .names
        .tables
        .extend(parse_overrides(&args.rename_tables)?);
    config
        .names
        .columns
        .extend(parse_overrides(&args.rename_columns)?);
    config
        .names
        .choices
        .extend(parse_overrides(&args.rename_choices)?);

    // Inputs first: a misspelt or empty input folder is the first thing to fix.
    inputs::collect(&inputs)?;
    let runtime = runtime_dependency(&config, &out)?;
    let options = EmitOptions {
        crate_name: config
            .crate_name
            .clone()
            .unwrap_or_else(|| DEFAULT_CRATE_NAME.to_string()),
        runtime,
        features: config.features.unwrap_or(true),
        docs: config.docs.unwrap_or(true),
        names: config.names.clone(),
        ..EmitOptions::default()
    };
    let load = LoadOptions::language_or_default(args.inputs.language.or(config.language));
    Ok(Resolved {
        inputs,
        out,
        options,
        config,
        load,
    })
}

/// Options of `dump`.
#[derive(Debug, Args)]
pub struct DumpArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = DumpFormat::Json)]
    pub format: DumpFormat,
    /// Page files or folders.
    #[command(flatten)]
    pub inputs: InputArgs,
}

/// `dump` formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DumpFormat {
    /// Pretty JSON.
    Json,
    /// YAML.
    Yaml,
}

/// Run the CLI with the process arguments; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => 2,
            };
        }
    };
    run(&cli)
}

/// Run a parsed command line; returns the exit code.
pub fn run(cli: &Cli) -> i32 {
    match execute(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            2
        }
    }
}

fn input_paths(args: &InputArgs) -> Vec<PathBuf> {
    if args.paths.is_empty() {
        vec![PathBuf::from(DEFAULT_INPUT)]
    } else {
        args.paths.clone()
    }
}

fn execute(cli: &Cli) -> anyhow::Result<i32> {
    match &cli.command {
        Command::Dump(args) => {
            let (model, _) = load(cli, &input_paths(&args.inputs), &args.inputs.load_options())?;
            report(cli, &model.diagnostics, &summary(&model));
            let text = match args.format {
                DumpFormat::Json => serde_json::to_string_pretty(&model)? + "\n",
                DumpFormat::Yaml => crate::yaml::to_string(&model)?,
            };
            std::io::stdout().write_all(text.as_bytes())?;
            Ok(exit_code(&model.diagnostics))
        }
        Command::List(args) => {
            let (model, _) = load(cli, &input_paths(args), &args.load_options())?;
            report(cli, &model.diagnostics, &summary(&model));
            std::io::stdout().write_all(list(&model).as_bytes())?;
            Ok(exit_code(&model.diagnostics))
        }
        Command::Diagram(args) => {
            let (model, _) = load(cli, &input_paths(&args.inputs), &args.inputs.load_options())?;
            report(cli, &model.diagnostics, &summary(&model));
            let format = match args.format {
                DiagramSyntax::Mermaid => crate::diagram::DiagramFormat::Mermaid,
                DiagramSyntax::Dot => crate::diagram::DiagramFormat::Dot,
            };
            let text = crate::diagram::render(&model, format, &args.tables);
            std::io::stdout().write_all(text.as_bytes())?;
            Ok(exit_code(&model.diagnostics))
        }
        Command::Coverage(args) => {
            let files = inputs::collect(&input_paths(&args.inputs))?;
            let mut rows = Vec::with_capacity(files.len());
            let mut unknown = String::new();
            for file in &files {
                let path = inputs::display_path(file);
                // An unpacked solution: one row per XML file, counting elements.
                if file.is_dir() {
                    let read = crate::sources::solution::read_dir(
                        file,
                        &path,
                        args.inputs.load_options().solution(),
                    )?;
                    for c in read.coverage {
                        if args.unknown {
                            for (l, msg) in &c.unknown {
                                unknown.push_str(&format!("{}:{l}: {msg}\n", c.path));
                            }
                        }
                        rows.push((c.path, c.counts));
                    }
                    continue;
                }
                let bytes = std::fs::read(file)?;
                // Exported table definitions: one "line" per property.
                if crate::sources::metadata_json::is_json_path(file) {
                    let (_, cov) = crate::sources::metadata_json::read_file_with_coverage(
                        &path,
                        &bytes,
                        &args.inputs.load_options().metadata_json(),
                    );
                    if args.unknown {
                        for (l, json_path) in &cov.unknown {
                            unknown.push_str(&format!("{path}:{l}: {json_path}\n"));
                        }
                    }
                    rows.push((path, cov.counts));
                    continue;
                }
                let (_, cov) = crate::sources::markdown::parse_page_with_coverage(&path, &bytes);
                if args.unknown {
                    let text = String::from_utf8_lossy(&bytes);
                    let lines: Vec<&str> = text.lines().collect();
                    for l in cov.unknown_lines() {
                        let t = lines.get(l as usize - 1).copied().unwrap_or("");
                        unknown.push_str(&format!("{path}:{l}: {t}\n"));
                    }
                }
                rows.push((path, cov.counts()));
            }
            let mut out = coverage_table(&rows);
            out.push_str(&unknown);
            std::io::stdout().write_all(out.as_bytes())?;
            Ok(i32::from(rows.iter().any(|(_, c)| c.unknown > 0)))
        }
        Command::Diff(args) => crate::diff::command::run(args, cli.quiet, cli.verbose),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(*shell, &mut Cli::command(), "dvgen", &mut std::io::stdout());
            Ok(0)
        }
        Command::Generate(args) | Command::Check(args) => {
            let check = matches!(cli.command, Command::Check(_));
            let resolved = resolve(args)?;
            if let (RuntimeDependency::Path(path), false) = (&resolved.options.runtime, cli.quiet) {
                if let Some(warning) = runtime_path_warning(&resolved.out, path) {
                    eprintln!("{warning}");
                }
            }
            let (mut model, _) = load(cli, &resolved.inputs, &resolved.load)?;
            resolved.config.select_tables(&mut model);
            let dry_run = args.dry_run || check;
            let out = &resolved.out;
            let target = Target {
                out_dir: out,
                layout: Layout::Crate,
                write: WriteOptions {
                    dry_run,
                    force: false,
                },
                use_cache: !args.no_cache,
            };
            let outcome = regenerate(&model, &resolved.options, &target)?;
            report(cli, &outcome.diagnostics, &summary(&model));
            if outcome.skipped && cli.verbose {
                eprintln!("{SKIPPED_NOTE}");
            }
            if check {
                if outcome.report.changes() > 0 {
                    eprintln!(
                        "{} is stale: run `dvgen generate` to update it",
                        out.display()
                    );
                    print_changes(out, &outcome.report, &outcome.line_changes, true);
                    eprint!(
                        "{}",
                        crate::diff::command::check_summary(out, &model, &resolved.options)
                    );
                    return Ok(1);
                }
                if !cli.quiet {
                    eprintln!("{} is up to date", out.display());
                }
                return Ok(exit_code(&outcome.diagnostics));
            }
            if !cli.quiet || dry_run {
                print_changes(out, &outcome.report, &outcome.line_changes, dry_run);
            }
            Ok(exit_code(&outcome.diagnostics))
        }
    }
}

/// The runtime dependency the configuration asks for: exactly one of
/// `runtime_path`, `runtime_git` (with `runtime_rev`) and `runtime_version`;
/// when none is given, the `runtime/` folder of the dvgen repository the
/// output folder is in. Outside the repository that is an error telling
/// which option to pass: `dvgen-runtime` is not published on crates.io, and a
/// registry dependency by default would build against whatever a stranger
/// published under that name.
pub fn runtime_dependency(config: &Config, out: &Path) -> anyhow::Result<RuntimeDependency> {
    let given = [
        ("runtime_path", config.runtime_path.is_some()),
        ("runtime_git", config.runtime_git.is_some()),
        ("runtime_version", config.runtime_version.is_some()),
    ];
    let set: Vec<&str> = given.iter().filter(|(_, s)| *s).map(|(k, _)| *k).collect();
    if set.len() > 1 {
        anyhow::bail!(
            "the runtime dependency is given twice ({}): keep one",
            set.join(", ")
        );
    }
    if config.runtime_rev.is_some() && config.runtime_git.is_none() {
        anyhow::bail!("runtime_rev needs runtime_git (the repository it pins)");
    }
    if let Some(path) = &config.runtime_path {
        return Ok(RuntimeDependency::Path(path.clone()));
    }
    if let Some(url) = &config.runtime_git {
        return Ok(RuntimeDependency::Git {
            url: url.clone(),
            rev: config.runtime_rev.clone(),
        });
    }
    if let Some(version) = &config.runtime_version {
        return Ok(RuntimeDependency::Version(version.clone()));
    }
    default_runtime(out).ok_or_else(|| {
        anyhow::anyhow!(
            "the generated crate in `{out}` needs the runtime crate `dvgen-runtime`, and `{out}` is \
             not inside a dvgen repository, so say where dvgen-runtime comes from \
             (it is not published on crates.io; a crate of that name there would not be dvgen's):\n\
             \x20 --runtime-path PATH    a dvgen checkout's runtime/ folder, relative to `{out}` \
             (e.g. --runtime-path ../dvgen/runtime)\n\
             \x20 --runtime-git URL      a git dependency on a dvgen repository (pin it with --runtime-rev REV)\n\
             \x20 --runtime-version VER  a release in a registry you control\n\
             or set runtime_path, runtime_git (and runtime_rev) or runtime_version in dvgen.yaml; \
             see \"Using dvgen outside this repository\" in dvgen's README",
            out = out.display()
        )
    })
}

/// A warning when the path dependency `path` (relative to the output folder
/// `out`) is not a `dvgen-runtime` crate: the generated crate would not
/// build. `None` when it is one.
pub fn runtime_path_warning(out: &Path, path: &str) -> Option<String> {
    // Lexically (the output folder may not exist yet).
    let mut dir = PathBuf::new();
    for part in absolute(out).join(path).components() {
        match part {
            std::path::Component::ParentDir => {
                dir.pop();
            }
            std::path::Component::CurDir => {}
            other => dir.push(other),
        }
    }
    let manifest = dir.join("Cargo.toml");
    (!is_runtime_crate(&dir)).then(|| {
        format!(
            "warning: the runtime path `{path}` (relative to `{}`) is not a dvgen-runtime crate: \
             `{}` {}; the generated crate will not build until it is",
            out.display(),
            manifest.display(),
            if manifest.exists() {
                "does not name dvgen-runtime"
            } else {
                "does not exist"
            }
        )
    })
}

/// The runtime dependency when none is given: the `runtime/` folder of the
/// dvgen repository the output folder is in (a relative path dependency);
/// `None` outside such a repository.
pub fn default_runtime(out: &Path) -> Option<RuntimeDependency> {
    let absolute = absolute(out);
    let mut ancestor = absolute.parent();
    while let Some(dir) = ancestor {
        if is_runtime_crate(&dir.join("runtime")) {
            if let Some(rel) = relative_path(&absolute, &dir.join("runtime")) {
                return Some(RuntimeDependency::Path(rel));
            }
        }
        ancestor = dir.parent();
    }
    None
}

/// `path`, made absolute against the current folder.
fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    }
}

/// True when `dir` holds the manifest of the `dvgen-runtime` crate.
fn is_runtime_crate(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("Cargo.toml"))
        .is_ok_and(|t| t.lines().any(|l| l.trim() == "name = \"dvgen-runtime\""))
}

/// `to` relative to `from` (both absolute, lexically), with forward slashes.
fn relative_path(from: &Path, to: &Path) -> Option<String> {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Some(if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    })
}

/// The `coverage` table: one row per page and a total row.
pub fn coverage_table(rows: &[(String, crate::sources::markdown::CoverageCounts)]) -> String {
    let mut total = crate::sources::markdown::CoverageCounts::default();
    for (_, c) in rows {
        total.lines += c.lines;
        total.used += c.used;
        total.ignored += c.ignored;
        total.unknown += c.unknown;
    }
    let total_label = format!("total ({} pages)", rows.len());
    let width = rows
        .iter()
        .map(|(p, _)| p.chars().count())
        .chain([4, total_label.len()])
        .max()
        .unwrap_or(4);
    let mut out = format!(
        "{:<width$}  {:>7}  {:>7}  {:>7}  {:>7}\n",
        "page", "lines", "used", "ignored", "unknown"
    );
    for (p, c) in rows
        .iter()
        .map(|(p, c)| (p.as_str(), c))
        .chain([(total_label.as_str(), &total)])
    {
        out.push_str(&format!(
            "{p:<width$}  {:>7}  {:>7}  {:>7}  {:>7}\n",
            c.lines, c.used, c.ignored, c.unknown
        ));
    }
    out
}

fn exit_code(diags: &[Diagnostic]) -> i32 {
    i32::from(diags.iter().any(|d| d.severity == Severity::Error))
}

/// "12 pages, 9 tables, 1,234 columns, 3 warnings".
pub fn summary(model: &Model) -> String {
    let columns: usize = model.tables.iter().map(|t| t.columns.len()).sum();
    let count = |s: Severity| model.diagnostics.iter().filter(|d| d.severity == s).count();
    format!(
        "{} pages, {} tables, {} columns, {} errors, {} warnings",
        thousands(model.pages.len()),
        thousands(model.tables.len()),
        thousands(columns),
        thousands(count(Severity::Error)),
        thousands(count(Severity::Warning)),
    )
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Inputs with at least this many pages show a progress bar (terminal only).
const PROGRESS_MIN_PAGES: usize = 100;

/// Load the model, drawing a progress bar on stderr for large inputs when
/// stderr is a terminal and `--quiet` is not given.
fn load(
    cli: &Cli,
    paths: &[PathBuf],
    options: &LoadOptions,
) -> anyhow::Result<(Model, Vec<PathBuf>)> {
    use std::io::IsTerminal as _;
    let show = !cli.quiet && std::io::stderr().is_terminal();
    let draw = |done: usize, total: usize| {
        if show && total >= PROGRESS_MIN_PAGES {
            eprint!("\r{}", progress_bar(done, total, 30));
            if done == total {
                eprintln!();
            }
        }
    };
    Ok(inputs::load_model_with(paths, options, &draw)?)
}

/// `[=====>     ] 120/400 pages`.
pub fn progress_bar(done: usize, total: usize, width: usize) -> String {
    let filled = (done * width)
        .checked_div(total)
        .unwrap_or(width)
        .min(width);
    let mut bar = "=".repeat(filled);
    if filled < width {
        bar.push('>');
        bar.push_str(&" ".repeat(width - filled - 1));
    }
    format!("[{bar}] {done}/{total} pages")
}

/// True when stderr is a terminal and `NO_COLOR` is not set.
fn color_stderr() -> bool {
    use std::io::IsTerminal as _;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn report(cli: &Cli, diags: &[Diagnostic], summary: &str) {
    let mut renderer = DiagnosticRenderer::new(color_stderr());
    let mut err = std::io::stderr().lock();
    for d in diags {
        let show = match d.severity {
            Severity::Error => true,
            Severity::Warning => !cli.quiet,
            Severity::Note => cli.verbose,
        };
        if show {
            let _ = writeln!(err, "{}\n", renderer.render(d));
        }
    }
    if !cli.quiet {
        let _ = writeln!(err, "{summary}");
    }
}

fn print_changes(
    out: &Path,
    report: &WriteReport,
    line_changes: &std::collections::BTreeMap<String, (usize, usize)>,
    dry_run: bool,
) {
    let verb = |done: &'static str, would: &'static str| if dry_run { would } else { done };
    let mut err = std::io::stderr().lock();
    for f in &report.created {
        let _ = writeln!(
            err,
            "  {} {}",
            verb("created", "would create"),
            out.join(f).display()
        );
    }
    for f in &report.updated {
        if dry_run {
            // The size of the change, measured against the file still on disk.
            let (added, removed) = line_changes.get(f).copied().unwrap_or_default();
            let _ = writeln!(
                err,
                "  would update {} (+{added} -{removed} lines)",
                out.join(f).display()
            );
        } else {
            let _ = writeln!(err, "  updated {}", out.join(f).display());
        }
    }
    for f in &report.removed {
        let _ = writeln!(
            err,
            "  {} {}",
            verb("removed", "would remove"),
            out.join(f).display()
        );
    }
    let _ = writeln!(
        err,
        "{} files {}, {} unchanged",
        report.changes(),
        verb("changed", "would change"),
        report.unchanged.len()
    );
}

/// The `list` table.
pub fn list(model: &Model) -> String {
    let mut out = String::from("TABLE\tCOLUMNS\tCHOICE VALUES\t1:N\tN:1\tN:N\tMESSAGES\tPAGES\n");
    for t in &model.tables {
        let choices: usize = t
            .columns
            .iter()
            .filter_map(|c| c.options.as_ref().map(Vec::len))
            .sum();
        let rels = |k: RelationshipKind| t.relationships.iter().filter(|r| r.kind == k).count();
        let mut pages: Vec<String> = t
            .provenance
            .iter()
            // The layer of each page: docs product, or the solution's name and version.
            .map(|p| format!("{} ({})", p.page, crate::emit::docs::origin(p)))
            .collect();
        pages.dedup();
        out.push_str(&format!(
            "{}{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            t.logical_name,
            if t.derived { " (derived)" } else { "" },
            t.columns.len(),
            choices,
            rels(RelationshipKind::OneToMany),
            rels(RelationshipKind::ManyToOne),
            rels(RelationshipKind::ManyToMany),
            t.messages.len(),
            pages.join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod progress_tests {
    use super::progress_bar;

    #[test]
    fn progress_bar_fills_in_proportion() {
        assert_eq!(progress_bar(0, 4, 4), "[>   ] 0/4 pages");
        assert_eq!(progress_bar(2, 4, 4), "[==> ] 2/4 pages");
        assert_eq!(progress_bar(4, 4, 4), "[====] 4/4 pages");
        assert_eq!(progress_bar(0, 0, 4), "[====] 0/0 pages");
    }
}
