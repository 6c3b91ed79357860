//! The `dvgen` binary, run as a user would: exit codes, outputs, `check`
//! drift detection, safe writing, diagrams.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dvgen(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dvgen"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("dvgen runs")
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_and_version() {
    let out = dvgen(&["--help"], &repo());
    assert!(out.status.success());
    insta::assert_snapshot!("help", text(&out.stdout));
    let out = dvgen(&["generate", "--help"], &repo());
    assert!(out.status.success());
    insta::assert_snapshot!("generate_help", text(&out.stdout));
    let out = dvgen(&["--version"], &repo());
    assert_eq!(
        text(&out.stdout).trim(),
        format!("dvgen {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(dvgen(&["--no-such-flag"], &repo()).status.code(), Some(2));
    assert_eq!(
        dvgen(&["dump", "--format", "xml"], &repo()).status.code(),
        Some(2)
    );
    let out = dvgen(&["dump", "no/such/page.md"], &repo());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("does not exist"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn dump_prints_the_model_as_json_and_yaml() {
    let out = dvgen(
        &[
            "dump",
            "--format",
            "json",
            "docs-input/customer-service/lead.md",
        ],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let tables = json["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 1);
    assert_eq!(tables[0]["logical_name"], "lead");
    assert_eq!(tables[0]["messages"][0]["name"], "msdyn_GDPROptoutLead");
    assert_eq!(
        tables[0]["relationships"][0]["schema_name"],
        "lead_msdyn_bookingalerts"
    );
    assert_eq!(tables[0]["relationships"][0]["kind"], "one_to_many");

    let out = dvgen(
        &[
            "dump",
            "--format",
            "yaml",
            "docs-input/customer-service/lead.md",
        ],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("logical_name: lead"));
}

#[test]
fn dump_of_a_broken_page_exits_1_and_still_prints() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(repo().join("docs-input/customer-service/lead.md")).unwrap();
    std::fs::write(dir.path().join("lead.md"), &good).unwrap();
    std::fs::write(
        dir.path().join("garbage.md"),
        b"\x00\xff\xfe binary \x00 garbage",
    )
    .unwrap();
    let out = dvgen(&["dump", "."], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["tables"][0]["logical_name"], "lead",
        "the good page is still there"
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("garbage.md:"),
        "diagnostic names the file: {stderr}"
    );
}

#[test]
fn generate_then_check_detects_drift_and_writes_nothing_when_fresh() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("crate");
    let docs = repo().join("docs-input");
    let runtime = repo().join("runtime");
    let args = |cmd: &'static str| -> Vec<String> {
        vec![
            cmd.into(),
            "--out".into(),
            out_dir.to_string_lossy().into(),
            "--runtime-path".into(),
            runtime.to_string_lossy().into(),
            docs.to_string_lossy().into(),
        ]
    };
    let run = |cmd: &'static str| {
        let a = args(cmd);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        dvgen(&a, dir.path())
    };
    let out = run("generate");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out_dir.join("Cargo.toml").is_file());
    assert!(out_dir.join("src/lib.rs").is_file());

    let out = run("check");
    assert_eq!(out.status.code(), Some(0), "fresh: {}", text(&out.stderr));

    // A hand-written file beside the generated ones is never touched.
    std::fs::write(out_dir.join("src/mine.rs"), "// mine\n").unwrap();
    // Drift: edit a generated file.
    let lib = out_dir.join("src/lib.rs");
    let original = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(&lib, format!("{original}\n// edited\n")).unwrap();
    let out = run("check");
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("stale") && stderr.contains("lib.rs"),
        "{stderr}"
    );

    let out = run("generate");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&lib).unwrap(), original);
    assert_eq!(
        std::fs::read_to_string(out_dir.join("src/mine.rs")).unwrap(),
        "// mine\n"
    );

    // No-op regeneration writes nothing: modification times stay.
    let before = std::fs::metadata(&lib).unwrap().modified().unwrap();
    let out = run("generate");
    assert!(
        text(&out.stderr).contains("0 files changed"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::metadata(&lib).unwrap().modified().unwrap(), before);
}

