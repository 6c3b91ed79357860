//! Create/update bodies, validation and query strings.

mod common;

use common::{
    account, columns, contact_columns, Account, Contact, CustomerTypeCode, OutdoorActivities,
};
use dvgen_runtime::serde_json::{self, json};
use dvgen_runtime::uuid::Uuid;
use dvgen_runtime::{
    ChangeError, Changes, Date, DateTime, Entity, Lookup, Money, MultiSelect, Operation, Order,
    Query, QueryError, Severity, ViolationKind,
};

const ID: &str = "39e0dbe4-131b-e111-ba7e-78e7d1620f5e";

fn id() -> Uuid {
    Uuid::parse_str(ID).unwrap()
}

#[test]
fn set_writes_only_set_fields_with_wire_forms() {
    let body = Changes::<Account>::new()
        .set(columns::NAME, "Contoso")
        .set(columns::REVENUE, "5000000.0000".parse::<Money>().unwrap())
        .set(columns::CUSTOMERTYPECODE, CustomerTypeCode::Consultant)
        .set(columns::CREDITONHOLD, false)
        .set(
            columns::SAMPLE_FOUNDEDON,
            "1965-05-07".parse::<Date>().unwrap(),
        )
        .set(
            columns::SAMPLE_OUTDOORACTIVITIES,
            [OutdoorActivities::Camping, OutdoorActivities::Swimming]
                .into_iter()
                .collect::<MultiSelect<_>>(),
        )
        .set(columns::ADDRESS1_LATITUDE, 47.639583)
        .clear(columns::DESCRIPTION)
        .set(columns::NAME, "Contoso Ltd"); // last wins, first position kept
    let text = body.to_json_string().unwrap();
    assert_eq!(
        text,
        r#"{"name":"Contoso Ltd","revenue":5000000.0000,"customertypecode":2,"creditonhold":false,"sample_foundedon":"1965-05-07","sample_outdooractivities":"1,9","address1_latitude":47.639583,"description":null}"#
    );
    assert_eq!(serde_json::to_string(&body).unwrap(), text);
    assert!(body.errors().is_empty());
}

#[test]
fn bind_uses_exact_navigation_property_and_target_entity_set() {
    let body = Changes::<Account>::new()
        .bind(columns::PRIMARYCONTACTID, "contact", id())
        .bind(columns::TRANSACTIONCURRENCYID, "transactioncurrency", id());
    assert_eq!(
        body.to_value().unwrap(),
        json!({
            "primarycontactid@odata.bind": format!("/contacts({ID})"),
            "TransactionCurrencyId@odata.bind": format!("/transactioncurrencies({ID})"),
        })
    );
    // Polymorphic owner: the target decides the entity set.
    let team = Changes::<Account>::new().bind(columns::OWNERID, "team", id());
    assert_eq!(
        team.to_value().unwrap(),
        json!({"ownerid@odata.bind": format!("/teams({ID})")})
    );
    let user = Changes::<Account>::new().bind(columns::OWNERID, "systemuser", id());
    assert_eq!(
        user.to_value().unwrap(),
        json!({"ownerid@odata.bind": format!("/systemusers({ID})")})
    );
    // Customer lookup: the target decides the navigation property.
    let c = Changes::<Contact>::new().bind(contact_columns::PARENTCUSTOMERID, "account", id());
    assert_eq!(
        c.to_value().unwrap(),
        json!({"parentcustomerid_account@odata.bind": format!("/accounts({ID})")})
    );
    let c = Changes::<Contact>::new().bind(contact_columns::PARENTCUSTOMERID, "contact", id());
    assert_eq!(
        c.to_value().unwrap(),
        json!({"parentcustomerid_contact@odata.bind": format!("/contacts({ID})")})
    );
    // set() on a single-target lookup is a bind.
    let s = Changes::<Account>::new().set(columns::PRIMARYCONTACTID, Lookup::new(id()));
    assert_eq!(
        s.to_value().unwrap(),
        json!({"primarycontactid@odata.bind": format!("/contacts({ID})")})
    );
}

