//! Deserialize a 5,000-row `leads` response into the GENERATED `Lead` type
//! (170 columns), into `serde_json::Value`, and into three baselines, in the
//! same run:
//!
//! * `serde::de::IgnoredAny`: serde_json reading the bytes and nothing else
//!   (the floor);
//! * a hand-written `#[derive(Deserialize)]` struct with the input's 20
//!   columns, unknown keys dropped (lossy);
//! * the same struct plus `#[serde(flatten)] extra: BTreeMap<String, Value>`
//!   (lossless, what a user would write);
//! * the generated `Lead` with only those 20 columns selected
//!   (`include_columns`), the rest kept in `extra` (lossless).
//!
//! Times are taken with the counting allocator OFF (so counting costs
//! nothing to either side); allocated and retained bytes are measured in a
//! separate pass with it on.
//!
//! `cargo bench --bench generated_deserialize`; with
//! `DVGEN_BENCH_ONLY=typed` (or `value`, `ignored`, `derive`, `flatten`,
//! `selected`),
//! one reader alone (for profilers).
//!
//! Rows follow the docs' select-columns responses (formatted values, lookup
//! annotations, ETag) with 20 typical lead columns of every common type.

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use dataverse_generated::lead::Lead;
use dvgen_runtime::serde::{de::IgnoredAny, Deserialize};
use dvgen_runtime::serde_json::{self, Value};
use dvgen_runtime::uuid::Uuid;
use dvgen_runtime::{Collection, Date, DateTime, Decimal, Money};

/// Counts bytes allocated (total) and currently live, while `COUNTING` is on.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATED: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: defers to the system allocator; only adds counters.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATED.fetch_add(layout.size(), Ordering::Relaxed);
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// `lead` generated with only the input's 20 columns (`include_columns` in
/// `build.rs`); the other columns go to `extra`.
#[allow(dead_code, unused_imports)]
mod lead_selected {
    include!(concat!(env!("OUT_DIR"), "/dvgen_lead_selected/lib.rs"));
}

/// The input's 20 columns, typed as the generated struct types them (choices
/// as their integer values), unknown keys dropped.
#[derive(Deserialize)]
#[serde(crate = "dvgen_runtime::serde")]
#[allow(dead_code)]
struct Lead20 {
    subject: Option<String>,
    fullname: Option<String>,
    companyname: Option<String>,
    emailaddress1: Option<String>,
    telephone1: Option<String>,
    revenue: Option<Money>,
    exchangerate: Option<Decimal>,
    numberofemployees: Option<i32>,
    versionnumber: Option<i64>,
    address1_latitude: Option<f64>,
    donotemail: Option<bool>,
    leadqualitycode: Option<i32>,
    statecode: Option<i32>,
    statuscode: Option<i32>,
    estimatedclosedate: Option<Date>,
    modifiedon: Option<DateTime>,
    _parentaccountid_value: Option<Uuid>,
    _ownerid_value: Option<Uuid>,
    _transactioncurrencyid_value: Option<Uuid>,
    leadid: Option<Uuid>,
}

/// [`Lead20`] plus every other key in a flattened map (lossless).
#[derive(Deserialize)]
#[serde(crate = "dvgen_runtime::serde")]
#[allow(dead_code)]
struct Lead20Flatten {
    subject: Option<String>,
    fullname: Option<String>,
    companyname: Option<String>,
    emailaddress1: Option<String>,
    telephone1: Option<String>,
    revenue: Option<Money>,
    exchangerate: Option<Decimal>,
    numberofemployees: Option<i32>,
    versionnumber: Option<i64>,
    address1_latitude: Option<f64>,
    donotemail: Option<bool>,
    leadqualitycode: Option<i32>,
    statecode: Option<i32>,
    statuscode: Option<i32>,
    estimatedclosedate: Option<Date>,
    modifiedon: Option<DateTime>,
    _parentaccountid_value: Option<Uuid>,
    _ownerid_value: Option<Uuid>,
    _transactioncurrencyid_value: Option<Uuid>,
    leadid: Option<Uuid>,
    #[serde(flatten)]
    extra: BTreeMap<String, Value>,
}

