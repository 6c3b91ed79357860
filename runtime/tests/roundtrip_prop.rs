//! Property tests: every runtime value type round-trips through JSON, alone
//! and inside a generated struct (`common::Account`: its `Row` impl puts
//! annotations and unknown properties into `extra`).

mod common;

use common::{Account, CustomerTypeCode, OutdoorActivities};
use dvgen_runtime::serde_json::{self, Value};
use dvgen_runtime::{
    rust_decimal, time, uuid::Uuid, Date, DateTime, Decimal, Extra, Lookup, Money, MultiSelect,
    OptionSet,
};
use proptest::prelude::*;

fn decimal() -> impl Strategy<Value = rust_decimal::Decimal> {
    (any::<i64>(), 0u32..=12).prop_map(|(m, s)| rust_decimal::Decimal::new(m, s))
}

fn date() -> impl Strategy<Value = Date> {
    // 1753-01-01 ..= 9999-12-31
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

fn extra() -> impl Strategy<Value = Extra> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "[a-zA-Z0-9 ,.$;]{0,12}".prop_map(Value::from),
    ];
    proptest::collection::btree_map("[a-z_]{1,8}@[A-Za-z.]{1,20}", leaf, 0..6)
        .prop_map(|m| m.into_iter().collect::<Extra>())
}

fn json_round_trip<T>(v: &T) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let s = serde_json::to_string(v).unwrap();
    serde_json::from_str(&s).unwrap()
}

proptest! {
    #[test]
    fn decimal_and_money_exact(d in decimal()) {
        let back = json_round_trip(&Decimal(d));
        prop_assert_eq!(back.0, d);
        prop_assert_eq!(back.0.to_string(), d.to_string()); // scale kept
        let back = json_round_trip(&Money(d));
        prop_assert_eq!(back.0.to_string(), d.to_string());
        // Written as a JSON number.
        let v: Value = serde_json::from_str(&serde_json::to_string(&Money(d)).unwrap()).unwrap();
        prop_assert!(v.is_number());
        // And read from a string too.
        let from_str: Money = serde_json::from_value(Value::String(d.to_string())).unwrap();
        prop_assert_eq!(from_str.0.to_string(), d.to_string());
    }

    #[test]
    fn dates(d in date()) {
        prop_assert_eq!(json_round_trip(&d), d);
        let text = serde_json::to_string(&d).unwrap();
        prop_assert_eq!(text.len(), 12);
        let with_time = format!("\"{}T00:00:00Z\"", d);
        prop_assert_eq!(serde_json::from_str::<Date>(&with_time).unwrap(), d);
    }

    #[test]
    fn date_times(d in date_time()) {
        prop_assert_eq!(json_round_trip(&d), d);
    }

    #[test]
    fn lookups(n in any::<u128>()) {
        let l = Lookup(Uuid::from_u128(n));
        prop_assert_eq!(json_round_trip(&l), l);
    }

    #[test]
    fn option_sets(n in any::<i32>()) {
        let o = CustomerTypeCode::from_value(n);
        prop_assert_eq!(json_round_trip(&o), o);
        prop_assert_eq!(o.value(), n);
    }

    #[test]
    fn multi_selects(vals in proptest::collection::vec(any::<i32>(), 0..10)) {
        let m: MultiSelect<OutdoorActivities> =
            vals.iter().map(|v| OutdoorActivities::from_value(*v)).collect();
        let back = json_round_trip(&m);
        prop_assert_eq!(&back, &m);
        let mut sorted = vals.clone();
        sorted.sort();
        sorted.dedup();
        prop_assert_eq!(back.values().collect::<Vec<_>>(), sorted);
        // Spaces after commas (the docs' request form) read the same.
        let spaced = format!("\"{}\"", m.values().map(|v| v.to_string()).collect::<Vec<_>>().join(", "));
        prop_assert_eq!(serde_json::from_str::<MultiSelect<OutdoorActivities>>(&spaced).unwrap(), m);
    }

    #[test]
    fn extras(e in extra()) {
        prop_assert_eq!(json_round_trip(&e), e);
    }

    #[test]
    fn whole_rows_with_extra(
        name in proptest::option::of("\\PC{0,20}"),
        revenue in proptest::option::of(decimal()),
        rate in proptest::option::of(decimal()),
        code in proptest::option::of(any::<i32>()),
        modified in proptest::option::of(date_time()),
        founded in proptest::option::of(date()),
        acts in proptest::option::of(proptest::collection::vec(1i32..20, 0..5)),
        owner in proptest::option::of(any::<u128>()),
        lat in proptest::option::of(-90.0f64..90.0),
        employees in proptest::option::of(any::<i32>()),
        hold in proptest::option::of(any::<bool>()),
        extra in extra(),
    ) {
        let a = Account {
            name,
            revenue: revenue.map(Money),
            exchangerate: rate.map(Decimal),
            customertypecode: code.map(CustomerTypeCode::from_value),
            modifiedon: modified,
            sample_foundedon: founded,
            sample_outdooractivities: acts.map(|v| v.into_iter().map(OutdoorActivities::from_value).collect()),
            ownerid: owner.map(|n| Lookup(Uuid::from_u128(n))),
            address1_latitude: lat,
            numberofemployees: employees,
            creditonhold: hold,
            extra,
            ..Account::default()
        };
        let text = serde_json::to_string(&a).unwrap();
        let back: Account = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(&back, &a);
        prop_assert_eq!(back.revenue.map(|m| m.to_string()), a.revenue.map(|m| m.to_string()));
        // Write -> read -> write gives the same JSON.
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), text);
    }
}