#[test]
fn clearing_lookups_writes_null_binds() {
    let body = Changes::<Account>::new().clear(columns::PRIMARYCONTACTID);
    assert_eq!(
        body.to_value().unwrap(),
        json!({"primarycontactid@odata.bind": null})
    );
    let c = Changes::<Contact>::new().clear(contact_columns::PARENTCUSTOMERID);
    assert!(matches!(
        c.errors().as_slice(),
        [ChangeError::AmbiguousTarget { .. }]
    ));
    let c = Changes::<Contact>::new().clear_target(contact_columns::PARENTCUSTOMERID, "contact");
    assert_eq!(
        c.to_value().unwrap(),
        json!({"parentcustomerid_contact@odata.bind": null})
    );
    let c = Changes::<Contact>::new().set_opt(contact_columns::FIRSTNAME, None);
    assert_eq!(c.to_value().unwrap(), json!({"firstname": null}));
}

#[test]
fn bind_errors_are_clear() {
    let missing_nav = Changes::<Account>::new().bind(columns::MASTERID, "account", id());
    let err = missing_nav.to_json_string().unwrap_err();
    assert!(matches!(
        err,
        ChangeError::MissingNavigationProperty {
            column: "masterid",
            ..
        }
    ));
    assert!(err.to_string().contains("no navigation property"), "{err}");
    assert!(serde_json::to_string(&missing_nav).is_err());

    let wrong = Changes::<Account>::new().bind(columns::OWNERID, "account", id());
    let err = wrong.to_value().unwrap_err();
    assert_eq!(
        err,
        ChangeError::TargetNotAllowed {
            column: "ownerid",
            table: "account".into(),
            allowed: vec!["systemuser", "team"],
        }
    );
    let ambiguous = Changes::<Account>::new().set(columns::OWNERID, Lookup::new(id()));
    assert!(matches!(
        ambiguous.errors()[0],
        ChangeError::AmbiguousTarget { .. }
    ));
    let not_lookup = Changes::<Account>::new().bind(columns::NAME, "contact", id());
    assert!(matches!(
        not_lookup.errors()[0],
        ChangeError::NotALookup { .. }
    ));
}

#[test]
fn validate_create_returns_all_violations() {
    let body = Changes::<Account>::new()
        .set(columns::NAME, "x".repeat(161))
        .set(columns::REVENUE, "-1.125".parse::<Money>().unwrap())
        .set(
            columns::CUSTOMERTYPECODE,
            CustomerTypeCode::Unknown(100000001),
        )
        .set(
            columns::MODIFIEDON,
            "2023-04-07T21:59:01Z".parse::<DateTime>().unwrap(),
        )
        .set(columns::NUMBEROFEMPLOYEES, 2_000_000_000)
        .set(columns::ADDRESS1_LATITUDE, 47.639583)
        .set(
            columns::SAMPLE_OUTDOORACTIVITIES,
            [OutdoorActivities::Unknown(77)]
                .into_iter()
                .collect::<MultiSelect<_>>(),
        )
        .bind(columns::OWNERID, "account", id());
    let v = body.validate_create();
    let kinds: Vec<(&str, &ViolationKind, Severity)> = v
        .iter()
        .map(|v| (v.column.as_str(), &v.kind, v.severity))
        .collect();
    let has = |col: &str, pred: &dyn Fn(&ViolationKind) -> bool| {
        kinds.iter().any(|(c, k, _)| *c == col && pred(k))
    };
    assert!(has("name", &|k| matches!(
        k,
        ViolationKind::MaxLength {
            max: 160,
            actual: 161
        }
    )));
    assert!(has("revenue", &|k| matches!(
        k,
        ViolationKind::BelowMinimum { .. }
    )));
    assert!(has("revenue", &|k| matches!(
        k,
        ViolationKind::Precision { max: 2, actual: 3 }
    )));
    assert!(has("modifiedon", &|k| matches!(
        k,
        ViolationKind::NotValidForCreate
    )));
    assert!(has("numberofemployees", &|k| matches!(
        k,
        ViolationKind::AboveMaximum { .. }
    )));
    assert!(has("address1_latitude", &|k| matches!(
        k,
        ViolationKind::Precision { max: 5, actual: 6 }
    )));
    assert!(has("ownerid", &|k| matches!(
        k,
        ViolationKind::Change(ChangeError::TargetNotAllowed { .. })
    )));
    let warnings: Vec<_> = v.iter().filter(|v| !v.is_error()).collect();
    assert_eq!(warnings.len(), 2, "{v:#?}");
    assert!(warnings
        .iter()
        .all(|w| matches!(w.kind, ViolationKind::UndocumentedChoice { .. })));
    assert_eq!(v.len(), 9, "{v:#?}");
    // Display is readable.
    assert!(v[0]
        .to_string()
        .starts_with("error: name: 161 characters exceed MaxLength 160"));
}

