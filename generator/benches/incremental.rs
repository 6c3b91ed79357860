//! Incremental regeneration on the synthetic 1,000-page corpus
//! (`dvgen::synth::synthesize` over the test corpus), as `dvgen generate`
//! runs it: pages read from disk, parsed, merged, then `regenerate` into the
//! output folder.
//!
//! One run, baseline in the same run: cold generations into fresh folders;
//! no-op regenerations (the fast path); then one page edited (one column's
//! MaxLength, back and forth) and regenerated: the median time against the
//! median cold one, how many files were rendered and written. The edited
//! output is then compared byte for byte with a cold generation of the
//! edited pages into another folder.
//!
//! Run: `cargo bench -p dvgen --bench incremental` (`DVGEN_INCREMENTAL_PAGES`
//! for another size). Targets: under 5% of the cold time and under 0.5 s,
//! only the affected files written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use dvgen::emit::EmitOptions;
use dvgen::fingerprint::Layout;
use dvgen::regenerate::{regenerate, Outcome, Target};
use dvgen::write::WriteOptions;

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

/// `dvgen generate` of `pages` into `out`: (seconds to load, seconds to regenerate, outcome).
fn generate(pages: &Path, out: &Path) -> (f64, f64, Outcome) {
    let t = Instant::now();
    let (model, _) = dvgen::inputs::load_model(&[pages.to_path_buf()]).unwrap();
    let load = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let target = Target {
        out_dir: out,
        layout: Layout::Crate,
        write: WriteOptions::default(),
        use_cache: true,
    };
    let outcome = regenerate(&model, &EmitOptions::default(), &target).unwrap();
    (load, t.elapsed().as_secs_f64(), outcome)
}

