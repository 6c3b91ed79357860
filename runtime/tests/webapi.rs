//! Web API JSON tests against the verbatim examples from MicrosoftDocs/powerapps-docs
//! (CC BY 4.0; see `fixtures/README.md`).

mod common;

use common::{
    columns, contact_columns, Account, AccountCategoryCode, Contact, CustomerTypeCode,
    OutdoorActivities,
};
use dvgen_runtime::serde_json::{self, json, Value};
use dvgen_runtime::{
    uuid::Uuid, Collection, Date, DateTime, HasExtra, Lookup, Money, MultiSelect, OptionSet,
};

const FORMATTED: &str = include_str!("fixtures/select-columns-formatted.json");
const OWNER: &str = include_str!("fixtures/select-columns-owner.json");
const MULTI_CREATE: &str = include_str!("fixtures/multi-select-create.json");
const MULTI_RESPONSE: &str = include_str!("fixtures/multi-select-response.json");
const CREATE_BIND: &str = include_str!("fixtures/create-bind.json");
const CREATE_REPR: &str = include_str!("fixtures/create-representation.json");

fn uuid(s: &str) -> Uuid {
    Uuid::parse_str(s).unwrap()
}

/// read -> write -> read, and the written JSON equals the input as `Value`s.
fn assert_round_trip<T>(input: &str) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
{
    let typed: T = serde_json::from_str(input).unwrap();
    let written = serde_json::to_string(&typed).unwrap();
    let again: T = serde_json::from_str(&written).unwrap();
    assert_eq!(typed, again);
    let original: Value = serde_json::from_str(input).unwrap();
    let written_value: Value = serde_json::from_str(&written).unwrap();
    assert_eq!(original, written_value, "written: {written}");
    assert_eq!(serde_json::to_value(&typed).unwrap(), original);
    typed
}

#[test]
fn example_a_formatted_values_and_lookup() {
    let page: Collection<Account> = serde_json::from_str(FORMATTED).unwrap();
    assert_eq!(
        page.context.as_deref(),
        Some("[Organization URI]/api/data/v9.2/$metadata#accounts(name,revenue)")
    );
    assert_eq!(page.value.len(), 1);
    let a = &page.value[0];
    assert_eq!(a.name.as_deref(), Some("Litware, Inc. (sample)"));
    assert_eq!(a.revenue.unwrap().to_string(), "20000.0000");
    assert_eq!(a.customertypecode, Some(CustomerTypeCode::Competitor));
    assert_eq!(a.customertypecode.unwrap().label(), Some("Competitor"));
    assert_eq!(
        a.modifiedon,
        Some("2023-04-07T21:59:01Z".parse::<DateTime>().unwrap())
    );
    assert_eq!(
        a.accountid,
        Some(uuid("78914942-34cb-ed11-b596-0022481d68cd"))
    );
    assert_eq!(a.extra.etag(), Some("W/\"81359849\""));
    assert_eq!(a.extra.formatted_value("revenue"), Some("$20,000.00"));
    assert_eq!(columns::REVENUE.formatted_value(a), Some("$20,000.00"));
    assert_eq!(
        columns::CUSTOMERTYPECODE.formatted_value(a),
        Some("Competitor")
    );
    assert_eq!(
        columns::MODIFIEDON.formatted_value(a),
        Some("4/7/2023 2:59 PM")
    );
    assert_eq!(
        columns::TRANSACTIONCURRENCYID.formatted_value(a),
        Some("US Dollar")
    );
    // Only annotations went to `extra`.
    assert!(a.extra().iter().all(|(k, _)| k.contains('@')));

    let contact = columns::PRIMARYCONTACTID
        .reference(a, a.primarycontactid)
        .unwrap();
    assert_eq!(contact.table.as_deref(), Some("contact"));
    assert_eq!(contact.id, uuid("70bf4d48-34cb-ed11-b596-0022481d68cd"));
    assert_eq!(contact.name.as_deref(), Some("Susanna Stubberod (sample)"));
    assert_eq!(
        contact.navigation_property.as_deref(),
        Some("primarycontactid")
    );
    assert_eq!(
        contact.bind_path().as_deref(),
        Some("/contacts(70bf4d48-34cb-ed11-b596-0022481d68cd)")
    );
    let currency = columns::TRANSACTIONCURRENCYID
        .reference(a, a.transactioncurrencyid)
        .unwrap();
    assert_eq!(currency.table.as_deref(), Some("transactioncurrency"));
    assert_eq!(currency.name.as_deref(), Some("US Dollar"));
    assert!(columns::OWNERID.reference(a, a.ownerid).is_none());

    assert_round_trip::<Collection<Account>>(FORMATTED);
}

