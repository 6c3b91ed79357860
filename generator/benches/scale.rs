//! Scale: synthetic corpora of 1,000 and 5,000 distinct table pages
//! (`dvgen::synth::synthesize` over the test corpus), end to end (parse,
//! merge, emit, format, write into a fresh temporary folder).
//!
//! First a one-shot table (two runs per size; the machine's noise shows): input
//! bytes, time (a run with the allocator's counters off: counting every
//! allocation from two threads slows the run down by half), output bytes and
//! peak heap (a second run, with a counting global allocator); the peak is taken above the heap in use before
//! the run (the input pages themselves are already held, so they count in
//! the base, not the peak), with bare pulldown-cmark tokenizing the same
//! bytes as the baseline. Then, with `DVGEN_SCALE_CRITERION=1`, criterion on
//! 1,000 pages against the same baseline. Generation goes through
//! `dvgen::regenerate` (the streaming path of the CLI and the Builder);
//! `DVGEN_SCALE_IN_MEMORY=1` measures the in-memory API instead.
//!
//! The baseline runs on one thread, dvgen on rayon's threads: each size is
//! also timed on a rayon pool of one thread (same run), and both ratios to
//! the baseline are reported.
//!
//! Run: `cargo bench -p dvgen --bench scale` (`DVGEN_SCALE_SIZES=1000` for
//! one size only). Allocator: mimalloc, as the `dvgen` binary; with
//! `--no-default-features` (the `mimalloc` feature off) the system allocator
//! (glibc's malloc on Linux), which reproduces the README's allocator note:
//! `DVGEN_SCALE_SIZES=1000,3000 cargo bench -p dvgen --bench scale --no-default-features`.
//! Targets: 1,000 pages under 10 s; time and peak memory linear in the input;
//! peak under 5x the input size plus a fixed base.

use std::alloc::{GlobalAlloc, Layout};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use criterion::{criterion_group, BatchSize, Criterion, Throughput};
use dvgen::emit::EmitOptions;
use dvgen::write::WriteOptions;

/// mimalloc (the `dvgen` binary's allocator; the system allocator without
/// the `mimalloc` feature), counting live bytes and their high-water mark.
struct Counting;

#[cfg(feature = "mimalloc")]
use mimalloc::MiMalloc as Inner;
#[cfg(not(feature = "mimalloc"))]
use std::alloc::System as Inner;

/// The allocator this benchmark runs with, for the report.
const ALLOCATOR_NAME: &str = if cfg!(feature = "mimalloc") {
    "mimalloc"
} else {
    "system"
};

/// Counters on: only while a memory run is measured.
static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn grew(size: usize) {
    if COUNTING.load(Ordering::Relaxed) {
        let size = size as isize;
        let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
        PEAK.fetch_max(live, Ordering::Relaxed);
    }
}

fn shrank(size: usize) {
    if COUNTING.load(Ordering::Relaxed) {
        LIVE.fetch_sub(size as isize, Ordering::Relaxed);
    }
}

// SAFETY: every call is forwarded to `Inner` unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = Inner.alloc(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = Inner.alloc_zeroed(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        Inner.dealloc(ptr, layout);
        shrank(layout.size());
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = Inner.realloc(ptr, layout, new_size);
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                shrank(layout.size() - new_size);
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

/// Parse, merge, emit, format and write `pages` into `out` as `dvgen generate`
/// does (each file written as soon as it is rendered); the output bytes.
fn end_to_end(pages: &[(String, String)], out: &Path) -> usize {
    end_to_end_timed(pages, out).0
}

