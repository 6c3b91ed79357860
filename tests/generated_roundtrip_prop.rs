//! Property test: a GENERATED `Lead` built from arbitrary values of every
//! column type the table has round-trips through Web API JSON
//! (serialize → deserialize → equal, and the JSON is stable).

use dataverse_generated::choices::{LeadLeadqualitycode, LeadStatecode, LeadStatuscode};
use dataverse_generated::lead::Lead;
use dvgen_runtime::serde_json::{self, Value};
use dvgen_runtime::{
    rust_decimal, time, uuid::Uuid, Date, DateTime, Decimal, Extra, Lookup, Money, OptionSet,
};
use proptest::prelude::*;

fn decimal() -> impl Strategy<Value = rust_decimal::Decimal> {
    (any::<i64>(), 0u32..=12).prop_map(|(m, s)| rust_decimal::Decimal::new(m, s))
}

fn date() -> impl Strategy<Value = Date> {
    // 1753-01-01 ..= 9999-12-31, the Dataverse range.
    (2_361_331i32..=5_373_484).prop_map(|jd| Date(time::Date::from_julian_day(jd).unwrap()))
}

fn date_time() -> impl Strategy<Value = DateTime> {
    (
        -6_847_804_800i64..=253_402_300_799,
        prop_oneof![Just(0u32), 0u32..1_000_000_000],
        -(14 * 60)..=(14 * 60i32),
    )
        .prop_map(|(secs, nanos, offset_min)| {
            let t = time::OffsetDateTime::from_unix_timestamp(secs)
                .unwrap()
                .replace_nanosecond(nanos)
                .unwrap();
            let off = time::UtcOffset::from_whole_seconds(offset_min * 60).unwrap();
            DateTime(t.to_offset(off))
        })
        .prop_filter("RFC 3339 year range", |d| (0..=9999).contains(&d.0.year()))
}

fn uuid() -> impl Strategy<Value = Uuid> {
    any::<u128>().prop_map(Uuid::from_u128)
}

fn finite_f64() -> impl Strategy<Value = f64> {
    any::<f64>().prop_filter("JSON has no NaN/inf", |f| f.is_finite())
}

/// Annotations and unknown properties, as a server may add them.
fn extra() -> impl Strategy<Value = Extra> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ];
    proptest::collection::btree_map(
        "[a-z_]{1,8}@[A-Za-z.]{1,20}|@odata\\.[a-z]{1,8}",
        leaf,
        0..6,
    )
    .prop_map(|m| m.into_iter().collect::<Extra>())
}

/// `Some` of a value half of the time.
fn opt<S: Strategy>(s: S) -> impl Strategy<Value = Option<S::Value>> {
    proptest::option::of(s)
}

prop_compose! {
    /// One field per column type of `lead`: String, Memo, Integer, BigInt,
    /// Double, Boolean, Money, Decimal, DateTime (DateOnly and UserLocal),
    /// Uniqueidentifier, Lookup, Customer, Owner, Picklist, State, Status,
    /// EntityName and Image (a base64 string), plus annotations.
    fn arbitrary_lead()(
        strings in (opt(any::<String>()), opt(any::<String>()), opt(any::<String>()), opt(any::<String>())),
        ints in (opt(any::<i32>()), opt(any::<i64>()), opt(finite_f64()), opt(any::<bool>())),
        decimals in (opt(decimal()), opt(decimal())),
        dates in (opt(date()), opt(date_time())),
        ids in (opt(uuid()), opt(uuid()), opt(uuid()), opt(uuid())),
        choices in (opt(any::<i32>()), opt(any::<i32>()), opt(any::<i32>())),
        extra in extra(),
    ) -> Lead {
        Lead {
            subject: strings.0,
            description: strings.1,
            customeridtype: strings.2,
            entityimage: strings.3,
            numberofemployees: ints.0,
            versionnumber: ints.1,
            address1_latitude: ints.2,
            donotemail: ints.3,
            revenue: decimals.0.map(Money),
            exchangerate: decimals.1.map(Decimal),
            estimatedclosedate: dates.0,
            createdon: dates.1,
            leadid: ids.0,
            parentaccountid: ids.1.map(Lookup),
            customerid: ids.2.map(Lookup),
            ownerid: ids.3.map(Lookup),
            leadqualitycode: choices.0.map(LeadLeadqualitycode::from_value),
            statecode: choices.1.map(LeadStatecode::from_value),
            statuscode: choices.2.map(LeadStatuscode::from_value),
            extra,
            ..Lead::default()
        }
    }
}

proptest! {
    #[test]
    fn generated_lead_round_trips_through_json(lead in arbitrary_lead()) {
        let text = serde_json::to_string(&lead).unwrap();
        let back: Lead = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(&back, &lead);
        // Exact decimals: the scale survives.
        prop_assert_eq!(
            back.revenue.map(|m| m.to_string()),
            lead.revenue.map(|m| m.to_string())
        );
        prop_assert_eq!(&serde_json::to_string(&back).unwrap(), &text);
        // Through `serde_json::Value` as well (numbers compared as JSON values).
        let value: Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(serde_json::to_value(&back).unwrap(), value);
    }
}