fn files_of(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.insert(path.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    out
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let count: usize = std::env::var("DVGEN_INCREMENTAL_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000);
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    let synthetic = dvgen::synth::synthesize(&corpus(), count);
    let mut input_bytes = 0;
    for (path, text) in &synthetic {
        let file = pages.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, text).unwrap();
        input_bytes += text.len();
    }
    // Each kind of run is repeated (cold: 3 times, into fresh folders; no-op
    // and incremental: 7 times) and its median taken, the load and
    // regeneration times of the same run reported together.
    let median = |mut runs: Vec<(f64, f64, Outcome)>| {
        runs.sort_by(|a, b| (a.0 + a.1).total_cmp(&(b.0 + b.1)));
        runs.swap_remove(runs.len() / 2)
    };
    let out = dir.path().join("crate");
    let colds: Vec<_> = (0..3)
        .map(|i| generate(&pages, &dir.path().join(format!("cold-{i}"))))
        .collect();
    let (cold_load, cold_gen, cold) = median(colds);
    let cold_total = cold_load + cold_gen;
    let files = cold.report.created.len();
    let _ = generate(&pages, &out);
    let noops: Vec<_> = (0..7).map(|_| generate(&pages, &out)).collect();
    assert!(noops
        .iter()
        .all(|(_, _, o)| o.skipped && o.report.changes() == 0));
    let (noop_load, noop_gen, _) = median(noops);

    // Edit one page: the first MaxLength of a page in the middle of the
    // corpus, 100 to 101 and back, seven times (ending at 101).
    let (edited_path, text) = synthetic
        .iter()
        .skip(count / 2)
        .find(|(_, t)| t.contains("|MaxLength|100|"))
        .expect("a page with a MaxLength of 100");
    let edited = text.replacen("|MaxLength|100|", "|MaxLength|101|", 1);
    let incs: Vec<_> = (0..7)
        .map(|i| {
            let content = if i % 2 == 0 { &edited } else { text };
            std::fs::write(pages.join(edited_path), content).unwrap();
            generate(&pages, &out)
        })
        .collect();
    for (_, _, run) in &incs {
        assert_eq!(run.report.updated.len(), 1, "{:?}", run.report);
    }
    let (inc_load, inc_gen, inc) = median(incs);
    let inc_total = inc_load + inc_gen;
    let rust_files = cold
        .report
        .created
        .iter()
        .filter(|f| f.ends_with(".rs"))
        .count();
    let rendered = rust_files - inc.reused.len();
    let written: Vec<&String> = inc
        .report
        .created
        .iter()
        .chain(&inc.report.updated)
        .chain(&inc.report.removed)
        .collect();

    // Where the incremental run's time goes (the same steps, one by one).
    let (model, _) = dvgen::inputs::load_model(std::slice::from_ref(&pages)).unwrap();
    let options = EmitOptions::default();
    let t = Instant::now();
    let inputs = dvgen::inputs::collect(std::slice::from_ref(&pages)).unwrap();
    let t_collect = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let texts: Vec<Vec<u8>> = inputs.iter().map(|f| std::fs::read(f).unwrap()).collect();
    let t_read = t.elapsed().as_secs_f64();
    drop(texts);
    let t = Instant::now();
    let parsed = dvgen::inputs::read_pages(&inputs).unwrap();
    let t_parse = t.elapsed().as_secs_f64();
    let t = Instant::now();
    drop(dvgen::merge::merge(parsed));
    let t_merge = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let prints = dvgen::fingerprint::fingerprints(&model, &options, Layout::Crate);
    let t_fingerprint = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let names = dvgen::naming::resolve_with(&model, &options.names);
    let t_names = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let schema = dvgen::diff::schema_with(&model, &names, &options).compact();
    let t_schema = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let record = dvgen::cache::load(&out).expect("a record");
    let t_record = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let intact = record
        .files
        .iter()
        .filter(|(rel, _)| record.verify(&out, rel).is_some())
        .count();
    let t_verify = t.elapsed().as_secs_f64();
    let scratch = dir.path().join("scratch");
    std::fs::create_dir_all(&scratch).unwrap();
    let t = Instant::now();
    dvgen::cache::store(&scratch, &mut record.clone()).unwrap();
    let t_store_record = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let reuse_all = |_: &str, _: &str| Some(Vec::new());
    let incremental = dvgen::emit::Incremental {
        base: &prints.base,
        table_hashes: &prints.tables,
        reuse: &reuse_all,
    };
    let sink = dvgen::sink::Collect::default();
    let run =
        dvgen::emit::emit_crate_incremental(&model, &options, &names, Some(&incremental), &sink)
            .unwrap();
    let t_digests = t.elapsed().as_secs_f64();
    assert_eq!(
        sink.into_files().len(),
        2,
        "only Cargo.toml and rustfmt.toml"
    );
    drop((prints, schema, run));

    let cold_out = dir.path().join("cold-edited");
    let (_, _, _) = generate(&pages, &cold_out);
    let identical = files_of(&out) == files_of(&cold_out);

    println!(
        "incremental regeneration, {count} synthetic pages ({:.1} MiB), {files} output files",
        input_bytes as f64 / 1048576.0
    );
    println!(
        "{:<44} {:>9} {:>9} {:>9}",
        "run", "load s", "regen s", "total s"
    );
    for (name, l, g) in [
        ("cold (fresh folder)", cold_load, cold_gen),
        ("no-op (fast path)", noop_load, noop_gen),
        ("one page edited (incremental)", inc_load, inc_gen),
    ] {
        println!("{name:<44} {l:>9.3} {g:>9.3} {:>9.3}", l + g);
    }
    println!(
        "incremental / cold: {:.2}% (target < 5%), {:.3} s (target < 0.5 s)",
        100.0 * inc_total / cold_total,
        inc_total
    );
    println!(
        "edited {edited_path}: {rendered} of {rust_files} Rust files rendered, {} written: {:?}",
        written.len(),
        written
    );
    println!("byte-identical to a cold run of the edited pages: {identical}");
    println!(
        "steps of a load (s): collect {} files {t_collect:.3}, read them {t_read:.3}, \
         read and parse them {t_parse:.3}, merge {t_merge:.3}",
        inputs.len()
    );
    println!(
        "steps of a regeneration (s): fingerprints {t_fingerprint:.3}, naming {t_names:.3}, \
         schema of every table (a full run; incremental: the re-rendered ones) {t_schema:.3}, load record {t_record:.3} \
         (store {t_store_record:.3}), verify {intact} files on disk {t_verify:.3}, \
         emit with every file reused (globals, digests) {t_digests:.3}"
    );
    assert!(identical, "incremental output differs from a cold run");
}
