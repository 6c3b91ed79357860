//! `dvgen diff` on real page history (`tests/history/`: old and new versions
//! of real reference pages, some across a layout change): the changes it finds
//! are exactly those counted independently by `tests/history/count_changes.py`
//! (its output, `expected.json`, is checked in), each classified; a page
//! re-laid out with the same facts gives no change; the text, JSON and
//! Markdown outputs are snapshots; the CLI's `--deny breaking` and `--since`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dvgen::diff::{compare, render, schema, Change, ChangeKind, Impact, Item};
use dvgen::emit::EmitOptions;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn history(pair: &str) -> PathBuf {
    repo().join("tests/history").join(pair)
}

fn changes(pair: &str) -> Vec<Change> {
    let load = |side: &str| {
        dvgen::inputs::load_model(&[history(pair).join(side)])
            .unwrap()
            .0
    };
    let options = EmitOptions::default();
    compare(
        &schema(&load("old.md"), &options),
        &schema(&load("new.md"), &options),
    )
}

type Row = (String, String, String, String, Option<String>);

fn expected(pair: &str) -> (usize, BTreeSet<Row>) {
    let text = std::fs::read_to_string(history(pair).join("expected.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let rows: BTreeSet<Row> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |i: usize| r[i].as_str().unwrap().to_string();
            (s(0), s(1), s(2), s(3), r[4].as_str().map(str::to_string))
        })
        .collect();
    (json["count"].as_u64().unwrap() as usize, rows)
}

fn row(c: &Change) -> Row {
    (
        c.table.clone(),
        c.item.as_str().to_string(),
        c.change.as_str().to_string(),
        c.name.clone(),
        c.fact.clone(),
    )
}

const PAIRS: &[(&str, usize)] = &[
    ("activityparty", 4),
    ("application", 3),
    ("botcomponent", 42),
    ("contactleads", 6),
    ("discounttype", 34),
    ("leadcompetitors", 6),
    ("sdkmessageprocessingstepsecureconfig", 0),
];

#[test]
fn every_pair_lists_exactly_the_independently_counted_changes() {
    for (pair, count) in PAIRS {
        let found = changes(pair);
        // Page facts only: identifiers and Rust types are dvgen's own.
        let facts: Vec<&Change> = found.iter().filter(|c| !c.is_rust_only()).collect();
        let (expected_count, expected_rows) = expected(pair);
        assert_eq!(
            expected_count, *count,
            "{pair}: expected.json was regenerated"
        );
        let rows: BTreeSet<Row> = facts.iter().map(|c| row(c)).collect();
        assert_eq!(rows.len(), facts.len(), "{pair}: a change is listed twice");
        let missing: Vec<_> = expected_rows.difference(&rows).collect();
        let extra: Vec<_> = rows.difference(&expected_rows).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{pair}: missing {missing:#?}, not counted {extra:#?}"
        );
    }
}

#[test]
fn every_change_is_classified_by_the_rules() {
    for (pair, _) in PAIRS {
        for c in changes(pair) {
            let fact = c.fact.as_deref().unwrap_or("");
            let want = match c.change {
                ChangeKind::Removed => Impact::Breaking,
                ChangeKind::Added => Impact::Additive,
                ChangeKind::Changed if fact == "type" || fact.starts_with("rust.") => {
                    Impact::Breaking
                }
                ChangeKind::Changed
                    if ["description", "display_name", "display_collection_name"]
                        .contains(&fact) =>
                {
                    Impact::Docs
                }
                ChangeKind::Changed if c.item == Item::ChoiceValue && fact == "label" => c.impact,
                ChangeKind::Changed => Impact::Additive,
            };
            assert_eq!(c.impact, want, "{pair}: {c:?}");
        }
    }
}

#[test]
fn a_page_re_laid_out_with_the_same_facts_has_no_change() {
    // 2022 on-premises page (two-column Messages table, "entity" wording) against
    // the 2023 Dataverse page (three-column Messages, "table/entity" wording).
    let old =
        std::fs::read_to_string(history("sdkmessageprocessingstepsecureconfig/old.md")).unwrap();
    let new =
        std::fs::read_to_string(history("sdkmessageprocessingstepsecureconfig/new.md")).unwrap();
    assert_ne!(old, new);
    assert!(old.contains("|Message|SDK class or method|"));
    assert!(new.contains("|Message|Web API Operation|SDK class or method|"));
    assert_eq!(changes("sdkmessageprocessingstepsecureconfig"), Vec::new());
    // And every page against itself.
    for (pair, _) in PAIRS {
        let model = dvgen::inputs::load_model(&[history(pair).join("new.md")])
            .unwrap()
            .0;
        let s = schema(&model, &EmitOptions::default());
        assert_eq!(compare(&s, &s), Vec::new(), "{pair}");
    }
}

#[test]
fn a_layout_change_that_moves_a_choice_into_a_global_one_is_a_breaking_rename() {
    // The 2023 page has a local `statecode` choice; the 2025 page names a
    // GlobalChoiceName, so the enum moves to `choices::` and is renamed.
    let found = changes("discounttype");
    let rename: Vec<_> = found
        .iter()
        .filter(|c| c.name == "statecode" && c.is_rust_only())
        .map(|c| {
            (
                c.fact.as_deref().unwrap(),
                c.before.clone(),
                c.after.clone(),
                c.impact,
            )
        })
        .collect();
    assert_eq!(
        rename,
        vec![
            (
                "rust.enum",
                Some("StateCode".into()),
                Some("DiscounttypeStatecode".into()),
                Impact::Breaking
            ),
            (
                "rust.type",
                Some("StateCode".into()),
                Some("choices::DiscounttypeStatecode".into()),
                Impact::Breaking
            ),
        ]
    );
}

