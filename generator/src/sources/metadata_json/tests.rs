//! Tests of the JSON export reader on Microsoft's documented responses
//! (`tests/fixtures/metadata/`, CC BY 4.0) and on exports written for the tests.

use std::path::{Path, PathBuf};

use super::*;
use crate::model::{CascadeType, Column, Page, RelationshipKind, Table};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/metadata")
}

fn fixture_files() -> Vec<String> {
    let mut out = Vec::new();
    let mut todo = vec![fixtures()];
    while let Some(dir) = todo.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else if is_json_path(&p) && p.file_name().unwrap() != "counts.json" {
                let rel = p.strip_prefix(fixtures()).unwrap();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

fn read(rel: &str) -> (Vec<Page>, JsonCoverage) {
    let bytes = std::fs::read(fixtures().join(rel)).unwrap();
    read_file_with_coverage(rel, &bytes, &ReadOptions::default())
}

/// What one file says, before it is joined with the others: tables naming
/// themselves (and the table a cast names by logical name), their columns
/// (a cast's too), choice values and relationships, and every property.
fn counts_of(read: &FileRead) -> serde_json::Value {
    let named: Vec<&Table> = read
        .entities
        .iter()
        .map(|e| &e.table)
        .filter(|t| !t.logical_name.is_empty())
        .collect();
    let mut tables: Vec<&str> = named.iter().map(|t| t.logical_name.as_str()).collect();
    tables.extend(
        read.casts
            .iter()
            .filter_map(|c| c.entity.logical_name.as_deref()),
    );
    let columns: Vec<&Column> = read
        .entities
        .iter()
        .flat_map(|e| &e.table.columns)
        .chain(read.casts.iter().flat_map(|c| &c.columns))
        .collect();
    serde_json::json!({
        "tables": tables.len(),
        "columns": columns.len(),
        "choice_values": columns.iter().filter_map(|c| c.options.as_ref()).map(Vec::len).sum::<usize>(),
        "relationships": read.entities.iter().map(|e| e.table.relationships.len()).sum::<usize>(),
        "properties": read.coverage.counts.lines,
    })
}

/// The independent counter (`count_metadata.py`, Python's `json`, no shared
/// code) and the reader agree on every fixture, and every property is
/// accounted for exactly once.
#[test]
fn counts_match_the_independent_counter() {
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures().join("counts.json")).unwrap())
            .unwrap();
    let files = fixture_files();
    assert!(files.len() >= 12, "{files:?}");
    for rel in &files {
        let bytes = std::fs::read(fixtures().join(rel)).unwrap();
        let r = read_one(rel, &bytes, &ReadOptions::default());
        let c = &r.coverage.counts;
        assert_eq!(c.lines, c.used + c.ignored + c.unknown, "{rel}");
        assert_eq!(&counts_of(&r), &expected[rel.as_str()], "{rel}");
    }
}

/// Microsoft's documented samples load; what they cut (prose lines, trailing
/// commas) is reported at its line; nothing else is unknown.
#[test]
fn documented_responses_load_and_report_what_was_cut() {
    let (pages, cov) = read("query-schema-definitions_retrieve-metadata-changes.json");
    let diags: Vec<&Diagnostic> = pages.iter().flat_map(|p| &p.diagnostics).collect();
    let repaired: Vec<u32> = diags
        .iter()
        .filter(|d| d.code == codes::JSON_REPAIRED)
        .map(|d| d.line)
        .collect();
    // Two prose lines (35, 61) and the commas left before them (34, 60),
    // plus the trailing commas after the contact attributes' `HasChanged` (47, 53, 59).
    assert_eq!(repaired, vec![35, 34, 47, 53, 59, 61, 60], "{diags:#?}");
    assert_eq!(cov.counts.unknown, 0, "{:?}", cov.unknown);
    let contact = pages
        .iter()
        .filter_map(|p| p.table.as_ref())
        .find(|t| t.logical_name == "contact")
        .unwrap();
    assert_eq!(contact.schema_name, "Contact");
    let email = contact.column("emailaddress3").unwrap();
    assert_eq!(
        email.attribute_type,
        AttributeType::String,
        "from @odata.type"
    );
    let p = &email.provenance[0];
    assert_eq!((p.line, p.product), (49, crate::model::Product::Project));
    assert_eq!(
        p.source.as_ref().unwrap().json_path.as_deref(),
        Some("$.EntityMetadata[1].Attributes[1]")
    );
    // A column the sample states no type for stays untyped.
    assert_eq!(
        contact.column("contactid").unwrap().attribute_type,
        AttributeType::Unspecified
    );

    let (pages, cov) = read("update-table_new_bankaccount.json");
    assert_eq!(cov.counts.unknown, 0, "{:?}", cov.unknown);
    let t = pages[0].table.as_ref().unwrap();
    assert_eq!(t.logical_name, "new_bankaccount");
    assert_eq!(t.entity_set_name.as_deref(), Some("new_bankaccounts"));
    assert_eq!(t.display_name.as_deref(), Some("Bank Business Name"));
    assert_eq!(t.ownership_type.as_deref(), Some("UserOwned"));
    assert_eq!(t.primary_id_attribute.as_deref(), Some("new_bankaccountid"));
    assert_eq!(t.primary_name_attribute.as_deref(), Some("new_accountname"));
    assert!(
        pages[0].diagnostics.is_empty(),
        "{:?}",
        pages[0].diagnostics
    );

    // A creation body states no LogicalName: the lower-cased SchemaName, with a note.
    let (pages, _) = read("create-table_new_bankaccount.json");
    let t = pages[0].table.as_ref().unwrap();
    assert_eq!(t.logical_name, "new_bankaccount");
    let name = t.column("new_accountname").unwrap();
    assert_eq!(name.facets.max_length, Some(100));
    assert_eq!(name.facets.format_name.as_deref(), Some("Text"));
    assert_eq!(name.required_level.as_deref(), Some("None"));
    assert_eq!(name.display_name.as_deref(), Some("Account Name"));
}

