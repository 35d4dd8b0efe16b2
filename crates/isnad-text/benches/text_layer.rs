//! Throughput of the text layer on the real news corpus.
//!
//! `cargo bench -p isnad-text` reads `/work/shared/data/news/ant_multisource.jsonl.gz` (or the
//! file named by `ISNAD_CORPUS`), then measures on one core: normalisation + sentence split,
//! and normalisation + sentence split + tokenisation; then the whole run on all cores with
//! rayon, reading included; then peak RSS. If the corpus is missing it says so and exits 0.

use std::hint::black_box;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

fn corpus_path() -> PathBuf {
    std::env::var_os("ISNAD_CORPUS").map_or_else(
        || {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/data/news/ant_multisource.jsonl.gz")
        },
        PathBuf::from,
    )
}

/// The decompressed JSON lines of the corpus.
fn read_lines(path: &PathBuf) -> std::io::Result<Vec<String>> {
    let file = std::fs::File::open(path)?;
    BufReader::new(flate2::read::GzDecoder::new(file))
        .lines()
        .collect()
}

fn text_of(line: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(line) {
        Ok(v) => v["text"].as_str().unwrap_or_default().to_owned(),
        Err(_) => String::new(),
    }
}

/// Normalise and split into sentences; returns a count so the work is not optimised away.
fn segment(text: &str) -> usize {
    let n = isnad_text::normalize(text);
    let sentences = isnad_text::sentences(&n.text);
    sentences
        .iter()
        .map(|s| n.span_to_original(s.clone()).end)
        .sum::<usize>()
        + sentences.len()
}

/// Normalise, split into sentences, tokenise, and map every token back to the original.
fn full(text: &str) -> usize {
    let n = isnad_text::normalize(text);
    let sentences = isnad_text::sentences(&n.text).len();
    let tokens = isnad_text::tokens(&n.text);
    let mapped: usize = tokens
        .iter()
        .map(|t| n.span_to_original(t.span.clone()).start)
        .sum();
    sentences + tokens.len() + mapped
}

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn mb_per_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64()
}

fn main() {
    let path = corpus_path();
    if !path.exists() {
        println!(
            "corpus not found at {}; set ISNAD_CORPUS to a .jsonl.gz file with a `text` field. \
             Skipping the benchmark.",
            path.display()
        );
        return;
    }

    let t = Instant::now();
    let lines = read_lines(&path).expect("read the corpus");
    let texts: Vec<String> = lines.iter().map(|l| text_of(l)).collect();
    let read = t.elapsed();
    let bytes: usize = texts.iter().map(String::len).sum();
    drop(lines);

    // Warm the lexicons and caches once.
    black_box(full(&texts[0]));

    let t = Instant::now();
    let mut sink = 0;
    for text in &texts {
        sink += segment(text);
    }
    let seg = t.elapsed();
    black_box(sink);

    let t = Instant::now();
    let mut sink = 0;
    for text in &texts {
        sink += full(text);
    }
    let one_core_full = t.elapsed();
    black_box(sink);
    drop(texts);

    let t = Instant::now();
    let file = std::fs::File::open(&path).expect("open the corpus");
    let lines: Vec<String> = BufReader::new(flate2::read::GzDecoder::new(file))
        .lines()
        .collect::<Result<_, _>>()
        .expect("read the corpus");
    let sink: usize = lines.par_iter().map(|l| full(&text_of(l))).sum();
    let all_cores = t.elapsed();
    black_box(sink);

    let threads = rayon::current_num_threads();
    println!();
    println!(
        "isnad-text on {} ({} articles, {:.1} MB of text)",
        path.display(),
        lines.len(),
        bytes as f64 / 1e6
    );
    println!("{:<52} {:>9} {:>10}", "stage", "time", "MB/s");
    println!(
        "{:<52} {:>8.2}s {:>10}",
        "read + gunzip + JSON (1 core)",
        read.as_secs_f64(),
        ""
    );
    println!(
        "{:<52} {:>8.2}s {:>10.1}",
        "normalise + sentences (1 core)",
        seg.as_secs_f64(),
        mb_per_s(bytes, seg)
    );
    println!(
        "{:<52} {:>8.2}s {:>10.1}",
        "normalise + sentences + tokens/clitics (1 core)",
        one_core_full.as_secs_f64(),
        mb_per_s(bytes, one_core_full)
    );
    println!(
        "{:<52} {:>8.2}s {:>10.1}",
        format!("whole corpus incl. reading ({threads} threads)"),
        all_cores.as_secs_f64(),
        mb_per_s(bytes, all_cores)
    );
    match peak_rss_mib() {
        Some(mib) => println!("{:<52} {:>8.0} MiB", "peak RSS (VmHWM)", mib),
        None => println!("peak RSS: /proc/self/status not readable"),
    }
}