#[test]
fn text_json_and_markdown_outputs() {
    for pair in [
        "discounttype",
        "activityparty",
        "application",
        "botcomponent",
    ] {
        let found = changes(pair);
        insta::assert_snapshot!(format!("{pair}_text"), render::text(&found, false));
        insta::assert_snapshot!(format!("{pair}_json"), render::json(&found));
        insta::assert_snapshot!(format!("{pair}_markdown"), render::markdown(&found));
    }
    let coloured = render::text(&changes("activityparty"), true);
    assert!(coloured.contains("\x1b[32m[additive]\x1b[0m"), "{coloured}");
}

fn dvgen(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dvgen"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("dvgen runs")
}

#[test]
fn deny_breaking_gates_ci() {
    let d = history("discounttype");
    let args = |deny: bool| {
        let mut a = vec![
            "diff".to_string(),
            "--format".into(),
            "json".into(),
            "--old".into(),
            d.join("old.md").display().to_string(),
            "--new".into(),
            d.join("new.md").display().to_string(),
        ];
        if deny {
            a.extend(["--deny".to_string(), "breaking".to_string()]);
        }
        a
    };
    let run = |deny| {
        let a = args(deny);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        dvgen(&a, &repo())
    };
    let plain = run(false);
    assert_eq!(plain.status.code(), Some(0), "{plain:?}");
    let json: serde_json::Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert_eq!(
        json["changes"].as_array().unwrap().len(),
        changes("discounttype").len()
    );
    for c in json["changes"].as_array().unwrap() {
        for key in ["table", "item", "change", "name", "impact"] {
            assert!(c[key].is_string(), "{key} in {c}");
        }
    }
    assert_eq!(run(true).status.code(), Some(1));
    // No breaking change: exit 0 even with --deny.
    let same = history("sdkmessageprocessingstepsecureconfig");
    let out = dvgen(
        &[
            "diff",
            "--deny",
            "breaking",
            "--old",
            same.join("old.md").to_str().unwrap(),
            "--new",
            same.join("new.md").to_str().unwrap(),
        ],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "no schema changes\n");
}

fn git(args: &[&str], cwd: &Path) {
    let out = Command::new("git")
        .args(args)
        .current_dir(cwd)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

#[test]
fn since_reads_the_inputs_at_a_git_revision() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let docs = root.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::copy(history("contactleads/old.md"), docs.join("contactleads.md")).unwrap();
    git(&["init", "-q"], root);
    git(&["add", "."], root);
    git(&["commit", "-qm", "old"], root);
    std::fs::copy(history("contactleads/new.md"), docs.join("contactleads.md")).unwrap();
    let out = dvgen(
        &["diff", "--since", "HEAD", "--format", "json", "docs"],
        root,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = changes("contactleads");
    assert_eq!(
        json,
        serde_json::from_str::<serde_json::Value>(&render::json(&found)).unwrap()
    );

    // An input that did not exist at the revision: all its tables are new.
    let more = root.join("more");
    std::fs::create_dir_all(&more).unwrap();
    std::fs::copy(history("discounttype/new.md"), more.join("discounttype.md")).unwrap();
    let out = dvgen(
        &[
            "diff", "--since", "HEAD", "--format", "json", "docs", "more",
        ],
        root,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("note: more did not exist at HEAD"),
        "{out:?}"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = json["changes"].as_array().unwrap();
    let added: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|c| c["table"] == "discounttype")
        .collect();
    assert_eq!(added.len(), 1, "{added:?}");
    assert_eq!(
        (&added[0]["item"], &added[0]["change"], &added[0]["impact"]),
        (&"table".into(), &"added".into(), &"additive".into())
    );
    assert_eq!(rows.len(), found.len() + 1);
    let out = dvgen(&["diff", "--since", "HEAD", "more"], root);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("discounttype"),
        "{out:?}"
    );

    let out = dvgen(&["diff", "--since", "nope", "docs"], root);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("`nope` is not a revision"),
        "{out:?}"
    );

    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(outside.path().join("docs")).unwrap();
    let out = dvgen(&["diff", "--since", "HEAD", "docs"], outside.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("needs a git repository"),
        "{out:?}"
    );
}

#[test]
fn check_prints_the_schema_changes_since_the_last_generation() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let docs = root.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::copy(history("contactleads/old.md"), docs.join("contactleads.md")).unwrap();
    let out = dvgen(
        &[
            "generate",
            "--out",
            "crate",
            "--runtime-version",
            "0.1.0",
            "docs",
        ],
        root,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    std::fs::copy(history("contactleads/new.md"), docs.join("contactleads.md")).unwrap();
    let out = dvgen(
        &[
            "check",
            "--out",
            "crate",
            "--runtime-version",
            "0.1.0",
            "docs",
        ],
        root,
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("would update"), "{err}");
    let summary = &err[err
        .find("schema changes since the last generation:")
        .expect("summary")..];
    let expected = format!(
        "schema changes since the last generation:\n{}",
        render::text(&changes("contactleads"), false)
    );
    assert_eq!(summary, expected);

    std::fs::remove_dir_all(root.join(".dvgen-cache")).unwrap();
    let out = dvgen(
        &[
            "check",
            "--out",
            "crate",
            "--runtime-version",
            "0.1.0",
            "docs",
        ],
        root,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("schema changes since the last generation: unknown (no record"),
        "{out:?}"
    );
}
