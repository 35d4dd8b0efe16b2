//! Tagging speed of the NER model on ANERcorp, the figure in `ner/mod.rs`:
//!
//! ```text
//! CARGO_TARGET_DIR=/work/target-nerspeed cargo run --release -p isnad-extract --example ner_speed
//! ```
//!
//! It times the loading (the recogniser with the committed model, then the clusters on first
//! use), then the whole
//! of `isnad tag` without its I/O: per-word forms (clitic splitting), features, Viterbi and
//! propagation, on ANERcorp train and test, best of `ISNAD_ROUNDS` rounds (default 5), on one
//! thread. The data folder is `../shared/data/ner/anercorp` from the repository root, or
//! `ISNAD_ANERCORP`; without it the example says so and exits. `ISNAD_NER_MODEL` times another
//! model file (as `isnad train ner` writes it) instead of the committed one.

use std::path::PathBuf;
use std::time::Instant;

use isnad_extract::ner::{conll, Recognizer};

fn main() {
    let dir = std::env::var_os("ISNAD_ANERCORP")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ner/anercorp")
        });
    let files: Vec<(&str, String)> = ["train.conll", "test.conll"]
        .iter()
        .filter_map(|f| Some((*f, std::fs::read_to_string(dir.join(f)).ok()?)))
        .collect();
    if files.is_empty() {
        println!(
            "ner_speed: no ANERcorp under {} (set ISNAD_ANERCORP); skipped",
            dir.display()
        );
        return;
    }
    let rounds: usize = std::env::var("ISNAD_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);

    let started = Instant::now();
    let mut recognizer = Recognizer::bundled();
    if let Some(path) = std::env::var_os("ISNAD_NER_MODEL") {
        let bytes = std::fs::read(&path).expect("ISNAD_NER_MODEL names a readable file");
        recognizer = recognizer
            .with_model(bytes)
            .expect("ISNAD_NER_MODEL is a CRFsuite model");
    }
    let built = started.elapsed();
    let started = Instant::now();
    let first = recognizer.tag_model(&["دمشق"]);
    let model = started.elapsed();
    assert!(
        recognizer.has_model(),
        "the committed model could not be read"
    );
    println!(
        "load: recogniser (knowledge-base index, patterns, model) {:.1} ms; clusters and the first \
         sentence {:.1} ms (tagged {first:?})",
        built.as_secs_f64() * 1e3,
        model.as_secs_f64() * 1e3
    );

    for (name, text) in &files {
        let sentences = conll::read_words(text);
        let refs: Vec<Vec<&str>> = sentences
            .iter()
            .map(|s| s.iter().map(String::as_str).collect())
            .collect();
        let tokens: usize = refs.iter().map(Vec::len).sum();
        let mut best = f64::MAX;
        let mut tagged = 0;
        for _ in 0..rounds {
            let started = Instant::now();
            let tags = recognizer.tag_model_document(&refs);
            best = best.min(started.elapsed().as_secs_f64());
            tagged = tags.iter().flatten().filter(|t| *t != "O").count();
        }
        println!(
            "{name}: {tokens} tokens in {:.3} s: {:.0} tokens/s ({tagged} tagged as names; best \
             of {rounds})",
            best,
            tokens as f64 / best
        );
    }
}
