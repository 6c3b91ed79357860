//! Fingerprints the generator itself for `dvgen::fingerprint`.
//!
//! `dvgen generate` skips emitting when nothing that determines the output
//! changed since the last run, and the generator is part of that: a developer
//! edits the emitter and reruns `cargo run -p dvgen -- generate` without a
//! version bump. So this script hashes, with BLAKE3, every `*.rs` file under
//! `src/` (paths and bytes, line endings normalised), `Cargo.toml`, the
//! package version, the compiler's version and the locked versions of the
//! direct dependencies (when a `Cargo.lock` is found above the package), and
//! hands the hex digest to the crate as `DVGEN_GENERATOR_FINGERPRINT`.

use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir = PathBuf::from(env_or_empty("CARGO_MANIFEST_DIR"));
    let mut hasher = blake3::Hasher::new();
    let mut field = |name: &str, bytes: &[u8]| {
        // Length-prefixed, so that no two different inputs hash the same stream.
        for part in [name.as_bytes(), bytes] {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
    };

    field("version", env_or_empty("CARGO_PKG_VERSION").as_bytes());
    field("rustc", rustc_version().as_bytes());

    let src = manifest_dir.join("src");
    println!("cargo:rerun-if-changed={}", src.display());
    let mut sources = Vec::new();
    rust_files(&src, &src, &mut sources);
    sources.sort();
    for (rel, path) in &sources {
        field(rel, &normalized(path));
    }

    let manifest = manifest_dir.join("Cargo.toml");
    println!("cargo:rerun-if-changed={}", manifest.display());
    let manifest_text = String::from_utf8_lossy(&normalized(&manifest)).into_owned();
    field("Cargo.toml", manifest_text.as_bytes());

    if let Some(lock) = find_lock(&manifest_dir) {
        println!("cargo:rerun-if-changed={}", lock.display());
        let lock_text = String::from_utf8_lossy(&normalized(&lock)).into_owned();
        let deps = dependency_names(&manifest_text);
        for (name, version) in locked_versions(&lock_text) {
            if deps.contains(&name) {
                field(&name, version.as_bytes());
            }
        }
    }

    println!(
        "cargo:rustc-env=DVGEN_GENERATOR_FINGERPRINT={}",
        hasher.finalize().to_hex()
    );
}

fn env_or_empty(name: &str) -> String {
    std::env::var(name).unwrap_or_default()
}

/// `rustc -V` of the compiler building this crate (empty when it cannot be run).
fn rustc_version() -> String {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    std::process::Command::new(rustc)
        .arg("-V")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .unwrap_or_default()
}

/// Every `*.rs` file under `dir`: (path relative to `root` with `/`, path).
fn rust_files(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            rust_files(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, path));
        }
    }
}

/// The bytes of `path` with CRLF line endings turned into LF (a checkout's
/// line-ending settings do not change the generator); empty when unreadable.
fn normalized(path: &Path) -> Vec<u8> {
    let bytes = fs::read(path).unwrap_or_default();
    let mut out = Vec::with_capacity(bytes.len());
    let mut iter = bytes.iter().peekable();
    while let Some(&b) = iter.next() {
        if b == b'\r' && iter.peek() == Some(&&b'\n') {
            continue;
        }
        out.push(b);
    }
    out
}

/// The nearest `Cargo.lock` at or above `dir`.
fn find_lock(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join("Cargo.lock"))
        .find(|lock| lock.is_file())
}

/// Names in the `[dependencies]` table of a manifest (`name = ...` or `name.key = ...`).
fn dependency_names(manifest: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_dependencies = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]";
        } else if in_dependencies {
            let key = line.split(['=', '.']).next().unwrap_or("").trim();
            if !key.is_empty() && !key.starts_with('#') {
                names.push(key.to_string());
            }
        }
    }
    names
}

/// `(name, version)` of every `[[package]]` in a `Cargo.lock`.
fn locked_versions(lock: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut name = None;
    for line in lock.lines().map(str::trim) {
        if line == "[[package]]" {
            name = None;
        } else if let Some(value) = line.strip_prefix("name = ") {
            name = Some(value.trim_matches('"').to_string());
        } else if let Some(value) = line.strip_prefix("version = ") {
            if let Some(name) = name.take() {
                out.push((name, value.trim_matches('"').to_string()));
            }
        }
    }
    out
}