/// All fixtures read together: casts join their tables (by name, and by
/// `MetadataId` through another file), nameless `$select` results too.
#[test]
fn casts_and_nameless_tables_join_across_files() {
    let files: Vec<(String, Vec<u8>)> = fixture_files()
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(fixtures().join(&rel)).unwrap();
            (rel, bytes)
        })
        .collect();
    let per_file = read_files(&files, &ReadOptions::default());
    assert_eq!(per_file.len(), files.len());
    let tables: Vec<&Table> = per_file
        .iter()
        .flatten()
        .filter_map(|p| p.table.as_ref())
        .collect();
    let mut tables = tables;
    tables.sort_by(|a, b| a.logical_name.cmp(&b.logical_name));
    let names: Vec<&str> = tables.iter().map(|t| t.logical_name.as_str()).collect();
    assert_eq!(names, vec!["account", "contact", "new_bankaccount"]);
    let account = tables[0];
    // From the `$select` collection, joined by MetadataId (it names no table).
    assert_eq!(account.entity_set_name.as_deref(), Some("accounts"));
    // The preferredappointmentdaycode cast names its table by MetadataId only.
    let day = account.column("preferredappointmentdaycode").unwrap();
    assert_eq!(day.attribute_type, AttributeType::Picklist, "from the cast");
    assert_eq!(day.options.as_ref().unwrap()[0].label, "Sunday");
    assert_eq!(
        day.display_name.as_deref(),
        None,
        "option set labels are not the column's"
    );
    let category = account.column("accountcategorycode").unwrap();
    assert_eq!(category.options.as_ref().unwrap().len(), 2);
    assert_eq!(category.global_choice_name, None, "IsGlobal is not stated");
    // The written export and its casts.
    let region = account.column("new_region").unwrap();
    let labels: Vec<&str> = region
        .options
        .as_ref()
        .unwrap()
        .iter()
        .map(|o| o.label.as_str())
        .collect();
    assert_eq!(labels, vec!["North", "South", "East / West"]);
    assert_eq!(
        region.display_name.as_deref(),
        Some("Region"),
        "1033, not 1031"
    );
    let vip = account.column("new_isvip").unwrap();
    let v: Vec<(i64, &str)> = vip
        .options
        .as_ref()
        .unwrap()
        .iter()
        .map(|o| (o.value, o.label.as_str()))
        .collect();
    assert_eq!(v, vec![(1, "VIP"), (0, "Regular")]);
    let tags = account.column("new_tags").unwrap();
    assert_eq!(tags.attribute_type, AttributeType::MultiSelectPicklist);
    assert_eq!(tags.global_choice_name.as_deref(), Some("new_tag"));
    let checked = account.column("new_checkeddate").unwrap();
    assert_eq!(
        checked.facets.date_time_behavior.as_deref(),
        Some("DateOnly")
    );
    let balance = account.column("new_balance").unwrap();
    assert_eq!(
        (
            balance.facets.precision,
            balance.facets.min_value.as_deref()
        ),
        (Some(2), Some("-922337203685477"))
    );
    assert_eq!(
        account.column("new_bankaccountid").unwrap().targets,
        vec!["new_bankaccount"]
    );
    let m2o = account
        .relationship(
            "new_bankaccount_account_BankAccountId",
            RelationshipKind::ManyToOne,
        )
        .unwrap();
    assert_eq!(
        m2o.referencing_entity_navigation_property_name.as_deref(),
        Some("new_BankAccountId")
    );
    let cascade = m2o.cascade_configuration.as_ref().unwrap();
    assert_eq!(cascade.delete, Some(CascadeType::RemoveLink));
    assert_eq!(
        m2o.associated_menu_configuration
            .as_ref()
            .unwrap()
            .label
            .as_deref(),
        Some("Accounts")
    );
    let m2m = account
        .relationship("new_account_new_bankaccount", RelationshipKind::ManyToMany)
        .unwrap();
    let sides = &m2m.many_to_many.as_ref().unwrap().sides;
    assert_eq!(sides.len(), 2);
    assert_eq!(
        sides[1].entity_logical_name.as_deref(),
        Some("new_bankaccount")
    );
    // Status values know their state; state values their default status.
    let bank = tables[2];
    let status = bank.column("statuscode").unwrap();
    let states: Vec<Option<i64>> = status
        .options
        .as_ref()
        .unwrap()
        .iter()
        .map(|o| o.state)
        .collect();
    assert_eq!(states, vec![Some(0), Some(1), Some(1)]);
    let state = bank.column("statecode").unwrap();
    assert_eq!(state.options.as_ref().unwrap()[1].default_status, Some(2));
    assert_eq!(bank.entity_set_name.as_deref(), Some("new_bankaccounts"));
    // Provenance of a joined column: the export and the cast.
    let pages: Vec<&str> = region.provenance.iter().map(|p| p.page.as_str()).collect();
    assert_eq!(
        pages,
        vec!["written/account.json", "written/account_picklist.json"]
    );
}

