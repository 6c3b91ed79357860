//! The `dvgen` binary on unpacked solution folders mixed with Markdown pages:
//! `list` and `dump` show the layers, `coverage` accounts for every XML
//! element, bad solutions are diagnosed with file:line while the rest loads.

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

const CONTOSO: &str = "tests/fixtures/solutions/contoso-handmade";
const ACCOUNT: &str = "tests/corpus/dataverse/account.2023.md";

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn list_shows_the_docs_and_the_solution_layer() {
    let out = dvgen(&["list", CONTOSO, ACCOUNT], &repo());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let account = stdout
        .lines()
        .find(|l| l.starts_with("account\t"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        account.contains("account.2023.md (Microsoft Dataverse)"),
        "{account}"
    );
    assert!(
        account.contains("contoso-handmade/Entities/Account/Entity.xml (solution Contoso 1.2.0.0)"),
        "{account}"
    );
    assert!(
        stdout.lines().any(|l| l.starts_with("cr1_project\t5\t")),
        "{stdout}"
    );
}

#[test]
fn dump_records_the_layer_and_solution_of_every_item() {
    let out = dvgen(&["dump", CONTOSO, ACCOUNT], &repo());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let model: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = model["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "project").count(),
        3,
        "{kinds:?}"
    );
    let account = model["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["logical_name"] == "account")
        .unwrap();
    let column = |name: &str| {
        account["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["logical_name"] == name)
            .unwrap()
            .clone()
    };
    let region = column("new_region");
    let p = &region["provenance"][0];
    assert_eq!(p["product"], "project");
    assert_eq!(p["source"]["solution"], "Contoso");
    assert_eq!(p["source"]["version"], "1.2.0.0");
    assert_eq!(p["source"]["managed"], false);
    assert!(p["page"]
        .as_str()
        .unwrap()
        .ends_with("Entities/Account/Entity.xml"));
    assert_eq!(region["options"].as_array().unwrap().len(), 3);
    let name = column("name");
    let layers: Vec<&str> = name["provenance"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["product"].as_str().unwrap())
        .collect();
    assert_eq!(layers, ["dataverse", "project"]);
    assert_eq!(name["facets"]["max_length"], 200);
}

#[test]
fn coverage_accounts_for_every_element_and_reports_unknown_ones() {
    let out = dvgen(
        &["coverage", "tests/fixtures/solutions/rules-engine"],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("rules-engine/Entities/bac_Rule/Entity.xml"),
        "{stdout}"
    );
    assert!(stdout.contains("total (23 pages)"), "{stdout}");

    let dir = tempfile::tempdir().unwrap();
    let sol = dir.path().join("contoso");
    copy_dir(&repo().join(CONTOSO), &sol);
    let entity = sol.join("Entities/cr1_Project/Entity.xml");
    let xml = std::fs::read_to_string(&entity).unwrap();
    let xml = xml.replacen(
        "<EntitySetName>",
        "<HologramSettings><Depth>3</Depth></HologramSettings>\n      <EntitySetName>",
        1,
    );
    std::fs::write(&entity, &xml).unwrap();
    let line = xml
        .lines()
        .position(|l| l.contains("<HologramSettings>"))
        .unwrap()
        + 1;
    let out = dvgen(
        &["coverage", "--unknown", sol.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!(
            "Entities/cr1_Project/Entity.xml:{line}: element <HologramSettings> is not known"
        )),
        "{stdout}"
    );
    // The unknown subtree counts as unknown: the element and its child.
    let row = stdout
        .lines()
        .find(|l| l.contains("cr1_Project/Entity.xml "))
        .unwrap();
    assert!(row.trim_end().ends_with(" 2"), "{row}");
}

#[test]
fn a_broken_solution_is_diagnosed_with_file_and_line_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    let sol = dir.path().join("contoso");
    copy_dir(&repo().join(CONTOSO), &sol);
    // Malformed XML in one table, a global choice the solution names but lacks.
    std::fs::write(
        sol.join("Entities/Account/Entity.xml"),
        "<Entity>\n  <Name>Account</Name>\n  <EntityInfo>\n</Entity>\n",
    )
    .unwrap();
    std::fs::remove_file(sol.join("OptionSets/new_region.xml")).unwrap();
    let out = dvgen(&["list", sol.to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(1), "an error is exit 1");
    let stderr = text(&out.stderr);
    assert!(stderr.contains("DV0010"), "{stderr}");
    assert!(
        stderr.contains("contoso/Entities/Account/Entity.xml:4:"),
        "{stderr}"
    );
    assert!(stderr.contains("DV0011"), "{stderr}");
    assert!(
        stderr.contains("contoso/Other/Solution.xml:18:"),
        "{stderr}"
    );
    // The other table still loads.
    assert!(text(&out.stdout)
        .lines()
        .any(|l| l.starts_with("cr1_project\t")));
}

#[test]
fn a_type_disagreement_names_both_places_and_the_winner() {
    let out = dvgen(&["list", CONTOSO, ACCOUNT], &repo());
    assert_eq!(out.status.code(), Some(0), "a warning, not an error");
    let stderr = text(&out.stderr);
    let entity =
        std::fs::read_to_string(repo().join(CONTOSO).join("Entities/Account/Entity.xml")).unwrap();
    let xml_line = entity
        .lines()
        .position(|l| l.contains(r#"PhysicalName="NumberOfEmployees""#))
        .unwrap()
        + 1;
    let page = std::fs::read_to_string(repo().join(ACCOUNT)).unwrap();
    let md_line = page
        .lines()
        .position(|l| l.contains(r#"name="BKMK_NumberOfEmployees""#))
        .unwrap()
        + 1;
    let expected = format!(
        "warning[DV0301]: column `account.numberofemployees`: the docs say type Integer, the project's schema says BigInt (docs: {ACCOUNT}:{md_line}, project's schema: {CONTOSO}/Entities/Account/Entity.xml:{xml_line}); the project's schema wins"
    );
    assert!(stderr.contains(&expected), "{stderr}");
}

/// `--language` (and `language:` in dvgen.yaml) picks the labels read from
/// exported definitions; the default is English (1033).
#[test]
fn language_picks_the_labels_of_exports() {
    let picklist = repo().join("tests/fixtures/metadata/written/account_picklist.json");
    let picklist = picklist.to_str().unwrap();
    let labels = |out: &Output| -> Vec<String> {
        assert!(out.status.success(), "{}", text(&out.stderr));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let tables = json["tables"].as_array().unwrap();
        let column = tables
            .iter()
            .flat_map(|t| t["columns"].as_array().unwrap())
            .find(|c| c["logical_name"] == "new_region")
            .expect("new_region");
        column["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["label"].as_str().unwrap().to_string())
            .collect()
    };
    let dir = tempfile::tempdir().unwrap();
    let english = labels(&dvgen(&["dump", picklist], dir.path()));
    assert_eq!(english, ["North", "South", "East / West"]);
    let german = labels(&dvgen(
        &["dump", "--language", "1031", picklist],
        dir.path(),
    ));
    assert_eq!(german, ["North (de)", "South (de)", "East / West (de)"]);
    // A language no label is in: each reader's fallback (here the user's label).
    let french = labels(&dvgen(
        &["dump", "--language", "1036", picklist],
        dir.path(),
    ));
    assert_eq!(french.len(), 3);

    // generate: the flag, else dvgen.yaml's `language`.
    std::fs::write(dir.path().join("dvgen.yaml"), "language: 1031\n").unwrap();
    let out = dir.path().join("crate");
    let run = dvgen(
        &[
            "generate",
            "--runtime-version",
            "0.1",
            "-o",
            out.to_str().unwrap(),
            picklist,
        ],
        dir.path(),
    );
    assert!(run.status.success(), "{}", text(&run.stderr));
    let choices = std::fs::read_to_string(out.join("src/account.rs")).unwrap();
    assert!(choices.contains("North (de)"), "{choices}");
}