#[test]
fn example_b_polymorphic_owner() {
    let page: Collection<Account> = assert_round_trip(OWNER);
    let refs: Vec<_> = page
        .value
        .iter()
        .map(|a| columns::OWNERID.reference(a, a.ownerid).unwrap())
        .collect();
    assert_eq!(refs[0].table.as_deref(), Some("team"));
    assert_eq!(refs[0].id, uuid("39e0dbe4-131b-e111-ba7e-78e7d1620f5e"));
    assert_eq!(refs[0].navigation_property.as_deref(), Some("ownerid"));
    assert_eq!(
        refs[0].bind_path().as_deref(),
        Some("/teams(39e0dbe4-131b-e111-ba7e-78e7d1620f5e)")
    );
    assert_eq!(refs[1].table.as_deref(), Some("systemuser"));
    assert_eq!(refs[1].entity_set.as_deref(), Some("systemusers"));
    assert_eq!(
        page.value[1].extra.lookup_logical_name("_ownerid_value"),
        Some("systemuser")
    );
    assert_eq!(
        page.value[0]
            .extra
            .associated_navigation_property("_ownerid_value"),
        Some("ownerid")
    );
    assert_eq!(
        page.value[0]
            .extra
            .annotation("_ownerid_value", "Microsoft.Dynamics.CRM.lookuplogicalname"),
        Some(dvgen_runtime::ExtraValue::Str("team"))
    );
    assert_eq!(page.value[0].ownerid.unwrap().id(), refs[0].id);
}

#[test]
fn example_c_multi_select_strings() {
    let page: Collection<Contact> = assert_round_trip(MULTI_RESPONSE);
    let first = page.value[0].sample_outdooractivities.clone().unwrap();
    assert_eq!(first.as_slice(), &[OutdoorActivities::Hiking]);
    let second = page.value[1].sample_outdooractivities.clone().unwrap();
    assert_eq!(second.values().collect::<Vec<_>>(), vec![2, 3, 8, 9]);
    assert!(second.contains(OutdoorActivities::Skiing));
    assert_eq!(
        contact_columns::SAMPLE_OUTDOORACTIVITIES.formatted_value(&page.value[1]),
        Some("Hiking; Mountain Climbing; Skiing; Camping")
    );

    // The create body writes "1, 9" with a space; we read it and write "1,9".
    let c: Contact = serde_json::from_str(MULTI_CREATE).unwrap();
    let acts = c.sample_outdooractivities.clone().unwrap();
    assert_eq!(
        acts.as_slice(),
        &[OutdoorActivities::Swimming, OutdoorActivities::Camping]
    );
    assert_eq!(c.extra.odata_type(), Some("Microsoft.Dynamics.CRM.contact"));
    let v = serde_json::to_value(&c).unwrap();
    assert_eq!(v["sample_outdooractivities"], json!("1,9"));
    assert_eq!(v["@odata.type"], json!("Microsoft.Dynamics.CRM.contact"));
}