#[test]
fn validate_update_and_exact_bounds() {
    let body = Changes::<Account>::new()
        .set(columns::ACCOUNTID, id())
        .set(
            columns::REVENUE,
            "100000000000000.00".parse::<Money>().unwrap(),
        )
        .set(columns::NAME, "é".repeat(160));
    let v = body.validate_update();
    assert_eq!(v.len(), 1, "{v:#?}");
    assert_eq!(v[0].kind, ViolationKind::NotValidForUpdate);
    assert!(body.validate_create().is_empty());
    let over = Changes::<Account>::new().set(
        columns::REVENUE,
        "100000000000000.01".parse::<Money>().unwrap(),
    );
    assert!(matches!(
        over.validate(Operation::Update)[0].kind,
        ViolationKind::AboveMaximum { .. }
    ));
}

#[test]
fn validate_raw_json() {
    let body = json!({
        "@odata.type": "Microsoft.Dynamics.CRM.account",
        "name": 12,
        "_primarycontactid_value": ID,
        "nosuchcolumn": 1,
        "primarycontactid@odata.bind": "/accounts(00000000-0000-0000-0000-000000000001)",
        "customertypecode": 3,
        "sample_outdooractivities": "1, 9, 12",
        "revenue": 20000.0000,
        "createdon": "2023-04-07T21:59:01Z",
    });
    let v = dvgen_runtime::validate_json(
        Account::METADATA,
        body.as_object().unwrap(),
        Operation::Create,
    );
    let summary: Vec<String> = v.iter().map(|v| v.to_string()).collect();
    assert_eq!(v.len(), 6, "{summary:#?}");
    let cols: Vec<&str> = v.iter().map(|v| v.column.as_str()).collect();
    for c in [
        "name",
        "primarycontactid",
        "nosuchcolumn",
        "sample_outdooractivities",
        "createdon",
    ] {
        assert!(cols.contains(&c), "{c}: {summary:#?}");
    }
}

#[test]
fn query_string_basics() {
    let q = Query::<Account>::new()
        .select(&[&columns::NAME, &columns::REVENUE])
        .filter(columns::REVENUE.gt(Money::from(10000)));
    assert_eq!(
        q.to_query_string(),
        "$select=name,revenue&$filter=revenue%20gt%2010000"
    );
}