/// `{"value": [...]}` of a baseline row type.
#[derive(Deserialize)]
#[serde(crate = "dvgen_runtime::serde")]
#[allow(dead_code)]
struct Page<T> {
    value: Vec<T>,
}

const ROWS: usize = 5_000;
const ROUNDS: usize = 15;

fn input() -> String {
    let mut rows = Vec::with_capacity(ROWS);
    for i in 0..ROWS {
        rows.push(format!(
            r#"{{
            "@odata.etag": "W/\"{etag}\"",
            "subject": "Litware, Inc. (sample {i})",
            "fullname": "Susanna Stubberod {i}",
            "companyname": "Litware, Inc.",
            "emailaddress1": "someone{i}@example.com",
            "telephone1": "555-0{i:04}",
            "revenue@OData.Community.Display.V1.FormattedValue": "${i},000.00",
            "revenue": {rev}.0000,
            "exchangerate": 1.000000000000,
            "numberofemployees": {i},
            "versionnumber": {etag},
            "address1_latitude": 47.63958,
            "donotemail@OData.Community.Display.V1.FormattedValue": "Allow",
            "donotemail": false,
            "leadqualitycode@OData.Community.Display.V1.FormattedValue": "Warm",
            "leadqualitycode": {code},
            "statecode@OData.Community.Display.V1.FormattedValue": "Open",
            "statecode": 0,
            "statuscode@OData.Community.Display.V1.FormattedValue": "New",
            "statuscode": 1,
            "estimatedclosedate@OData.Community.Display.V1.FormattedValue": "5/7/2023",
            "estimatedclosedate": "2023-05-07",
            "modifiedon@OData.Community.Display.V1.FormattedValue": "4/7/2023 2:59 PM",
            "modifiedon": "2023-04-07T21:59:01Z",
            "_parentaccountid_value@OData.Community.Display.V1.FormattedValue": "Litware, Inc. (sample)",
            "_parentaccountid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "parentaccountid",
            "_parentaccountid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "account",
            "_parentaccountid_value": "78914942-34cb-ed11-b596-{i:012}",
            "_ownerid_value@OData.Community.Display.V1.FormattedValue": "System Administrator",
            "_ownerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "ownerid",
            "_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "systemuser",
            "_ownerid_value": "4026be43-6b69-e111-8f65-78e7d1620f5e",
            "_transactioncurrencyid_value@OData.Community.Display.V1.FormattedValue": "US Dollar",
            "_transactioncurrencyid_value": "228f42f8-e646-e111-8eb7-78e7d162ced1",
            "leadid": "78914942-34cb-ed11-b596-{i:012}"
        }}"#,
            etag = 81359849 + i,
            code = i % 3 + 1,
            rev = (i + 1) * 1000,
        ));
    }
    format!(
        r#"{{"@odata.context": "[Organization URI]/api/data/v9.2/$metadata#leads", "@odata.count": {ROWS}, "value": [{}]}}"#,
        rows.join(",")
    )
}

/// One reader: a name and a function parsing the whole input.
struct Reader<'a> {
    name: &'static str,
    key: &'static str,
    parse: Box<dyn Fn() -> Box<dyn std::any::Any> + 'a>,
}

/// Time to parse, and time to parse and drop the result (counting off).
fn time_once(r: &Reader<'_>) -> (Duration, Duration) {
    let start = Instant::now();
    let out = black_box((r.parse)());
    let time = start.elapsed();
    drop(out);
    (time, start.elapsed())
}

