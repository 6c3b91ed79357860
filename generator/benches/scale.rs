//! Scale: synthetic corpora of 1,000 and 5,000 distinct table pages
//! (`dvgen::synth::synthesize` over the test corpus), end to end (parse,
//! merge, emit, format, write into a fresh temporary folder).
//!
//! First a one-shot table (each size run twice, the faster run kept): input
//! bytes, time, output bytes and peak heap, measured by a counting global
//! allocator in this binary; the peak is taken above the heap in use before
//! the run (the input pages themselves are already held, so they count in
//! the base, not the peak). Then criterion on 1,000 pages against bare
//! pulldown-cmark tokenizing the same bytes (the baseline, same run).
//!
//! Run: `cargo bench -p dvgen --bench scale`.
//! Targets: 1,000 pages under 10 s; time and peak memory linear in the input;
//! peak under 5x the input size plus a fixed base.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use criterion::{criterion_group, BatchSize, Criterion, Throughput};
use dvgen::emit::EmitOptions;
use dvgen::write::WriteOptions;

/// The system allocator, counting live bytes and their high-water mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(size: usize) {
    let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// The test corpus as text: (path, text).
fn corpus() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus");
    dvgen::inputs::collect(&[root])
        .unwrap()
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (dvgen::inputs::display_path(&p), text)
        })
        .collect()
}

/// Parse, merge, emit, format and write `pages` into `out`; the output bytes.
fn end_to_end(pages: &[(String, String)], out: &Path) -> usize {
    let parsed = dvgen::parse::parse_pages(pages);
    let generated = dvgen::generate::generate_from_pages(parsed, &EmitOptions::default());
    let report = dvgen::write::write_files(out, &generated.files, WriteOptions::default()).unwrap();
    assert_eq!(report.created.len(), generated.files.len());
    generated.files.values().map(String::len).sum()
}

fn pulldown_cmark_events(pages: &[(String, String)]) -> usize {
    let mut events = 0usize;
    for (_, text) in pages {
        let parser = pulldown_cmark::Parser::new_ext(text, pulldown_cmark::Options::ENABLE_TABLES);
        for (event, _range) in parser.into_offset_iter() {
            std::hint::black_box(&event);
            events += 1;
        }
    }
    events
}

/// One measured run: (seconds, output bytes, peak heap above the base).
fn measure(pages: &[(String, String)]) -> (f64, usize, usize) {
    let dir = tempfile::tempdir().unwrap();
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = Instant::now();
    let output = end_to_end(pages, dir.path());
    let secs = start.elapsed().as_secs_f64();
    let peak = PEAK.load(Ordering::Relaxed) - base;
    (secs, output, peak)
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// The one-shot table: time and peak memory per corpus size.
fn linearity_report(corpus: &[(String, String)]) {
    println!(
        "scale (rayon threads: {}; best of 2 runs)",
        rayon::current_num_threads()
    );
    println!(
        "| pages | input MiB | time s | ms/page | output MiB | peak heap MiB | peak / input |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for count in [100, 1_000, 5_000] {
        let pages = dvgen::synth::synthesize(corpus, count);
        let input: usize = pages.iter().map(|(_, t)| t.len()).sum();
        let (a, b) = (measure(&pages), measure(&pages));
        let (secs, output, peak) = if a.0 <= b.0 { a } else { b };
        println!(
            "| {count} | {:.1} | {secs:.2} | {:.2} | {:.1} | {:.1} | {:.2} |",
            mib(input),
            secs * 1000.0 / count as f64,
            mib(output),
            mib(peak.max(a.2).max(b.2)),
            peak.max(a.2).max(b.2) as f64 / input as f64,
        );
    }
}

fn bench(c: &mut Criterion) {
    let corpus = corpus();
    let pages = dvgen::synth::synthesize(&corpus, 1_000);
    let input: usize = pages.iter().map(|(_, t)| t.len()).sum();
    let mut group = c.benchmark_group("scale_1000_pages");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::Bytes(input as u64));
    group.bench_function("baseline_pulldown_cmark_events", |b| {
        b.iter(|| pulldown_cmark_events(&pages))
    });
    group.bench_function("dvgen_end_to_end_write", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |dir| {
                end_to_end(&pages, dir.path());
                dir
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);

fn main() {
    linearity_report(&corpus());
    benches();
    Criterion::default().configure_from_args().final_summary();
}