/// The chosen language decides the labels.
#[test]
fn labels_in_the_chosen_language() {
    let bytes = std::fs::read(fixtures().join("written/account.json")).unwrap();
    let (pages, _) = read_file_with_coverage("a.json", &bytes, &ReadOptions { language: 1031 });
    let t = pages[0].table.as_ref().unwrap();
    assert_eq!(t.display_name.as_deref(), Some("Account (de)"));
    // A language no label has: the user's label.
    let (pages, _) = read_file_with_coverage("a.json", &bytes, &ReadOptions { language: 1036 });
    assert_eq!(
        pages[0].table.as_ref().unwrap().display_name.as_deref(),
        Some("Account")
    );
}

fn diags_of(text: &str) -> (Vec<Page>, JsonCoverage, Vec<Diagnostic>) {
    let (pages, cov) =
        read_file_with_coverage("bad.json", text.as_bytes(), &ReadOptions::default());
    let diags = pages.iter().flat_map(|p| p.diagnostics.clone()).collect();
    (pages, cov, diags)
}

#[test]
fn unknown_types_properties_and_missing_keys_are_diagnosed_and_the_rest_loads() {
    let text = r#"{
  "@odata.context": "x/$metadata#EntityDefinitions(Attributes())/$entity",
  "LogicalName": "cr1_thing",
  "SchemaName": "cr1_Thing",
  "FancyNewTableFlag": true,
  "Attributes": [
    {"LogicalName": "cr1_a", "AttributeType": "Hologram", "FancyNewProperty": 1},
    {"AttributeType": "String"},
    {"LogicalName": "cr1_b", "AttributeType": "Integer", "MaxValue": "big", "FancyNewProperty": 2},
    42,
    {"LogicalName": "cr1_c", "AttributeType": "Picklist", "OptionSet": {"Options": [{"Label": null}, {"Value": 3}]}}
  ],
  "ManyToOneRelationships": [{"ReferencedEntity": "account"}, {"SchemaName": "r1", "CascadeConfiguration": {"Delete": "Explode"}}]
}"#;
    let (pages, cov, diags) = diags_of(text);
    let t = pages[0].table.as_ref().unwrap();
    let cols: Vec<&str> = t.columns.iter().map(|c| c.logical_name.as_str()).collect();
    assert_eq!(cols, vec!["cr1_a", "cr1_b", "cr1_c"]);
    assert_eq!(
        t.columns[0].attribute_type,
        AttributeType::Other("Hologram".into())
    );
    assert_eq!(t.columns[1].attribute_type, AttributeType::Integer);
    assert_eq!(t.columns[2].options.as_ref().unwrap().len(), 1);
    assert_eq!(t.relationships.len(), 1);
    let at = |code: &str| -> Vec<u32> {
        let mut l: Vec<u32> = diags
            .iter()
            .filter(|d| d.code == code)
            .map(|d| d.line)
            .collect();
        l.sort_unstable();
        l
    };
    assert_eq!(at(codes::UNKNOWN_TYPE), vec![7]);
    assert_eq!(at(codes::UNKNOWN_JSON_PROPERTY), vec![5, 7], "{diags:#?}");
    assert!(diags
        .iter()
        .any(|d| d.message.contains("(and 1 more in this file)")));
    assert_eq!(at(codes::MISSING_JSON_KEY), vec![8, 11, 13], "{diags:#?}");
    assert_eq!(at(codes::BAD_JSON_VALUE), vec![9, 10], "{diags:#?}");
    assert_eq!(at(codes::BAD_CASCADE), vec![13]);
    let c = cov.counts;
    assert_eq!(c.lines, c.used + c.ignored + c.unknown);
    assert!(cov
        .unknown
        .iter()
        .any(|(l, p)| *l == 7 && p == "$.Attributes[0].FancyNewProperty"));
}