/// [`end_to_end`], also returning seconds spent in parse, merge, emit+format,
/// write (emit, format and write are one stage when streaming, reported under
/// emit+format with write 0). `DVGEN_SCALE_IN_MEMORY=1` measures the in-memory
/// API instead (`generate_from_model`, then `write_files`).
fn end_to_end_timed(pages: &[(String, String)], out: &Path) -> (usize, [f64; 4]) {
    let t = Instant::now();
    let parsed = dvgen::sources::markdown::parse_pages(pages);
    let parse = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let model = dvgen::merge::merge(parsed);
    let merge = t.elapsed().as_secs_f64();
    let t = Instant::now();
    if std::env::var_os("DVGEN_SCALE_IN_MEMORY").is_some() {
        let generated = dvgen::generate::generate_from_model(model, &EmitOptions::default());
        let emit = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let report =
            dvgen::write::write_files(out, &generated.files, WriteOptions::default()).unwrap();
        let write = t.elapsed().as_secs_f64();
        assert_eq!(report.created.len(), generated.files.len());
        let bytes = generated.files.values().map(String::len).sum();
        return (bytes, [parse, merge, emit, write]);
    }
    let target = dvgen::regenerate::Target {
        out_dir: out,
        layout: dvgen::fingerprint::Layout::Crate,
        write: WriteOptions::default(),
        use_cache: true,
    };
    let outcome = dvgen::regenerate::regenerate(&model, &EmitOptions::default(), &target).unwrap();
    let emit_write = t.elapsed().as_secs_f64();
    assert!(!outcome.skipped && outcome.report.changes() == outcome.report.created.len());
    let bytes = outcome
        .report
        .created
        .iter()
        .map(|rel| std::fs::metadata(out.join(rel)).map_or(0, |m| m.len() as usize))
        .sum();
    (bytes, [parse, merge, emit_write, 0.0])
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

/// What [`measure`] finds for one corpus.
struct Measured {
    /// Seconds end to end on rayon's threads.
    secs: f64,
    /// Seconds end to end on a rayon pool of one thread.
    secs_1_thread: f64,
    /// Stage seconds (parse, merge, emit+format, write) of the first run.
    stages: [f64; 4],
    /// Output bytes.
    output: usize,
    /// Peak heap above the base.
    peak: usize,
}

/// Three runs: (seconds, stage seconds, output bytes) with the counters off
/// on rayon's threads, the seconds on a pool of one thread, then the peak
/// heap above the base with the counters on. A free of a block allocated
/// before counting began lowers `LIVE` below the base, so the peak is, if
/// anything, under-counted by such (small, early) frees.
fn measure(pages: &[(String, String)], one_thread: &rayon::ThreadPool) -> Measured {
    let run = || {
        let dir = tempfile::tempdir().unwrap();
        let start = Instant::now();
        // A folder inside the temporary one: the record goes beside the output.
        let (output, stages) = end_to_end_timed(pages, &dir.path().join("crate"));
        (start.elapsed().as_secs_f64(), stages, output)
    };
    let (secs, stages, output) = run();
    let (secs_1_thread, _, output_1_thread) = one_thread.install(run);
    assert_eq!(output_1_thread, output, "same output on one thread");
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    run();
    COUNTING.store(false, Ordering::Relaxed);
    let peak = (PEAK.load(Ordering::Relaxed) - base).max(0) as usize;
    Measured {
        secs,
        secs_1_thread,
        stages,
        output,
        peak,
    }
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Corpus sizes of the one-shot table: `DVGEN_SCALE_SIZES` (comma-separated
/// page counts, e.g. `1000`), else 100, 1,000 and 5,000.
fn sizes() -> Vec<usize> {
    let parsed: Option<Vec<usize>> = std::env::var("DVGEN_SCALE_SIZES").ok().and_then(|v| {
        v.split(',')
            .map(|n| n.trim().replace('_', "").parse().ok())
            .collect()
    });
    parsed.unwrap_or_else(|| vec![100, 1_000, 5_000])
}

/// The one-shot table: time and peak memory per corpus size.
fn linearity_report(corpus: &[(String, String)]) {
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    println!(
        "scale (rayon threads: {}; allocator: {ALLOCATOR_NAME}; one run per size and thread count; the baseline is one thread)",
        rayon::current_num_threads()
    );
    println!("| pages | input MiB | baseline s | time s | x baseline | 1 thread s | x baseline (1 thread) | ms/page | parse / merge / emit+format / write s | output MiB | peak heap MiB | peak / input | Δpeak / Δinput |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|");
    // Δpeak / Δinput against the previous row: the growth of the peak per input
    // byte, with the fixed base taken out (the target is under 5).
    let mut previous: Option<(usize, usize)> = None;
    for count in sizes() {
        let pages = dvgen::synth::synthesize(corpus, count);
        let input: usize = pages.iter().map(|(_, t)| t.len()).sum();
        let t = Instant::now();
        std::hint::black_box(pulldown_cmark_events(&pages));
        let baseline = t.elapsed().as_secs_f64();
        let Measured {
            secs,
            secs_1_thread,
            stages: [p, m, e, w],
            output,
            peak,
        } = measure(&pages, &one_thread);
        let growth = match previous {
            Some((input0, peak0)) if input > input0 => format!(
                "{:.2}",
                (peak as f64 - peak0 as f64) / (input - input0) as f64
            ),
            _ => "-".to_string(),
        };
        previous = Some((input, peak));
        println!(
            "| {count} | {:.1} | {baseline:.2} | {secs:.2} | {:.0} | {secs_1_thread:.2} | {:.0} | {:.2} | {p:.2} / {m:.2} / {e:.2} / {w:.2} | {:.1} | {:.1} | {:.2} | {growth} |",
            mib(input),
            secs / baseline,
            secs_1_thread / baseline,
            secs * 1000.0 / count as f64,
            mib(output),
            mib(peak),
            peak as f64 / input as f64,
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
                end_to_end(&pages, &dir.path().join("crate"));
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
    // Criterion on 1,000 pages takes minutes on a busy machine: opt in.
    if std::env::var_os("DVGEN_SCALE_CRITERION").is_some() {
        benches();
        Criterion::default().configure_from_args().final_summary();
    }
}
