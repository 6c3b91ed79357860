//! What a new user trips over (issue 17, item 4), run as a user would run
//! the `dvgen` binary: inputs that yield no pages, diagnostics that concern a
//! whole file, the final newline of generated files, and the runtime
//! dependency of a crate generated outside this repository.

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

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// A misspelt folder, an empty folder and a folder holding only files that
/// are not pages: every command fails with exit 2 and names the path, and
/// `generate` writes nothing (it used to write an empty crate and exit 0).
#[test]
fn an_input_without_pages_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let not_pages = dir.path().join("notices");
    std::fs::create_dir_all(not_pages.join(".hidden")).unwrap();
    std::fs::write(not_pages.join("README.md"), "# Read me\n").unwrap();
    std::fs::write(not_pages.join("NOTICE.md"), "# Notice\n").unwrap();
    std::fs::write(not_pages.join("lead.txt"), "not a page\n").unwrap();
    std::fs::write(not_pages.join(".hidden/lead.md"), "# Lead\n").unwrap();
    let runtime = s(&repo().join("runtime"));
    let out = dir.path().join("crate");

    for (input, expected) in [
        ("docs-inptu", "does not exist"),
        ("empty", "contains no pages"),
        ("notices", "contains no pages"),
    ] {
        let commands: [Vec<&str>; 6] = [
            vec![
                "generate",
                "--out",
                "crate",
                "--runtime-path",
                &runtime,
                input,
            ],
            vec!["check", "--out", "crate", "--runtime-path", &runtime, input],
            vec!["dump", input],
            vec!["list", input],
            vec!["diagram", input],
            vec!["coverage", input],
        ];
        for args in &commands {
            let o = dvgen(args, dir.path());
            let stderr = text(&o.stderr);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {stderr}");
            assert!(
                stderr.contains(&format!("input `{input}` {expected}")),
                "{args:?} names the input: {stderr}"
            );
            assert!(o.stdout.is_empty(), "{args:?} prints no result");
        }
        assert!(!out.exists(), "{input}: nothing written");
    }

    // Outside this repository without a runtime option, the input is still
    // what is reported: it is the first thing to fix.
    let o = dvgen(&["generate", "--out", "crate", "empty"], dir.path());
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("input `empty` contains no pages"),
        "{stderr}"
    );
    assert!(!out.exists());

    // A page beside the empty folder still counts: only the empty input fails.
    let o = dvgen(
        &[
            "list",
            &s(&repo().join("docs-input/dynamics-365/lead.md")),
            "empty",
        ],
        dir.path(),
    );
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("input `empty` contains no pages"),
        "{stderr}"
    );

    // A configured glob that matches nothing is the same mistake.
    std::fs::write(
        dir.path().join("dvgen.yaml"),
        format!("inputs: [\"pages/*.md\"]\nruntime_path: {runtime}\nout: crate\n"),
    )
    .unwrap();
    let o = dvgen(&["generate"], dir.path());
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("input pattern `pages/*.md` matches no files"),
        "{stderr}"
    );
    assert!(!out.exists());
}

