//! Parse throughput: the whole test corpus into the IR, against bare
//! pulldown-cmark event iteration over the same bytes (the baseline, same run).
//!
//! Run: `cargo bench -p dvgen --bench parse`. Target: the IR parse reaches at
//! least half the baseline's throughput.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn corpus() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus");
    let files = dvgen::inputs::collect(&[root]).expect("corpus");
    let mut seeds: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/seeds"))
            .expect("seeds")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
    seeds.sort();
    files
        .into_iter()
        .chain(seeds)
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read");
            (p.display().to_string(), bytes)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let pages = corpus();
    let total: usize = pages.iter().map(|(_, b)| b.len()).sum();
    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("baseline_pulldown_cmark_events", |b| {
        b.iter(|| {
            let mut events = 0usize;
            for (_, bytes) in &pages {
                let text = std::str::from_utf8(bytes).unwrap_or("");
                let parser =
                    pulldown_cmark::Parser::new_ext(text, pulldown_cmark::Options::ENABLE_TABLES);
                for (event, _range) in parser.into_offset_iter() {
                    std::hint::black_box(&event);
                    events += 1;
                }
            }
            events
        })
    });
    group.bench_function("dvgen_parse_to_ir", |b| {
        b.iter(|| {
            let mut columns = 0usize;
            for (path, bytes) in &pages {
                let page = dvgen::sources::markdown::parse_page(path, bytes);
                columns += page.table.map_or(0, |t| t.columns.len());
            }
            columns
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