#[test]
fn malformed_and_foreign_json_is_reported_not_dropped() {
    for (text, code) in [
        ("{\"LogicalName\": ", codes::JSON_SYNTAX),
        ("{\"a\": 1} {\"b\": 2}", codes::JSON_SYNTAX),
        ("[1, 2, 3]", codes::NOT_METADATA),
        (
            "{\"value\": [{\"accountid\": \"x\", \"name\": \"Contoso\"}]}",
            codes::NOT_METADATA,
        ),
        ("\u{feff}{\"id\": 1}", codes::NOT_METADATA),
    ] {
        let (pages, _, diags) = diags_of(text);
        assert_eq!(pages.len(), 1, "{text}");
        assert!(pages[0].table.is_none(), "{text}");
        assert!(diags.iter().any(|d| d.code == code), "{text}: {diags:?}");
    }
    let (_, _, diags) = diags_of("{\"x\": \"\u{0}\"}");
    assert!(!diags.is_empty());
    let bytes = b"{\"LogicalName\": \"a\", \"EntitySetName\": \"\xff\"}";
    let (pages, _) = read_file_with_coverage("b.json", bytes, &ReadOptions::default());
    assert!(pages[0]
        .diagnostics
        .iter()
        .any(|d| d.code == codes::INVALID_UTF8));
    assert!(pages[0].table.is_some(), "the rest still loads");
}

#[test]
fn casts_without_their_table_are_reported() {
    let text = r#"{"@odata.context": "x/$metadata#EntityDefinitions(11111111-2222-3333-4444-555555555555)/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata(LogicalName,OptionSet)/$entity",
  "LogicalName": "c", "OptionSet": {"Options": [{"Value": 1}]}}"#;
    let (pages, _, diags) = diags_of(text);
    assert!(pages.iter().all(|p| p.table.is_none()));
    assert!(
        diags.iter().any(|d| d.code == codes::ORPHAN_CAST),
        "{diags:?}"
    );
}

#[test]
fn contexts_name_the_table_of_a_cast() {
    let at = |c: &str| parse_context(c);
    let (e, cast, attrs) = at("[Organization URI]/api/data/v9.2/$metadata#EntityDefinitions('account')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata(LogicalName,OptionSet(Options))/$entity");
    assert_eq!(e.unwrap().logical_name.as_deref(), Some("account"));
    assert_eq!((cast, attrs), (Some(AttributeType::Picklist), true));
    let (e, cast, _) = at("x/$metadata#EntityDefinitions(LogicalName='Lead')/Attributes/Microsoft.Dynamics.CRM.StatusAttributeMetadata");
    assert_eq!(e.unwrap().logical_name.as_deref(), Some("lead"));
    assert_eq!(cast, Some(AttributeType::Status));
    let (e, _, _) = at("x/$metadata#EntityDefinitions(70816501-EDB9-4740-a16c-6a5efbc05d84)/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata(LogicalName)/$entity");
    assert_eq!(
        e.unwrap().metadata_id.as_deref(),
        Some("70816501-edb9-4740-a16c-6a5efbc05d84")
    );
    for none in [
        "x/$metadata#EntityDefinitions(Attributes(),OneToManyRelationships())/$entity",
        "x/$metadata#EntityDefinitions(DisplayName,EntitySetName)",
        "x/$metadata#EntityDefinitions/$entity",
        "x/$metadata#accounts",
    ] {
        assert_eq!(at(none).0, None, "{none}");
    }
}
