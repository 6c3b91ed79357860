//! `dvgen diff`: the command line of the schema diff (the clap arguments and
//! what the command does; `cli.rs` only dispatches here).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use clap::{Args, ValueEnum};

use super::{compare, render, schema, Change, Impact};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Severity};
use crate::emit::EmitOptions;
use crate::inputs;
use crate::model::Model;
use crate::render_diagnostics::DiagnosticRenderer;

/// Options of `diff`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("old_side").required(true).args(["old", "since"])))]
pub struct DiffArgs {
    /// The old inputs: page files or folders.
    #[arg(long, num_args = 1.., value_name = "PATH", requires = "new")]
    pub old: Vec<PathBuf>,
    /// The new inputs: page files or folders.
    #[arg(long, num_args = 1.., value_name = "PATH", conflicts_with = "since")]
    pub new: Vec<PathBuf>,
    /// Compare the inputs as they were at this git revision with the inputs now.
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
    /// With `--since`: the input files or folders [default: the `inputs` of dvgen.yaml, else docs-input].
    #[arg(value_name = "PATH", requires = "since")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Exit 1 when any change has this impact (`breaking`).
    #[arg(long, value_enum, value_name = "IMPACT")]
    pub deny: Option<DenyImpact>,
    /// Configuration file (its `names` overrides and table selection apply to both sides)
    /// [default: dvgen.yaml when present].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Language code (LCID) of the labels read from unpacked solutions and
    /// exported table definitions [default: `language` of dvgen.yaml, else 1033].
    #[arg(long, value_name = "LCID")]
    pub language: Option<u32>,
}

/// `diff` output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Readable text grouped by table (coloured on a terminal unless `NO_COLOR` is set).
    Text,
    /// `{"changes": [...]}`.
    Json,
    /// Markdown for a pull-request comment.
    Markdown,
}

/// Impacts `--deny` can gate on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DenyImpact {
    /// Any breaking change.
    Breaking,
}

/// Run `dvgen diff`; returns the exit code (0, or 1 when `--deny` matched).
pub fn run(args: &DiffArgs, quiet: bool, verbose: bool) -> anyhow::Result<i32> {
    let config = Config::discover(args.config.as_deref())?;
    let options = EmitOptions {
        names: config.names.clone(),
        ..EmitOptions::default()
    };
    let read = inputs::LoadOptions::language_or_default(args.language.or(config.language));
    let load = |paths: &[PathBuf]| -> anyhow::Result<Model> {
        Ok(inputs::load_model_with(paths, &read, &|_, _| {})?.0)
    };
    let (old_model, new_model, _temp) = match &args.since {
        Some(rev) => {
            let paths = if !args.paths.is_empty() {
                args.paths.clone()
            } else if !config.inputs.is_empty() {
                let base = args
                    .config
                    .as_deref()
                    .and_then(Path::parent)
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                config.input_paths(&base)?
            } else {
                vec![PathBuf::from(crate::cli::DEFAULT_INPUT)]
            };
            let temp = tempdir()?;
            let at = checkout_at(rev, &paths, temp.path())?;
            for path in &at.missing {
                if !quiet {
                    eprintln!(
                        "note: {} did not exist at {rev}: everything in it is new",
                        path.display()
                    );
                }
            }
            // Nothing existed then: the old side is empty.
            let old = if at.paths.is_empty() {
                Model::default()
            } else {
                load(&at.paths)?
            };
            let new = load(&paths)?;
            (old, new, Some(temp))
        }
        None => (load(&args.old)?, load(&args.new)?, None),
    };
    let mut models = [old_model, new_model];
    for m in &mut models {
        config.select_tables(m);
        report(&m.diagnostics, quiet, verbose);
    }
    let [old_model, new_model] = models;
    let changes = compare(&schema(&old_model, &options), &schema(&new_model, &options));
    let text = match args.format {
        DiffFormat::Text => render::text(&changes, color_stdout()),
        DiffFormat::Json => render::json(&changes),
        DiffFormat::Markdown => render::markdown(&changes),
    };
    std::io::stdout().write_all(text.as_bytes())?;
    Ok(deny_code(&changes, args.deny))
}

/// 1 when `deny` is given and a change has that impact.
pub fn deny_code(changes: &[Change], deny: Option<DenyImpact>) -> i32 {
    match deny {
        Some(DenyImpact::Breaking) => {
            i32::from(changes.iter().any(|c| c.impact == Impact::Breaking))
        }
        None => 0,
    }
}