#[test]
fn list_counts_tables() {
    let out = dvgen(&["list", "docs-input"], &repo());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for table in ["connection", "contactleads", "lead", "opportunity"] {
        assert!(
            stdout.lines().any(|l| l.starts_with(&format!("{table}\t"))),
            "{table} missing from:\n{stdout}"
        );
    }
    assert!(
        text(&out.stderr).contains("8 pages, 4 tables"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn diagrams_are_valid() {
    let out = dvgen(&["diagram", "docs-input"], &repo());
    assert_eq!(out.status.code(), Some(0));
    let mermaid = text(&out.stdout);
    assert!(mermaid.starts_with("erDiagram\n"));
    assert!(
        mermaid.contains("lead ||--o{ msdyn_bookingalert : \"lead_msdyn_bookingalerts\""),
        "{mermaid}"
    );

    let out = dvgen(
        &[
            "diagram",
            "--format",
            "dot",
            "--table",
            "connection",
            "docs-input",
        ],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0));
    let dot = text(&out.stdout);
    assert!(dot.starts_with("digraph dataverse {"));
    // Validate with Graphviz where it is installed; CI (`CI=true`, which
    // `.ci/run` sets and where it installs Graphviz) must have it.
    let spawned = Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    if let Ok(mut child) = spawned {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(dot.as_bytes())
            .unwrap();
        let result = child.wait_with_output().unwrap();
        assert!(
            result.status.success(),
            "dot rejected:\n{}",
            text(&result.stderr)
        );
        assert!(text(&result.stdout).contains("<svg"));
    } else if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
        panic!("CI=true but graphviz `dot` is not installed: .ci/run installs it");
    } else {
        eprintln!("graphviz `dot` not installed: DOT syntax not validated by a real tool");
    }
}

#[test]
fn configuration_settles_a_real_naming_clash() {
    // Quote's status reasons 1 and 2 are both labelled "In Progress" (quote.md
    // lines 1242-1243): by rule they become `InProgress1` / `InProgress2`.
    // Configuration names them, renames a column and the table, from a file
    // and from flags.
    let dir = tempfile::tempdir().unwrap();
    let page = repo().join("tests/corpus/d365ce/quote.md");
    let runtime = repo().join("runtime");
    std::fs::write(
        dir.path().join("dvgen.yaml"),
        format!(
            "inputs: [{page}]\nout: crate\nruntime_path: {runtime}\nnames:\n  tables: {{ quote: SalesQuote }}\n  choices:\n    quote.statuscode.1: InProgressDraft\n",
            page = page.display(),
            runtime = runtime.display()
        ),
    )
    .unwrap();
    let out = dvgen(
        &[
            "generate",
            "--rename-choice",
            "quote_statuscode.2=InProgressActive",
            "--rename-column",
            "quote.name=title",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let code = std::fs::read_to_string(dir.path().join("crate/src/sales_quote.rs")).unwrap();
    assert!(code.contains("pub struct SalesQuote {"));
    assert!(code.contains("    InProgressDraft,\n") && code.contains("    InProgressActive,\n"));
    assert!(!code.contains("InProgress1") && !code.contains("InProgress2"));
    assert!(code.contains("pub title: Option<String>"));
    assert!(
        code.contains("\"name\", &self.title)?;"),
        "the wire name stays"
    );
    let toml = std::fs::read_to_string(dir.path().join("crate/Cargo.toml")).unwrap();
    assert!(toml.contains("sales_quote = []"), "{toml}");
    syn::parse_file(&code).expect("valid Rust");

    // A typo in the configuration is an error naming the line.
    std::fs::write(dir.path().join("dvgen.yaml"), "inputs: []\nnmaes: {}\n").unwrap();
    let out = dvgen(&["generate"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("dvgen.yaml:2:"),
        "{}",
        text(&out.stderr)
    );
}

/// The `dump --format json` contract, checked from outside on every page of
/// the independent counts table: `tables[]` with `logical_name`,
/// `schema_name`, `columns[]` (`logical_name`, `schema_name`, `type`,
/// `options[]` of `{value, label}`), `relationships[]` (`schema_name`, `kind`)
/// and `messages[]` (`name`).
#[test]
fn dump_json_contract_matches_the_independent_counts() {
    let tsv =
        std::fs::read_to_string(repo().join("tests/corpus-counts/EXPECTED_COUNTS.tsv")).unwrap();
    let mut lines = tsv.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let mut checked = 0;
    let mut problems = Vec::new();
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        let num = |name: &str| f[col(name)].parse::<u64>().unwrap();
        let path = f[col("path")];
        let out = dvgen(&["dump", "--format", "json", path], &repo());
        assert_eq!(
            out.status.code(),
            Some(0),
            "{path}: dump failed:\n{}",
            text(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let tables = json["tables"].as_array().unwrap();
        let (mut columns, mut choices, mut messages) = (0u64, 0u64, 0u64);
        let mut kinds = std::collections::BTreeMap::<String, u64>::new();
        for t in tables {
            assert!(
                t["logical_name"].is_string() && t["schema_name"].is_string(),
                "{path}"
            );
            for c in t["columns"].as_array().unwrap() {
                assert!(
                    c["logical_name"].is_string() && c["schema_name"].is_string(),
                    "{path}"
                );
                assert!(c.get("type").is_some(), "{path}: column without type key");
                columns += 1;
                if let Some(options) = c.get("options").and_then(|o| o.as_array()) {
                    for o in options {
                        assert!(o["value"].is_i64() && o["label"].is_string(), "{path}: {o}");
                    }
                    choices += options.len() as u64;
                }
            }
            for r in t["relationships"].as_array().unwrap() {
                assert!(r["schema_name"].is_string(), "{path}");
                if r.get("derived") != Some(&serde_json::Value::Bool(true)) {
                    *kinds
                        .entry(r["kind"].as_str().unwrap().to_string())
                        .or_default() += 1;
                }
            }
            for m in t["messages"].as_array().unwrap() {
                assert!(m["name"].is_string(), "{path}");
                messages += 1;
            }
        }
        let kind = |k: &str| kinds.get(k).copied().unwrap_or(0);
        for (field, expected, actual) in [
            ("columns", num("columns"), columns),
            ("choice_values", num("choice_values"), choices),
            ("one_to_many", num("one_to_many"), kind("one_to_many")),
            ("many_to_one", num("many_to_one"), kind("many_to_one")),
            ("many_to_many", num("many_to_many"), kind("many_to_many")),
            ("messages", num("messages"), messages),
        ] {
            if expected != actual {
                problems.push(format!(
                    "{path}: {field} expected {expected}, dump says {actual}"
                ));
            }
        }
        checked += 1;
    }
    assert!(checked >= 50, "{checked} pages");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn list_and_diagram_output_snapshots() {
    let out = dvgen(&["list", "docs-input"], &repo());
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("list_docs_input", text(&out.stdout));
    let out = dvgen(
        &[
            "diagram",
            "--format",
            "mermaid",
            "--table",
            "contactleads",
            "docs-input",
        ],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("diagram_contactleads", text(&out.stdout));
}

/// Every file under `dir` (relative path → content).
fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// Copy the `*.md` files of `from` into `to`, keeping the folders.
fn copy_pages(from: &Path, to: &Path) {
    for (rel, bytes) in tree(from) {
        if rel.ends_with(".md") {
            let path = to.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
    }
}

/// The diagnostics part of `generate`'s stderr: everything before the summary line.
fn diagnostics_part(stderr: &str) -> &str {
    let summary = stderr.find(" pages, ").expect("a summary line");
    &stderr[..stderr[..summary].rfind('\n').map_or(0, |i| i + 1)]
}

/// `dvgen generate` skips emitting exactly when nothing changed, and whatever
/// changed (a page, an option, an output file edited or deleted), the
/// output ends up as a full generation writes it.
#[test]
fn regeneration_is_skipped_only_when_nothing_changed() {
    const SKIPPED: &str = "emitting skipped";
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    copy_pages(&repo().join("docs-input"), &docs);
    let runtime = repo().join("runtime");
    let out = dir.path().join("crate");
    let run = |cmd: &str, out: &Path, extra: &[&str]| -> (Option<i32>, String) {
        let mut args = vec![
            "-v".to_string(),
            cmd.to_string(),
            "--out".into(),
            out.to_string_lossy().into(),
            "--runtime-path".into(),
            runtime.to_string_lossy().into(),
        ];
        args.extend(extra.iter().map(|a| a.to_string()));
        args.push("docs".into());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = dvgen(&args, dir.path());
        (output.status.code(), text(&output.stderr))
    };
    // What a full generation with `extra` options writes, in a new folder.
    let fresh_count = std::cell::Cell::new(0);
    let fresh = |extra: &[&str]| {
        fresh_count.set(fresh_count.get() + 1);
        let folder = dir.path().join(format!("fresh{}", fresh_count.get()));
        let mut extra = extra.to_vec();
        extra.push("--no-cache");
        let (code, stderr) = run("generate", &folder, &extra);
        assert_eq!(code, Some(0), "{stderr}");
        tree(&folder)
    };

    let (code, first) = run("generate", &out, &[]);
    assert_eq!(code, Some(0), "{first}");
    assert!(!first.contains(SKIPPED), "{first}");
    let files = tree(&out);
    let mtimes_of = |files: &std::collections::BTreeMap<String, Vec<u8>>| -> Vec<_> {
        files
            .keys()
            .map(|rel| {
                std::fs::metadata(out.join(rel))
                    .unwrap()
                    .modified()
                    .unwrap()
            })
            .collect()
    };
    let mtimes = mtimes_of(&files);

    // Nothing changed: skipped, same diagnostics, same report, nothing written.
    let (code, second) = run("generate", &out, &[]);
    assert_eq!(code, Some(0), "{second}");
    assert!(second.contains(SKIPPED), "{second}");
    assert!(
        second.ends_with(&format!("0 files changed, {} unchanged\n", files.len())),
        "{second}"
    );
    assert_eq!(diagnostics_part(&second), diagnostics_part(&first));
    // The emitter's notes (renames) too, though nothing was emitted.
    assert!(diagnostics_part(&first).contains("note[DV0401]"), "{first}");
    assert_eq!(mtimes_of(&files), mtimes, "a skipped run writes nothing");
    let (code, check) = run("check", &out, &[]);
    assert_eq!(code, Some(0), "{check}");
    assert!(
        check.contains(SKIPPED) && check.contains("is up to date"),
        "{check}"
    );
    let (code, dry) = run("generate", &out, &["--dry-run"]);
    assert_eq!(code, Some(0), "{dry}");
    assert!(
        dry.ends_with(&format!(
            "0 files would change, {} unchanged\n",
            files.len()
        )),
        "{dry}"
    );

    // `--no-cache` emits and compares everything, and finds nothing to write.
    let (code, no_cache) = run("generate", &out, &["--no-cache"]);
    assert_eq!(code, Some(0), "{no_cache}");
    assert!(!no_cache.contains(SKIPPED), "{no_cache}");
    assert!(no_cache.contains("0 files changed"), "{no_cache}");

    // An edited page.
    for (rel, bytes) in tree(&docs) {
        let edited = text(&bytes).replace(
            "Prospect or potential sales opportunity",
            "Prospective sales opportunity",
        );
        std::fs::write(docs.join(rel), edited).unwrap();
    }
    let (code, stderr) = run("generate", &out, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains(SKIPPED), "{stderr}");
    assert!(
        stderr.contains("updated") && stderr.contains("lead.rs"),
        "{stderr}"
    );
    assert_eq!(tree(&out), fresh(&[]));
    assert!(run("generate", &out, &[]).1.contains(SKIPPED));

    // A changed option.
    let (code, stderr) = run("generate", &out, &["--crate-name", "renamed"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains(SKIPPED), "{stderr}");
    assert!(stderr.contains("Cargo.toml"), "{stderr}");
    assert_eq!(tree(&out), fresh(&["--crate-name", "renamed"]));
    assert!(run("generate", &out, &["--crate-name", "renamed"])
        .1
        .contains(SKIPPED));

    // A hand-edited output file: `check` sees it, `generate` restores it.
    let expected = tree(&out);
    let lib = out.join("src/lib.rs");
    let original = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(&lib, original.replace("pub mod", "pub(crate) mod")).unwrap();
    let (code, stderr) = run("check", &out, &["--crate-name", "renamed"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("would update") && stderr.contains("lib.rs"),
        "{stderr}"
    );
    let (code, stderr) = run("generate", &out, &["--crate-name", "renamed"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("1 files changed"), "{stderr}");
    assert_eq!(tree(&out), expected);

    // A deleted output file.
    std::fs::remove_file(out.join("src/lead.rs")).unwrap();
    let (code, stderr) = run("check", &out, &["--crate-name", "renamed"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("would create") && stderr.contains("lead.rs"),
        "{stderr}"
    );
    let (code, stderr) = run("generate", &out, &["--crate-name", "renamed"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("created") && stderr.contains("1 files changed"),
        "{stderr}"
    );
    assert_eq!(tree(&out), expected);

    // A stale generated file left in the folder is removed, not skipped over.
    std::fs::write(
        out.join("src/old.rs"),
        "// @generated by dvgen. Do not edit.\n",
    )
    .unwrap();
    let (code, stderr) = run("generate", &out, &["--crate-name", "renamed"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("removed") && stderr.contains("old.rs"),
        "{stderr}"
    );
    assert_eq!(tree(&out), expected);

    // The record lies beside the output, in a folder git ignores.
    let cache = dir.path().join(".dvgen-cache");
    assert!(cache.join("crate.json").is_file());
    assert_eq!(
        std::fs::read_to_string(cache.join(".gitignore"))
            .unwrap()
            .lines()
            .last(),
        Some("*")
    );
}

/// Exported table definitions (`*.json`) mix with pages: `coverage` accounts
/// for every property (the unknown ones listed with line and JSON path),
/// `list` shows the joined tables, and JSON that is no export is reported.
#[test]
fn json_exports_in_coverage_list_and_generate() {
    let dir = tempfile::tempdir().unwrap();
    let meta = repo().join("tests/fixtures/metadata");
    std::fs::copy(
        meta.join("written/account.json"),
        dir.path().join("account.json"),
    )
    .unwrap();
    std::fs::copy(
        meta.join("written/account_picklist.json"),
        dir.path().join("account_picklist.json"),
    )
    .unwrap();
    std::fs::copy(
        repo().join("tests/corpus/dataverse/account.2023.md"),
        dir.path().join("account.md"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("odd.json"),
        "{\n  \"LogicalName\": \"cr1_x\",\n  \"EntitySetName\": \"cr1_xs\",\n  \"NewFlag\": 1\n}\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("row.json"), "{\"accountid\": \"x\"}\n").unwrap();

    let out = dvgen(&["coverage", "--unknown", "."], dir.path());
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "unknown properties: {stdout}");
    let row = |name: &str| -> Vec<usize> {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(&format!("./{name} ")))
            .unwrap_or_else(|| panic!("{name}: {stdout}"));
        line.split_whitespace()
            .skip(1)
            .map(|n| n.parse().unwrap())
            .collect()
    };
    // Properties of the export: 897 (the independent counter's count), none unknown.
    assert_eq!(row("account.json"), vec![897, 493, 404, 0]);
    assert_eq!(row("odd.json")[3], 1);
    assert!(stdout.contains("./odd.json:4: $.NewFlag"), "{stdout}");
    assert!(stdout.contains("./row.json:1: $"), "{stdout}");

    let out = dvgen(&["list", "."], dir.path());
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning[DV0130]") && stderr.contains("odd.json:4"),
        "{stderr}"
    );
    assert!(stderr.contains("warning[DV0032]"), "{stderr}");
    let account = stdout.lines().find(|l| l.starts_with("account\t")).unwrap();
    assert!(
        account.contains("account.md (Microsoft Dataverse)"),
        "{account}"
    );
    assert!(
        account.contains("account.json (the export ./account.json)"),
        "{account}"
    );
    // `cr1_x` (odd.json) has no columns and no page describes it: it is only
    // mentioned, so it is not generated (a DV0306 note).
    assert!(
        !stdout.lines().any(|l| l.starts_with("cr1_x\t")),
        "{stdout}"
    );

    let runtime = repo().join("runtime");
    let runtime = runtime.to_str().unwrap();
    let out = dvgen(
        &["generate", "--out", "crate", "--runtime-path", runtime, "."],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let account_rs = std::fs::read_to_string(dir.path().join("crate/src/account.rs")).unwrap();
    assert!(
        account_rs.contains("pub new_region: Option<"),
        "custom column typed"
    );
    assert!(account_rs.contains("North"), "its choices");
}

#[test]
fn column_selection_from_flags_and_the_file() {
    // quote.md (a real page): keep `name` and the `totalamount*` columns from
    // the file, add `description` by flag, drop `totalamount_base` by flag.
    let dir = tempfile::tempdir().unwrap();
    let page = repo().join("tests/corpus/d365ce/quote.md");
    let runtime = repo().join("runtime");
    std::fs::write(
        dir.path().join("dvgen.yaml"),
        format!(
            "inputs: [{page}]\nout: crate\nruntime_path: {runtime}\ninclude_columns:\n  quote: [name, \"totalamount*\"]\n",
            page = page.display(),
            runtime = runtime.display()
        ),
    )
    .unwrap();
    let out = dvgen(
        &[
            "generate",
            "--include-columns",
            "quote=description",
            "--exclude-columns",
            "quote=*_base,no_such_column",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // The pattern that matches nothing is a warning naming it.
    assert!(
        text(&out.stderr).contains("no_such_column"),
        "{}",
        text(&out.stderr)
    );
    let code = std::fs::read_to_string(dir.path().join("crate/src/quote.rs")).unwrap();
    let start = code.find("pub struct Quote {").unwrap();
    let strukt = &code[start..start + code[start..].find("\n}\n").unwrap()];
    let fields: Vec<&str> = strukt
        .lines()
        .skip(1)
        .filter_map(|l| l.trim().strip_prefix("pub "))
        .filter_map(|l| l.split(':').next())
        .collect();
    assert_eq!(
        fields,
        [
            "description",
            "name",
            "quoteid",
            "totalamount",
            "totalamountlessfreight",
            "extra"
        ],
        "{strukt}"
    );
    syn::parse_file(&code).expect("valid Rust");
}
