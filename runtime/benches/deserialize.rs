//! Deserialize a 5,000-row account collection into the generated typed
//! struct vs into `serde_json::Value`, and count allocated bytes.
//!
//! `cargo bench -p dvgen-runtime --bench deserialize`

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dvgen_runtime::serde_json::{self, Value};
use dvgen_runtime::Collection;

#[path = "../tests/common/mod.rs"]
mod common;
use common::Account;

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
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const ROWS: usize = 5_000;

/// Rows shaped like the docs' select-columns responses (example A + owner
/// annotations), with all annotations included.
fn input() -> String {
    let mut rows = Vec::with_capacity(ROWS);
    for i in 0..ROWS {
        rows.push(format!(
            r#"{{
            "@odata.etag": "W/\"{etag}\"",
            "name": "Litware, Inc. (sample {i})",
            "revenue@OData.Community.Display.V1.FormattedValue": "${i},000.00",
            "revenue": {rev}.0000,
            "_primarycontactid_value@OData.Community.Display.V1.FormattedValue": "Susanna Stubberod (sample)",
            "_primarycontactid_value": "70bf4d48-34cb-ed11-b596-{i:012}",
            "customertypecode@OData.Community.Display.V1.FormattedValue": "Competitor",
            "customertypecode": {code},
            "modifiedon@OData.Community.Display.V1.FormattedValue": "4/7/2023 2:59 PM",
            "modifiedon": "2023-04-07T21:59:01Z",
            "sample_foundedon": "1965-05-07",
            "sample_outdooractivities@OData.Community.Display.V1.FormattedValue": "Hiking; Mountain Climbing; Skiing; Camping",
            "sample_outdooractivities": "2,3,8,9",
            "address1_latitude": 47.63958,
            "creditonhold": false,
            "_ownerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "ownerid",
            "_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "systemuser",
            "_ownerid_value": "4026be43-6b69-e111-8f65-78e7d1620f5e",
            "_transactioncurrencyid_value@OData.Community.Display.V1.FormattedValue": "US Dollar",
            "_transactioncurrencyid_value": "228f42f8-e646-e111-8eb7-78e7d162ced1",
            "accountid": "78914942-34cb-ed11-b596-{i:012}"
        }}"#,
            etag = 81359849 + i,
            code = i % 4 + 1,
            rev = (i + 1) * 1000,
                    ));
    }
    format!(
        r#"{{"@odata.context": "[Organization URI]/api/data/v9.2/$metadata#accounts", "value": [{}]}}"#,
        rows.join(",")
    )
}

fn measure_bytes<T>(label: &str, f: impl Fn() -> T) {
    let before_total = ALLOCATED.load(Ordering::Relaxed);
    let before_live = LIVE.load(Ordering::Relaxed);
    PEAK.store(before_live, Ordering::Relaxed);
    let v = f();
    let total = ALLOCATED.load(Ordering::Relaxed) - before_total;
    let retained = LIVE.load(Ordering::Relaxed) - before_live;
    let peak = PEAK.load(Ordering::Relaxed) - before_live;
    drop(v);
    println!(
        "{label:>6}: allocated {:>6.2} MiB total, {:>6.2} MiB peak, {:>6.2} MiB retained",
        total as f64 / 1048576.0,
        peak as f64 / 1048576.0,
        retained as f64 / 1048576.0
    );
}

/// Alternating runs (typed, value, typed, ...), so load from other processes
/// hits both alike; prints the minimum and median of each and their ratio.
fn paired(json: &str) {
    const RUNS: usize = 30;
    let mut typed = Vec::with_capacity(RUNS);
    let mut value = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let t = Instant::now();
        drop(black_box(
            serde_json::from_str::<Collection<Account>>(black_box(json)).expect("typed"),
        ));
        typed.push(t.elapsed());
        let t = Instant::now();
        drop(black_box(
            serde_json::from_str::<Value>(black_box(json)).expect("value"),
        ));
        value.push(t.elapsed());
    }
    typed.sort();
    value.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (tmin, vmin) = (ms(typed[0]), ms(value[0]));
    let (tmed, vmed) = (ms(typed[RUNS / 2]), ms(value[RUNS / 2]));
    println!("paired ({RUNS} alternating runs, parse + drop):");
    println!("  typed: min {tmin:6.2} ms, median {tmed:6.2} ms");
    println!("  value: min {vmin:6.2} ms, median {vmed:6.2} ms");
    println!(
        "  value/typed: {:.2}x (min), {:.2}x (median)",
        vmin / tmin,
        vmed / tmed
    );
}

fn bench(c: &mut Criterion) {
    let json = input();
    // Both must parse, and agree on a value.
    let typed: Collection<Account> = serde_json::from_str(&json).expect("typed");
    let value: Value = serde_json::from_str(&json).expect("value");
    assert_eq!(typed.value.len(), ROWS);
    assert_eq!(value["value"].as_array().map(Vec::len), Some(ROWS));
    drop((typed, value));

    println!(
        "input: {} rows, {:.2} MiB",
        ROWS,
        json.len() as f64 / 1048576.0
    );
    measure_bytes("typed", || {
        serde_json::from_str::<Collection<Account>>(&json).expect("typed")
    });
    measure_bytes("value", || {
        serde_json::from_str::<Value>(&json).expect("value")
    });

    paired(&json);

    let mut g = c.benchmark_group("deserialize_5000_accounts");
    g.throughput(Throughput::Bytes(json.len() as u64));
    g.sample_size(20);
    g.bench_function("typed", |b| {
        b.iter(|| {
            black_box(serde_json::from_str::<Collection<Account>>(black_box(&json)).expect("typed"))
        })
    });
    g.bench_function("value", |b| {
        b.iter(|| black_box(serde_json::from_str::<Value>(black_box(&json)).expect("value")))
    });
    g.bench_function("typed_excluding_drop", |b| {
        b.iter_with_large_drop(|| {
            serde_json::from_str::<Collection<Account>>(black_box(&json)).expect("typed")
        })
    });
    g.bench_function("value_excluding_drop", |b| {
        b.iter_with_large_drop(|| serde_json::from_str::<Value>(black_box(&json)).expect("value"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