/// An HTML file saved as `.md` (a real one: the Rust toolchain's
/// `guide-crates.html`, see `tests/fixtures/html/README.md`) gets a warning
/// about the whole file. It is shown as file-level, naming the file without a
/// `:0:0` position, and the dump keeps line 0 / column 0 as its marker.
#[test]
fn file_level_diagnostics_name_the_file_without_a_bogus_position() {
    let page = "tests/fixtures/html/guide-crates.md";
    let o = dvgen(&["dump", page], &repo());
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "warning[DV0006]: the page has no H1 and no sections; treated as conceptual ({page})"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("this concerns the whole file, not one line of it"),
        "{stderr}"
    );
    assert!(!stderr.contains(":0:"), "no line 0 anywhere: {stderr}");
    // The line-level warning of the same page still points at its line.
    assert!(
        stderr.contains(&format!("{page}:1:1")) && stderr.contains("<!DOCTYPE html>"),
        "{stderr}"
    );

    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let diags = json["diagnostics"].as_array().expect("diagnostics");
    let whole = diags
        .iter()
        .find(|d| d["code"] == "DV0006")
        .expect("DV0006 in the dump");
    assert_eq!(
        (whole["line"].as_u64(), whole["column"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(whole["file"], page);
    for d in diags.iter().filter(|d| d["line"] != 0) {
        assert!(d["column"].as_u64() >= Some(1), "{d}");
    }
}

/// Every file `generate` writes ends with exactly one newline, `Cargo.toml`
/// included, with and without cargo features.
#[test]
fn generated_files_end_with_one_newline() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = s(&repo().join("runtime"));
    let docs = s(&repo().join("docs-input"));
    for (folder, extra) in [("features", None), ("plain", Some("--no-features"))] {
        let out = dir.path().join(folder);
        let mut args = vec!["generate", "--out", folder, "--runtime-path", &runtime];
        args.extend(extra);
        args.push(&docs);
        let o = dvgen(&args, dir.path());
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        let mut seen = 0;
        for rel in ["Cargo.toml", "rustfmt.toml", "src/lib.rs", "src/lead.rs"] {
            let content = std::fs::read_to_string(out.join(rel)).unwrap();
            assert!(
                content.ends_with('\n') && !content.ends_with("\n\n"),
                "{folder}/{rel} ends with {:?}",
                &content[content.len().saturating_sub(20)..]
            );
            seen += 1;
        }
        assert_eq!(seen, 4);
        let toml = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
        assert_eq!(toml.contains("[features]"), extra.is_none(), "{toml}");
    }
    let committed = std::fs::read_to_string(repo().join("generated/Cargo.toml")).unwrap();
    assert!(committed.ends_with("]\n") && !committed.ends_with("\n\n"));
}

/// Outside this repository there is no safe default for `dvgen-runtime`
/// (it is not on crates.io, and a crate published there under that name
/// would be a stranger's): `generate` and `check` fail, say which option to
/// pass, and write nothing. Each option then works, from flags or from
/// `dvgen.yaml`; inside the repository the `runtime/` folder is the default.
#[test]
fn outside_the_repository_the_runtime_dependency_must_be_named() {
    let dir = tempfile::tempdir().unwrap();
    let docs = s(&repo().join("docs-input/dynamics-365/lead.md"));
    for cmd in ["generate", "check"] {
        let o = dvgen(&[cmd, "--out", "crate", &docs], dir.path());
        let stderr = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{cmd}: {stderr}");
        for hint in [
            "`crate` is not inside a dvgen repository",
            "not published on crates.io",
            "--runtime-path PATH",
            "--runtime-git URL",
            "--runtime-version VER",
            "runtime_path",
            "Using dvgen outside this repository",
        ] {
            assert!(
                stderr.contains(hint),
                "{cmd}: `{hint}` missing from {stderr}"
            );
        }
        assert!(!dir.path().join("crate").exists(), "{cmd} wrote nothing");
    }

    let toml = |folder: &str| {
        let t = std::fs::read_to_string(dir.path().join(folder).join("Cargo.toml")).unwrap();
        t.lines()
            .find(|l| l.starts_with("dvgen-runtime = "))
            .unwrap()
            .to_string()
    };
    let ok = |args: &[&str]| {
        let o = dvgen(args, dir.path());
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o.stderr));
    };
    let url = "https://example.invalid/dvgen.git";
    ok(&[
        "generate",
        "--out",
        "git",
        "--runtime-git",
        url,
        "--runtime-rev",
        "0123abc",
        &docs,
    ]);
    assert_eq!(
        toml("git"),
        format!("dvgen-runtime = {{ git = \"{url}\", rev = \"0123abc\" }}")
    );
    ok(&[
        "check",
        "--out",
        "git",
        "--runtime-git",
        url,
        "--runtime-rev",
        "0123abc",
        &docs,
    ]);
    ok(&[
        "generate",
        "--out",
        "path",
        "--runtime-path",
        "../dvgen/runtime",
        &docs,
    ]);
    assert_eq!(
        toml("path"),
        "dvgen-runtime = { path = \"../dvgen/runtime\" }"
    );
    ok(&[
        "generate",
        "--out",
        "registry",
        "--runtime-version",
        "0.1.0",
        &docs,
    ]);
    assert_eq!(toml("registry"), "dvgen-runtime = { version = \"0.1.0\" }");

    // From dvgen.yaml, and a flag wins over the file.
    std::fs::write(
        dir.path().join("dvgen.yaml"),
        format!("inputs: [{docs}]\nout: yaml\nruntime_git: {url}\n"),
    )
    .unwrap();
    ok(&["generate"]);
    assert_eq!(
        toml("yaml"),
        format!("dvgen-runtime = {{ git = \"{url}\" }}")
    );
    ok(&["generate", "--runtime-path", "../rt"]);
    assert_eq!(toml("yaml"), "dvgen-runtime = { path = \"../rt\" }");
    // A path that is not dvgen-runtime is written as given, with a warning;
    // a real one (this repository's) without.
    let o = dvgen(&["generate", "--runtime-path", "../rt"], dir.path());
    let err = text(&o.stderr);
    assert!(
        err.contains(
            "warning: the runtime path `../rt` (relative to `yaml`) is not a dvgen-runtime crate"
        ) && err.contains("does not exist"),
        "{err}"
    );
    let real = s(&std::fs::canonicalize(repo().join("runtime")).unwrap());
    let o = dvgen(&["generate", "--runtime-path", &real], dir.path());
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        !text(&o.stderr).contains("not a dvgen-runtime crate"),
        "{}",
        text(&o.stderr)
    );

    // Contradictions are usage errors.
    std::fs::write(
        dir.path().join("dvgen.yaml"),
        format!("inputs: [{docs}]\nout: yaml\nruntime_git: {url}\nruntime_version: \"0.1\"\n"),
    )
    .unwrap();
    let o = dvgen(&["generate"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("given twice (runtime_git, runtime_version)"),
        "{}",
        text(&o.stderr)
    );
    let o = dvgen(
        &["generate", "--out", "rev", "--runtime-rev", "v1", &docs],
        tempfile::tempdir().unwrap().path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("runtime_rev needs runtime_git"));

    // Inside the repository the runtime/ folder is found by itself.
    let inside = tempfile::Builder::new()
        .prefix(".dvgen-newcomer-")
        .tempdir_in(repo())
        .unwrap();
    let o = dvgen(
        &["generate", "--out", &s(&inside.path().join("c")), &docs],
        inside.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let t = std::fs::read_to_string(inside.path().join("c/Cargo.toml")).unwrap();
    assert!(
        t.contains("dvgen-runtime = { path = \"../../runtime\" }"),
        "{t}"
    );
}
