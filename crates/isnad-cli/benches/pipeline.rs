//! Throughput of the front of the pipeline on the real news corpus: ingest alone (gunzip,
//! JSON, furniture, source lines, metadata), then ingest + text layer (normalise, sentences,
//! tokens with clitics) on all cores in the CLI's batching, then the whole `Analyzer`.
//!
//! `cargo bench -p isnad-cli --bench pipeline` reads
//! `../shared/data/news/ant_multisource.jsonl.gz` (or the file named by `ISNAD_CORPUS`); if it
//! is missing it says so and exits 0. Figures go to `docs/performance.md`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use isnad_core::Document;
use isnad_extract::Analyzer;
use isnad_ingest::{IngestOptions, InputSpec};
use isnad_text::TextLayer;
use rayon::prelude::*;

/// The allocator the `isnad` binary uses (see `src/main.rs`), so that the figures are its own.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const BATCH: usize = 256;

fn corpus_path() -> PathBuf {
    std::env::var_os("ISNAD_CORPUS").map_or_else(
        || {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/data/news/ant_multisource.jsonl.gz")
        },
        PathBuf::from,
    )
}

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// The work a stage of the benchmark does on one document.
type Work<'a> = &'a (dyn Fn(&mut Document) + Sync);

/// Streams the corpus through ingest in batches, running `work` on each batch in parallel
/// while the next batch is read, with the loop `isnad analyze` uses
/// ([`isnad_ingest::read_in_batches`]). Returns (documents, problems, characters, bytes of
/// text).
fn run(path: &Path, work: Work) -> (usize, usize, usize, usize) {
    let (mut docs, mut problems, mut chars, mut bytes) = (0, 0, 0, 0);
    let analyse = |mut batch: Vec<Document>| {
        batch.par_iter_mut().for_each(work);
        batch
    };
    let read: Result<(), std::convert::Infallible> = isnad_ingest::read_in_batches(
        &[InputSpec::Path(path.to_owned())],
        &IngestOptions::default(),
        BATCH,
        analyse,
        |_| problems += 1,
        |batch| {
            docs += batch.len();
            chars += batch.iter().map(|d| d.text.chars().count()).sum::<usize>();
            bytes += batch.iter().map(|d| d.text.len()).sum::<usize>();
            Ok(())
        },
    );
    let Ok(()) = read;
    (docs, problems, chars, bytes)
}

fn main() {
    let path = corpus_path();
    if !path.exists() {
        println!(
            "skipped: corpus {} is missing (set ISNAD_CORPUS)",
            path.display()
        );
        return;
    }
    let threads = rayon::current_num_threads();
    println!("corpus: {}  threads: {threads}", path.display());
    println!(
        "{:<34} {:>8} {:>9} {:>10} {:>9}",
        "stage", "docs", "seconds", "MB/s", "docs/s"
    );

    let stages: [(&str, Work); 3] = [
        ("ingest only", &|_doc: &mut Document| {}),
        ("ingest + text layer", &|doc: &mut Document| {
            std::hint::black_box(TextLayer::new(&doc.text));
        }),
        ("ingest + Analyzer::standard", &|doc: &mut Document| {
            static ANALYZER: std::sync::OnceLock<Analyzer> = std::sync::OnceLock::new();
            ANALYZER.get_or_init(Analyzer::standard).analyze(doc);
        }),
    ];
    for (name, work) in stages {
        let start = Instant::now();
        let (docs, problems, chars, bytes) = run(&path, work);
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{name:<34} {docs:>8} {secs:>9.2} {:>10.1} {:>9.0}   ({problems} inputs skipped, {:.1}M chars)",
            bytes as f64 / 1e6 / secs,
            docs as f64 / secs,
            chars as f64 / 1e6
        );
    }
    if let Some(rss) = peak_rss_mib() {
        println!("peak RSS: {rss:.0} MiB");
    }
}
