//! End-to-end generation over the whole test corpus (parse, merge, emit,
//! format, write into a fresh temporary folder), against bare pulldown-cmark
//! tokenizing the same bytes (the baseline, same run); and no-op regeneration
//! (read the pages from disk, parse, merge, find the output folder up to
//! date: nothing is written), through the fast path of `dvgen generate` and,
//! for comparison, with `--no-cache` (emit, format and compare every file).
//!
//! Run: `cargo bench -p dvgen --bench end_to_end`.
//! Targets: end-to-end at most 10x the baseline; no-op regeneration under 100 ms.
//!
//! The baseline runs on one thread, dvgen on rayon's threads: so the end to end
//! run is also measured on a rayon pool of one thread (`*_1_thread`, same run),
//! and a paired summary (alternating runs, medians) prints both ratios to the
//! baseline. `RAYON_NUM_THREADS=1` makes every figure sequential.
//! Allocator: mimalloc, as the `dvgen` binary; with `--no-default-features`
//! (the `mimalloc` feature off) the system allocator, for comparison.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use dvgen::emit::EmitOptions;
use dvgen::write::{WriteOptions, WriteReport};

/// The `dvgen` binary's allocator (see its `mimalloc` feature; without it,
/// the system allocator).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The allocator this benchmark runs with, for the report.
const ALLOCATOR_NAME: &str = if cfg!(feature = "mimalloc") {
    "mimalloc"
} else {
    "system"
};

/// A rayon pool of one thread: dvgen's parallel stages run sequentially.
fn one_thread() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
}

/// Alternating runs of the baseline, dvgen end to end on rayon's threads and
/// on one thread; prints the medians and the ratios to the baseline.
fn paired_ratios(pages: &[(String, Vec<u8>)]) {
    const RUNS: usize = 11;
    let pool = one_thread();
    let time = |f: &dyn Fn()| {
        let t = Instant::now();
        f();
        t.elapsed().as_secs_f64() * 1000.0
    };
    let e2e = || {
        let dir = tempfile::tempdir().unwrap();
        assert!(end_to_end(pages, dir.path()).created.len() > 2);
    };
    let (mut base, mut multi, mut single) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        base.push(time(&|| {
            std::hint::black_box(pulldown_cmark_events(pages));
        }));
        multi.push(time(&e2e));
        single.push(time(&|| pool.install(e2e)));
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (b, m, s) = (median(&mut base), median(&mut multi), median(&mut single));
    println!("paired ({RUNS} alternating runs, medians; allocator: {ALLOCATOR_NAME}):");
    println!("  baseline (pulldown-cmark, 1 thread): {b:8.1} ms");
    println!(
        "  dvgen end to end, {} threads:      {m:8.1} ms = {:5.1}x baseline",
        rayon::current_num_threads(),
        m / b
    );
    println!(
        "  dvgen end to end, 1 thread:       {s:8.1} ms = {:5.1}x baseline",
        s / b
    );
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus")
}

/// Every page of the corpus: (display path, bytes).
fn corpus() -> Vec<(String, Vec<u8>)> {
    let files = dvgen::inputs::collect(&[corpus_dir()]).unwrap();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (dvgen::inputs::display_path(&p), bytes)
        })
        .collect()
}

/// Baseline: every pulldown-cmark event (with offsets) of every page.
fn pulldown_cmark_events(pages: &[(String, Vec<u8>)]) -> usize {
    let mut events = 0usize;
    for (_, bytes) in pages {
        let text = std::str::from_utf8(bytes).unwrap_or("");
        let parser = pulldown_cmark::Parser::new_ext(text, pulldown_cmark::Options::ENABLE_TABLES);
        for (event, _range) in parser.into_offset_iter() {
            std::hint::black_box(&event);
            events += 1;
        }
    }
    events
}

/// Parse, merge, emit, format and write `pages` into `out`.
fn end_to_end(pages: &[(String, Vec<u8>)], out: &Path) -> WriteReport {
    let parsed = dvgen::sources::markdown::parse_pages(pages);
    let generated = dvgen::generate::generate_from_pages(parsed, &EmitOptions::default());
    dvgen::write::write_files(out, &generated.files, WriteOptions::default()).unwrap()
}

/// Read the pages from disk, generate, write what changed into `out`, as
/// `dvgen generate` does (`use_cache: false` is `--no-cache`: emit and compare
/// every file even when the record says nothing changed).
fn regenerate(input: &Path, out: &Path, use_cache: bool) -> WriteReport {
    let (model, _) = dvgen::inputs::load_model(&[input.to_path_buf()]).unwrap();
    let target = dvgen::regenerate::Target {
        out_dir: out,
        layout: dvgen::fingerprint::Layout::Crate,
        write: WriteOptions::default(),
        use_cache,
    };
    dvgen::regenerate::regenerate(&model, &EmitOptions::default(), &target)
        .unwrap()
        .report
}

fn bench(c: &mut Criterion) {
    let pages = corpus();
    let total: usize = pages.iter().map(|(_, b)| b.len()).sum();
    eprintln!(
        "corpus: {} pages, {total} bytes; rayon threads: {}; allocator: {ALLOCATOR_NAME}",
        pages.len(),
        rayon::current_num_threads()
    );
    paired_ratios(&pages);
    let pool = one_thread();

    let mut group = c.benchmark_group("end_to_end");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5))
        .throughput(Throughput::Bytes(total as u64));
    group.bench_function("baseline_pulldown_cmark_events", |b| {
        b.iter(|| pulldown_cmark_events(&pages))
    });
    group.bench_function("dvgen_parse", |b| {
        b.iter(|| dvgen::sources::markdown::parse_pages(&pages))
    });
    group.bench_function("dvgen_parse_merge", |b| {
        b.iter(|| dvgen::merge::merge(dvgen::sources::markdown::parse_pages(&pages)))
    });
    group.bench_function("dvgen_parse_merge_emit_format", |b| {
        b.iter(|| {
            let parsed = dvgen::sources::markdown::parse_pages(&pages);
            dvgen::generate::generate_from_pages(parsed, &EmitOptions::default())
        })
    });
    group.bench_function("dvgen_end_to_end_write", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |dir| {
                let report = end_to_end(&pages, dir.path());
                assert!(report.created.len() > 2);
                dir
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("dvgen_end_to_end_write_1_thread", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |dir| {
                let report = pool.install(|| end_to_end(&pages, dir.path()));
                assert!(report.created.len() > 2);
                dir
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();

    let mut group = c.benchmark_group("noop_regeneration");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("crate");
    let first = regenerate(&corpus_dir(), &out, true);
    assert!(first.changes() > 0);
    group.bench_function("dvgen_generate_up_to_date", |b| {
        b.iter(|| {
            let report = regenerate(&corpus_dir(), &out, true);
            assert_eq!(report.changes(), 0, "files written on a no-op run");
            report
        })
    });
    group.bench_function("dvgen_generate_up_to_date_no_cache", |b| {
        b.iter(|| {
            let report = regenerate(&corpus_dir(), &out, false);
            assert_eq!(report.changes(), 0, "files written on a no-op run");
            report
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