#[test]
fn query_literals() {
    let f = |q: Query<Account>| q.to_unencoded_string();
    assert_eq!(
        f(Query::new().filter(columns::NAME.eq("O'Brien & Sons"))),
        "$filter=name eq 'O''Brien & Sons'"
    );
    assert_eq!(
        Query::<Account>::new()
            .filter(columns::NAME.eq("O'Brien & Sons + 100%"))
            .to_query_string(),
        "$filter=name%20eq%20'O''Brien%20%26%20Sons%20%2B%20100%25'"
    );
    assert_eq!(
        f(Query::new().filter(columns::PRIMARYCONTACTID.eq(id()))),
        format!("$filter=_primarycontactid_value eq {ID}")
    );
    assert_eq!(
        f(Query::new().filter(columns::ACCOUNTID.eq(id()))),
        format!("$filter=accountid eq {ID}")
    );
    assert_eq!(
        f(
            Query::new()
                .filter(columns::SAMPLE_FOUNDEDON.ge("1965-05-07".parse::<Date>().unwrap()))
        ),
        "$filter=sample_foundedon ge 1965-05-07"
    );
    assert_eq!(
        f(Query::new()
            .filter(columns::MODIFIEDON.lt("2023-04-07T21:59:01Z".parse::<DateTime>().unwrap()))),
        "$filter=modifiedon lt 2023-04-07T21:59:01Z"
    );
    assert_eq!(
        f(Query::new().filter(
            columns::CREDITONHOLD.eq(true)
                & columns::CUSTOMERTYPECODE.ne(CustomerTypeCode::Competitor)
        )),
        "$filter=creditonhold eq true and customertypecode ne 1"
    );
    assert_eq!(
        f(Query::new().filter(
            (columns::NAME.starts_with("C") | columns::NAME.contains("x"))
                & !columns::PRIMARYCONTACTID.is_null()
        )),
        "$filter=(startswith(name,'C') or contains(name,'x')) and not (_primarycontactid_value eq null)"
    );
    assert_eq!(
        f(Query::new().filter(columns::SAMPLE_OUTDOORACTIVITIES.contain_values(&[
            OutdoorActivities::Swimming,
            OutdoorActivities::Camping
        ]))),
        "$filter=Microsoft.Dynamics.CRM.ContainValues(PropertyName='sample_outdooractivities',PropertyValues=['1','9'])"
    );
    assert_eq!(
        f(Query::new().filter(
            columns::EXCHANGERATE.le("0.000000000001".parse::<dvgen_runtime::Decimal>().unwrap())
        )),
        "$filter=exchangerate le 0.000000000001"
    );
}

#[test]
fn query_expand_order_top_count() {
    let q = Query::<Account>::new()
        .select(&[&columns::NAME, &columns::PRIMARYCONTACTID, &columns::NAME])
        .expand(
            &account::relationships::ACCOUNT_PRIMARY_CONTACT,
            Query::<Contact>::new().select(&[&contact_columns::FULLNAME]),
        )
        .unwrap()
        .expand(
            &account::relationships::ACCOUNT_TASKS,
            Query::<()>::new().top(5),
        )
        .unwrap()
        .order_by(columns::REVENUE, Order::Desc)
        .order_by(columns::NAME, Order::Asc)
        .top(10)
        .count();
    assert_eq!(
        q.to_unencoded_string(),
        "$select=name,_primarycontactid_value&$expand=primarycontactid($select=fullname),Account_Tasks($top=5)&$orderby=revenue desc,name&$top=10&$count=true"
    );
    assert_eq!(
        q.to_query_string(),
        "$select=name,_primarycontactid_value&$expand=primarycontactid($select=fullname),Account_Tasks($top=5)&$orderby=revenue%20desc,name&$top=10&$count=true"
    );
    // From the contact side the same relationship is the collection.
    let c = Query::<Contact>::new()
        .expand(
            &account::relationships::ACCOUNT_PRIMARY_CONTACT,
            Query::<Account>::new(),
        )
        .unwrap();
    assert_eq!(c.to_query_string(), "$expand=account_primary_contact");
    // Not a relationship of contact.
    let err = Query::<Contact>::new()
        .expand(&account::relationships::ACCOUNT_TASKS, Query::<()>::new())
        .unwrap_err();
    assert!(matches!(err, QueryError::UnrelatedTable { .. }));
}