/// True when stdout is a terminal and `NO_COLOR` is not set.
fn color_stdout() -> bool {
    use std::io::IsTerminal as _;
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Errors always, warnings with `--verbose`; a count otherwise.
fn report(diags: &[Diagnostic], quiet: bool, verbose: bool) {
    use std::io::IsTerminal as _;
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut renderer = DiagnosticRenderer::new(color);
    let mut err = std::io::stderr().lock();
    let mut hidden = 0usize;
    for d in diags {
        let show = match d.severity {
            Severity::Error => true,
            Severity::Warning => verbose,
            Severity::Note => false,
        };
        if show {
            let _ = writeln!(err, "{}\n", renderer.render(d));
        } else if d.severity == Severity::Warning {
            hidden += 1;
        }
    }
    if hidden > 0 && !quiet {
        let _ = writeln!(
            err,
            "{hidden} warnings in the inputs (--verbose to show them)"
        );
    }
}

fn tempdir() -> anyhow::Result<TempDir> {
    let base = std::env::temp_dir();
    for n in 0..1000u32 {
        let path = base.join(format!("dvgen-diff-{}-{n}", std::process::id()));
        if std::fs::create_dir(&path).is_ok() {
            return Ok(TempDir(path));
        }
    }
    anyhow::bail!("cannot create a temporary folder in {}", base.display())
}

/// A folder removed when dropped.
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl TempDir {
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn git(args: &[&str], dir: &Path) -> anyhow::Result<Vec<u8>> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| anyhow::anyhow!("`--since` needs the `git` command: {e}"))?;
    if !output.status.success() {
        anyhow::bail!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(output.stdout)
}

/// The content of each git blob of `objects`, in order, read by one
/// `git cat-file --batch` (not one process per file).
fn read_blobs(objects: &[&str], dir: &Path) -> anyhow::Result<Vec<Vec<u8>>> {
    use std::io::{BufRead as _, Read as _, Write as _};
    if objects.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = Command::new("git")
        .args(["cat-file", "--batch"])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| anyhow::anyhow!("`--since` needs the `git` command: {e}"))?;
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        anyhow::bail!("git cat-file: no pipes");
    };
    let request: String = objects.iter().map(|o| format!("{o}\n")).collect();
    // Written from another thread: git answers while it reads, and a full
    // pipe either way would stall both.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut stdout = std::io::BufReader::new(stdout);
    let mut blobs = Vec::with_capacity(objects.len());
    for object in objects {
        let mut header = String::new();
        stdout.read_line(&mut header)?;
        // `<object> blob <size>`, or `<object> missing`.
        let size = match header.trim_end().rsplit_once(' ') {
            Some((head, size)) if head.ends_with(" blob") => size.parse::<usize>().ok(),
            _ => None,
        };
        let Some(size) = size else {
            let _ = child.kill();
            anyhow::bail!("git cat-file {object}: {}", header.trim_end());
        };
        let mut bytes = vec![0; size];
        stdout.read_exact(&mut bytes)?;
        let mut newline = [0u8; 1];
        stdout.read_exact(&mut newline)?;
        blobs.push(bytes);
    }
    drop(stdout);
    writer
        .join()
        .map_err(|_| anyhow::anyhow!("git cat-file: the writer panicked"))??;
    child.wait()?;
    Ok(blobs)
}

/// The inputs as they were at a revision ([`checkout_at`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckedOut {
    /// The paths to read (each input at the same place relative to the
    /// repository root), for the inputs that existed at the revision.
    pub paths: Vec<PathBuf>,
    /// The inputs that did not exist then (all their pages are new).
    pub missing: Vec<PathBuf>,
}

/// Write the files under `paths` as they were at `rev` into `into`. Fails
/// clearly outside a git repository, for an unknown revision, or for an
/// input outside the repository; an input that did not exist at `rev` is
/// listed in [`CheckedOut::missing`].
pub fn checkout_at(rev: &str, paths: &[PathBuf], into: &Path) -> anyhow::Result<CheckedOut> {
    let cwd = std::env::current_dir()?;
    let top = git(&["rev-parse", "--show-toplevel"], &cwd).map_err(|e| {
        anyhow::anyhow!(
            "`--since {rev}` needs a git repository ({} is not in one): {e}",
            cwd.display()
        )
    })?;
    let top = PathBuf::from(String::from_utf8_lossy(&top).trim());
    let top = std::fs::canonicalize(&top).unwrap_or(top);
    let commit = git(
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
        &top,
    )
    .map_err(|_| {
        anyhow::anyhow!(
            "`{rev}` is not a revision of the repository at {}",
            top.display()
        )
    })?;
    let commit = String::from_utf8_lossy(&commit).trim().to_string();
    let mut out = CheckedOut::default();
    // Every file of every input, read together at the end.
    let mut entries: Vec<(String, String)> = Vec::new();
    for path in paths {
        let absolute = if path.is_absolute() {
            path.clone()
        } else {
            cwd.join(path)
        };
        let absolute = std::fs::canonicalize(&absolute).unwrap_or(absolute);
        let rel = absolute.strip_prefix(&top).map_err(|_| {
            anyhow::anyhow!(
                "input {} is outside the git repository at {}",
                path.display(),
                top.display()
            )
        })?;
        let rel_text = rel.to_string_lossy().replace('\\', "/");
        let spec = if rel_text.is_empty() {
            ".".to_string()
        } else {
            rel_text.clone()
        };
        let listed = git(&["ls-tree", "-r", "-z", &commit, "--", &spec], &top)?;
        // `<mode> <type> <object>\t<path>`; only files (not submodules).
        let before = entries.len();
        entries.extend(listed.split(|b| *b == 0).filter_map(|entry| {
            let entry = String::from_utf8_lossy(entry);
            let (meta, file) = entry.split_once('\t')?;
            let mut meta = meta.split(' ');
            let (_, kind, object) = (meta.next()?, meta.next()?, meta.next()?);
            (kind == "blob").then(|| (object.to_string(), file.to_string()))
        }));
        if entries.len() == before {
            out.missing.push(path.clone());
        } else {
            out.paths.push(into.join(rel));
        }
    }
    let objects: Vec<&str> = entries.iter().map(|(o, _)| o.as_str()).collect();
    for ((_, file), bytes) in entries.iter().zip(read_blobs(&objects, &top)?) {
        let target = into.join(file);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, bytes)?;
    }
    Ok(out)
}

/// What `dvgen check` prints beside the stale files: the schema changes
/// between the last generation into `out` (its recorded schema) and `model`.
pub fn check_summary(out: &Path, model: &Model, options: &EmitOptions) -> String {
    use std::io::IsTerminal as _;
    let Some(old) = crate::cache::load_schema(out) else {
        return format!(
            "schema changes since the last generation: unknown (no record of it beside {}; \
             `dvgen generate` keeps one)\n",
            out.display()
        );
    };
    let new = schema(model, options).compact();
    let changes = compare(&old, &new);
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    format!(
        "schema changes since the last generation:\n{}",
        render::text(&changes, color)
    )
}
