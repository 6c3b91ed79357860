//! The committed `generated/` crate is exactly what `dvgen generate` writes for
//! `docs-input/` today, and the build-script path (`build.rs` → `OUT_DIR`)
//! produces the same table modules.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir`, relative path → content (skipping `target/`).
fn read_tree(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if path.is_dir() {
                if entry.file_name() != "target" {
                    stack.push(path);
                }
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    out
}

/// The files `dvgen generate` would write for docs-input/ into generated/.
fn regenerate() -> BTreeMap<String, String> {
    let (model, _) = dvgen::inputs::load_model(&[repo().join("docs-input")]).unwrap();
    assert!(
        !model.has_errors(),
        "docs-input/ has errors: {:#?}",
        model.diagnostics
    );
    let resolved = dvgen::cli::resolve(&committed_args()).unwrap();
    dvgen::generate::generate_from_model(model, &resolved.options).files
}

fn committed_args() -> dvgen::cli::GenerateArgs {
    use clap::Parser;
    let cli = dvgen::cli::Cli::parse_from([
        "dvgen",
        "generate",
        "--out",
        repo().join("generated").to_str().unwrap(),
    ]);
    match cli.command {
        dvgen::cli::Command::Generate(args) => args,
        _ => unreachable!(),
    }
}

/// The first line where two texts differ, for a readable failure.
fn first_difference(old: &str, new: &str) -> String {
    let mut old_lines = old.lines();
    let mut new_lines = new.lines();
    let mut n = 1;
    loop {
        match (old_lines.next(), new_lines.next()) {
            (Some(a), Some(b)) if a == b => n += 1,
            (None, None) => return "same lines, different line endings".to_string(),
            (a, b) => {
                return format!(
                    "line {n}:\n  committed: {}\n  now:       {}",
                    a.unwrap_or("<end of file>"),
                    b.unwrap_or("<end of file>")
                )
            }
        }
    }
}

#[test]
fn committed_generated_crate_is_fresh() {
    let expected = regenerate();
    let actual = read_tree(&repo().join("generated"));
    let mut problems = Vec::new();
    for (path, content) in &expected {
        match actual.get(path) {
            None => problems.push(format!("missing: generated/{path}")),
            Some(a) if a != content => problems.push(format!(
                "differs: generated/{path}: {}",
                first_difference(a, content)
            )),
            Some(_) => {}
        }
    }
    for path in actual.keys() {
        if !expected.contains_key(path) {
            problems.push(format!("not generated any more: generated/{path}"));
        }
    }
    assert!(
        problems.is_empty(),
        "generated/ is stale; run `cargo run -p dvgen -- generate`:\n{}",
        problems.join("\n")
    );
}

#[test]
fn build_script_output_matches_generated_tables() {
    let out = PathBuf::from(env!("OUT_DIR")).join("dvgen");
    let from_build = read_tree(&out);
    let committed = read_tree(&repo().join("generated/src"));
    let tables: Vec<&String> = committed
        .keys()
        .filter(|k| *k != "lib.rs" && *k != "choices.rs")
        .collect();
    assert!(
        tables.len() >= 4,
        "expected table modules, found {tables:?}"
    );
    for table in tables {
        let built = from_build.get(table.as_str());
        assert!(built.is_some(), "build.rs did not write {table}");
        let (built, committed) = (built.unwrap(), &committed[table.as_str()]);
        assert!(
            built == committed,
            "build.rs output differs from generated/src/{table}: {}",
            first_difference(committed, built)
        );
    }
}
