//! Deserialize a 5,000-row `leads` response into the GENERATED `Lead` type
//! vs into `serde_json::Value`, in the same run, with time and allocated
//! bytes (counting global allocator).
//!
//! `cargo bench --bench generated_deserialize`; with
//! `DVGEN_BENCH_ONLY=typed` or `=value`, one side alone (for profilers).
//!
//! Rows follow the docs' select-columns responses (formatted values, lookup
//! annotations, ETag) with 20 typical lead columns of every common type.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use dataverse_generated::lead::Lead;
use dvgen_runtime::serde_json::{self, Value};
use dvgen_runtime::Collection;

/// Counts bytes allocated (total) and currently live.
struct Counting;

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: defers to the system allocator; only adds counters.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size(), Ordering::Relaxed);
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

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

/// Time, total bytes allocated while parsing, and bytes still held by the result.
/// Time to parse, total bytes allocated while parsing, bytes still held by
/// the result, and time to parse and drop the result.
fn measure<T>(f: impl Fn() -> T) -> (Duration, usize, usize, Duration) {
    let live0 = LIVE.load(Ordering::Relaxed);
    let alloc0 = ALLOCATED.load(Ordering::Relaxed);
    let start = Instant::now();
    let out = black_box(f());
    let time = start.elapsed();
    let allocated = ALLOCATED.load(Ordering::Relaxed) - alloc0;
    let retained = LIVE.load(Ordering::Relaxed).saturating_sub(live0);
    drop(out);
    (time, allocated, retained, start.elapsed())
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let text = input();
    // Check the input reads as intended.
    let page: Collection<Lead> = serde_json::from_str(&text).unwrap();
    assert_eq!(page.value.len(), ROWS);
    assert!(page.value[1].revenue.is_some() && page.value[1].parentaccountid.is_some());
    drop(page);

    let (mut typed_t, mut value_t) = (Vec::new(), Vec::new());
    let (mut typed_life, mut value_life) = (Vec::new(), Vec::new());
    let (mut typed_mem, mut value_mem) = ((0, 0), (0, 0));
    // `DVGEN_BENCH_ONLY=typed` (or `value`) times one side alone, for profilers.
    if let Ok(only) = std::env::var("DVGEN_BENCH_ONLY") {
        let mut ts = Vec::new();
        for _ in 0..ROUNDS {
            if only == "typed" {
                ts.push(measure(|| serde_json::from_str::<Collection<Lead>>(&text).unwrap()).0);
            } else {
                ts.push(measure(|| serde_json::from_str::<Value>(&text).unwrap()).0);
            }
        }
        println!("{only}: {:?}", median(ts));
        return;
    }
    for round in 0..ROUNDS {
        // Paired and interleaved, so both see the same machine state; the
        // order alternates, so neither always pays for the other's frees
        // (glibc consolidates freed chunks lazily, in the next large malloc).
        let typed = || measure(|| serde_json::from_str::<Collection<Lead>>(&text).unwrap());
        let value = || measure(|| serde_json::from_str::<Value>(&text).unwrap());
        let (t, v) = if round % 2 == 0 {
            let t = typed();
            (t, value())
        } else {
            let v = value();
            (typed(), v)
        };
        typed_t.push(t.0);
        typed_mem = (t.1, t.2);
        typed_life.push(t.3);
        value_t.push(v.0);
        value_mem = (v.1, v.2);
        value_life.push(v.3);
    }
    let (typed, value) = (median(typed_t), median(value_t));
    let mib = |b: usize| b as f64 / (1024.0 * 1024.0);
    println!(
        "input: {ROWS} lead rows, {:.1} MiB of JSON; median of {ROUNDS} paired rounds",
        mib(text.len())
    );
    println!(
        "Collection<Lead>       {:>8.2} ms   allocated {:>7.1} MiB   retained {:>7.1} MiB",
        typed.as_secs_f64() * 1e3,
        mib(typed_mem.0),
        mib(typed_mem.1)
    );
    println!(
        "serde_json::Value      {:>8.2} ms   allocated {:>7.1} MiB   retained {:>7.1} MiB",
        value.as_secs_f64() * 1e3,
        mib(value_mem.0),
        mib(value_mem.1)
    );
    println!(
        "typed is {:.2}x faster, allocates {:.2}x less, retains {:.2}x less",
        value.as_secs_f64() / typed.as_secs_f64(),
        value_mem.0 as f64 / typed_mem.0 as f64,
        value_mem.1 as f64 / typed_mem.1 as f64
    );
    let (typed_life, value_life) = (median(typed_life), median(value_life));
    println!(
        "parse and drop: typed {:.2} ms, Value {:.2} ms ({:.2}x)",
        typed_life.as_secs_f64() * 1e3,
        value_life.as_secs_f64() * 1e3,
        value_life.as_secs_f64() / typed_life.as_secs_f64()
    );
    println!(
        "size_of::<Lead>() = {} bytes; peak live: {:.1} MiB",
        std::mem::size_of::<Lead>(),
        mib(PEAK.load(Ordering::Relaxed))
    );
}
