//! Where the per-document analysis spends its time, stage by stage, on one thread:
//!
//! ```text
//! zcat ../shared/data/news/ant_multisource.jsonl.gz | head -8000 > /tmp/c8k.jsonl
//! cargo run --release -p isnad-extract --example stage_times -- /tmp/c8k.jsonl
//! ```
//!
//! Reads JSON Lines with `text` (and `published`, for relative dates), builds the text layer
//! and runs each stage of `Analyzer::standard` on every document, timing each step. The
//! figures are wall time on one thread, so run it on an idle machine; models load before the
//! clock starts (one warm-up document).

use std::io::BufRead;
use std::time::{Duration, Instant};

use isnad_core::Document;
use isnad_extract::Analyzer;
use isnad_text::TextLayer;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: stage_times FILE.jsonl");
        std::process::exit(2);
    };
    let file = std::fs::File::open(&path).unwrap_or_else(|e| {
        eprintln!("stage_times: {path}: {e}");
        std::process::exit(1);
    });
    let docs: Vec<Document> = std::io::BufReader::new(file)
        .lines()
        .map_while(Result::ok)
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(&line).ok())
        .filter_map(|v| {
            let mut doc = Document::new("d", "d", v.get("text")?.as_str()?);
            doc.published = v
                .get("published")
                .and_then(|p| p.as_str())
                .map(str::to_owned);
            Some(doc)
        })
        .collect();
    let analyzer = Analyzer::standard();
    if let Some(first) = docs.first() {
        analyzer.analyze(&mut first.clone());
    }
    let names: Vec<&str> = std::iter::once("text layer")
        .chain(analyzer.stage_names())
        .collect();
    let mut spent = vec![Duration::ZERO; names.len()];
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let started = Instant::now();
    for mut doc in docs {
        let t = Instant::now();
        let layer = TextLayer::new(&doc.text);
        spent[0] += t.elapsed();
        for (stage, spent) in analyzer.stages().zip(&mut spent[1..]) {
            let t = Instant::now();
            stage.run(&mut doc, &layer);
            *spent += t.elapsed();
        }
    }
    let total = started.elapsed();
    println!(
        "{:.1} MB of text in {:.2} s: {:.2} MB/s on one thread",
        bytes as f64 / 1e6,
        total.as_secs_f64(),
        bytes as f64 / 1e6 / total.as_secs_f64()
    );
    for (name, spent) in names.iter().zip(&spent) {
        println!(
            "{name:>12} {:7.2} s {:5.1}%",
            spent.as_secs_f64(),
            100.0 * spent.as_secs_f64() / total.as_secs_f64()
        );
    }
}
