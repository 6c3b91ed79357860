//! Generated code compiles: the committed `generated/` crate with all
//! features, with each table feature alone, and its rustdoc without warnings;
//! and the crate generated from every page of the test corpus plus the
//! hostile page (all features, each table feature alone, rustdoc without
//! warnings).
//!
//! These tests run `cargo` in a separate target folder
//! (`target/dvgen-compile-tests`), so the dependencies are built once for all,
//! with `RUSTFLAGS=-D warnings`: generated code must compile without warnings
//! (dependencies from crates.io have their lints capped by cargo).

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cargo(args: &[&str], manifest: &Path, envs: &[(&str, &str)]) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut cmd = Command::new(cargo);
    cmd.args(args)
        .arg("--manifest-path")
        .arg(manifest)
        .arg("--quiet")
        .env("RUSTFLAGS", "-D warnings")
        .env(
            "CARGO_TARGET_DIR",
            repo().join("target/dvgen-compile-tests"),
        );
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let output = cmd.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo {} failed for {}:\n{}",
        args.join(" "),
        manifest.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn table_features(manifest: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(manifest).unwrap();
    let table: toml_lite::Features = toml_lite::features(&text);
    table.tables
}

/// Just enough TOML reading for the `[features]` section dvgen writes.
mod toml_lite {
    pub struct Features {
        pub tables: Vec<String>,
    }
    pub fn features(text: &str) -> Features {
        let mut in_features = false;
        let mut tables = Vec::new();
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with('[') {
                in_features = line == "[features]";
                continue;
            }
            if in_features {
                if let Some((name, value)) = line.split_once('=') {
                    let name = name.trim().trim_matches('"');
                    // Table features have no dependencies of their own.
                    if value.trim() == "[]" {
                        tables.push(name.to_string());
                    }
                }
            }
        }
        Features { tables }
    }
}

#[test]
fn committed_crate_compiles_with_all_and_single_features_and_documents_cleanly() {
    let manifest = repo().join("generated/Cargo.toml");
    let features = table_features(&manifest);
    assert!(
        features.len() >= 4,
        "expected a feature per table, got {features:?}"
    );
    cargo(&["check", "--all-features"], &manifest, &[]);
    cargo(&["check", "--no-default-features"], &manifest, &[]);
    for feature in &features {
        cargo(
            &["check", "--no-default-features", "--features", feature],
            &manifest,
            &[],
        );
    }
    cargo(
        &["doc", "--no-deps", "--all-features"],
        &manifest,
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
}

#[test]
fn code_generated_for_the_whole_test_corpus_compiles_with_all_and_single_features_and_documents_cleanly(
) {
    let out = std::env::temp_dir().join(format!("dvgen-corpus-crate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    // Every real page, plus the hostile page (keywords, collisions, injection attempts).
    let (model, _) =
        dvgen::inputs::load_model(&[repo().join("tests/corpus"), repo().join("tests/hostile")])
            .unwrap();
    assert!(model.table("type").is_some(), "the hostile page is in");
    // The corpus has over a hundred table pages (several per table for some).
    assert!(model.tables.len() >= 80, "{} tables", model.tables.len());
    let table_count = model.tables.len();
    let options = dvgen::emit::EmitOptions {
        crate_name: "dvgen-corpus-check".to_string(),
        runtime: dvgen::emit::RuntimeDependency::Path(
            repo().join("runtime").to_string_lossy().into_owned(),
        ),
        ..dvgen::emit::EmitOptions::default()
    };
    let generated = dvgen::generate::generate_from_model(model, &options);
    let mut files = generated.files;
    // The crate lives outside this workspace: make it its own.
    if let Some(toml) = files.get_mut("Cargo.toml") {
        toml.push_str("\n[workspace]\n");
    }
    dvgen::write::write_files(&out, &files, dvgen::write::WriteOptions::default()).unwrap();
    // Same dependency versions as this workspace, so nothing is rebuilt.
    std::fs::copy(repo().join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
    let manifest = out.join("Cargo.toml");
    let features = table_features(&manifest);
    assert_eq!(
        features.len(),
        table_count,
        "one feature per generated table: {features:?}"
    );
    cargo(&["check", "--all-features"], &manifest, &[]);
    cargo(&["check", "--no-default-features"], &manifest, &[]);
    // Each table alone (its relationships to tables that are off must still compile).
    // One cargo call per feature, all in the same target folder.
    for feature in &features {
        cargo(
            &["check", "--no-default-features", "--features", feature],
            &manifest,
            &[],
        );
    }
    cargo(
        &["doc", "--no-deps", "--all-features"],
        &manifest,
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
    let _ = std::fs::remove_dir_all(&out);
}
