//! An exported table definition (Web API metadata JSON) layered on the docs
//! page of the same standard table: the real `account` reference page
//! (`tests/corpus/dataverse/account.2023.md`), Microsoft's documented metadata
//! responses and the exports written for the tests (`tests/fixtures/metadata/`).
//!
//! The merged model keeps the docs' facts and types the custom columns; the
//! crate generated from it compiles, and a Web API payload carrying the custom
//! columns reads into their typed fields (a test inside the generated crate,
//! run with `cargo test` in `target/dvgen-compile-tests`).

use std::path::{Path, PathBuf};
use std::process::Command;

use dvgen::model::{AttributeType, Model, Product, RelationshipKind};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every export of the fixtures folder (not the counter's output) and the account page.
fn inputs() -> Vec<PathBuf> {
    let dir = repo().join("tests/fixtures/metadata");
    let mut files = vec![repo().join("tests/corpus/dataverse/account.2023.md")];
    for sub in [dir.clone(), dir.join("written")] {
        for e in std::fs::read_dir(&sub).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|e| e == "json") && !p.ends_with("counts.json") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

fn model() -> Model {
    dvgen::inputs::load_model(&inputs()).unwrap().0
}

#[test]
fn the_export_layers_over_the_docs_page() {
    let model = model();
    assert!(!model.has_errors(), "{:#?}", model.diagnostics);
    let names: Vec<&str> = model
        .tables
        .iter()
        .map(|t| t.logical_name.as_str())
        .collect();
    assert!(names.contains(&"new_bankaccount"), "{names:?}");
    let account = model.table("account").unwrap();
    // The docs' facts stay: a column only the page knows, with its description.
    let docs_only = account.column("accountnumber").unwrap();
    assert_eq!(docs_only.provenance[0].product, Product::Dataverse);
    assert!(docs_only.description.is_some());
    assert!(account.messages.len() > 5, "messages come from the page");
    // Custom columns are typed, with their choices and provenance.
    let typed = [
        ("new_region", AttributeType::Picklist),
        ("new_balance", AttributeType::Money),
        ("new_checkeddate", AttributeType::DateTime),
        ("new_isvip", AttributeType::Boolean),
        ("new_tags", AttributeType::MultiSelectPicklist),
        ("new_bankaccountid", AttributeType::Lookup),
        ("new_visits", AttributeType::Integer),
        ("new_score", AttributeType::Decimal),
        ("new_notes", AttributeType::Memo),
    ];
    for (name, ty) in typed {
        let c = account.column(name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(c.attribute_type, ty, "{name}");
        let p = c.provenance.last().unwrap();
        assert_eq!(p.product, Product::Project, "{name}");
        assert!(p.source.as_ref().unwrap().json_path.is_some(), "{name}");
    }
    // A documented choice column gets its values from the documented cast.
    let category = account.column("accountcategorycode").unwrap();
    assert_eq!(category.options.as_ref().unwrap().len(), 2);
    // The relationship to the custom table, from the export.
    let rel = account
        .relationship(
            "new_bankaccount_account_BankAccountId",
            RelationshipKind::ManyToOne,
        )
        .unwrap();
    assert_eq!(rel.referenced_entity.as_deref(), Some("new_bankaccount"));
    // The custom table only the exports know is a full table.
    let bank = model.table("new_bankaccount").unwrap();
    assert_eq!(bank.entity_set_name.as_deref(), Some("new_bankaccounts"));
    assert!(bank.column("statuscode").unwrap().options.is_some());
}

fn cargo(args: &[&str], manifest: &Path) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(args)
        .arg("--manifest-path")
        .arg(manifest)
        .arg("--quiet")
        .env(
            "CARGO_TARGET_DIR",
            repo().join("target/dvgen-compile-tests"),
        )
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo {} failed for {}:\n{}\n{}",
        args.join(" "),
        manifest.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs inside the generated crate: a Web API row of `account` carrying the
/// custom columns reads into their typed fields.
const PAYLOAD_TEST: &str = r##"
use dvgen_own_json::account::Account;
use dvgen_runtime::{serde_json, HasExtra, Money, OptionSet};

const ROW: &str = r#"{
  "@odata.context": "https://contoso.crm.dynamics.com/api/data/v9.2/$metadata#accounts/$entity",
  "@odata.etag": "W/\"4474\"",
  "accountid": "7d577253-3ef0-4a0a-bb7f-8335c2596e70",
  "name": "Contoso",
  "new_region": 100000001,
  "new_region@OData.Community.Display.V1.FormattedValue": "South",
  "new_balance": 1234.5,
  "new_checkeddate": "2026-11-30",
  "new_isvip": true,
  "new_tags": "1,3",
  "_new_bankaccountid_value": "417129e1-207c-e511-80d2-00155d2a68d2",
  "new_visits": 42,
  "new_score": 87.25,
  "new_notes": "Met at the fair.",
  "accountcategorycode": 2
}"#;

#[test]
fn custom_columns_read_into_typed_fields() {
    let row: Account = serde_json::from_str(ROW).unwrap();
    assert_eq!(row.new_region.map(|v| v.value()), Some(100000001));
    assert_eq!(row.new_region.and_then(|v| v.label()), Some("South"));
    assert_eq!(row.new_balance, Some("1234.5".parse::<Money>().unwrap()));
    assert_eq!(row.new_checkeddate.map(|d| d.to_string()).as_deref(), Some("2026-11-30"));
    assert_eq!(row.new_isvip, Some(true));
    let tags: Vec<i32> = row.new_tags.as_ref().unwrap().values().collect();
    assert_eq!(tags, vec![1, 3]);
    assert_eq!(
        row.new_tags.as_ref().unwrap().iter().filter_map(|t| t.label()).collect::<Vec<_>>(),
        vec!["Partner", "Key account"]
    );
    assert_eq!(
        row.new_bankaccountid.map(|l| l.0.to_string()).as_deref(),
        Some("417129e1-207c-e511-80d2-00155d2a68d2")
    );
    assert_eq!(row.new_visits, Some(42));
    assert_eq!(row.new_score.map(|d| d.to_string()).as_deref(), Some("87.25"));
    assert_eq!(row.new_notes.as_deref(), Some("Met at the fair."));
    assert_eq!(row.accountcategorycode.and_then(|v| v.label()), Some("Standard"));
    // Only annotations are left over.
    for key in ["new_region", "new_balance", "new_tags", "_new_bankaccountid_value"] {
        assert!(!row.extra().contains_key(key), "{key} is typed");
    }
    assert_eq!(row.extra().formatted_value("new_region"), Some("South"));
    // And it writes back.
    let json = serde_json::to_value(&row).unwrap();
    assert_eq!(json["new_region"], 100000001);
    assert_eq!(json["new_tags"], "1,3");
}
"##;

#[test]
fn the_generated_crate_compiles_and_reads_custom_columns() {
    let model = model();
    let out = std::env::temp_dir().join(format!("dvgen-own-json-crate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let options = dvgen::emit::EmitOptions {
        crate_name: "dvgen-own-json".to_string(),
        runtime: dvgen::emit::RuntimeDependency::Path(
            repo().join("runtime").to_string_lossy().into_owned(),
        ),
        ..dvgen::emit::EmitOptions::default()
    };
    let generated = dvgen::generate::generate_from_model(model, &options);
    let mut files = generated.files;
    let account = files.get("src/account.rs").expect("account module").clone();
    for field in [
        "pub new_region:",
        "pub new_balance:",
        "pub new_tags:",
        "pub new_bankaccountid:",
    ] {
        assert!(account.contains(field), "{field} is a field");
    }
    if let Some(toml) = files.get_mut("Cargo.toml") {
        toml.push_str("\n[workspace]\n");
    }
    files.insert("tests/payload.rs".to_string(), PAYLOAD_TEST.to_string());
    dvgen::write::write_files(&out, &files, dvgen::write::WriteOptions::default()).unwrap();
    std::fs::copy(repo().join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
    cargo(&["test", "--all-features"], &out.join("Cargo.toml"));
    let _ = std::fs::remove_dir_all(&out);
}