/// Bytes allocated while parsing and bytes still held by the result
/// (counting on, untimed).
fn count_once(r: &Reader<'_>) -> (usize, usize) {
    let live0 = LIVE.load(Ordering::Relaxed);
    let alloc0 = ALLOCATED.load(Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    let out = black_box((r.parse)());
    let allocated = ALLOCATED.load(Ordering::Relaxed) - alloc0;
    let retained = LIVE.load(Ordering::Relaxed).saturating_sub(live0);
    drop(out);
    COUNTING.store(false, Ordering::Relaxed);
    (allocated, retained)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let text = input();
    // Check the input reads as intended, and that the generated type loses
    // nothing: written back, it is the same JSON as the input.
    let page: Collection<Lead> = serde_json::from_str(&text).unwrap();
    assert_eq!(page.value.len(), ROWS);
    assert!(page.value[1].revenue.is_some() && page.value[1].parentaccountid.is_some());
    let back: Value = serde_json::from_str(&serde_json::to_string(&page).unwrap()).unwrap();
    let orig: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(back, orig, "the generated type must round-trip the input");
    drop((page, back, orig));

    let text = &text;
    let readers: Vec<Reader<'_>> = vec![
        Reader {
            name: "serde::de::IgnoredAny (floor)",
            key: "ignored",
            parse: Box::new(move || Box::new(serde_json::from_str::<IgnoredAny>(text).unwrap())),
        },
        Reader {
            name: "derive, 20 columns (lossy)",
            key: "derive",
            parse: Box::new(move || Box::new(serde_json::from_str::<Page<Lead20>>(text).unwrap())),
        },
        Reader {
            name: "derive + flatten BTreeMap",
            key: "flatten",
            parse: Box::new(move || {
                Box::new(serde_json::from_str::<Page<Lead20Flatten>>(text).unwrap())
            }),
        },
        Reader {
            name: "generated Collection<Lead>",
            key: "typed",
            parse: Box::new(move || {
                Box::new(serde_json::from_str::<Collection<Lead>>(text).unwrap())
            }),
        },
        Reader {
            name: "generated Lead, 20 columns selected",
            key: "selected",
            parse: Box::new(move || {
                Box::new(
                    serde_json::from_str::<Collection<lead_selected::lead::Lead>>(text).unwrap(),
                )
            }),
        },
        Reader {
            name: "serde_json::Value",
            key: "value",
            parse: Box::new(move || Box::new(serde_json::from_str::<Value>(text).unwrap())),
        },
    ];
    // `DVGEN_BENCH_ONLY=<key>` times one reader alone, for profilers.
    if let Ok(only) = std::env::var("DVGEN_BENCH_ONLY") {
        let Some(r) = readers.iter().find(|r| r.key == only) else {
            panic!("DVGEN_BENCH_ONLY: one of ignored, derive, flatten, typed, selected, value");
        };
        let ts: Vec<Duration> = (0..ROUNDS * 4).map(|_| time_once(r).0).collect();
        println!("{only}: {:?}", median(ts));
        return;
    }
    let n = readers.len();
    let mut times = vec![Vec::new(); n];
    let mut lives = vec![Vec::new(); n];
    for round in 0..ROUNDS {
        // Interleaved, so all see the same machine state; the order rotates
        // each round, so no reader always pays for another's frees.
        for k in 0..n {
            let i = (k + round) % n;
            let (t, l) = time_once(&readers[i]);
            times[i].push(t);
            lives[i].push(l);
        }
    }
    let mem: Vec<(usize, usize)> = readers.iter().map(count_once).collect();
    let mib = |b: usize| b as f64 / (1024.0 * 1024.0);
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "input: {ROWS} lead rows, {:.1} MiB of JSON; medians of {ROUNDS} interleaved rounds, counting allocator off",
        mib(text.len())
    );
    let medians: Vec<Duration> = times.into_iter().map(median).collect();
    let idx = |key: &str| readers.iter().position(|r| r.key == key).unwrap();
    let typed = medians[idx("typed")];
    println!(
        "| reader | parse | parse+drop | allocated | retained | vs generated |\n|---|---|---|---|---|---|"
    );
    for (i, r) in readers.iter().enumerate() {
        println!(
            "| {} | {:.2} ms | {:.2} ms | {:.1} MiB | {:.1} MiB | {:.2}x |",
            r.name,
            ms(medians[i]),
            ms(median(lives[i].clone())),
            mib(mem[i].0),
            mib(mem[i].1),
            medians[i].as_secs_f64() / typed.as_secs_f64()
        );
    }
    let ratio = |key: &str| medians[idx(key)].as_secs_f64() / typed.as_secs_f64();
    println!(
        "targets: Value/generated {:.2} (>= 2), flatten/generated {:.2} (>= 1.5), generated/IgnoredAny {:.2} (<= 2.5)",
        ratio("value"),
        ratio("flatten"),
        typed.as_secs_f64() / medians[idx("ignored")].as_secs_f64()
    );
    println!("size_of::<Lead>() = {} bytes", std::mem::size_of::<Lead>());
}
