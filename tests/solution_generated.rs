//! A crate generated from the unpacked solutions of `tests/fixtures/solutions/`
//! layered over Microsoft's account reference page (`build.rs` writes it to
//! `$OUT_DIR/dvgen_solutions/` with `dvgen::Builder`, so it is compiled with
//! this test): custom tables and custom columns on a standard table are typed
//! fields, Web API payloads carrying them read into those fields, the docs'
//! facts are kept and the provenance is shown.

#[allow(dead_code)]
mod solutions {
    include!(concat!(env!("OUT_DIR"), "/dvgen_solutions/lib.rs"));
}

use dvgen_runtime::metadata::Origin;
use dvgen_runtime::serde_json::{self, json};
use dvgen_runtime::uuid::Uuid;
use dvgen_runtime::{Collection, Date, Decimal, HasExtra, OptionSet};
use solutions::account::{self, Account, NewTags};
use solutions::bac_userrole::BacUserrole;
use solutions::choices::{BacRoles, NewRegion};
use solutions::contact::Contact;
use solutions::cr1_project::{self, Cr1Project, Statuscode};

fn generated(file: &str) -> String {
    std::fs::read_to_string(format!("{}/dvgen_solutions/{file}", env!("OUT_DIR"))).unwrap()
}

/// A Web API response for `accounts?$select=name,new_region,...` carrying the
/// Contoso solution's custom columns beside standard ones.
#[test]
fn custom_columns_on_a_standard_table_read_into_typed_fields() {
    let payload = json!({
        "@odata.context": "[Organization URI]/api/data/v9.2/$metadata#accounts(name,new_region,new_budget,new_isvip,new_tags,new_employeecount,new_rating,new_contractstart,_new_primaryprojectid_value)",
        "value": [{
            "@odata.etag": "W/\"1001\"",
            "accountid": "7d577253-3ef0-4a0a-bb7f-8335c2596e70",
            "name": "Fourth Coffee",
            "revenue": 25000.5,
            "new_region": 100000002,
            "new_region@OData.Community.Display.V1.FormattedValue": "Overseas",
            "new_budget": 125000.25,
            "new_isvip": true,
            "new_tags": "1,3",
            "new_employeecount": 9007199254740993_i64,
            "new_rating": 7.25,
            "new_contractstart": "2026-01-15",
            "new_notes": "Long\nnotes",
            "numberofemployees": 3000000000_i64,
            "_new_primaryprojectid_value": "2b5b9cc2-6d6a-4b8e-9ef2-3e0b2d1b0c11",
            "_new_primaryprojectid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "cr1_project"
        }]
    });
    let page: Collection<Account> = serde_json::from_value(payload).unwrap();
    let row = &page.value[0];
    assert_eq!(row.name.as_deref(), Some("Fourth Coffee"));
    assert_eq!(row.new_region, Some(NewRegion::Overseas));
    assert_eq!(row.new_budget.unwrap().to_string(), "125000.25");
    assert_eq!(row.new_isvip, Some(true));
    let tags: Vec<NewTags> = row.new_tags.clone().unwrap().into_iter().collect();
    assert_eq!(tags, [NewTags::Partner, NewTags::Supplier]);
    assert_eq!(row.new_employeecount, Some(9007199254740993));
    assert_eq!(row.new_rating, Some("7.25".parse::<Decimal>().unwrap()));
    assert_eq!(
        row.new_contractstart,
        Some("2026-01-15".parse::<Date>().unwrap())
    );
    assert_eq!(row.new_notes.as_deref(), Some("Long\nnotes"));
    // The solution's type (BigInt) wins over the docs' (Integer): a value beyond i32 reads.
    assert_eq!(row.numberofemployees, Some(3_000_000_000_i64));
    assert_eq!(
        row.new_primaryprojectid.map(|l| l.id()),
        Some(Uuid::parse_str("2b5b9cc2-6d6a-4b8e-9ef2-3e0b2d1b0c11").unwrap())
    );
    // Nothing of the custom columns is left untyped (annotations stay in `extra`).
    let untyped: Vec<&str> = row
        .extra()
        .iter()
        .map(|(k, _)| k)
        .filter(|k| k.contains("new_") && !k.contains('@'))
        .collect();
    assert!(untyped.is_empty(), "{untyped:?}");
    assert_eq!(row.extra().formatted_value("new_region"), Some("Overseas"));
    // The docs' columns are still there, typed, beside the solution's.
    assert!(row.revenue.is_some());
}

