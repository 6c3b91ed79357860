//! `cargo check` time of generated crates, per table feature, with no table
//! and with every table: the committed `generated/` (docs-input) and a crate
//! generated from the whole test corpus into a temporary folder.
//!
//! Cargo runs as a subprocess with a dedicated target folder
//! (`target/check-generated`); dependencies are built once first (warm-up),
//! then before every timed run only the generated crate is cleaned, so each
//! figure is checking that crate alone. Each configuration is timed three
//! times; the median is printed.
//!
//! Run: `cargo bench -p dvgen --bench check_generated` (a plain program, not
//! criterion). Targets: one table under 3 s, all tables under 30 s.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use dvgen::emit::{EmitOptions, RuntimeDependency};
use dvgen::write::WriteOptions;

const RUNS: usize = 3;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()))
}

/// `cargo <args> --manifest-path <manifest> --target-dir <target>`; panics on failure.
fn run_cargo(args: &[&str], manifest: &Path, target: &Path) {
    let status = cargo()
        .args(args)
        .arg("--manifest-path")
        .arg(manifest)
        .arg("--target-dir")
        .arg(target)
        .arg("--quiet")
        .status()
        .unwrap();
    assert!(status.success(), "cargo {args:?} failed");
}

/// The table features of a generated `Cargo.toml` (every feature but `default` and `full`).
fn table_features(manifest: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(manifest).unwrap();
    let features = text.split("[features]").nth(1).unwrap_or("");
    features
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim().to_string()))
        .filter(|k| k != "default" && k != "full")
        .collect()
}

/// Median seconds of `cargo check` of `package` with `features`, cleaned first.
fn time_check(package: &str, manifest: &Path, target: &Path, features: &[&str]) -> f64 {
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            run_cargo(&["clean", "-p", package], manifest, target);
            let mut args = vec!["check", "-p", package, "--no-default-features"];
            let joined = features.join(",");
            if !features.is_empty() {
                args.extend(["--features", joined.as_str()]);
            }
            let start = Instant::now();
            run_cargo(&args, manifest, target);
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[RUNS / 2]
}

/// Print one crate's table: every feature alone, none, all.
fn report(title: &str, package: &str, manifest: &Path, target: &Path) {
    let features = table_features(manifest);
    let src: usize = std::fs::read_dir(manifest.parent().unwrap().join("src"))
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len() as usize)
        .sum();
    // Warm-up: build the dependencies (and the crate once).
    run_cargo(
        &["check", "-p", package, "--all-features"],
        manifest,
        target,
    );
    println!(
        "\n{title}: {} table features, {:.1} MiB of source",
        features.len(),
        src as f64 / (1024.0 * 1024.0)
    );
    println!("| features | cargo check s (median of {RUNS}) |");
    println!("|---|---:|");
    println!(
        "| (none) | {:.2} |",
        time_check(package, manifest, target, &[])
    );
    let mut singles = Vec::new();
    for f in &features {
        let t = time_check(package, manifest, target, &[f.as_str()]);
        singles.push(t);
        println!("| {f} | {t:.2} |");
    }
    println!(
        "| all ({}) | {:.2} |",
        features.len(),
        time_check(package, manifest, target, &["full"])
    );
    if let Some(max) = singles.iter().copied().reduce(f64::max) {
        println!("slowest single table: {max:.2} s");
    }
}

/// Generate the test corpus into `out` as a stand-alone crate that uses this
/// workspace's runtime and lock file.
fn generate_corpus_crate(ws: &Path, out: &Path) -> PathBuf {
    let (model, _) = dvgen::inputs::load_model(&[ws.join("tests/corpus")]).unwrap();
    let options = EmitOptions {
        crate_name: "dvgen-corpus-check".to_string(),
        runtime: RuntimeDependency::Path(ws.join("runtime").display().to_string()),
        ..EmitOptions::default()
    };
    let generated = dvgen::generate::generate_from_model(model, &options);
    dvgen::write::write_files(out, &generated.files, WriteOptions::default()).unwrap();
    // Stand alone (not a member of an enclosing workspace), same dependency versions.
    let manifest = out.join("Cargo.toml");
    let mut toml = std::fs::read_to_string(&manifest).unwrap();
    toml.push_str("\n[workspace]\n");
    std::fs::write(&manifest, toml).unwrap();
    std::fs::copy(ws.join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
    manifest
}

fn main() {
    let ws = workspace();
    let target = ws.join("target/check-generated");
    report(
        "generated/ (docs-input)",
        "dataverse-generated",
        &ws.join("generated/Cargo.toml"),
        &target,
    );
    let dir = tempfile::tempdir().unwrap();
    let manifest = generate_corpus_crate(&ws, dir.path());
    report(
        "tests/corpus crate",
        "dvgen-corpus-check",
        &manifest,
        &target,
    );
}