#[test]
fn multi_select_forms() {
    type M = MultiSelect<OutdoorActivities>;
    let parse = |s: &str| serde_json::from_str::<M>(s).unwrap();
    assert!(parse(r#""""#).is_empty());
    assert_eq!(parse(r#"" 9 ,1,1 ""#).to_wire_string(), "1,9");
    assert_eq!(parse("[9, 1]").to_wire_string(), "1,9");
    assert_eq!(parse(r#"["9", "1"]"#).to_wire_string(), "1,9");
    let unknown = parse(r#""42,2""#);
    assert_eq!(
        unknown.as_slice(),
        &[OutdoorActivities::Hiking, OutdoorActivities::Unknown(42)]
    );
    assert_eq!(serde_json::to_string(&unknown).unwrap(), r#""2,42""#);
    assert!(serde_json::from_str::<M>(r#""1,x""#).is_err());
    assert!(serde_json::from_str::<M>("true").is_err());
    let c: Contact = serde_json::from_str(r#"{"sample_outdooractivities": null}"#).unwrap();
    assert_eq!(c.sample_outdooractivities, None);
    let mut m = M::new();
    assert!(m.insert(OutdoorActivities::Camping));
    assert!(!m.insert(OutdoorActivities::Camping));
    m.insert(OutdoorActivities::Swimming);
    assert!(m.remove(OutdoorActivities::Camping));
    assert_eq!(m.len(), 1);
}

#[test]
fn example_e_create_with_data_returned() {
    let a: Account = assert_round_trip(CREATE_REPR);
    assert_eq!(a.revenue.unwrap().to_string(), "5000000.0000");
    assert_eq!(a.address1_latitude, Some(47.63958));
    assert_eq!(
        a.accountcategorycode,
        Some(AccountCategoryCode::PreferredCustomer)
    );
    assert_eq!(a.creditonhold, Some(false));
    assert_eq!(a.extra.etag(), Some("W/\"536530\""));
    assert_eq!(
        a.extra.odata_context(),
        Some("[Organization URI]/api/data/v9.0/$metadata#accounts/$entity")
    );
    // The exact number text is written back.
    let text = serde_json::to_string(&a).unwrap();
    assert!(text.contains(r#""revenue":5000000.0000"#), "{text}");
}

#[test]
fn money_and_decimal_are_exact_inside_generated_structs() {
    // 18 significant digits: f64 cannot hold these.
    let a: Account = serde_json::from_str(
        r#"{"revenue": 12345678901234.5678, "exchangerate": 0.000000000001, "name": "x",
            "unknown@Some.Annotation": 1.5, "newcolumn": 3}"#,
    )
    .unwrap();
    assert_eq!(a.revenue.unwrap().to_string(), "12345678901234.5678");
    assert_eq!(a.exchangerate.unwrap().to_string(), "0.000000000001");
    assert_eq!(a.extra.get("newcolumn").unwrap(), json!(3));
    assert_eq!(a.extra.get("unknown@Some.Annotation").unwrap(), json!(1.5));
    let text = serde_json::to_string(&a).unwrap();
    assert!(text.contains(r#""revenue":12345678901234.5678"#), "{text}");
    assert!(text.contains(r#""exchangerate":0.000000000001"#), "{text}");

    // Integers, strings, exponents and a six-decimal value from the docs.
    for (input, want) in [
        ("5000000", "5000000"),
        ("\"20000.0000\"", "20000.0000"),
        ("47.639583", "47.639583"),
        ("1.5e3", "1500"),
        ("-0.25", "-0.25"),
    ] {
        let m: Money = serde_json::from_str(input).unwrap();
        assert_eq!(m, want.parse::<Money>().unwrap(), "{input}");
    }
    assert!(serde_json::from_str::<Money>("\"abc\"").is_err());
    assert!(serde_json::from_str::<Money>("true").is_err());

    // Through a reader (owned raw text) too.
    let a: Account = serde_json::from_reader(&br#"{"revenue": 1234567890123.4567}"#[..]).unwrap();
    assert_eq!(a.revenue.unwrap().to_string(), "1234567890123.4567");

    // From a serde_json::Value the number was already f64: numeric value kept
    // for <= 15 digits, scale not kept (documented).
    let a: Account = serde_json::from_value(json!({"revenue": 20000.0000})).unwrap();
    assert_eq!(a.revenue, Some(Money::from(20000)));
}

#[test]
fn date_only_and_date_time() {
    let c: Contact = serde_json::from_str(r#"{"birthdate": "1965-05-07"}"#).unwrap();
    let d = c.birthdate.unwrap();
    assert_eq!(d.to_string(), "1965-05-07");
    let c2: Contact = serde_json::from_str(r#"{"birthdate": "1965-05-07T00:00:00Z"}"#).unwrap();
    assert_eq!(c2.birthdate, Some(d));
    assert_eq!(
        serde_json::to_value(&c2).unwrap(),
        json!({"birthdate": "1965-05-07"})
    );
    assert!(serde_json::from_str::<Date>(r#""1965-13-07""#).is_err());
    assert!(serde_json::from_str::<Date>(r#""1965-05-07Tgarbage""#).is_err());
    assert!(serde_json::from_str::<Date>(r#""""#).is_err());

    let t: DateTime = serde_json::from_str(r#""2023-04-07T21:59:01Z""#).unwrap();
    assert_eq!(
        serde_json::to_string(&t).unwrap(),
        r#""2023-04-07T21:59:01Z""#
    );
    let local: DateTime = serde_json::from_str(r#""2023-04-07T14:59:01-07:00""#).unwrap();
    assert_eq!(local, t);
    let no_offset: DateTime = serde_json::from_str(r#""2023-04-07T21:59:01""#).unwrap();
    assert_eq!(no_offset, t);
    let old: DateTime = serde_json::from_str(r#""1753-01-01T00:00:00Z""#).unwrap();
    assert_eq!(old.to_string(), "1753-01-01T00:00:00Z");
    assert!(serde_json::from_str::<DateTime>(r#""yesterday""#).is_err());
}

#[test]
fn unknown_option_values_are_kept() {
    let a: Account =
        serde_json::from_str(r#"{"customertypecode": 100000001, "accountcategorycode": "2"}"#)
            .unwrap();
    assert_eq!(
        a.customertypecode,
        Some(CustomerTypeCode::Unknown(100000001))
    );
    assert!(!a.customertypecode.unwrap().is_known());
    assert_eq!(a.accountcategorycode, Some(AccountCategoryCode::Standard));
    assert_eq!(
        serde_json::to_value(&a).unwrap(),
        json!({"customertypecode": 100000001, "accountcategorycode": 2})
    );
    assert!(serde_json::from_str::<CustomerTypeCode>("4294967296").is_err());
    assert!(serde_json::from_str::<CustomerTypeCode>("\"x\"").is_err());
}

#[test]
fn lookup_values() {
    let l: Lookup = serde_json::from_str(r#""70BF4D48-34CB-ED11-B596-0022481D68CD""#).unwrap();
    assert_eq!(
        serde_json::to_string(&l).unwrap(),
        r#""70bf4d48-34cb-ed11-b596-0022481d68cd""#
    );
    assert!(serde_json::from_str::<Lookup>(r#""not-a-guid""#).is_err());
    assert!(serde_json::from_str::<Lookup>("12").is_err());
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    for bad in [
        r#"{"revenue": "lots"}"#,
        r#"{"modifiedon": 12}"#,
        r#"{"accountid": "zz"}"#,
        r#"{"customertypecode": [1]}"#,
        r#"{"name": 5}"#,
        r#"{"sample_foundedon": "07/05/1965"}"#,
    ] {
        assert!(serde_json::from_str::<Account>(bad).is_err(), "{bad}");
    }
}

#[test]
fn collection_paging_annotations() {
    let page: Collection<Account> = serde_json::from_str(
        r#"{"@odata.context": "c", "@odata.count": 7, "@Microsoft.Dynamics.CRM.totalrecordcount": 5000,
            "@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded": true,
            "@Microsoft.Dynamics.CRM.fetchxmlpagingcookie": "cookie",
            "value": [], "@odata.nextLink": "https://org/api/data/v9.2/accounts?$skiptoken=x"}"#,
    )
    .unwrap();
    assert_eq!(page.count, Some(7));
    assert_eq!(page.total_record_count, Some(5000));
    assert_eq!(page.total_record_count_limit_exceeded, Some(true));
    assert!(page.next_link.as_deref().unwrap().ends_with("$skiptoken=x"));
    assert_eq!(
        page.extra
            .get_str("@Microsoft.Dynamics.CRM.fetchxmlpagingcookie"),
        Some("cookie")
    );
}

#[test]
fn example_d_bind_body() {
    use dvgen_runtime::Changes;
    let body = Changes::<Account>::new()
        .set(columns::NAME, "Sample Account")
        .bind(
            columns::PRIMARYCONTACTID,
            "contact",
            uuid("00000000-0000-0000-0000-000000000001"),
        );
    let mut expected: serde_json::Map<String, Value> = serde_json::from_str(CREATE_BIND).unwrap();
    expected.remove("Account_Tasks@odata.bind"); // collection-valued: not built by Changes
    assert_eq!(body.to_value().unwrap(), Value::Object(expected));
    assert!(body.validate_create().is_empty());
    // The full doc body validates too (collection-valued bind accepted).
    let doc: serde_json::Map<String, Value> = serde_json::from_str(CREATE_BIND).unwrap();
    assert_eq!(
        dvgen_runtime::validate_json(
            <Account as dvgen_runtime::Entity>::METADATA,
            &doc,
            dvgen_runtime::Operation::Create
        ),
        vec![]
    );
}

#[test]
fn extra_keeps_any_json_in_order_and_deduplicated() {
    let a: Account = serde_json::from_str(
        r#"{"z@x.y": "last", "primarycontactid": {"fullname": "Susanna", "contactid": "70bf4d48-34cb-ed11-b596-0022481d68cd"},
            "a@x.y": [1, "two", null], "m@x.y": null, "dup": 1, "dup": "2", "esc\"aped": "li\nne"}"#,
    )
    .unwrap();
    // Input order; a repeated key keeps its first place and its last value.
    let keys: Vec<&str> = a.extra.iter().map(|(k, _)| k).collect();
    assert_eq!(
        keys,
        vec![
            "z@x.y",
            "primarycontactid",
            "a@x.y",
            "m@x.y",
            "dup",
            "esc\"aped"
        ]
    );
    // Non-strings are kept as JSON text.
    assert_eq!(
        a.extra.get("a@x.y").unwrap().as_json(),
        Some(json!([1, "two", null]))
    );
    assert!(a.extra.get("m@x.y").unwrap().is_null());
    assert_eq!(a.extra.get_str("dup"), Some("2"));
    assert_eq!(a.extra.get_str("esc\"aped"), Some("li\nne"));
    let expanded = a.extra.get("primarycontactid").unwrap().as_json().unwrap();
    let contact: Contact = serde_json::from_value(expanded.clone()).unwrap();
    assert_eq!(contact.fullname.as_deref(), Some("Susanna"));
    let mut b = a.clone();
    assert_eq!(a, b);
    b.extra.insert("new", json!("x"));
    assert_ne!(a, b);
    assert_eq!(b.extra.remove("new"), Some(json!("x")));
    assert_eq!(a, b);
    // Same content in another order (or spacing) is equal, and each
    // serializes in its own order.
    let c: dvgen_runtime::Extra = serde_json::from_str(r#"{"b": {"x": 1}, "a": "x"}"#).unwrap();
    let d: dvgen_runtime::Extra = serde_json::from_str(r#"{"a": "x", "b": {"x":1}}"#).unwrap();
    assert_eq!(c, d);
    assert_eq!(
        serde_json::to_string(&c).unwrap(),
        r#"{"b":{"x": 1},"a":"x"}"#
    );
    assert_eq!(
        serde_json::to_string(&d).unwrap(),
        r#"{"a":"x","b":{"x":1}}"#
    );
    let e: dvgen_runtime::Extra = serde_json::from_str(r#"{"a": "x", "b": {"x": 2}}"#).unwrap();
    assert_ne!(c, e);
}

#[test]
fn edge_inputs_do_not_panic() {
    for bad in [
        "1e400",
        "\"\"",
        "\"-\"",
        "99999999999999999999999999999999",
        "\"1.2.3\"",
    ] {
        assert!(serde_json::from_str::<Money>(bad).is_err(), "{bad}");
    }
    // An exponent beyond any decimal scale fails cleanly, naming the number.
    let tiny = serde_json::from_str::<Money>("1e-400").unwrap_err();
    assert!(
        tiny.to_string()
            .contains("`1e-400` is not a decimal number"),
        "{tiny}"
    );
    let odd: DateTime = serde_json::from_str(r#""-0001-01-01T00:00:00""#).unwrap();
    assert_eq!(odd.to_string(), "-0001-01-01T00:00:00+00:00");
    assert!(serde_json::to_string(&odd).is_err());
    for bad in [r#""2023-02-30""#, r#""2023-04-07T25:00:00Z""#, r#""2023""#] {
        assert!(serde_json::from_str::<Date>(bad).is_err(), "{bad}");
    }
}