#[test]
fn custom_columns_carry_project_origin_and_the_docs_facts_stay() {
    assert_eq!(account::attributes::NEW_REGION.origin, Origin::Project);
    assert_eq!(
        account::attributes::NEW_REGION.global_choice_name,
        Some("new_region")
    );
    // `origin` is the product that defined or last changed a column.
    assert_eq!(account::attributes::NAME.origin, Origin::Project);
    assert_eq!(account::attributes::REVENUE.origin, Origin::Dataverse);
    assert_eq!(NewRegion::Overseas.label(), Some("Overseas"));
    let doc = generated("account.rs");
    assert!(doc.contains("/// Custom column from solution Contoso 1.2.0.0."));
    // `name`: the solution's MaxLength (200) wins over the docs' (160); the
    // docs' description stays; the change is attributed.
    let name_doc = doc
        .split("pub name: Option<String>")
        .next()
        .unwrap()
        .rsplit("/// **Account Name**")
        .next()
        .unwrap();
    assert!(name_doc.contains("MaxLength: 200"), "{name_doc}");
    assert!(
        name_doc.contains("Type the company or business name"),
        "{name_doc}"
    );
    assert!(
        name_doc.contains("Changed by solution Contoso 1.2.0.0."),
        "{name_doc}"
    );
    assert!(doc.contains("(solution Contoso 1.2.0.0)"));
}

#[test]
fn a_custom_table_is_a_full_generated_table() {
    let payload = json!({
        "@odata.etag": "W/\"77\"",
        "cr1_projectid": "2b5b9cc2-6d6a-4b8e-9ef2-3e0b2d1b0c11",
        "cr1_name": "Migration",
        "statecode": 1,
        "statuscode": 100000000,
        "_cr1_accountid_value": "7d577253-3ef0-4a0a-bb7f-8335c2596e70"
    });
    let p: Cr1Project = serde_json::from_value(payload).unwrap();
    assert_eq!(p.cr1_name.as_deref(), Some("Migration"));
    assert_eq!(p.statuscode, Some(Statuscode::Cancelled));
    assert!(p.cr1_accountid.is_some());
    let doc = generated("cr1_project.rs");
    assert!(
        doc.contains("Table from solution Contoso 1.2.0.0"),
        "table doc"
    );
    assert!(doc.contains("cr1_projects"), "entity set");
    let _ = cr1_project::columns::CR1_ACCOUNTID;
}

/// Real solutions (hmcts/pre-rec-evidence, brendon-colburn/powerplatform-rules-engine).
#[test]
fn real_solution_columns_read_into_typed_fields() {
    let c: Contact = serde_json::from_value(json!({
        "lastname": "Smith",
        "pre__court": "Leeds Crown Court",
        "pre__caseuid": "CASE-1"
    }))
    .unwrap();
    assert_eq!(c.pre_court.as_deref(), Some("Leeds Crown Court"));
    assert_eq!(c.pre_caseuid.as_deref(), Some("CASE-1"));
    assert!(c.extra().is_empty());
    let r: BacUserrole = serde_json::from_value(json!({ "bac_role": 123000001 })).unwrap();
    assert_eq!(r.bac_role, Some(BacRoles::ProductCoordinator));
    let doc = generated("contact.rs");
    assert!(doc.contains("solution dts_pre_recorded_evidence 0.0.7"));
}
